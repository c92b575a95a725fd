"""Result types of the reliability coefficients: small frozen dataclasses.

Every coefficient returns an :class:`Agreement` (unitizing alpha a
:class:`UnitizingAgreement`, which adds the per-category results). ``float(result)``
gives the coefficient, so results drop straight into pandas and arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import ReliabilityError
from ..i18n import t


@dataclass(frozen=True)
class Agreement:
    """One agreement coefficient computed on one set of data.

    ``value`` is the coefficient, ``method`` its stable key (``"cohen_kappa"``,
    ``"krippendorff_alpha_nominal"``, ``"u_alpha"`` ...; :meth:`label` gives its name in
    the report language), ``n_units`` the units it rests on (pairable units; characters
    of the continuum for character-level and unitizing measures; coding decisions for
    Holsti), ``n_coders`` the coders compared.

    ``observed`` and ``expected`` are the two terms of the coefficient where the
    method defines them: for the kappa family (percent agreement, kappa, pi, S) they
    are *agreement* proportions P_o and P_e, value = (P_o - P_e) / (1 - P_e); for the
    alpha family (unitizing alpha) they are *disagreements* D_o and D_e,
    value = 1 - D_o / D_e. ``None`` where the method does not expose them.
    ``category`` names the code/category for per-category results.
    """

    value: float
    method: str
    n_units: int
    n_coders: int
    observed: float | None = None
    expected: float | None = None
    category: str | None = None

    def __float__(self) -> float:
        return float(self.value)

    def label(self, lang: str | None = None) -> str:
        """The method's name in ``lang`` (default: the current language)."""
        return t(f"reliability.method.{self.method}", lang)


@dataclass(frozen=True)
class UnitizingAgreement(Agreement):
    """Krippendorff's unitizing alpha over all categories, with per-category results.

    ``value`` is the overall ("micro") alpha 1 - mean_c(D_o) / mean_c(D_e);
    ``observed``/``expected`` are mean_c(D_o) and mean_c(D_e); ``macro`` is the mean
    of the per-category alphas; ``per_category`` holds one :class:`Agreement` per
    category (sorted by category) with that category's D_o, D_e and alpha.
    """

    macro: float = 0.0
    per_category: tuple[Agreement, ...] = field(default_factory=tuple)

    @property
    def by_category(self) -> Mapping[str, Agreement]:
        """The per-category results keyed by category."""
        return {str(a.category): a for a in self.per_category}

    def for_category(self, category: object) -> Agreement:
        """The result of one category; :class:`ReliabilityError` if it is absent."""
        found = self.by_category.get(str(category))
        if found is None:
            raise ReliabilityError(t("reliability.error.unknown_category", category=category,
                                     categories=", ".join(self.by_category) or "-"))
        return found
