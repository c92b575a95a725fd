"""The coding record: a code applied by a coder to a span of a source.

Offsets are Unicode code points into ``Source.text``, half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CodingError
from ..i18n import t

METHODS: tuple[str, ...] = ("manual", "auto")
"""How a coding was made: by a person or by the rule-based auto-coder."""

STATUSES: tuple[str, ...] = ("manual", "suggested", "accepted", "rejected")
REVIEWED_STATUSES: tuple[str, ...] = ("manual", "accepted")
"""Codings the researcher made or confirmed: what counts as reviewed evidence."""
"""Review status: ``manual`` codings need no review; auto codings start ``suggested``."""


@dataclass(frozen=True)
class Coding:
    """One coding: ``code_id`` applied to ``[start, end)`` of ``source_id``.

    ``method`` is ``manual`` or ``auto``; ``status`` is ``manual`` for hand codings and
    ``suggested``/``accepted``/``rejected`` for auto codings; ``rule`` names the rule
    that fired and ``score`` its weight (auto codings only). ``id`` and ``created_at``
    are set by the store. ``orphaned`` marks a coding whose quote could not be found
    again after its source text was replaced (its offsets are the old ones).
    """

    source_id: str
    code_id: str
    start: int
    end: int
    coder: str = ""
    method: str = "manual"
    status: str = "manual"
    rule: str | None = None
    score: float | None = None
    memo: str | None = None
    id: int | None = None
    created_at: str | None = None
    orphaned: bool = False

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise CodingError(t("store.coding.method", method=repr(self.method),
                                valid=", ".join(METHODS)))
        if self.status not in STATUSES:
            raise CodingError(t("store.coding.status", status=repr(self.status),
                                valid=", ".join(STATUSES)))

    def text_in(self, text: str) -> str:
        """The coded passage within ``text`` (the source text)."""
        return text[self.start : self.end]
