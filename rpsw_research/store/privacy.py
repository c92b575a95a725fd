"""Privacy records: the redaction log of pseudonymised imports and the consent register.

The redaction log holds, per replacement, its kind, placeholder and span in the
stored (pseudonymised) text; never an original value. Consents are stored per
informant id (pseudonymous) and replaced as a whole register (audited).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .database import Operation
from .importing import ImportEntry

REDACTION_COLUMNS: tuple[str, ...] = (
    "source_id", "field", "kind", "placeholder", "start", "end", "import_op",
)
CONSENT_COLUMNS: tuple[str, ...] = (
    "informant", "date", "form_version", "method", "recording", "quotes", "archiving",
    "role_disclosure", "minor", "guardian_consent", "assent", "withdrawn",
)
_FLAGS = ("recording", "quotes", "archiving", "role_disclosure", "minor",
          "guardian_consent", "assent")


def save_redactions(op: Operation, entries: Iterable[ImportEntry],
                    redactions: Iterable[Mapping[str, Any]]) -> int:
    """Store the log rows of the sources this import added or replaced.

    Rows of skipped sources are dropped (the stored text is the earlier one); earlier
    rows of a replaced source, and of re-imported informant fields, are replaced.
    Returns the number of rows written.
    """
    conn = op.conn
    stored = {e.source_id for e in entries if e.action in ("added", "replaced")}
    stale = stored | {e.duplicate_of for e in entries
                      if e.action == "replaced" and e.duplicate_of}
    rows = [r for r in redactions if r.get("source_id") is None or r["source_id"] in stored]
    conn.executemany("DELETE FROM redactions WHERE source_id = ?", [(s,) for s in sorted(stale)])
    fields = sorted({r["field"] for r in rows if r.get("source_id") is None})
    conn.executemany("DELETE FROM redactions WHERE source_id IS NULL AND field = ?",
                     [(f,) for f in fields])
    conn.executemany(
        'INSERT INTO redactions (source_id, field, kind, placeholder, start, "end", import_op) '
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(r.get("source_id"), r["field"], r["kind"], r["placeholder"], int(r["start"]),
          int(r["end"]), op.id) for r in rows])
    if rows:
        op.log("redactions", None, "create", None, {"rows": len(rows)})
    return len(rows)


def redactions_frame(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per replacement: ``source_id, field, kind, placeholder, start, end,
    import_op`` (the import operation that wrote it), sorted."""
    rows = conn.execute(
        'SELECT source_id, field, kind, placeholder, start, "end", import_op FROM redactions '
        'ORDER BY source_id IS NULL, source_id, field, start').fetchall()
    frame = pd.DataFrame.from_records(rows, columns=list(REDACTION_COLUMNS))
    return frame.astype({"start": "int64", "end": "int64", "import_op": "int64"})


def set_consents(op: Operation, records: Iterable[Mapping[str, Any]]) -> int:
    """Replace the consent register with ``records`` (audited); returns their number."""
    conn = op.conn
    before = consent_records(conn)
    after = [{c: r.get(c) for c in CONSENT_COLUMNS} for r in records]
    conn.execute("DELETE FROM consents")
    conn.executemany(
        f"INSERT INTO consents ({', '.join(CONSENT_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in CONSENT_COLUMNS)})",
        [tuple(int(bool(r[c])) if c in _FLAGS else r[c] for c in CONSENT_COLUMNS)
         for r in after])
    if before != after:
        op.log("consents", None, "update", before, after)
    return len(after)


def consent_records(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The stored consent records as dicts (ISO date strings, bool flags)."""
    rows = conn.execute(
        f"SELECT {', '.join(CONSENT_COLUMNS)} FROM consents "
        "ORDER BY informant, date, form_version").fetchall()
    return [{c: (bool(v) if c in _FLAGS else v) for c, v in zip(CONSENT_COLUMNS, row)}
            for row in rows]
