"""PySastrawi stems of Indonesian words, cached per lower-cased (normalised) form.

Sastrawi is slow (dictionary look-ups and affix rules in pure Python), so every form is
stemmed once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The Sastrawi stem of ``word`` (lower-cased); non-words come back lower-cased.

    >>> stem("dipulangkan"), stem("Pelayanan")
    ('pulang', 'layan')
    """
    lower = word.lower()
    if not any(ch.isalpha() for ch in lower):
        return lower
    result = _stemmer().stem(lower)
    return result or lower
