"""Manual coding logic: validating offsets, finding quotes, spans of turns and paragraphs.

Pure functions over a source's text; the store persists what they return.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..corpus.model import Segment, Source
from ..errors import AmbiguousQuoteError, CodingError, OffsetError, QuoteNotFoundError
from ..i18n import t
from .anchor import occurrences

CONTEXT_CHARS = 30
"""Characters of context shown on each side of a quote candidate."""

MAX_CANDIDATES = 10
"""At most this many candidates are listed in an error message."""


@dataclass(frozen=True)
class QuoteCandidate:
    """One occurrence of a quote: its 1-based ``occurrence``, span and context."""

    occurrence: int
    start: int
    end: int
    context: str

    def describe(self) -> str:
        """``#2 [120, 136): ...context...`` for error messages."""
        return f"#{self.occurrence} [{self.start}, {self.end}): …{self.context}…"


def check_span(text_length: int, start: int, end: int, *, source_id: str) -> tuple[int, int]:
    """Validate ``[start, end)`` against a text of ``text_length`` code points.

    Raises :class:`OffsetError` (naming the valid range) when an offset is not an
    integer, negative, beyond the text, reversed or the span is empty.
    """
    for value in (start, end):
        if isinstance(value, bool) or not isinstance(value, int):
            raise OffsetError(
                t("store.manual.offset.type", value=repr(value)),
                hint=t("store.manual.offset.hint", source=source_id, length=text_length),
            )
    if not 0 <= start < end <= text_length:
        if start >= end:
            message = t("store.manual.offset.reversed", start=start, end=end)
        else:
            message = t("store.manual.offset.range", start=start, end=end, length=text_length)
        raise OffsetError(
            message, hint=t("store.manual.offset.hint", source=source_id, length=text_length)
        )
    return start, end


def quote_candidates(text: str, quote: str, *, fold_case: bool = False) -> list[QuoteCandidate]:
    """Every occurrence of ``quote`` in ``text`` (overlapping ones included)."""
    haystack, needle = (text.casefold(), quote.casefold()) if fold_case else (text, quote)
    if fold_case and len(haystack) != len(text):  # casefold changed lengths: offsets unsafe
        haystack, needle = text.lower(), quote.lower()
        if len(haystack) != len(text):
            return []
    found: list[QuoteCandidate] = []
    for position in occurrences(haystack, needle):
        end = position + len(quote)
        before = text[max(0, position - CONTEXT_CHARS) : position]
        after = text[end : end + CONTEXT_CHARS]
        context = (before + "[" + text[position:end] + "]" + after).replace("\n", " ")
        found.append(QuoteCandidate(len(found) + 1, position, end, context))
    return found


def _listing(candidates: list[QuoteCandidate]) -> str:
    shown = "; ".join(c.describe() for c in candidates[:MAX_CANDIDATES])
    if len(candidates) > MAX_CANDIDATES:
        shown += "; " + t("store.manual.quote.more", count=len(candidates) - MAX_CANDIDATES)
    return shown


def find_quote(
    text: str, quote: str, occurrence: int | None = None, *, source_id: str
) -> tuple[int, int]:
    """The span of ``quote`` in ``text``; ``occurrence`` (1-based) picks among repeats.

    The quote is NFC-normalised like source text. An empty quote, a quote that does
    not occur, a quote that occurs more than once without ``occurrence``, or an
    ``occurrence`` past the last one raise errors that list the candidates with their
    offsets and context.
    """
    if not isinstance(quote, str) or not quote.strip():
        raise CodingError(t("store.manual.quote.empty"), hint=t("store.manual.quote.empty_hint"))
    quote = unicodedata.normalize("NFC", quote.replace("\r\n", "\n").replace("\r", "\n"))
    candidates = quote_candidates(text, quote)
    if not candidates:
        similar = quote_candidates(text, quote, fold_case=True)
        hint = (
            t("store.manual.quote.similar", candidates=_listing(similar))
            if similar
            else t("store.manual.quote.missing_hint")
        )
        raise QuoteNotFoundError(
            t("store.manual.quote.missing", quote=quote, source=source_id), hint=hint
        )
    if occurrence is None:
        if len(candidates) > 1:
            raise AmbiguousQuoteError(
                t("store.manual.quote.ambiguous", quote=quote, source=source_id,
                  count=len(candidates)),
                hint=t("store.manual.quote.ambiguous_hint", candidates=_listing(candidates)),
            )
        occurrence = 1
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or not (
        1 <= occurrence <= len(candidates)
    ):
        raise QuoteNotFoundError(
            t("store.manual.quote.occurrence", occurrence=repr(occurrence), quote=quote,
              count=len(candidates)),
            hint=t("store.manual.quote.ambiguous_hint", candidates=_listing(candidates)),
        )
    chosen = candidates[occurrence - 1]
    return chosen.start, chosen.end


def unit_span(
    source: Source, *, turn: int | None = None, paragraph: int | None = None
) -> tuple[int, int]:
    """The span of the turn or paragraph whose ``index`` is given (exactly one of them)."""
    if (turn is None) == (paragraph is None):
        raise CodingError(t("store.manual.unit.one"))
    kind, index = ("turn", turn) if turn is not None else ("paragraph", paragraph)
    units: tuple[Segment, ...] = source.turns if kind == "turn" else source.paragraphs
    for unit in units:
        if unit.index == index:
            return unit.start, unit.end
    valid = ", ".join(str(u.index) for u in units) or "-"
    raise CodingError(
        t("store.manual.unit.missing", kind=kind, index=repr(index), source=source.id),
        hint=t("store.manual.unit.hint", valid=valid),
    )
