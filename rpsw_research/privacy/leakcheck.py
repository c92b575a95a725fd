"""Scan texts, projects and export files for names of the key and identifiers.

``leak_check(target, key=None)`` returns a :class:`LeakReport` of findings, each with
its kind, location and a masked value (``S***``): messages never repeat the value.
``guard_export(path_or_text, key)`` is the gate every export path calls: it raises
:class:`~rpsw_research.errors.LeakError` when something leaked (fail closed), unless
``allow_leaks=True`` is given explicitly.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LeakError
from ..i18n import t
from .extract import SUFFIXES, Chunk, chunks
from .key import PrivacyKey
from .pseudonymise import Pseudonymiser

CONTEXT_CHARS = 30
MAX_LISTED = 10


def mask(value: str) -> str:
    """A masked form of an identifying value: its first character and ``***``."""
    stripped = value.strip()
    return (stripped[:1] or "?") + "***"


@dataclass(frozen=True)
class LeakFinding:
    """One identifying value found: where, what kind, and a masked form of it.

    ``kind`` is a key kind (``person``, ``place``, ``organisation``) or a detector
    (``nik``, ``phone``...); ``placeholder`` what should have replaced it; ``file``,
    ``part`` (zip member, sheet, source id) and ``where`` (paragraph, cell, field)
    locate it, ``offset`` is the code point offset inside that piece of text.
    ``context`` shows the surrounding text with every identifying value masked.
    """

    kind: str
    masked: str
    placeholder: str
    file: str | None
    part: str
    where: str
    offset: int
    context: str

    def location(self) -> str:
        """A human-readable location: file › part › where, offset."""
        pieces = [p for p in (self.file, self.part, self.where) if p]
        return " › ".join(pieces) + ", " + t("privacy.where.offset", offset=self.offset)

    def __str__(self) -> str:
        return t(
            "privacy.leak.finding",
            location=self.location(),
            kind=t(f"privacy.kind.{self.kind}"),
            masked=self.masked,
            placeholder=self.placeholder,
            context=self.context,
        )


class LeakReport(Sequence[LeakFinding]):
    """The findings of a leak check (empty when clean)."""

    def __init__(self, findings: Iterable[LeakFinding], target: str) -> None:
        self.findings = tuple(findings)
        self.target = target

    def __getitem__(self, index: Any) -> Any:
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[LeakFinding]:
        return iter(self.findings)

    @property
    def ok(self) -> bool:
        """True when nothing identifying was found."""
        return not self.findings

    def counts(self) -> dict[str, int]:
        """Number of findings per kind."""
        return dict(Counter(f.kind for f in self.findings))

    def summary(self, limit: int = MAX_LISTED) -> str:
        """A short text report: the verdict and the first ``limit`` findings."""
        if self.ok:
            return t("privacy.leak.clean", target=self.target)
        lines = [t("privacy.leak.found", target=self.target, count=len(self))]
        lines += ["- " + str(f) for f in self.findings[:limit]]
        if len(self) > limit:
            lines.append(t("privacy.leak.more", count=len(self) - limit))
        return "\n".join(lines)

    def to_frame(self) -> Any:
        """A tidy DataFrame: kind, masked, placeholder, file, part, where, offset, context."""
        import pandas as pd

        columns = ["kind", "masked", "placeholder", "file", "part", "where", "offset", "context"]
        return pd.DataFrame([f.__dict__ for f in self.findings], columns=columns)

    def __repr__(self) -> str:
        return f"LeakReport(target={self.target!r}, findings={len(self)}, counts={self.counts()})"


def leak_check(
    target: Any, key: PrivacyKey | None = None, *, detectors: Iterable[str] | None = None,
    label: str | os.PathLike[str] | None = None,
) -> LeakReport:
    """Scan ``target`` for key names and detector hits.

    ``target``: a text (``str``), a file path (``pathlib.Path``; a ``str`` is taken as a
    path only if it names an existing file with a supported suffix: .docx, .xlsx,
    .csv, .qdpx, .txt, .md), a project (anything with ``sources()`` and ``codings()``)
    or a Source-like object (with ``id`` and ``text``). ``label`` names a scanned file in
    the findings (an export's final path while its temporary file is checked).
    """
    worker = Pseudonymiser(key, detectors)
    path = _as_path(target)
    if path is not None:
        pieces: Iterable[Chunk] = chunks(path)
        name = str(label or path)
        return LeakReport(_scan(worker, pieces, name), name)
    if isinstance(target, str):
        return LeakReport(_scan(worker, [Chunk(target, "", "")], None), t("privacy.leak.text"))
    if callable(getattr(target, "sources", None)) and callable(getattr(target, "codings", None)):
        label = str(getattr(target, "path", None) or t("privacy.leak.project"))
        return LeakReport(_scan(worker, _project_chunks(target), label), label)
    if isinstance(getattr(target, "text", None), str):
        label = str(getattr(target, "id", "source"))
        return LeakReport(_scan(worker, _source_chunks(target), None), label)
    raise TypeError(f"leak_check() cannot scan a {type(target).__name__}")


def guard_export(
    path_or_text: str | os.PathLike[str],
    key: PrivacyKey | None,
    *,
    allow_leaks: bool = False,
    detectors: Iterable[str] | None = None,
    label: str | os.PathLike[str] | None = None,
) -> LeakReport:
    """Fail closed: raise :class:`LeakError` if the export holds identifying text.

    Export code calls this on the file it has just written (or the text it is about
    to write), with ``label`` the path the user asked for. ``allow_leaks=True`` is the
    explicit, researcher-made override: the report is returned instead of raised.
    """
    report = leak_check(path_or_text, key, detectors=detectors, label=label)
    if report.ok or allow_leaks:
        return report
    path = label or _as_path(path_or_text)
    raise LeakError(report.summary(), path=path, hint=t("privacy.leak.hint"))


# --- internals ----------------------------------------------------------------------------
def _as_path(target: Any) -> Path | None:
    if isinstance(target, os.PathLike):
        return Path(target)
    if isinstance(target, str) and "\n" not in target and len(target) < 1024:
        candidate = Path(target)
        if candidate.suffix.lower() in SUFFIXES and candidate.is_file():
            return candidate
    return None


def _scan(
    worker: Pseudonymiser, pieces: Iterable[Chunk], file: str | None
) -> Iterator[LeakFinding]:
    shown_file = _masked_all(worker, file) if file else file
    for piece in pieces:
        spans = worker.spans(piece.text)
        for span in spans:
            yield LeakFinding(
                kind=span.kind,
                masked=mask(piece.text[span.start : span.end]),
                placeholder=span.replacement,
                file=shown_file,
                part=_masked_all(worker, piece.part),
                where=piece.where,
                offset=span.start,
                context=_context(piece.text, span.start, span.end, spans),
            )


def _masked_all(worker: Pseudonymiser, text: str) -> str:
    """``text`` (a file name, a source id) with every identifying value masked: a
    location must not carry the name the finding hides."""
    out, cursor = [], 0
    for span in worker.spans(text):
        out += [text[cursor:span.start], mask(text[span.start:span.end])]
        cursor = span.end
    return "".join(out) + text[cursor:]


def _context(text: str, start: int, end: int, spans: Sequence[Any]) -> str:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    out, cursor = [], lo
    for span in spans:
        if span.end <= lo or span.start >= hi:
            continue
        a, b = max(span.start, lo), min(span.end, hi)
        out.append(text[cursor:a])
        out.append(mask(text[span.start : span.end]))
        cursor = b
    out.append(text[cursor:hi])
    snippet = " ".join("".join(out).split())
    return ("…" if lo > 0 else "") + snippet + ("…" if hi < len(text) else "")


def _source_chunks(source: Any) -> Iterator[Chunk]:
    sid = str(getattr(source, "id", ""))
    yield Chunk(source.text, sid, t("privacy.where.text"))
    for field in ("id", "title", "place", "path"):
        value = getattr(source, field, None)
        if isinstance(value, str) and value:
            yield Chunk(value, sid, field)
    for name, value in sorted((getattr(source, "metadata", None) or {}).items()):
        for text in _strings(value):
            yield Chunk(text, sid, f"metadata.{name}")
    for turn in getattr(source, "turns", ()) or ():
        if getattr(turn, "speaker", ""):
            yield Chunk(turn.speaker, sid, t("privacy.where.speaker", index=turn.index))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _project_chunks(project: Any) -> Iterator[Chunk]:
    for source in project.sources():
        yield from _source_chunks(source)
    codings = project.codings()
    if "memo" in getattr(codings, "columns", ()):
        for row in codings.itertuples(index=False):
            memo = getattr(row, "memo", None)
            if isinstance(memo, str) and memo.strip():
                yield Chunk(
                    memo,
                    str(row.source_id),
                    t("privacy.where.memo", coding=getattr(row, "coding_id", "?")),
                )
    memos_fn = getattr(project, "memos", None)
    if callable(memos_fn):
        memos = memos_fn()
        for row in memos.itertuples(index=False):
            if isinstance(row.text, str) and row.text.strip():
                yield Chunk(row.text, f"{row.target}:{row.target_id or ''}".rstrip(":"),
                            t("privacy.where.memo", coding=getattr(row, "memo_id", "?")))
    table_fn = getattr(project, "informants_table", None)
    if callable(table_fn):
        table = table_fn()
        for row_no, row in enumerate(table.itertuples(index=False), start=1):
            for column, value in zip(table.columns, row):
                if isinstance(value, str) and value.strip():
                    yield Chunk(
                        value, "informants", t("privacy.where.informant", row=row_no, column=column)
                    )
