"""Small records: informants, coders and memos (each write audited where it matters)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..corpus.model import Informant
from ..errors import CodingError
from ..i18n import t
from .database import Operation, dumps, utc_now

MEMO_TARGETS = ("project", "source", "code")


def upsert_informants(op: Operation, informants: Iterable[Informant]) -> int:
    """Insert or update informants by id (audited); returns how many changed."""
    conn = op.conn
    changed = 0
    position = conn.execute("SELECT COALESCE(MAX(position), -1) FROM informants").fetchone()[0]
    for informant in informants:
        after = {"id": informant.id, "role": informant.role,
                 "attributes": json.loads(dumps(dict(informant.attributes)))}
        row = conn.execute("SELECT role, attributes FROM informants WHERE id = ?",
                           (informant.id,)).fetchone()
        before = None if row is None else {"id": informant.id, "role": row[0],
                                           "attributes": json.loads(row[1])}
        if before == after:
            continue
        if before is None:
            position += 1
            conn.execute("INSERT INTO informants (id, role, attributes, position) "
                         "VALUES (?, ?, ?, ?)",
                         (informant.id, informant.role, dumps(after["attributes"]), position))
        else:
            conn.execute("UPDATE informants SET role = ?, attributes = ? WHERE id = ?",
                         (informant.role, dumps(after["attributes"]), informant.id))
        op.log("informant", informant.id, "create" if before is None else "update",
               before, after)
        changed += 1
    return changed


def load_informants(conn: sqlite3.Connection) -> list[Informant]:
    """All informants in register order."""
    return [Informant(i, role, json.loads(attrs)) for i, role, attrs in conn.execute(
        "SELECT id, role, attributes FROM informants ORDER BY position, id")]


def set_coder(op: Operation, name: str, role: str | None) -> None:
    """Create coder ``name`` or change its role (audited)."""
    if not isinstance(name, str) or not name.strip():
        raise CodingError(t("store.coder.empty"))
    row = op.conn.execute("SELECT role FROM coders WHERE name = ?", (name,)).fetchone()
    if row is None:
        op.conn.execute("INSERT INTO coders (name, role, created_at) VALUES (?, ?, ?)",
                        (name, role, utc_now()))
        op.log("coder", name, "create", None, {"name": name, "role": role})
    elif row[0] != role and role is not None:
        op.conn.execute("UPDATE coders SET role = ? WHERE name = ?", (role, name))
        op.log("coder", name, "update", {"name": name, "role": row[0]},
               {"name": name, "role": role})


def add_memo(op: Operation, target: str, target_id: str | None, text: str) -> int:
    """Add a memo on the project, a source or a code (audited); returns its id."""
    if target not in MEMO_TARGETS:
        raise CodingError(t("store.memo.target", target=target))
    if not isinstance(text, str) or not text.strip():
        raise CodingError(t("store.memo.empty"))
    now = utc_now()
    cursor = op.conn.execute(
        "INSERT INTO memos (target, target_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)",
        (target, target_id, op.who, text, now))
    memo_id = int(cursor.lastrowid or 0)
    op.log("memo", memo_id, "create", None, {
        "id": memo_id, "target": target, "target_id": target_id, "author": op.who,
        "text": text, "created_at": now})
    return memo_id
