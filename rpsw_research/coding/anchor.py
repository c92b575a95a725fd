"""Re-anchoring codings when a source's text is replaced by a changed version.

A coding's passage (its quote) is looked up again by exact match in the new text: a
unique occurrence wins; among several, the one whose surrounding text matches the old
surroundings best (so text inserted earlier does not mislead), then the one nearest
the old offset (earliest on a tie). A quote that no longer occurs cannot be
re-anchored: the caller keeps that coding, flagged ``orphaned``, and reports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Anchor:
    """Where a coding's quote lies in the new text (``start is None``: not found)."""

    coding_id: int
    quote: str
    old_start: int
    start: int | None
    end: int | None
    candidates: int

    @property
    def found(self) -> bool:
        """True when the quote was found in the new text."""
        return self.start is not None


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    found: list[int] = []
    if not quote:
        return found
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


CONTEXT = 40
"""Characters of old surroundings compared on each side to choose among repeats."""


def _agreement(a: str, b: str, reverse: bool) -> int:
    if reverse:
        a, b = a[::-1], b[::-1]
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def reanchor(
    new_text: str, spans: Iterable[tuple[int, str, int]], old_text: str | None = None
) -> list[Anchor]:
    """Re-anchor ``(coding_id, quote, old_start)`` triples in ``new_text``.

    With ``old_text``, repeated quotes are told apart by their surroundings.
    """
    anchors: list[Anchor] = []
    cache: dict[str, list[int]] = {}
    for coding_id, quote, old_start in spans:
        starts = cache.get(quote)
        if starts is None:
            starts = cache[quote] = occurrences(new_text, quote)
        if not starts:
            anchors.append(Anchor(coding_id, quote, old_start, None, None, 0))
            continue
        context_fits = old_text is not None and old_text[old_start:old_start + len(quote)] == quote

        def rank(start: int, quote: str = quote, old_start: int = old_start,
                 use_context: bool = context_fits) -> tuple[int, int, int]:
            score = 0
            if use_context and old_text is not None:
                end, old_end = start + len(quote), old_start + len(quote)
                score = _agreement(old_text[max(0, old_start - CONTEXT):old_start],
                                   new_text[max(0, start - CONTEXT):start], reverse=True)
                score += _agreement(old_text[old_end:old_end + CONTEXT],
                                    new_text[end:end + CONTEXT], reverse=False)
            return (-score, abs(start - old_start), start)

        best = min(starts, key=rank) if len(starts) > 1 else starts[0]
        anchors.append(Anchor(coding_id, quote, old_start, best, best + len(quote), len(starts)))
    return anchors
