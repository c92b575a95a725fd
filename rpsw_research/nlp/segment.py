"""Units of a source for coding, agreement and evaluation: sentences within turns.

A source is processed span by span: its speaker turns (for interviews, plus any text
before the first turn), else its paragraphs, else its whole text. Sentences never cross
a turn or paragraph boundary. Offsets are code points into ``Source.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal

from spacy.tokens import Doc

from ..corpus.model import Segment, Source
from .pipeline import get_nlp
from .sentences import sentence_bounds

SEGMENTER_VERSION = "rpsw-sentences-3"
"""Identity of the sentence rules; stored with cached sentences, bumped when they change."""

Unit = Literal["sentence", "turn", "paragraph"]
UNITS: tuple[str, ...] = ("sentence", "turn", "paragraph")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def paragraph_spans(source: Source) -> list[tuple[int, int]]:
    """The source's paragraphs (from the reader, else split on blank lines), trimmed."""
    if source.paragraphs:
        raw = [(p.start, p.end) for p in source.paragraphs]
    else:
        raw, pos = [], 0
        for match in _BLANK_LINES.finditer(source.text):
            raw.append((pos, match.start()))
            pos = match.end()
        raw.append((pos, len(source.text)))
    return [span for s, e in raw if (span := _trimmed(source.text, s, e))]


def unit_spans(source: Source, unit: str = "sentence") -> list[tuple[int, int]]:
    """The spans processed as separate texts for ``unit``, in text order.

    ``sentence`` and ``turn``: the turns (with any paragraphs before the first turn), or
    the paragraphs of a source without turns; ``paragraph``: the paragraphs.
    """
    if unit not in UNITS:
        from ..errors import CodingError
        from ..i18n import t

        raise CodingError(t("nlp.unit.unknown", unit=unit), hint=t("nlp.unit.hint"))
    if unit == "paragraph" or not source.turns:
        return paragraph_spans(source)
    first = min(turn.start for turn in source.turns)
    spans = [(s, e) for s, e in paragraph_spans(source) if e <= first]
    for turn in sorted(source.turns, key=lambda tr: tr.start):
        span = _trimmed(source.text, turn.start, turn.end)
        if span:
            spans.append(span)
    return spans


def iter_span_docs(sources: Iterable[Source], unit: str = "sentence", *,
                   batch_size: int = 256, disable: Iterable[str] = (),
                   ) -> Iterator[tuple[Source, int, int, Doc]]:
    """``(source, span_start, span_end, doc)`` for every span of every source, streamed.

    Texts go through ``nlp.pipe`` in batches; only one batch of docs is alive at a time.
    ``disable`` names pipeline components to skip (sentences are skipped for other units).
    """
    nlp = get_nlp()
    disable = sorted(set(disable) | (set() if unit == "sentence" else {"sentences"}))

    def texts() -> Iterator[tuple[str, tuple[Source, int, int]]]:
        for source in sources:
            for start, end in unit_spans(source, unit):
                yield source.text[start:end], (source, start, end)

    for doc, (source, start, end) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size,
                                              disable=disable):
        yield source, start, end, doc


def sentences(source: Source) -> list[Segment]:
    """The sentence segments of ``source`` (kind ``"sentence"``, indexed from 0).

    >>> [s.text_in(src.text) for s in sentences(src)]  # doctest: +SKIP
    """
    result: list[Segment] = []
    for _, offset, _, doc in iter_span_docs([source], "sentence"):
        for _, _, start, end in sentence_bounds(doc):
            result.append(Segment("sentence", len(result), offset + start, offset + end))
    return result


def units(source: Source, unit: str = "sentence") -> list[Segment]:
    """The coding units of ``source``: sentences, turns or paragraphs as segments."""
    if unit == "sentence":
        return sentences(source)
    return [Segment(unit if unit == "paragraph" or source.turns else "paragraph", i, s, e)
            for i, (s, e) in enumerate(unit_spans(source, unit))]
