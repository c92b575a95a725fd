"""Codebook persistence: the ``codes`` table (one row per code) plus the whole document.

The codebook is stored whole: ``meta.codebook`` holds ``Codebook.to_dict()`` and the
``codes`` table one row per code (id, parent, stage, names, full JSON) so that codings
carry a foreign key to their code. Codings whose code is absent from a new codebook
block the change unless a mapping says where they go.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from ..codebook.edit import compose_mappings
from ..codebook.model import Code, Codebook
from ..errors import CodebookError
from ..i18n import t
from . import codings as coding_rows
from .database import Operation, dumps


def code_dict(code: Code) -> dict[str, Any]:
    """A code as a plain JSON-ready dict (``Code.to_dict()``)."""
    return json.loads(dumps(code.to_dict()))


def codebook_dict(codebook: Codebook) -> dict[str, Any]:
    """The whole codebook as a JSON-ready dict (``Codebook.to_dict()``)."""
    return json.loads(dumps(codebook.to_dict()))


def codebook_from_dict(data: Mapping[str, Any]) -> Codebook:
    """Rebuild a codebook stored by :func:`codebook_dict`."""
    return Codebook.from_dict(dict(data))


def edits_since(stored: Mapping[str, Any] | None, codebook: Codebook) -> dict[str, str]:
    """Old -> new id mapping of the edits made to the stored codebook since it was saved.

    Applies when ``codebook`` was derived from the stored one by the codebook's edit
    functions (its ``changes`` extend the stored ``changes``); else ``{}``.
    """
    if stored is None:
        return {}
    before = list(stored.get("changes") or [])
    after = [change.to_dict() for change in codebook.changes]
    if json.loads(dumps(after[: len(before)])) != before:
        return {}
    return compose_mappings(codebook.changes[len(before):])


def load(conn: sqlite3.Connection) -> Codebook | None:
    """The stored codebook, or None when the project has none yet."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'codebook'").fetchone()
    return None if row is None else codebook_from_dict(json.loads(row[0]))


def save(
    op: Operation, codebook: Codebook, mapping: Mapping[str, str | None] | None = None
) -> dict[str, int]:
    """Store ``codebook`` whole, moving codings of removed codes as ``mapping`` says.

    ``mapping`` maps an old code id to a code id of the new codebook, or to ``None`` to
    delete that code's codings (audited). Edits made with the codebook's edit
    functions (``reid``, ``merge``) since the last save map codings automatically.
    Codings of a code absent from the new codebook and not mapped raise
    :class:`CodebookError` listing codes and counts.
    Returns counts of codes created, updated, deleted and codings moved/deleted.
    """
    conn = op.conn
    if not isinstance(codebook, Codebook):
        raise CodebookError(t("store.codebook.type", type=type(codebook).__name__))
    row = conn.execute("SELECT value FROM meta WHERE key = 'codebook'").fetchone()
    stored = None if row is None else json.loads(row[0])
    mapping = {**edits_since(stored, codebook), **dict(mapping or {})}
    new_ids = list(codebook.ids)
    present = set(new_ids)
    for old, new in list(mapping.items()):
        if new is not None:
            if new not in codebook:
                raise CodebookError(t("store.codebook.map_target", old=old, new=new))
            mapping[old] = codebook.resolve(new)
    used = dict(conn.execute("SELECT code_id, COUNT(*) FROM codings GROUP BY code_id"))
    blocked = {c: n for c, n in sorted(used.items()) if c not in present and c not in mapping}
    if blocked:
        listing = ", ".join(f"{code} ({count})" for code, count in blocked.items())
        raise CodebookError(t("store.codebook.orphans", codes=listing),
                            hint=t("store.codebook.orphans_hint"))
    old_rows = {row[0]: json.loads(row[1]) for row in conn.execute("SELECT id, data FROM codes")}
    counts = {"created": 0, "updated": 0, "deleted": 0, "codings_moved": 0,
              "codings_deleted": 0}
    for position, code in enumerate(codebook):
        data = code_dict(code)
        conn.execute(
            "INSERT INTO codes (id, parent, stage, name_id, name_en, names, position, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "parent = excluded.parent, "
            "stage = excluded.stage, name_id = excluded.name_id, name_en = excluded.name_en, "
            "names = excluded.names, position = excluded.position, data = excluded.data",
            (code.id, code.parent, code.stage, code.names.get("id"), code.names.get("en"),
             dumps(dict(code.names)), position, dumps(data)),
        )
        if code.id not in old_rows:
            op.log("code", code.id, "create", None, data)
            counts["created"] += 1
        elif old_rows[code.id] != data:
            op.log("code", code.id, "update", old_rows[code.id], data)
            counts["updated"] += 1
    for old, new in sorted(mapping.items()):
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM codings WHERE code_id = ? ORDER BY id", (old,))]
        for coding_id in ids:
            if new is None:
                coding_rows.delete(op, coding_id)
                counts["codings_deleted"] += 1
            elif new != old:
                coding_rows.update(op, coding_id, code_id=new)
                counts["codings_moved"] += 1
    for code_id in sorted(set(old_rows) - set(new_ids)):
        conn.execute("DELETE FROM codes WHERE id = ?", (code_id,))
        op.log("code", code_id, "delete", old_rows[code_id], None)
        counts["deleted"] += 1
    document = codebook_dict(codebook)
    conn.execute("INSERT INTO meta (key, value) VALUES ('codebook', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (dumps(document),))
    op.log("codebook", codebook.name or None, "create" if stored is None else "update",
           None if stored is None else {"codes": sorted(old_rows)},
           {"name": codebook.name, "codes": new_ids})
    return counts
