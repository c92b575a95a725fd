"""Reading a coefficient for the report: Landis & Koch bands, Krippendorff's thresholds.

- ``"landis_koch"`` (Landis & Koch 1977, for kappa-type coefficients): < 0 poor,
  0.00-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate, 0.61-0.80 substantial,
  0.81-1.00 almost perfect (a band's upper bound belongs to it: 0.20 is slight).
- ``"krippendorff"`` (Krippendorff 2004, for alpha): alpha >= 0.800 reliable,
  0.667 <= alpha < 0.800 tentative conclusions only, below 0.667 unreliable.

Texts come from the i18n catalogue (Indonesian by default, English with ``lang="en"``).
"""

from __future__ import annotations

import math
from typing import Literal

from ..errors import ReliabilityError
from ..i18n import t
from .inputs import check_choice
from .result import Agreement

Scale = Literal["landis_koch", "krippendorff"]
SCALES: tuple[str, ...] = ("landis_koch", "krippendorff")
_LANDIS_KOCH = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"))


def band(value: float | Agreement, scale: Scale = "landis_koch") -> str:
    """The stable key of the band ``value`` falls in (``"moderate"``, ``"tentative"``...)."""
    check_choice(scale, "scale", SCALES)
    number = float(value)
    if not math.isfinite(number) or number > 1.0 + 1e-9:
        raise ReliabilityError(t("reliability.error.value", value=number))
    if scale == "krippendorff":
        if number >= 0.800:
            return "reliable"
        return "tentative" if number >= 0.667 else "unreliable"
    if number < 0.0:
        return "poor"
    for upper, name in _LANDIS_KOCH:
        if number <= upper:
            return name
    return "almost_perfect"


def interpret(value: float | Agreement, scale: Scale = "landis_koch",
              lang: str | None = None) -> str:
    """The band of ``value`` as report text, e.g. ``"sedang (0,41-0,60; Landis & Koch, 1977)"``."""
    return t(f"reliability.band.{scale}.{band(value, scale)}", lang)
