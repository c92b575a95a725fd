"""Agreement coefficients on plain data: percent agreement, kappa family, Holsti.

Two-coder functions take either two label sequences ``f(labels_a, labels_b)`` or one
square contingency table ``f(table)`` (see :mod:`.inputs`). A coders x units matrix
with two rows is passed as ``f(*matrix)``. Multi-coder measures (Fleiss, pairwise
percent agreement, Krippendorff's alpha) live in :mod:`.multi`.

Degenerate data, the same rule for every coefficient:

- no unit rated by both coders -> :class:`ReliabilityError` (no overlap);
- fewer than two such units -> :class:`ReliabilityError`;
- no variation (expected agreement 1, e.g. every unit in one category): percent
  agreement is reported (1.0), chance-corrected coefficients (kappa, pi, S) raise
  :class:`UndefinedAgreementError`, whose ``observed`` carries the percent agreement.
  (0/0 is not 1: perfect agreement on a constant says nothing about reliability.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np

from ..errors import ReliabilityError, UndefinedAgreementError
from ..i18n import t
from .inputs import check_choice, pair_table
from .result import Agreement

Weights = Literal["linear", "quadratic"] | None
_EPS = 1e-12


def _proportions(a: Any, b: Any, categories: Sequence[Any] | None
                 ) -> tuple[np.ndarray, int, float]:
    """Cell proportions, units, and observed agreement as one exact ratio (a sum of
    diagonal proportions can round to 1.0000000000000002)."""
    table, _ = pair_table(a, b, categories)
    total = float(table.sum())
    check_units(total)
    return table / total, int(round(total)), float(np.trace(table)) / total


def check_units(n: float) -> None:
    """Raise for no overlapping unit (n == 0) or fewer than two units."""
    if n <= 0:
        raise ReliabilityError(t("reliability.error.no_overlap"),
                               hint=t("reliability.hint.no_overlap"))
    if n < 2:
        raise ReliabilityError(t("reliability.error.few_units", n=_fmt(n)),
                               hint=t("reliability.hint.few_units"))


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def undefined(method: str, observed: float) -> UndefinedAgreementError:
    """The error for a coefficient left undefined by data without variation."""
    return UndefinedAgreementError(
        t("reliability.error.no_variation", method=t(f"reliability.method.{method}"),
          observed=f"{observed:.3f}"),
        observed=observed, hint=t("reliability.hint.no_variation"))


def chance_corrected(observed: float, expected: float, method: str, n_units: int,
                     n_coders: int = 2) -> Agreement:
    """(P_o - P_e) / (1 - P_e) as an :class:`Agreement`; undefined when P_e is 1."""
    if 1.0 - expected <= _EPS:
        raise undefined(method, observed)
    value = (observed - expected) / (1.0 - expected)
    return Agreement(value=float(value), method=method, n_units=n_units, n_coders=n_coders,
                     observed=float(observed), expected=float(expected))


def percent_agreement(a: Any, b: Any = None, *,
                      categories: Sequence[Any] | None = None) -> Agreement:
    """Share of units on which two coders agree (P_o).

    ``percent_agreement(labels_a, labels_b)`` or ``percent_agreement(table)``;
    units with a missing label are dropped. Returns a proportion in [0, 1].
    """
    _, n, observed = _proportions(a, b, categories)
    return Agreement(value=observed, method="percent_agreement", n_units=n, n_coders=2,
                     observed=observed)


def _weight_matrix(k: int, weights: Weights) -> np.ndarray:
    check_choice(weights, "weights", [None, "linear", "quadratic"])
    if weights is None or k < 2:
        return np.eye(k)
    i, j = np.indices((k, k))
    distance = np.abs(i - j) / (k - 1)
    return 1.0 - (distance if weights == "linear" else distance**2)


def cohen_kappa(a: Any, b: Any = None, *, weights: Weights = None,
                categories: Sequence[Any] | None = None) -> Agreement:
    """Cohen's kappa (1960) for two coders, optionally weighted (Cohen 1968).

    ``cohen_kappa(labels_a, labels_b)`` or ``cohen_kappa(table)``; a single argument is
    always read as a contingency table, so pass a 2-row coders x units matrix unpacked.

    Chance agreement uses each coder's own marginals. ``weights="linear"`` or
    ``"quadratic"`` give agreement weights 1 - |i-j|/(k-1) (or its square) over the
    category order: the order of ``categories``, of the table, or the sorted labels.
    """
    p, n, exact = _proportions(a, b, categories)
    w = _weight_matrix(p.shape[0], weights)
    observed = exact if weights is None else float((w * p).sum())
    expected = float((w * np.outer(p.sum(axis=1), p.sum(axis=0))).sum())
    method = "cohen_kappa" if weights is None else f"cohen_kappa_{weights}"
    return chance_corrected(observed, expected, method, n)


def scott_pi(a: Any, b: Any = None, *, categories: Sequence[Any] | None = None) -> Agreement:
    """Scott's pi (1955): chance agreement from the pooled marginals of both coders."""
    p, n, observed = _proportions(a, b, categories)
    pooled = (p.sum(axis=0) + p.sum(axis=1)) / 2.0
    return chance_corrected(observed, float((pooled**2).sum()), "scott_pi", n)


def bennett_s(a: Any, b: Any = None, *, categories: Sequence[Any] | None = None,
              n_categories: int | None = None) -> Agreement:
    """Bennett, Alpert & Goldstein's S (1954) = Brennan & Prediger's kappa (1981).

    Chance agreement is 1/k for k categories: ``n_categories`` if given, else the
    length of ``categories``, else the size of the table (for label sequences: the
    distinct labels the two coders used). MAXQDA reports this coefficient with k =
    the number of codes in its code-specific results table.
    """
    p, n, observed = _proportions(a, b, categories)
    k = n_categories if n_categories is not None else p.shape[0]
    if k < 1:
        raise ReliabilityError(t("reliability.error.choice", value=k, name="n_categories",
                                 choices=">= 1"))
    return chance_corrected(observed, 1.0 / k, "bennett_s", n)


def holsti(a: Iterable[Any], b: Iterable[Any]) -> Agreement:
    """Holsti's index 2A / (N1 + N2) for coders who set their own units.

    ``a`` and ``b`` are each coder's coding decisions as hashable items (for example
    ``(source_id, start, end, code_id)`` tuples); A counts the decisions both made
    (multiset intersection). ``n_units`` is N1 + N2. On identical units it equals
    percent agreement.
    """
    count_a, count_b = Counter(a), Counter(b)
    n1, n2 = sum(count_a.values()), sum(count_b.values())
    if n1 == 0 or n2 == 0:
        raise ReliabilityError(t("reliability.error.no_overlap"),
                               hint=t("reliability.hint.no_overlap"))
    both = sum((count_a & count_b).values())
    value = 2.0 * both / (n1 + n2)
    return Agreement(value=value, method="holsti", n_units=n1 + n2, n_coders=2,
                     observed=value)
