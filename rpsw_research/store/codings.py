"""Coding rows: insert, update, delete (each audited) and the bulk auto-coding write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..coding.manual import check_span
from ..coding.model import STATUSES, Coding
from ..errors import CodingError, UnknownCodeError, UnknownSourceError
from ..i18n import t
from .database import Operation, ensure_coder, utc_now

COLUMNS: tuple[str, ...] = (
    "id", "source_id", "code_id", "start", "end", "coder", "method", "status",
    "rule", "score", "memo", "created_at", "orphaned", "quote",
)
_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in COLUMNS) + " FROM codings"
_INSERT = (
    'INSERT INTO codings (source_id, code_id, start, "end", coder, method, status, rule, '
    "score, memo, created_at, orphaned, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_WITH_ID = (
    'INSERT INTO codings (id, source_id, code_id, start, "end", coder, method, status, rule, '
    "score, memo, created_at, orphaned, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def row_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """A codings row as a JSON-ready dict (the audit's before/after document)."""
    record = dict(zip(COLUMNS, row, strict=True))
    record["orphaned"] = bool(record["orphaned"])
    return record


def get_rows(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Coding rows by id (missing ids are absent from the result)."""
    wanted = list(ids)
    found: dict[int, dict[str, Any]] = {}
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        marks = ", ".join("?" * len(part))
        for row in conn.execute(f"{_SELECT} WHERE id IN ({marks})", part):
            found[row[0]] = row_dict(row)
    return found


def get_row(conn: sqlite3.Connection, coding_id: int) -> dict[str, Any]:
    """One coding row; raises CodingError naming the id when it does not exist."""
    if isinstance(coding_id, bool) or not isinstance(coding_id, int):
        raise CodingError(t("store.coding.unknown", id=repr(coding_id)))
    rows = get_rows(conn, [coding_id])
    if coding_id not in rows:
        raise CodingError(t("store.coding.unknown", id=coding_id),
                          hint=t("store.coding.unknown_hint"))
    return rows[coding_id]


def source_length(conn: sqlite3.Connection, source_id: str) -> int:
    """The text length of a source; raises UnknownSourceError listing known ids."""
    row = conn.execute("SELECT chars FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        raise unknown_source(conn, source_id)
    return int(row[0])


def unknown_source(conn: sqlite3.Connection, source_id: object) -> UnknownSourceError:
    """The error for an unknown source id, with a few known ids as a hint."""
    known = [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id LIMIT 12")]
    return UnknownSourceError(t("store.source.unknown", id=repr(source_id)),
                              hint=t("store.source.unknown_hint", known=", ".join(known) or "-"))


def check_code(conn: sqlite3.Connection, code_id: str) -> None:
    """Raise UnknownCodeError unless the project's codebook holds ``code_id``."""
    if conn.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is None:
        raise unknown_code(conn, code_id)


def unknown_code(conn: sqlite3.Connection, code_id: object) -> UnknownCodeError:
    """The error for an unknown code id, with a few known ids as a hint."""
    count = conn.execute("SELECT COUNT(*) FROM codes").fetchone()[0]
    if not count:
        return UnknownCodeError(t("store.code.unknown", id=repr(code_id)),
                                hint=t("store.code.no_codebook"))
    known = [r[0] for r in conn.execute("SELECT id FROM codes ORDER BY position LIMIT 12")]
    return UnknownCodeError(t("store.code.unknown", id=repr(code_id)),
                            hint=t("store.code.unknown_hint", known=", ".join(known)))


def insert(op: Operation, coding: Coding) -> int:
    """Insert one coding after validating source, code and offsets; returns its id."""
    conn = op.conn
    length = source_length(conn, coding.source_id)
    check_code(conn, coding.code_id)
    check_span(length, coding.start, coding.end, source_id=coding.source_id)
    coder = coding.coder or op.who
    ensure_coder(conn, coder)
    cursor = conn.execute(_INSERT, (
        coding.source_id, coding.code_id, coding.start, coding.end, coder, coding.method,
        coding.status, coding.rule, coding.score, coding.memo, utc_now(), 0, None,
    ))
    coding_id = int(cursor.lastrowid or 0)
    op.log("coding", coding_id, "create", None, get_row(conn, coding_id))
    return coding_id


def update(op: Operation, coding_id: int, **changes: Any) -> dict[str, Any]:
    """Change columns of one coding (audited); returns the new row."""
    conn = op.conn
    before = get_row(conn, coding_id)
    if "code_id" in changes:
        check_code(conn, changes["code_id"])
    if "status" in changes and changes["status"] not in STATUSES:
        raise CodingError(t("store.coding.status", status=repr(changes["status"]),
                            valid=", ".join(STATUSES)))
    if "start" in changes or "end" in changes:
        check_span(source_length(conn, before["source_id"]), changes.get("start", before["start"]),
                   changes.get("end", before["end"]), source_id=before["source_id"])
    assignments = ", ".join(f'"{column}" = ?' for column in changes)
    conn.execute(f"UPDATE codings SET {assignments} WHERE id = ?", (*changes.values(), coding_id))
    after = get_row(conn, coding_id)
    op.log("coding", coding_id, "update", before, after)
    return after


def delete(op: Operation, coding_id: int) -> dict[str, Any]:
    """Delete one coding (audited); returns the deleted row."""
    before = get_row(op.conn, coding_id)
    op.conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
    op.log("coding", coding_id, "delete", before, None)
    return before


def restore(conn: sqlite3.Connection, record: Mapping[str, Any]) -> None:
    """Re-insert a deleted coding with its original id (used by undo)."""
    ensure_coder(conn, record["coder"])
    conn.execute(_INSERT_WITH_ID, tuple(
        int(record[c]) if c == "orphaned" else record[c] for c in COLUMNS
    ))


@dataclass(frozen=True)
class AutoCodingSummary:
    """What :func:`replace_auto` did: rows removed, inserted, kept as already reviewed."""

    coder: str
    deleted: int
    inserted: int
    kept_reviewed: int
    first_id: int | None
    last_id: int | None


_AUTO_FIELDS = ("source_id", "code_id", "start", "end", "rule", "score", "status", "memo")


def _auto_tuple(item: Coding | Mapping[str, Any], coder: str) -> tuple[Any, ...]:
    if isinstance(item, Coding):
        values = [getattr(item, f) for f in _AUTO_FIELDS]
        other = item.coder
    else:
        values = [item.get(f) for f in _AUTO_FIELDS]
        other = item.get("coder")
    if other and other != coder:
        raise CodingError(t("store.auto.coder", coder=coder, other=other))
    if values[6] in (None, "manual"):
        values[6] = "suggested"
    return tuple(values)


def review(op: Operation, coding_ids: Iterable[int], status: str) -> int:
    """Set the review ``status`` of auto codings (audited); returns how many changed.

    Every id must be an existing auto coding (else :class:`CodingError`, and the
    caller's transaction rolls back whatever changed before).
    """
    changed = 0
    for coding_id in coding_ids:
        row = get_row(op.conn, coding_id)
        if row["method"] != "auto":
            raise CodingError(t("autocode.review.not_auto", id=coding_id),
                              hint=t("autocode.review.not_auto_hint"))
        if row["status"] != status:
            update(op, coding_id, status=status)
            changed += 1
    return changed


def replace_auto(
    op: Operation, coder: str, codings: Iterable[Coding | Mapping[str, Any]],
    sources: Iterable[str] | None = None,
) -> AutoCodingSummary:
    """Replace ``coder``'s unreviewed auto codings (in ``sources``, or everywhere).

    Suggested auto codings of the coder in scope are deleted, the new ones inserted
    with one ``executemany``. Codings already reviewed (accepted/rejected) stay, and a
    new coding with the same source, code and span as a reviewed one is not re-added.
    The operation is audited as one entry holding the deleted rows and the new ids.
    """
    conn = op.conn
    lengths = dict(conn.execute("SELECT id, chars FROM sources").fetchall())
    codes = {row[0] for row in conn.execute("SELECT id FROM codes")}
    scope = None if sources is None else list(dict.fromkeys(sources))
    for source_id in scope or ():
        if source_id not in lengths:
            raise unknown_source(conn, source_id)
    allowed = None if scope is None else set(scope)
    rows = []
    for item in codings:
        source_id, code_id, start, end, rule, score, status, memo = _auto_tuple(item, coder)
        if source_id not in lengths:
            raise unknown_source(conn, source_id)
        if allowed is not None and source_id not in allowed:
            raise CodingError(t("store.auto.scope", source=source_id))
        if code_id not in codes:
            raise unknown_code(conn, code_id)
        if status not in STATUSES:
            raise CodingError(t("store.coding.status", status=repr(status),
                                valid=", ".join(STATUSES)))
        check_span(lengths[source_id], start, end, source_id=source_id)
        rows.append((source_id, code_id, start, end, rule,
                     None if score is None else float(score), status, memo))
    ensure_coder(conn, coder)
    where = "coder = ? AND method = 'auto'"
    params: list[Any] = [coder]
    if scope is not None:
        where += f" AND source_id IN ({', '.join('?' * len(scope))})"
        params += scope
    deleted = conn.execute(
        f'SELECT id, source_id, code_id, start, "end", status, rule, score, memo, created_at '
        f"FROM codings WHERE {where} AND status = 'suggested' ORDER BY id", params).fetchall()
    conn.execute(f"DELETE FROM codings WHERE {where} AND status = 'suggested'", params)
    reviewed = {
        tuple(r) for r in conn.execute(
            f'SELECT source_id, code_id, start, "end" FROM codings WHERE {where} '
            "AND status IN ('accepted', 'rejected')", params)
    }
    fresh = [r for r in rows if r[:4] not in reviewed] if reviewed else rows
    now = utc_now()
    before_seq = _sequence(conn)
    conn.executemany(_INSERT, [
        (s, c, a, b, coder, "auto", st, rule, score, memo, now, 0, None)
        for s, c, a, b, rule, score, st, memo in fresh
    ])
    last = _sequence(conn) if fresh else None
    summary = AutoCodingSummary(coder, len(deleted), len(fresh), len(rows) - len(fresh),
                                before_seq + 1 if fresh else None, last)
    op.log("auto_codings", coder, "update",
           {"columns": ["id", "source_id", "code_id", "start", "end", "status", "rule",
                        "score", "memo", "created_at"],
            "rows": [list(r) for r in deleted], "sources": scope},
           {"first_id": summary.first_id, "last_id": summary.last_id,
            "inserted": summary.inserted, "kept_reviewed": summary.kept_reviewed})
    return summary


def _sequence(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'codings'").fetchone()
    return int(row[0]) if row else 0
