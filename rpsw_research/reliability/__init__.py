"""Inter-coder reliability: coefficients on plain data, and agreement of a project's coders.

Pure functions over sequences, tables and matrices (see :mod:`.inputs` for the
accepted shapes and the adapters from tidy codings tables). Every coefficient
returns an :class:`Agreement` (``float(result)`` is the value).

On a project: :func:`compare` (per code and overall, by sentence, turn, paragraph,
document, character or span), :func:`unitizing`, :func:`disagreements` and
:func:`resolve` (see :mod:`.compare`).

>>> from rpsw_research.reliability import cohen_kappa
>>> round(cohen_kappa([[20, 5], [10, 15]]).value, 3)
0.4
"""

from __future__ import annotations

from .bootstrap import BootstrapInterval, bootstrap, bootstrap_alpha, bootstrap_kappa
from .coefficients import bennett_s, cohen_kappa, holsti, percent_agreement, scott_pi
from .compare import UNITS, compare
from .continuum import (
    CharacterCounts,
    character_counts,
    character_kappa,
    character_percent_agreement,
    qualcoder_kappa,
)
from .disagreements import CONSENSUS_CODER, disagreements, resolve
from .inputs import Span, presence_matrix, ratings_matrix, spans_from_codings
from .interpret import band, interpret
from .multi import LEVELS, fleiss_kappa, krippendorff_alpha, pairwise_agreement, value_counts
from .result import Agreement, UnitizingAgreement
from .scope import DEFAULT_STATUSES
from .spans import unitizing
from .unitizing import u_alpha

__all__ = [
    "Agreement", "UnitizingAgreement", "BootstrapInterval", "CharacterCounts", "Span",
    "LEVELS",
    "percent_agreement", "cohen_kappa", "scott_pi", "bennett_s", "holsti",
    "fleiss_kappa", "krippendorff_alpha", "pairwise_agreement", "value_counts",
    "u_alpha",
    "character_counts", "character_percent_agreement", "character_kappa", "qualcoder_kappa",
    "bootstrap", "bootstrap_alpha", "bootstrap_kappa",
    "band", "interpret",
    "ratings_matrix", "presence_matrix", "spans_from_codings",
    "compare", "unitizing", "disagreements", "resolve", "UNITS", "DEFAULT_STATUSES",
    "CONSENSUS_CODER",
]
