"""Coding records and manual coding logic (quote finding, offset validation, re-anchoring).

No SQL here: the ``store`` package persists codings.
"""

from .anchor import Anchor, reanchor
from .manual import QuoteCandidate, check_span, find_quote, quote_candidates, unit_span
from .model import METHODS, STATUSES, Coding

__all__ = [
    "METHODS", "STATUSES", "Anchor", "Coding", "QuoteCandidate", "check_span",
    "find_quote", "quote_candidates", "reanchor", "unit_span",
]
