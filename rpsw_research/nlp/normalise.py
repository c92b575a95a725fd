"""Normalisation of informal (Jakarta, colloquial) Indonesian word forms.

The table lives in package data (``informal.yaml``) and is merged with spaCy's own
Indonesian ``lexeme_norm`` table from spacy-lookups-data. Normalisation only ever sets
the token's NORM attribute: source text and offsets are never changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import yaml

NEGATORS: frozenset[str] = frozenset({"tidak", "belum", "bukan", "jangan"})
"""Normalised forms that negate what follows (``nggak``/``gak``/``ga`` normalise to ``tidak``)."""


@lru_cache(maxsize=1)
def informal_table() -> Mapping[str, str]:
    """Informal form -> standard form: this package's table over spaCy's lexeme norms."""
    merged: dict[str, str] = {}
    try:  # spaCy's Indonesian norm exceptions (spacy-lookups-data, installed offline)
        from spacy.lookups import load_lookups

        table = load_lookups("id", ["lexeme_norm"]).get_table("lexeme_norm")
        for key, value in table.items():
            if isinstance(key, str) and isinstance(value, str):
                merged[key.lower()] = value.lower()
    except (ImportError, ValueError, KeyError):  # pragma: no cover - data package missing
        pass
    text = resources.files(__package__).joinpath("informal.yaml").read_text(encoding="utf-8")
    for group in (yaml.safe_load(text) or {}).values():
        for key, value in (group or {}).items():
            merged[str(key).lower()] = str(value).lower()
    return MappingProxyType(merged)


@lru_cache(maxsize=200_000)
def norm_form(word: str) -> str:
    """The normalised form of one word: lower-cased, informal forms replaced.

    >>> norm_form("Nggak"), norm_form("dikasih"), norm_form("Pelayanan")
    ('tidak', 'diberi', 'pelayanan')
    """
    lower = word.lower()
    return informal_table().get(lower, lower)


def normalise(text: str) -> str:
    """``text`` with every informal word replaced by its standard form (for display).

    Offsets into the result do not match the source; matching uses token NORMs instead.
    """
    from .pipeline import get_nlp

    doc = get_nlp().make_doc(text)
    return "".join(token.norm_ + token.whitespace_ if not token.is_space else token.text
                   for token in doc)
