"""The core model of a study: informants, sources and their spans.

Offsets are Unicode code points into ``Source.text``, half-open ``[start, end)``,
the unit REFI-QDA uses. Source text is normalised once on read and never changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

SourceKind = Literal["wawancara", "observasi", "dokumen"]
SOURCE_KINDS: tuple[str, ...] = ("wawancara", "observasi", "dokumen")
"""Source kinds: interview, observation note, document (the three techniques)."""

SegmentKind = Literal["turn", "paragraph", "sentence"]


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Informant:
    """A participant under a pseudonymous id (``MK``, ``PS``, ``K1``...).

    ``attributes`` hold profile fields (age band, origin province, length of stay, ...);
    real names never enter the model.
    """

    id: str
    role: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "attributes", _frozen(self.attributes))


@dataclass(frozen=True)
class Segment:
    """A span ``[start, end)`` of a source: a paragraph, sentence or turn."""

    kind: SegmentKind
    index: int
    start: int
    end: int

    def text_in(self, text: str) -> str:
        """The segment's text within ``text`` (the source text)."""
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Turn(Segment):
    """A speaker turn of an interview: the spoken text, without its speaker label.

    Built as ``Turn(index, start, end, speaker="K1", informant="K1")``.

    ``speaker`` is the label as written (``P``, ``Peneliti``, ``K1``); ``informant`` the
    informant id it maps to, or ``None`` for the interviewer or an unknown speaker;
    ``is_interviewer`` marks researcher turns; ``timestamp`` is kept as written.
    """

    kind: SegmentKind = field(default="turn", kw_only=True)
    speaker: str = field(default="", kw_only=True)
    informant: str | None = field(default=None, kw_only=True)
    is_interviewer: bool = field(default=False, kw_only=True)
    timestamp: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Source:
    """One document of the study with its normalised, immutable text.

    ``kind`` is ``wawancara`` (interview), ``observasi`` (observation) or ``dokumen``.
    ``informants`` lists the informant ids the source concerns; ``date`` is ISO
    ``YYYY-MM-DD`` where known. ``metadata`` keeps every further front-matter key.
    ``warnings`` are messages from reading (e.g. replacement characters found).
    """

    id: str
    kind: str
    text: str
    informants: tuple[str, ...] = ()
    date: str | None = None
    place: str | None = None
    title: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None
    turns: tuple[Turn, ...] = ()
    paragraphs: tuple[Segment, ...] = ()
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "informants", tuple(self.informants))
        object.__setattr__(self, "metadata", _frozen(self.metadata))
        object.__setattr__(self, "turns", tuple(self.turns))
        object.__setattr__(self, "paragraphs", tuple(self.paragraphs))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def sha256(self) -> str:
        """SHA-256 hex digest of the UTF-8 text (the source's content identity)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def word_count(self) -> int:
        """Whitespace-separated words in the text."""
        return len(self.text.split())

    def turn_at(self, offset: int) -> Turn | None:
        """The turn containing code point ``offset``, if any."""
        for turn in self.turns:
            if turn.start <= offset < turn.end:
                return turn
        return None

    def __repr__(self) -> str:  # keep notebook output short: no full text
        return (
            f"Source(id={self.id!r}, kind={self.kind!r}, informants={list(self.informants)}, "
            f"date={self.date!r}, chars={len(self.text)}, turns={len(self.turns)})"
        )

    def _repr_html_(self) -> str:
        """Notebook display: header and text with speaker turns (escaped)."""
        from ..report.html import source_html  # output layer, loaded only when displayed

        return source_html(self)
