"""Literal anchors of regular expressions: a fast pre-filter for regex rules.

Running every rule regex over every text is the slow part of auto-coding (Python's
``re`` tries each pattern at each position). Most rule regexes require some literal
word piece (``\\bregistr\\w*`` needs ``registr``). :func:`anchors` finds such pieces;
:class:`AnchorIndex` maps each token form to the regexes whose anchors it contains, so
a regex runs only over texts holding one of its anchors. Regexes without a usable
anchor always run. The filter never changes results, only skips futile searches: texts
and anchors are compared in :func:`fold`ed form, which equates what ``re.IGNORECASE``
equates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

_MIN_ANCHOR = 2
_ALNUM_PIECE = re.compile(r"[^\W_]+")


def _fold_table() -> dict[int, int | None]:
    """Characters ``re.IGNORECASE`` equates with another lower-case one besides their
    ``str.lower()`` (long s and s, dotless i and i, micro sign and mu, ...), each mapped to
    one of its class; the combining dot that ``str.lower()`` adds to a dotted capital I
    (``re`` equates that I with a plain i) is dropped."""
    try:
        from re._casefix import _EXTRA_CASES  # the table re itself uses (Python >= 3.11)
    except ImportError:  # pragma: no cover - older Pythons
        _EXTRA_CASES = {0x69: (0x131,), 0x73: (0x17F,), 0xB5: (0x3BC,)}
    table: dict[int, int | None] = {0x307: None}
    for code, others in _EXTRA_CASES.items():
        group = {code, *others}
        first = min(group)
        table.update((other, first) for other in group if other != first)
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``text`` in the form anchors are compared in: lower case, with the characters
    ``re.IGNORECASE`` treats as equal made equal ("Kaſus" and "KASUS" both give
    "kasus"). Dropping a combining dot can only add anchor hits, never lose one."""
    lower = text.lower()
    return lower if lower.isascii() else lower.translate(_FOLD)


def _pieces(literal: str) -> list[str]:
    return _ALNUM_PIECE.findall(fold(literal))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.id.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective option: no common function words, long anchors, few of them."""
    usable = [o for o in options if o and min(len(a) for a in o) >= _MIN_ANCHOR]
    if not usable:
        return None
    stop = _stop_words()
    return max(usable, key=lambda o: (not (o & stop), min(len(a) for a in o), -len(o),
                                      sorted(o)))


def _sequence(items: Sequence[Any]) -> frozenset[str] | None:
    """Anchors one of which every match of the item sequence must contain."""
    return _best(_options(items))


def _options(items: Sequence[Any]) -> list[frozenset[str]]:
    """Sets of anchors of the item sequence: every match contains one of each set."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            pieces = _pieces("".join(run))
            if pieces:
                options.append(frozenset([max(pieces, key=len)]))
            run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
            low, _high, sub = arg
            if low >= 1:
                inner = _sequence(list(sub))
                flush()
                if inner:
                    options.append(inner)
                continue
        elif op is _c.SUBPATTERN:
            flush()
            inner = _sequence(list(arg[-1]))
            if inner:
                options.append(inner)
            continue
        elif op is _c.BRANCH:
            joined = _joined("".join(run), arg[1])
            flush()
            if joined:
                options.append(joined)
            branches = [_sequence(list(b)) for b in arg[1]]
            if all(branches):
                options.append(frozenset().union(*branches))  # type: ignore[arg-type]
            continue
        elif op is _c.AT:  # \b, ^, $ do not consume text
            continue
        flush()
    flush()
    return options


def _joined(run: str, alternatives: Sequence[Any]) -> frozenset[str] | None:
    """Anchors of a literal ``run`` followed by a branch: per alternative, the longest
    piece of the run and the alternative's leading literal read together. ``re`` parses
    ``dinas|dinsos`` as ``din`` then a branch; this gives ``dinas``, ``dinsos``."""
    if not run:
        return None
    found = set()
    for alternative in alternatives:
        lead = []
        for op, arg in alternative:
            if op is not _c.LITERAL:
                break
            lead.append(chr(arg))
        pieces = _pieces(run + "".join(lead))
        if not pieces:
            return None
        found.add(max(pieces, key=len))
    return frozenset(found)


def anchors(pattern: str) -> frozenset[str] | None:
    """Folded word pieces one of which every match of ``pattern`` contains, or None.

    >>> sorted(anchors(r"\\b(dirujuk|rujukan)\\s+(dari|oleh)\\b"))
    ['dirujuk', 'rujukan']
    """
    try:
        parsed = _sre.parse(pattern)
    except re.error:
        return None
    return _sequence(list(parsed.data))


