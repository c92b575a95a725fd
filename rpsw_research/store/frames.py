"""Tidy DataFrames read from the store, each from a few vectorised queries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import get_language

CODING_COLUMNS: tuple[str, ...] = (
    "coding_id", "source_id", "source_kind", "informant", "source_informants", "speaker",
    "code_id", "code_name", "stage", "start", "end", "text", "coder", "method", "status",
    "rule", "score", "memo", "created_at",
)
_TEXT_COLUMNS = ("source_id", "source_kind", "source_informants", "code_id", "code_name",
                 "text", "coder", "method", "status", "created_at")
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id", "kind", "title", "date", "place", "informants", "path", "sha256", "chars",
    "words", "turns", "imported_at",
)


def _many(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def _source_informants(conn: sqlite3.Connection) -> dict[str, list[str]]:
    joined: dict[str, list[str]] = {}
    for source_id, informant in conn.execute(
            "SELECT source_id, informant_id FROM source_informants ORDER BY source_id, position"):
        joined.setdefault(source_id, []).append(informant)
    return joined


def codings(
    conn: sqlite3.Connection, *, coder: str | Iterable[str] | None = None,
    code: str | Iterable[str] | None = None, source: str | Iterable[str] | None = None,
    informant: str | Iterable[str] | None = None, orphaned: bool = False,
) -> pd.DataFrame:
    """The codings table (columns :data:`CODING_COLUMNS`); filters take one id or many."""
    lang = get_language()
    other = "en" if lang == "id" else "id"
    where = ["orphaned = ?"]
    params: list[Any] = [int(orphaned)]
    for column, value in (("coder", coder), ("code_id", code), ("source_id", source)):
        values = _many(value)
        if values is not None:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
    # one plain scan of codings; the small tables are joined by vectorised maps
    rows = conn.execute(
        'SELECT id, source_id, code_id, start, "end", coder, method, status, rule, score, '
        f"memo, created_at, quote FROM codings WHERE {' AND '.join(where)}", params).fetchall()
    names = ["coding_id", "source_id", "code_id", "start", "end", "coder", "method", "status",
             "rule", "score", "memo", "created_at", "quote"]
    frame = pd.DataFrame.from_records(rows, columns=names, coerce_float=False)
    for column in ("coding_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    frame["score"] = frame["score"].astype("float64")
    frame = frame.sort_values(["source_id", "start", "end", "code_id", "coding_id"],
                              kind="stable", ignore_index=True)
    code_rows = conn.execute(
        f"SELECT id, COALESCE(NULLIF(name_{lang}, ''), NULLIF(name_{other}, ''), id), stage "
        "FROM codes").fetchall()
    frame["code_name"] = frame["code_id"].map({c: n for c, n, _ in code_rows})
    frame["stage"] = frame["code_id"].map(
        {c: st for c, _, st in code_rows if st is not None}).astype("Int64")
    wanted_sources = frame["source_id"].unique().tolist()
    kinds: dict[str, str] = {}
    texts: dict[str, str] = {}
    for chunk in range(0, len(wanted_sources), 500):
        part = wanted_sources[chunk : chunk + 500]
        for sid, kind, text in conn.execute(
                f"SELECT id, kind, text FROM sources WHERE id IN ({', '.join('?' * len(part))})",
                part):
            kinds[sid], texts[sid] = kind, text
    frame["source_kind"] = frame["source_id"].map(kinds)
    if orphaned:
        frame["text"] = frame.pop("quote")
    else:
        frame.pop("quote")
        frame["text"] = [texts[s][a:b] for s, a, b in zip(
            frame["source_id"].tolist(), frame["start"].tolist(), frame["end"].tolist(),
            strict=True)]
    per_source = _source_informants(conn)
    joined = {k: ";".join(v) for k, v in per_source.items()}
    frame["source_informants"] = [joined.get(s, "") for s in frame["source_id"].tolist()]
    speaker, turn_informant, in_turn = _turn_attribution(conn, frame)
    only = frame["source_id"].map({k: v[0] for k, v in per_source.items() if len(v) == 1})
    # a passage in a turn is the speaker's (none for the interviewer's questions);
    # outside every turn it is the source's, when the source has one informant
    chosen = np.where(in_turn, turn_informant, only.to_numpy(dtype=object))
    frame["speaker"] = pd.Series(speaker, index=frame.index, dtype=object)
    frame["informant"] = pd.Series(chosen, index=frame.index, dtype=object)
    frame = _nullable(frame[list(CODING_COLUMNS)], ("informant", "speaker", "rule", "memo"))
    for column in _TEXT_COLUMNS:  # an empty table keeps text columns as text, too
        frame[column] = frame[column].astype(object)
    wanted = _many(informant)
    if wanted is not None:
        frame = frame[frame["informant"].isin(wanted)].reset_index(drop=True)
    return frame


def _nullable(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Hold optional text columns as object dtype with None for missing values."""
    for column in columns:
        values = frame[column].astype(object)
        frame[column] = values.where(values.notna(), None)
    return frame


