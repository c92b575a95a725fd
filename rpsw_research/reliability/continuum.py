"""Character-level agreement of two coders for ONE code over a continuum (NVivo-style).

NVivo's Coding Comparison query counts, per code and source, the characters coded
by both coders, by one only and by neither; percent agreement is
(both + neither) / total and its kappa equals Cohen's kappa on that 2x2 table of
characters (METHODS.md §3). QualCoder reports a different "kappa" (proportions over
the union of coded characters, P_e = P_yes * P_no); it is offered only under its own
name, :func:`qualcoder_kappa`, and is NOT Cohen's kappa.

Spans here are ``(start, end)`` half-open character offsets, the ``start``/``end``
columns of a codings table; overlapping spans of one coder count each character once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..errors import ReliabilityError
from ..i18n import t
from .coefficients import chance_corrected, check_units, cohen_kappa
from .result import Agreement


@dataclass(frozen=True)
class CharacterCounts:
    """Characters coded by both coders, by A only, by B only and by neither."""

    both: int
    a_only: int
    b_only: int
    neither: int

    @property
    def total(self) -> int:
        """All characters of the continuum."""
        return self.both + self.a_only + self.b_only + self.neither

    @property
    def table(self) -> np.ndarray:
        """2x2 counts: rows A coded / not coded, columns B coded / not coded."""
        return np.array([[self.both, self.a_only], [self.b_only, self.neither]], dtype=float)


def _mask(spans: Iterable[tuple[int, int]], begin: int, length: int, coder: str) -> np.ndarray:
    mask = np.zeros(length, dtype=bool)
    for start, end in spans:
        start, end = int(start), int(end)
        if end <= start or start < begin or end > begin + length:
            raise ReliabilityError(
                t("reliability.error.span", coder=coder, category="-", start=start,
                  length=end - start, begin=begin, end=begin + length),
                hint=t("reliability.hint.span"))
        mask[start - begin:end - begin] = True
    return mask


def character_counts(spans_a: Iterable[tuple[int, int]], spans_b: Iterable[tuple[int, int]],
                     *, length: int, begin: int = 0) -> CharacterCounts:
    """Count characters of ``[begin, begin + length)`` coded by A, B, both, neither."""
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ReliabilityError(t("reliability.error.continuum", length=length))
    a = _mask(spans_a, begin, length, "A")
    b = _mask(spans_b, begin, length, "B")
    return CharacterCounts(both=int((a & b).sum()), a_only=int((a & ~b).sum()),
                           b_only=int((~a & b).sum()), neither=int((~a & ~b).sum()))


def character_percent_agreement(counts: CharacterCounts) -> Agreement:
    """NVivo percent agreement: (both + neither) / total characters."""
    check_units(counts.total)
    value = (counts.both + counts.neither) / counts.total
    return Agreement(value=value, method="character_percent_agreement",
                     n_units=counts.total, n_coders=2, observed=value)


def character_kappa(counts: CharacterCounts) -> Agreement:
    """NVivo kappa: Cohen's kappa on the 2x2 table of characters.

    When neither coder coded anything (or both coded everything) kappa is 0/0 and
    :class:`UndefinedAgreementError` is raised (NVivo is reported to show 1 there).
    """
    result = cohen_kappa(counts.table)
    return Agreement(value=result.value, method="character_kappa", n_units=counts.total,
                     n_coders=2, observed=result.observed, expected=result.expected)


def qualcoder_kappa(counts: CharacterCounts) -> Agreement:
    """QualCoder's "kappa" (NOT Cohen's kappa), for comparing with QualCoder output.

    With U = characters coded by A or B: P_o = both / U,
    P_e = (A/U)(B/U) * ((U-A)/U)((U-B)/U), value = (P_o - P_e) / (1 - P_e).
    No character coded at all raises :class:`ReliabilityError`.
    """
    coded_a, coded_b = counts.both + counts.a_only, counts.both + counts.b_only
    union = coded_a + coded_b - counts.both
    if union == 0:
        raise ReliabilityError(t("reliability.error.no_overlap"),
                               hint=t("reliability.hint.no_overlap"))
    p_yes = (coded_a / union) * (coded_b / union)
    p_no = ((union - coded_a) / union) * ((union - coded_b) / union)
    return chance_corrected(counts.both / union, p_yes * p_no, "qualcoder_kappa", counts.total)
