"""Undoing a coder's last operations from the audit trail.

An operation is undone by applying its audit entries backwards (a created row is
deleted, a deleted row restored with its id, an updated row set back), after checking
that nothing changed the rows since. The undo is itself an audited operation. Coding,
memo, coder and bulk auto-coding operations can be undone; source, informant and
codebook changes cannot (re-import or set the codebook again instead).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..errors import ProjectError
from ..i18n import t
from . import codings as coding_rows
from .database import Operation

UNDOABLE = {"coding", "memo", "auto_codings", "coder"}


def last_operations(conn: sqlite3.Connection, who: str, n: int) -> list[tuple[int, str]]:
    """The ``n`` most recent operations of ``who`` that are not undone and not undos."""
    return conn.execute(
        "SELECT id, kind FROM operations WHERE who = ? AND undone_by IS NULL "
        "AND kind != 'undo' ORDER BY id DESC LIMIT ?", (who, n)).fetchall()


def check_undoable(conn: sqlite3.Connection, operations: list[tuple[int, str]]) -> None:
    """Raise :class:`ProjectError` naming the first of ``operations`` (``(id, kind)``
    pairs) that touched something an undo cannot restore (sources, codebook...)."""
    for op_id, kind in operations:
        entities = conn.execute("SELECT DISTINCT entity FROM audit WHERE op_id = ?",
                                (op_id,)).fetchall()
        if any(entity not in UNDOABLE for (entity,) in entities):
            raise ProjectError(t("store.undo.unsupported", op=op_id, kind=kind),
                               hint=t("store.undo.unsupported_hint"))


def undo_operation(op: Operation, op_id: int, kind: str) -> int:
    """Undo operation ``op_id`` inside ``op``; returns the number of changes reverted."""
    conn = op.conn
    check_undoable(conn, [(op_id, kind)])
    entries = conn.execute(
        "SELECT entity, entity_id, action, before, after FROM audit WHERE op_id = ? "
        "ORDER BY id DESC", (op_id,)).fetchall()
    for entity, entity_id, action, before, after in entries:
        old = None if before is None else json.loads(before)
        new = None if after is None else json.loads(after)
        if entity == "coding":
            _undo_coding(op, int(entity_id), action, old, new, op_id)
        elif entity == "memo":
            _undo_memo(op, int(entity_id), action, old, new, op_id)
        elif entity == "coder":
            _undo_coder(op, entity_id, old, new, op_id)
        else:
            _undo_auto(op, entity_id, old, new, op_id)
    conn.execute("UPDATE operations SET undone_by = ? WHERE id = ?", (op.id, op_id))
    conn.execute("UPDATE operations SET undoes = ? WHERE id = ?", (op_id, op.id))
    return len(entries)


def _conflict(op_id: int, what: str) -> ProjectError:
    return ProjectError(t("store.undo.conflict", op=op_id, what=what),
                        hint=t("store.undo.conflict_hint"))


def _undo_coding(op: Operation, coding_id: int, action: str, before: Any, after: Any,
                 op_id: int) -> None:
    current = coding_rows.get_rows(op.conn, [coding_id]).get(coding_id)
    if current != after:
        raise _conflict(op_id, f"coding {coding_id}")
    if action == "create":
        coding_rows.delete(op, coding_id)
    elif action == "delete":
        coding_rows.restore(op.conn, before)
        op.log("coding", coding_id, "create", None, before)
    else:
        changes = {k: v for k, v in before.items() if k != "id" and after.get(k) != v}
        if "orphaned" in changes:
            changes["orphaned"] = int(changes["orphaned"])
        assignments = ", ".join(f'"{k}" = ?' for k in changes)
        op.conn.execute(f"UPDATE codings SET {assignments} WHERE id = ?",
                        (*changes.values(), coding_id))
        op.log("coding", coding_id, "update", after, before)


def _memo_row(conn: sqlite3.Connection, memo_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT id, target, target_id, author, text, created_at FROM memos "
                       "WHERE id = ?", (memo_id,)).fetchone()
    keys = ("id", "target", "target_id", "author", "text", "created_at")
    return None if row is None else dict(zip(keys, row, strict=True))


def _undo_memo(op: Operation, memo_id: int, action: str, before: Any, after: Any,
               op_id: int) -> None:
    if _memo_row(op.conn, memo_id) != after:
        raise _conflict(op_id, f"memo {memo_id}")
    if action == "create":
        op.conn.execute("DELETE FROM memos WHERE id = ?", (memo_id,))
        op.log("memo", memo_id, "delete", after, None)
    elif action == "delete":
        op.conn.execute("INSERT INTO memos (id, target, target_id, author, text, created_at) "
                        "VALUES (:id, :target, :target_id, :author, :text, :created_at)", before)
        op.log("memo", memo_id, "create", None, before)
    else:
        op.conn.execute("UPDATE memos SET text = ? WHERE id = ?", (before["text"], memo_id))
        op.log("memo", memo_id, "update", after, before)


def _undo_coder(op: Operation, name: str, before: Any, after: Any, op_id: int) -> None:
    row = op.conn.execute("SELECT role FROM coders WHERE name = ?", (name,)).fetchone()
    if row is None or row[0] != after["role"]:
        raise _conflict(op_id, f"coder {name}")
    if before is None:
        used = op.conn.execute("SELECT 1 FROM codings WHERE coder = ? UNION ALL "
                               "SELECT 1 FROM memos WHERE author = ? LIMIT 1",
                               (name, name)).fetchone()
        if used:
            raise _conflict(op_id, f"coder {name}")
        op.conn.execute("DELETE FROM coders WHERE name = ?", (name,))
        op.log("coder", name, "delete", after, None)
    else:
        op.conn.execute("UPDATE coders SET role = ? WHERE name = ?", (before["role"], name))
        op.log("coder", name, "update", after, before)


def _undo_auto(op: Operation, coder: str, before: Any, after: Any, op_id: int) -> None:
    conn = op.conn
    if after["first_id"] is not None:
        present = conn.execute(
            "SELECT COUNT(*) FROM codings WHERE id BETWEEN ? AND ? AND coder = ? "
            "AND method = 'auto' AND status = 'suggested'",
            (after["first_id"], after["last_id"], coder)).fetchone()[0]
        if present != after["inserted"]:
            raise _conflict(op_id, f"auto codings of {coder}")
        conn.execute("DELETE FROM codings WHERE id BETWEEN ? AND ? AND coder = ?",
                     (after["first_id"], after["last_id"], coder))
    columns = before["columns"]
    conn.executemany(
        f"INSERT INTO codings ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}, "
        f"coder, method) VALUES ({', '.join('?' * len(columns))}, ?, 'auto')",
        [(*row, coder) for row in before["rows"]])
    op.log("auto_codings", coder, "update", after, {"restored": len(before["rows"])})