def _turn_attribution(conn: sqlite3.Connection, frame: pd.DataFrame
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Speaker label and informant of the first turn overlapping each coding, and
    whether a turn overlaps it at all (an interviewer turn has no informant)."""
    count = len(frame)
    speaker = np.full(count, None, dtype=object)
    informant = np.full(count, None, dtype=object)
    in_turn = np.zeros(count, dtype=bool)
    turns = pd.DataFrame.from_records(conn.execute(
        'SELECT source_id, start, "end", speaker, informant FROM turns ORDER BY start'
    ).fetchall(), columns=["source_id", "t_start", "t_end", "speaker", "t_informant"])
    if not count or turns.empty:
        return speaker, informant, in_turn
    turns["t_start"] = turns["t_start"].astype("int64")
    left = pd.DataFrame({"row": np.arange(count), "source_id": frame["source_id"].to_numpy(),
                         "start": frame["start"].to_numpy(), "end": frame["end"].to_numpy()})
    left = left.sort_values("start", kind="stable")
    found = {}
    for direction in ("backward", "forward"):
        merged = pd.merge_asof(left, turns, left_on="start", right_on="t_start",
                               by="source_id", direction=direction)
        found[direction] = merged.sort_values("row").reset_index(drop=True)
    back, ahead = found["backward"], found["forward"]
    inside = (back["t_end"] > back["start"]).to_numpy()
    overlaps = (ahead["t_start"] < ahead["end"]).to_numpy() & ~inside
    speaker[inside] = back["speaker"].to_numpy(dtype=object)[inside]
    informant[inside] = back["t_informant"].to_numpy(dtype=object)[inside]
    speaker[overlaps] = ahead["speaker"].to_numpy(dtype=object)[overlaps]
    informant[overlaps] = ahead["t_informant"].to_numpy(dtype=object)[overlaps]
    return speaker, informant, inside | overlaps


def sources_table(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per source (columns :data:`SOURCE_COLUMNS`), sorted by id."""
    rows = conn.execute(
        "SELECT s.id, s.kind, s.title, s.date, s.place, NULL, s.path, s.sha256, s.chars, "
        "s.words, (SELECT COUNT(*) FROM turns t WHERE t.source_id = s.id), s.imported_at "
        "FROM sources s ORDER BY s.id").fetchall()
    frame = pd.DataFrame.from_records(rows, columns=list(SOURCE_COLUMNS))
    per_source = _source_informants(conn)
    frame["informants"] = [";".join(per_source.get(s, [])) for s in frame["source_id"]]
    for column in ("chars", "words", "turns"):
        frame[column] = frame[column].astype("int64")
    return _nullable(frame, ("title", "date", "place", "path"))


def informants_table(conn: sqlite3.Connection) -> pd.DataFrame:
    """``informant_id, role``, then one column per attribute (first-seen order)."""
    rows = conn.execute(
        "SELECT id, role, attributes FROM informants ORDER BY position, id").fetchall()
    records = []
    for informant_id, role, attributes in rows:
        record = {"informant_id": informant_id, "role": role}
        record.update({k: v for k, v in json.loads(attributes).items()
                       if k not in ("informant_id", "role")})
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        frame = pd.DataFrame(columns=["informant_id", "role"])
    return frame


def memos(conn: sqlite3.Connection) -> pd.DataFrame:
    """Memos on the project, sources, codes and codings, oldest first.

    Columns: ``target`` (project|source|code|coding), ``target_id``, ``author``,
    ``text``, ``created_at``, ``memo_id`` (None for a coding's memo, which lives on
    the coding itself).
    """
    rows = conn.execute(
        "SELECT target, target_id, author, text, created_at, id FROM memos "
        "UNION ALL SELECT 'coding', CAST(id AS TEXT), coder, memo, created_at, NULL "
        "FROM codings WHERE memo IS NOT NULL ORDER BY 5, 1, 2").fetchall()
    frame = pd.DataFrame.from_records(
        rows, columns=["target", "target_id", "author", "text", "created_at", "memo_id"])
    frame["memo_id"] = frame["memo_id"].astype("Int64")
    return _nullable(frame, ("target_id",))


def audit(conn: sqlite3.Connection, who: str | None = None) -> pd.DataFrame:
    """The audit trail: one row per change, oldest first.

    Columns: ``audit_id, operation_id, at, who, operation, entity, entity_id, action,
    before, after`` (JSON strings), ``undone_by`` (operation id, or NA).
    """
    where, params = ("WHERE o.who = ?", [who]) if who is not None else ("", [])
    rows = conn.execute(
        "SELECT a.id, o.id, o.at, o.who, o.kind, a.entity, a.entity_id, a.action, a.before, "
        f"a.after, o.undone_by FROM audit a JOIN operations o ON o.id = a.op_id {where} "
        "ORDER BY a.id", params).fetchall()
    frame = pd.DataFrame.from_records(rows, columns=[
        "audit_id", "operation_id", "at", "who", "operation", "entity", "entity_id",
        "action", "before", "after", "undone_by"])
    frame["undone_by"] = frame["undone_by"].astype("Int64")
    return _nullable(frame, ("entity_id", "before", "after"))


SEGMENT_TABLES = {"turn": "turns", "paragraph": "paragraphs", "sentence": "sentences"}


def segments(conn: sqlite3.Connection, kind: str) -> pd.DataFrame:
    """Every stored segment of ``kind`` (turn, paragraph, sentence) of every source:
    ``source_id, unit_index, start, end``, ordered by source and position."""
    table = SEGMENT_TABLES[kind]
    rows = conn.execute(
        f'SELECT source_id, idx, start, "end" FROM {table} ORDER BY source_id, idx').fetchall()
    frame = pd.DataFrame.from_records(rows, columns=["source_id", "unit_index", "start", "end"])
    return frame.astype({"unit_index": "int64", "start": "int64", "end": "int64"})


def sentence_sources(conn: sqlite3.Connection, segmenter: str) -> set[str]:
    """Ids of sources whose cached sentences were made by ``segmenter``."""
    rows = conn.execute("SELECT DISTINCT source_id FROM sentences WHERE segmenter = ?",
                        (segmenter,)).fetchall()
    return {row[0] for row in rows}
