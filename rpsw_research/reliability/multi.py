"""Coefficients for any number of coders on a coders x units matrix.

Rows are coders, columns units, ``None``/``NaN`` a missing rating (see
:mod:`.inputs`). A unit counts when at least two coders rated it ("pairable");
the degenerate-data rules of :mod:`.coefficients` apply: fewer than two coders,
no pairable unit or fewer than two raise :class:`ReliabilityError`; no variation
among the pairable values raises :class:`UndefinedAgreementError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import krippendorff
import numpy as np

from ..errors import ReliabilityError
from ..i18n import t
from .coefficients import chance_corrected, check_units, undefined
from .inputs import check_choice, coder_unit_matrix, ordered_labels
from .result import Agreement

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


def _pairable(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Keep the pairable columns; check coders and units; return them and n coders."""
    present = np.vectorize(lambda v: v is not None, otypes=[bool])(values)
    n_coders = int(present.any(axis=1).sum()) if values.size else 0
    if n_coders < 2:
        raise ReliabilityError(t("reliability.error.one_coder", n=n_coders),
                               hint=t("reliability.hint.one_coder"))
    keep = present.sum(axis=0) >= 2
    check_units(int(keep.sum()))
    return values[:, keep], n_coders


def value_counts(data: Any, categories: Sequence[Any] | None = None
                 ) -> tuple[np.ndarray, list[Any], int]:
    """Units x categories counts of the pairable units, the category labels, n coders."""
    values, _ = coder_unit_matrix(data)
    values, n_coders = _pairable(values)
    seen = [v for v in values.ravel() if v is not None]
    labels = list(categories) if categories is not None else ordered_labels(seen)
    index = {label: i for i, label in enumerate(labels)}
    counts = np.zeros((values.shape[1], len(labels)))
    for (_, unit), value in np.ndenumerate(values):
        if value is not None:
            if value not in index:
                raise ReliabilityError(t("reliability.error.unknown_label", label=value,
                                         categories=", ".join(map(str, labels))))
            counts[unit, index[value]] += 1
    return counts, labels, n_coders


def fleiss_kappa(data: Any = None, *, counts: Any = None) -> Agreement:
    """Fleiss' kappa (1971) for any number of coders, nominal categories.

    Give a coders x units matrix ``data`` or ``counts``, a units x categories table
    of how many coders put each unit in each category (Fleiss' own layout). Units
    may have different numbers of ratings (missing values): each unit's agreement
    is taken over its own n_i >= 2 ratings, category shares over all ratings; with a
    constant number of coders this is exactly Fleiss' formula. With two coders it
    equals Scott's pi.
    """
    if counts is not None:
        table = np.asarray(counts, dtype=float)
        if table.ndim != 2 or not np.all(np.isfinite(table)) or np.any(table < 0):
            raise ReliabilityError(t("reliability.error.table_values"))
        n_coders = int(table.sum(axis=1).max()) if table.size else 0
        if n_coders < 2:
            raise ReliabilityError(t("reliability.error.one_coder", n=n_coders),
                                   hint=t("reliability.hint.one_coder"))
        table = table[table.sum(axis=1) >= 2]
        check_units(table.shape[0])
    else:
        table, _, n_coders = value_counts(data)
    n_i = table.sum(axis=1)
    per_unit = ((table**2).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    shares = table.sum(axis=0) / n_i.sum()
    return chance_corrected(float(per_unit.mean()), float((shares**2).sum()),
                            "fleiss_kappa", table.shape[0], n_coders)


def pairwise_agreement(data: Any) -> Agreement:
    """Percent agreement for any number of coders: mean share of agreeing coder pairs.

    For each pairable unit, the share of its coder pairs that gave the same label;
    averaged over units (each unit weighs the same). With two coders this is plain
    percent agreement over the units both coded.
    """
    table, _, n_coders = value_counts(data)
    n_i = table.sum(axis=1)
    per_unit = ((table**2).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    observed = float(per_unit.mean())
    return Agreement(value=observed, method="percent_agreement", n_units=table.shape[0],
                     n_coders=n_coders, observed=observed)


def _numeric(values: np.ndarray, level: str, categories: Sequence[Any] | None) -> np.ndarray:
    out = np.full(values.shape, np.nan)
    if level == "nominal" or categories is not None:
        labels = (list(categories) if categories is not None
                  else ordered_labels(v for v in values.ravel() if v is not None))
        index = {label: float(i) for i, label in enumerate(labels)}
        for idx, value in np.ndenumerate(values):
            if value is None:
                continue
            if value not in index:
                raise ReliabilityError(t("reliability.error.unknown_label", label=value,
                                         categories=", ".join(map(str, labels))))
            out[idx] = index[value]
        return out
    for idx, value in np.ndenumerate(values):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise ReliabilityError(t("reliability.error.not_numeric", level=level, value=value),
                                   hint=t("reliability.hint.not_numeric"))
        out[idx] = float(value)
    return out


def krippendorff_alpha(data: Any, level: Level = "nominal", *,
                       categories: Sequence[Any] | None = None) -> Agreement:
    """Krippendorff's alpha for any number of coders, with missing values.

    ``data`` is a coders x units matrix; ``level`` the level of measurement
    (``"nominal"`` labels of any hashable type; ``"ordinal"``, ``"interval"`` and
    ``"ratio"`` need numbers). Computed by the ``krippendorff`` package on the
    pairable units. ``categories`` maps labels to their rank in the given order (e.g.
    ``["rendah", "sedang", "tinggi"]`` for ordinal text labels; interval/ratio then use
    the ranks 0, 1, 2 ...) and rejects labels outside it. ``n_units`` counts pairable
    units, ``n_coders`` coders with at least one rating. No variation in the pairable
    values (every rating equal) raises :class:`UndefinedAgreementError` (observed
    agreement 1.0).
    """
    check_choice(level, "level", LEVELS)
    values, _ = coder_unit_matrix(data)
    values, n_coders = _pairable(values)
    numeric = _numeric(values, level, categories)
    if np.unique(numeric[~np.isnan(numeric)]).size < 2:
        raise undefined(f"krippendorff_alpha_{level}", observed=1.0)
    value = krippendorff.alpha(reliability_data=numeric, level_of_measurement=level)
    return Agreement(value=float(value), method=f"krippendorff_alpha_{level}",
                     n_units=numeric.shape[1], n_coders=n_coders)
