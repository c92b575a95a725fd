"""``read_source``: one file -> one :class:`Source`, whatever its format.

Pipeline: pick the reader by suffix (content sniffed), read, take metadata from the
document (YAML front matter; for word-processor files also a leading two-column
``key | value`` table or ``Kunci: nilai`` paragraphs), normalise the text once, apply
the caller's metadata on top, then compute paragraphs and, for interviews, turns.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import EmptySourceError, InformantError, InputError
from ..i18n import t
from .formats import Block, RawDocument, reader_for
from .metadata import (
    KEY_ALIASES,
    canonical_key,
    key_lines,
    normalise_metadata,
    split_front_matter,
)
from .model import Source, Turn
from .text import normalise
from .turns import split_paragraphs, split_turns, transcript_speakers, transcript_table

MAX_FILE_BYTES = 200 * 1024 * 1024
_HEADER_PARAGRAPH = re.compile(r"^\s*([^\W\d][\w ]{0,30}?)\s*:\s*(.+?)\s*$")
_STRONG_KEYS = frozenset({"id", "kind", "date", "place", "title"})
"""A header of ``Kunci: nilai`` paragraphs needs one of these (``Informan:`` alone is a turn)."""
_TABLE_HEADINGS = frozenset({"kunci", "key", "metadata", "keterangan", "field"})
_SHORT_VALUE = re.compile(r"^[\w .,;=/-]{1,60}$")


def read_source(path: str | Path, *, id: str | None = None, kind: str | None = None,
                informants: Iterable[str] | str | None = None, date: Any = None,
                place: str | None = None, title: str | None = None,
                metadata: Mapping[str, Any] | None = None,
                register: Iterable[str] | None = None, default_kind: str | None = None,
                split: bool | None = None, **extra: Any) -> Source:
    """Read one source file (``.txt .md .docx .odt .rtf .pdf .srt .vtt``).

    Keyword arguments override the file's own metadata; ``metadata`` and further
    keywords (``penutur=...``, ``synthetic=True``...) are merged in too. ``register``
    is the set of known informant ids: when given, unknown ids are an
    :class:`InformantError` and register ids are accepted as speaker labels.
    ``default_kind`` applies when neither arguments nor the file give a kind (the
    loader passes the sub-folder's kind). ``split`` forces (True) or prevents (False)
    turn splitting; by default only ``wawancara`` sources are split.
    """
    path = Path(path)
    data = _read_bytes(path)
    raw = reader_for(path, data)(path, data)
    warnings = list(raw.warnings)
    doc_meta, text = _document_metadata(raw, path, warnings)
    if not text.strip():
        raise EmptySourceError(t("corpus.empty_text"), path=path, hint=t("corpus.empty_hint"))
    given = {"id": id, "kind": kind, "informants": informants, "date": date,
             "place": place, "title": title}
    overrides = normalise_metadata({**dict(metadata or {}), **extra,
                                    **{k: v for k, v in given.items() if v is not None}}, path)
    meta = {**doc_meta, **overrides}
    source_kind = meta.pop("kind", None) or default_kind or raw.default_kind
    source_informants = tuple(meta.pop("informants", ()))
    known = None if register is None else set(register)
    if known is not None:
        unknown = [i for i in source_informants if i not in known]
        if unknown:
            raise InformantError(t("corpus.source.unknown_informant", ids=", ".join(unknown)),
                                 path=path, hint=t("corpus.source.unknown_informant_hint"))
    fields = {name: meta.pop(name, None) for name in ("id", "date", "place", "title")}
    # an interview kept in tables is read with its tables as label lines
    tables = [b.rows for b in raw.blocks or () if b.rows and transcript_table(b.rows)]
    spoken = _document_metadata(raw, path, [], tables=transcript_table)[1] if tables else text
    declared = set(raw.speaker_labels).union(*map(transcript_speakers, tables))

    def turns_in(body: str) -> tuple[Turn, ...]:
        return split_turns(body, informants=source_informants, known_ids=known or (),
                           speakers=meta.get("speakers"), interviewer=meta.get("interviewer"),
                           declared=declared)

    if source_kind is None:
        found = turns_in(spoken)
        interview = _alternations(found) >= INTERVIEW_TURNS or bool(
            {"speakers", "interviewer"} & meta.keys())
        source_kind = "wawancara" if interview else "dokumen"
        warnings.append(t("corpus.warning.kind_interview", labels=_label_counts(found))
                        if interview else t("corpus.warning.no_kind"))
    turns: tuple[Turn, ...] = ()
    if split or (split is None and source_kind == "wawancara"):
        text = spoken
        turns = turns_in(text)
        _turn_warnings(turns, source_informants, warnings)
    return Source(id=fields["id"] or path.stem, kind=source_kind, text=text,
                  informants=source_informants, date=fields["date"], place=fields["place"],
                  title=fields["title"], metadata=meta, path=str(path), turns=turns,
                  paragraphs=split_paragraphs(text), warnings=tuple(warnings))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(t("corpus.too_large", size=size // (1024 * 1024),
                               limit=MAX_FILE_BYTES // (1024 * 1024)), path=path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(t("corpus.not_found"), path=path) from None
    except IsADirectoryError:
        raise InputError(t("corpus.is_folder"), path=path) from None
    except OSError as exc:
        raise InputError(t("corpus.unreadable", reason=exc.strerror or exc), path=path) from exc
    if not data.strip():
        raise EmptySourceError(t("corpus.empty_file"), path=path, hint=t("corpus.empty_hint"))
    return data


def _document_metadata(raw: RawDocument, path: Path, warnings: list[str],
                       tables: Callable[[list[list[str]]], str | None] | None = None,
                       ) -> tuple[dict[str, Any], str]:
    """Metadata found in the document, and its normalised, stripped text (``tables``
    renders a table its own way where it returns text)."""
    table_meta: dict[str, Any] = {}
    if raw.blocks is not None:
        # blocks: line ends and NFC only; mojibake is repaired once, on the joined body
        # (and on metadata values, which leave the body), with the repairs counted
        blocks = [Block(text=_tidy(b.text), rows=b.rows) for b in raw.blocks]
        table_meta, blocks = _leading_metadata(blocks)
        table_meta = {key: normalise(value, warnings) if isinstance(value, str) else value
                      for key, value in table_meta.items()}
        body = "\n\n".join((tables and block.rows and tables(block.rows)) or block.render()
                           for block in blocks)
    else:
        body = raw.text
    text = normalise(body, warnings)
    lines = key_lines(text)
    front, text = split_front_matter(text, path)
    meta = normalise_metadata(table_meta, path)
    meta.update(normalise_metadata(front, path, where=lines))
    return meta, text.strip()


def _tidy(text: str) -> str:
    """Line ends unified to ``\\n`` and NFC composition (no mojibake repair)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _leading_metadata(blocks: list[Block]) -> tuple[dict[str, Any], list[Block]]:
    """A first two-column table, or leading ``Kunci: nilai`` paragraphs, of known keys."""
    if not blocks:
        return {}, blocks
    first = blocks[0]
    if first.rows is not None:
        metadata = all(len(row) == 2 for row in first.rows) and any(
            row[0].strip().casefold() in KEY_ALIASES for row in first.rows)
        if metadata and transcript_table(first.rows) is None:  # "Penutur | Transkrip" is no key
            return {row[0].strip(): row[1].strip() for row in first.rows
                    if row[0].strip().casefold() not in _TABLE_HEADINGS}, blocks[1:]
        return {}, blocks
    meta: dict[str, Any] = {}
    used = 0
    for block in blocks:
        match = None if block.rows is not None else _HEADER_PARAGRAPH.match(block.text)
        if match is None or match.group(1).strip().casefold() not in KEY_ALIASES:
            break
        key, value = match.group(1).strip(), match.group(2)
        if canonical_key(key) not in _STRONG_KEYS and not _SHORT_VALUE.match(value):
            break  # "Informan: Saya tinggal di ..." is speech, not metadata
        meta[key] = value
        used += 1
    if any(canonical_key(key) in _STRONG_KEYS for key in meta):
        return meta, blocks[used:]
    return {}, blocks


INTERVIEW_TURNS = 2
"""Answers to the interviewer that make a text of no given kind an interview."""


def _alternations(turns: Sequence[Turn]) -> int:
    """How often an interviewer's turn is followed by someone else's."""
    return sum(a.is_interviewer and not b.is_interviewer for a, b in zip(turns, turns[1:]))


def _label_counts(turns: Sequence[Turn]) -> str:
    """The speaker labels of ``turns`` with their counts: ``P ×3, K10 ×3``."""
    return ", ".join(f"{label} ×{n}" for label, n in Counter(t.speaker for t in turns).items())


def _turn_warnings(turns: tuple[Turn, ...], informants: tuple[str, ...],
                   warnings: list[str]) -> None:
    if not turns:
        warnings.append(t("corpus.warning.no_turns"))
        return
    outside = sorted({turn.informant for turn in turns
                      if turn.informant is not None and informants
                      and turn.informant not in informants})
    if outside:
        warnings.append(t("corpus.warning.speaker_not_listed", ids=", ".join(outside)))
    unmapped = sorted({turn.speaker for turn in turns
                       if turn.informant is None and not turn.is_interviewer})
    if unmapped:
        warnings.append(t("corpus.warning.unmapped_speakers", labels=", ".join(unmapped),
                          first=unmapped[0]))
