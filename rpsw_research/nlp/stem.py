"""PySastrawi stems of Indonesian words, cached per lower-cased (normalised) form.

Sastrawi is slow (dictionary look-ups and affix rules in pure Python), so every form is
stemmed once per process. Sastrawi knows standard affixes only; for a colloquial Jakarta
form it cannot reduce (``dirapatin``, ``ngobrol``, ``nyiapin``, ``ngejawab``), the
standard shapes of the form are tried (suffix ``-in`` as ``-kan``/``-i``; nasal prefixes
``nge-``/``ng-``/``ny-``/``n-`` restored to the root's first letter) and the first one
that Sastrawi reduces to a dictionary root is taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def _is_root(word: str) -> bool:
    stemmer = _stemmer()
    dictionary = getattr(getattr(stemmer, "delegatedStemmer", stemmer), "dictionary", None)
    return bool(dictionary is not None and dictionary.contains(word))


def _suffix_variants(word: str) -> Iterator[str]:
    yield word
    for ending in ("nya", "lah"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            word = word[: -len(ending)]
            yield word
    if word.endswith("in") and len(word) > 5:
        base = word[:-2]
        yield from (base + "kan", base + "i", base)


def _prefix_variants(word: str) -> Iterator[str]:
    yield word
    if word.startswith("nge") and len(word) > 5:
        yield word[3:]
    if word.startswith("ny") and len(word) > 4:
        yield from ("s" + word[2:], "c" + word[2:])
    elif word.startswith("ng") and len(word) > 4:
        yield from (word[2:], "k" + word[2:])
    elif word.startswith("n") and len(word) > 4 and word[1] in "aeiou":
        yield "t" + word[1:]


def _colloquial(word: str) -> str | None:
    stemmer = _stemmer()
    for head in _prefix_variants(word):
        for form in _suffix_variants(head):
            if form == word:
                continue
            root = stemmer.stem(form)
            if root and _is_root(root) and (root != form or _is_root(form)):
                return root
    return None


_WITH_DIGIT = re.compile(r"[a-z0-9]*[0-9][a-z0-9]*")
"""A word of ASCII letters and digits with a digit: its own stem. Sastrawi's roots hold
no digits and its affixes are letters, so it would return such a word unchanged."""


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The Sastrawi stem of ``word`` (lower-cased); non-words come back lower-cased.

    >>> stem("dipulangkan"), stem("Pelayanan"), stem("dirapatin"), stem("ngobrol")
    ('pulang', 'layan', 'rapat', 'obrol')
    """
    lower = word.lower()
    if not any(ch.isalpha() for ch in lower) or _WITH_DIGIT.fullmatch(lower):
        return lower
    result = _stemmer().stem(lower)
    if (result == lower and lower.isalpha() and len(lower) > 4 and not _is_root(lower)):
        result = _colloquial(lower) or result
    return result or lower
