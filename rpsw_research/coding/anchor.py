"""Re-anchoring codings when a source's text is replaced by a changed version.

A coding's passage (its quote) is looked up again by exact match in the new text: a
unique occurrence wins; among several, the one nearest the old offset (earliest on a
tie). A quote that no longer occurs cannot be re-anchored: the caller keeps that
coding, flagged ``orphaned``, and reports it.
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


def reanchor(new_text: str, spans: Iterable[tuple[int, str, int]]) -> list[Anchor]:
    """Re-anchor ``(coding_id, quote, old_start)`` triples in ``new_text``."""
    anchors: list[Anchor] = []
    cache: dict[str, list[int]] = {}
    for coding_id, quote, old_start in spans:
        starts = cache.get(quote)
        if starts is None:
            starts = cache[quote] = occurrences(new_text, quote)
        if not starts:
            anchors.append(Anchor(coding_id, quote, old_start, None, None, 0))
            continue
        best = min(starts, key=lambda s: (abs(s - old_start), s))
        anchors.append(Anchor(coding_id, quote, old_start, best, best + len(quote), len(starts)))
    return anchors