def required_anchors(pattern: str) -> list[frozenset[str]]:
    """Every set of anchors of ``pattern`` (folded word pieces): each match contains
    a member of each set. Empty when unknown.

    >>> sorted(map(sorted, required_anchors(r"\\bsaya\\s+(sendiri\\s+)?yang\\b")))
    [['saya'], ['yang']]
    """
    try:
        parsed = _sre.parse(pattern)
    except re.error:
        return []
    return [o for o in _options(list(parsed.data))
            if o and min(len(a) for a in o) >= _MIN_ANCHOR]


def literal_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A regex finding any of ``words`` literally (never matching when there are none).

    Built as a trie (``ab|ac`` -> ``a(?:b|c)``), so ``re`` follows one branch per
    character instead of trying every word at every position; a word extending another
    is dropped (finding the shorter one is enough to know that one occurs).
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(build(trie) if trie else "(?!)")


class AnchorIndex:
    """Which regexes (by index) may match text containing a given token form."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.always: tuple[int, ...] = ()
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        always = []
        for index, pattern in enumerate(patterns):
            found = anchors(pattern)
            if not found:
                always.append(index)
                continue
            for anchor in found:
                self._by_prefix.setdefault(anchor[:2], []).append((anchor, index))
        self.always = tuple(always)
        self._cache: dict[str, tuple[int, ...]] = {}
        self._finder = literal_pattern(a for group in self._by_prefix.values() for a, _ in group)

    def occurs_in(self, form: str) -> bool:
        """Whether some anchor occurs in ``form`` (:func:`fold`ed), i.e. :meth:`for_form` is
        not empty; faster."""
        return self._finder.search(form) is not None

    def for_form(self, form: str) -> tuple[int, ...]:
        """Indices of anchored regexes whose anchor occurs in ``form`` (:func:`fold`ed)."""
        hit = self._cache.get(form)
        if hit is None:
            found = set()
            by_prefix = self._by_prefix
            for pos in range(len(form) - 1):
                for anchor, index in by_prefix.get(form[pos:pos + 2], ()):
                    if form.startswith(anchor, pos):
                        found.add(index)
            hit = self._cache[form] = tuple(sorted(found))
        return hit


def split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` branches of ``pattern`` (the pattern itself if it has none).

    A unit holds a match of ``a|b`` exactly when it holds a match of ``a`` or of ``b``,
    so branches can be searched separately. Inline global flags keep the pattern whole.
    """
    if pattern.startswith("(?") and pattern[2:3].isalpha():
        return [pattern]
    branches, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches if all(branches) else [pattern]


_SAFE_CATEGORIES = {_c.CATEGORY_WORD, _c.CATEGORY_DIGIT, _c.CATEGORY_NOT_SPACE}
_SAFE_AT = {_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY}


def _no_space(items: Sequence[Any]) -> bool:
    for op, arg in items:
        if op is _c.LITERAL:
            if chr(arg).isspace():
                return False
        elif op is _c.IN:
            for kind, value in arg:
                if kind is _c.NEGATE or (kind is _c.CATEGORY and value not in _SAFE_CATEGORIES):
                    return False
                if kind is _c.LITERAL and chr(value).isspace():
                    return False
                if kind is _c.RANGE and any(chr(c).isspace()
                                            for c in range(value[0], value[1] + 1)):
                    return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if not _no_space(list(arg[2])):
                return False
        elif op is _c.SUBPATTERN:
            if not _no_space(list(arg[-1])):
                return False
        elif op is _c.BRANCH:
            if not all(_no_space(list(b)) for b in arg[1]):
                return False
        elif op is _c.AT:
            if arg not in _SAFE_AT:
                return False
        else:  # ANY, NOT_LITERAL, lookarounds, group references, conditionals...
            return False
    return True


def within_words(pattern: str) -> bool:
    """True if no match of ``pattern`` can contain whitespace or look past it.

    Such a pattern matches inside one whitespace-free chunk of text, and its matches in
    a chunk do not depend on the text around the chunk (``\\b`` sees whitespace or the
    text edge either way), so results can be cached per chunk string.
    """
    try:
        parsed = _sre.parse(pattern)
    except re.error:
        return False
    return _no_space(list(parsed.data))
