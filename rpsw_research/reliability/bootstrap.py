"""Bootstrap confidence intervals for agreement coefficients (resampling units).

Units (columns of a coders x units matrix) are drawn with replacement, the
coefficient is recomputed on each resample, and the percentile interval of that
distribution is returned. A NumPy ``Generator`` seeded with ``seed`` drives the
draws, so the same data and seed give the same interval. Resamples on which the
coefficient is undefined (for example every drawn unit in one category) are left
out; ``n_valid`` reports how many remained (the size of the distribution).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ReliabilityError
from ..i18n import t
from .coefficients import Weights, cohen_kappa
from .inputs import coder_unit_matrix, is_missing, ordered_labels
from .multi import Level, krippendorff_alpha
from .result import Agreement

Statistic = Callable[[np.ndarray], "Agreement | float"]


@dataclass(frozen=True)
class BootstrapInterval:
    """A percentile bootstrap interval around ``estimate`` (the full-data value)."""

    estimate: float
    low: float
    high: float
    confidence: float
    n_resamples: int
    n_valid: int
    seed: int
    method: str

    @property
    def interval(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)


def bootstrap(data: Any, statistic: Statistic, *, n_resamples: int = 1000,
              confidence: float = 0.95, seed: int = 0, method: str | None = None
              ) -> BootstrapInterval:
    """Percentile bootstrap interval of ``statistic`` over the units of ``data``.

    ``data`` is a coders x units matrix; ``statistic`` takes such a matrix (an object
    array, ``None`` = missing) and returns an :class:`Agreement` or a float. A
    resample raising :class:`ReliabilityError` is skipped; if all are skipped the
    error is raised.
    """
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 1:
        raise ReliabilityError(t("reliability.error.resamples", value=n_resamples))
    if not 0.0 < confidence < 1.0:
        raise ReliabilityError(t("reliability.error.confidence", value=confidence))
    values, _ = coder_unit_matrix(data)
    full = statistic(values)
    estimate = float(full)
    rng = np.random.default_rng(seed)
    n_units = values.shape[1]
    draws = []
    for _ in range(n_resamples):
        columns = rng.integers(0, n_units, size=n_units)
        try:
            draws.append(float(statistic(values[:, columns])))
        except ReliabilityError:
            continue
    if not draws:
        raise ReliabilityError(t("reliability.error.bootstrap_empty", n=n_resamples))
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(np.asarray(draws), [tail, 1.0 - tail])
    name = method or (full.method if isinstance(full, Agreement) else "statistic")
    return BootstrapInterval(estimate=estimate, low=float(low), high=float(high),
                             confidence=confidence, n_resamples=n_resamples,
                             n_valid=len(draws), seed=seed, method=name)


def bootstrap_alpha(data: Any, level: Level = "nominal", *, n_resamples: int = 1000,
                    confidence: float = 0.95, seed: int = 0) -> BootstrapInterval:
    """Bootstrap interval of Krippendorff's alpha (coders x units ``data``)."""
    return bootstrap(data, lambda m: krippendorff_alpha(m, level), n_resamples=n_resamples,
                     confidence=confidence, seed=seed)


def bootstrap_kappa(a: Sequence[Any], b: Sequence[Any], *, weights: Weights = None,
                    n_resamples: int = 1000, confidence: float = 0.95,
                    seed: int = 0) -> BootstrapInterval:
    """Bootstrap interval of Cohen's kappa for two label sequences (one per coder).

    With weights, the category order is fixed from the full data for every resample.
    """
    seq_a, seq_b = list(a), list(b)
    if len(seq_a) != len(seq_b):
        raise ReliabilityError(t("reliability.error.length_mismatch", a=len(seq_a), b=len(seq_b)))
    categories = None
    if weights is not None:
        categories = ordered_labels(v for v in seq_a + seq_b if not is_missing(v))
    return bootstrap([seq_a, seq_b],
                     lambda m: cohen_kappa(m[0], m[1], weights=weights, categories=categories),
                     n_resamples=n_resamples, confidence=confidence, seed=seed)
