"""Source rows: text, hash, metadata, informants, turns and paragraphs.

Text is immutable once stored; replacing a source with changed text re-anchors its
codings (see :mod:`rpsw_research.coding.anchor`) and flags those it cannot place.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..coding.anchor import Anchor, reanchor
from ..corpus.model import Segment, Source, Turn
from . import codings as coding_rows
from .database import Operation, utc_now


def summary(source: Source) -> dict[str, Any]:
    """The audit document of a source (everything but the text, which its hash names)."""
    return {
        "id": source.id, "kind": source.kind, "sha256": source.sha256,
        "title": source.title, "date": source.date, "place": source.place,
        "path": source.path, "informants": list(source.informants),
        "chars": len(source.text), "turns": len(source.turns),
        "paragraphs": len(source.paragraphs),
    }


def _row(source: Source) -> tuple[Any, ...]:
    return (
        source.kind, source.text, source.sha256, source.title, source.date, source.place,
        source.path, json.dumps(dict(source.metadata), ensure_ascii=False, sort_keys=True,
                                default=str),
        json.dumps(list(source.warnings), ensure_ascii=False), len(source.text),
        source.word_count,
    )


_FIELDS = "kind, text, sha256, title, date, place, path, metadata, warnings, chars, words"


def _write_parts(conn: sqlite3.Connection, source: Source) -> None:
    # the sentence cache derives from the text: a rewritten source is segmented afresh
    for table in ("source_informants", "turns", "paragraphs", "sentences"):
        conn.execute(f"DELETE FROM {table} WHERE source_id = ?", (source.id,))
    conn.executemany(
        "INSERT INTO source_informants (source_id, position, informant_id) VALUES (?, ?, ?)",
        [(source.id, i, informant) for i, informant in enumerate(source.informants)],
    )
    conn.executemany(
        'INSERT INTO turns (source_id, idx, start, "end", speaker, informant, is_interviewer, '
        "timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(source.id, u.index, u.start, u.end, u.speaker, u.informant, int(u.is_interviewer),
          u.timestamp) for u in source.turns],
    )
    conn.executemany(
        'INSERT INTO paragraphs (source_id, idx, start, "end") VALUES (?, ?, ?, ?)',
        [(source.id, p.index, p.start, p.end) for p in source.paragraphs],
    )


def insert(op: Operation, source: Source) -> None:
    """Store a new source with its informants, turns and paragraphs (audited)."""
    op.conn.execute(
        f"INSERT INTO sources (id, {_FIELDS}, imported_at) VALUES (?, {', '.join('?' * 11)}, ?)",
        (source.id, *_row(source), utc_now()),
    )
    _write_parts(op.conn, source)
    op.log("source", source.id, "create", None, summary(source))


@dataclass(frozen=True)
class Replacement:
    """The outcome of replacing a source: re-anchored and orphaned codings."""

    source_id: str
    previous_id: str
    text_changed: bool
    moved: tuple[Anchor, ...]
    orphaned: tuple[Anchor, ...]


def replace(op: Operation, previous_id: str, source: Source) -> Replacement:
    """Replace stored source ``previous_id`` by ``source`` (possibly under a new id).

    Codings follow the source (foreign keys cascade an id change). When the text
    changed, every coding is looked up again by its quote; one whose quote is gone
    keeps its old offsets, is flagged ``orphaned`` and keeps its quote.
    """
    conn = op.conn
    old = get(conn, previous_id)
    conn.execute(
        f"UPDATE sources SET id = ?, {', '.join(f'{f} = ?' for f in _FIELDS.split(', '))}, "
        "imported_at = ? WHERE id = ?",
        (source.id, *_row(source), utc_now(), previous_id),
    )
    _write_parts(conn, source)
    op.log("source", source.id, "update", summary(old), summary(source))
    if old.text == source.text:
        return Replacement(source.id, previous_id, False, (), ())
    rows = conn.execute(
        'SELECT id, start, "end", orphaned, quote FROM codings WHERE source_id = ? ORDER BY id',
        (source.id,),
    ).fetchall()
    spans = [(cid, quote if orphaned and quote else old.text[start:end], start)
             for cid, start, end, orphaned, quote in rows]
    anchors = reanchor(source.text, spans, old.text)
    before = coding_rows.get_rows(conn, [a.coding_id for a in anchors])
    for anchor in anchors:
        if anchor.found:
            conn.execute('UPDATE codings SET start = ?, "end" = ?, orphaned = 0, quote = NULL '
                         "WHERE id = ?", (anchor.start, anchor.end, anchor.coding_id))
        else:
            conn.execute("UPDATE codings SET orphaned = 1, quote = ? WHERE id = ?",
                         (anchor.quote, anchor.coding_id))
    after = coding_rows.get_rows(conn, before)
    changed = [(cid, before[cid], after[cid]) for cid in before if before[cid] != after[cid]]
    if changed:
        op.log_many("coding", "update", changed)
    moved = tuple(a for a in anchors if a.found and a.start != a.old_start)
    orphaned = tuple(a for a in anchors if not a.found)
    return Replacement(source.id, previous_id, True, moved, orphaned)


def find(conn: sqlite3.Connection, source_id: str, sha256: str) -> list[tuple[str, str]]:
    """Stored ``(id, sha256)`` pairs matching the id or the content hash."""
    return conn.execute(
        "SELECT id, sha256 FROM sources WHERE id = ? OR sha256 = ? ORDER BY id",
        (source_id, sha256),
    ).fetchall()


def ids(conn: sqlite3.Connection) -> list[str]:
    """All source ids, sorted."""
    return [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id")]


def get(conn: sqlite3.Connection, source_id: str) -> Source:
    """The stored source with turns and paragraphs; UnknownSourceError if absent."""
    found = load(conn, [source_id])
    if not found:
        raise coding_rows.unknown_source(conn, source_id)
    return found[0]


def load(conn: sqlite3.Connection, wanted: list[str] | None = None) -> list[Source]:
    """Stored sources (all, or the ``wanted`` ids), sorted by id."""
    where, params = "", []
    if wanted is not None:
        where = f" WHERE id IN ({', '.join('?' * len(wanted))})"
        params = list(wanted)
    rows = conn.execute(
        f"SELECT id, kind, text, title, date, place, path, metadata, warnings FROM sources"
        f"{where} ORDER BY id", params).fetchall()
    result = []
    for sid, kind, text, title, date, place, path, metadata, warnings in rows:
        informants = [r[0] for r in conn.execute(
            "SELECT informant_id FROM source_informants WHERE source_id = ? ORDER BY position",
            (sid,))]
        turns = [Turn(index=i, start=a, end=b, speaker=sp, informant=inf,
                      is_interviewer=bool(iv), timestamp=ts)
                 for i, a, b, sp, inf, iv, ts in conn.execute(
                     'SELECT idx, start, "end", speaker, informant, is_interviewer, timestamp '
                     "FROM turns WHERE source_id = ? ORDER BY start, idx", (sid,))]
        paragraphs = [Segment("paragraph", i, a, b) for i, a, b in conn.execute(
            'SELECT idx, start, "end" FROM paragraphs WHERE source_id = ? ORDER BY start, idx',
            (sid,))]
        result.append(Source(
            id=sid, kind=kind, text=text, informants=tuple(informants), date=date,
            place=place, title=title, metadata=json.loads(metadata), path=path,
            turns=tuple(turns), paragraphs=tuple(paragraphs),
            warnings=tuple(json.loads(warnings)),
        ))
    return result
