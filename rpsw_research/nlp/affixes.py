"""Faster, exactly equivalent affix searches for spaCy's tokenizer.

A spaCy tokenizer splits every whitespace-free chunk it has not cached with three
regexes: ``prefix_search``, ``suffix_search`` and ``infix_finditer``. For Indonesian
these are alternations of up to a few hundred branches, and ``re`` tries every branch at
every position of the chunk, so they are most of the cost of tokenising new word forms.
Every branch, though, consumes a character at a known place, and that character must
be one of a set the regex itself tells:

* a prefix starts at position 0 (almost every branch is anchored there with ``^``) and
  consumes the text's first character: :class:`PrefixSearch` tries, at position 0, only
  the branches that may start with that character, and further on only the unanchored
  branches;
* a suffix ends at the end of the text (every branch ends with ``$``) and consumes its
  last character: :class:`SuffixSearch` tries only the branches that may end with it;
* an infix starts with one of a few characters (a hyphen, a period, a symbol...):
  :class:`InfixFinditer` skips a text holding none of them, a plain word or number.

Each gives exactly the match(es) of the regex it replaces (the same spans, in the same
order): the branches it leaves out cannot match there, and the ones it tries keep their
order. A branch it cannot reason about (optional first character, lookarounds in odd
places...) is always tried, and a regex it cannot reason about (multi-line or verbose
flags, groups with flags of their own, backreferences, a possibly empty infix) is left
as it is. They keep the original compiled regex as ``__self__``, which is what spaCy
serialises (a tokenizer loaded with ``from_bytes`` gets the plain regexes back); pickled,
they are rebuilt from that regex.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

try:  # Python >= 3.11
    from re import _compiler as _sre_compile
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_START = (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
_END = (_c.AT_END, _c.AT_END_STRING)
_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT,
                               getattr(_c, "POSSESSIVE_REPEAT", None)) if op is not None)
_GROUP_REFS = tuple(op for op in (_c.GROUPREF, _c.GROUPREF_EXISTS,
                                  getattr(_c, "GROUPREF_IGNORE", None)) if op is not None)
_FAILED = (re.error, TypeError, ValueError, RecursionError)
_CACHE_LIMIT = 4096
"""Characters (and sets of branches) whose regex a search keeps compiled."""


def _children(op: Any, arg: Any) -> list[Any]:
    if op is _c.SUBPATTERN:
        return [arg[-1]]
    if op is _c.BRANCH:
        return list(arg[1])
    if op in _REPEATS:
        return [arg[2]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [arg[1]]
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return [arg]
    return []


def _plain(items: Any) -> bool:
    """No backreference or conditional in ``items`` (they depend on group numbers, which
    recompiling some branches of a regex must not disturb) and no group with flags of its
    own (``(?i:...)``, ``(?m:^)``: the edge tests below read a regex's global flags)."""
    for op, arg in items:
        if op in _GROUP_REFS or (op is _c.SUBPATTERN and (arg[1] or arg[2])):
            return False
        if not all(_plain(child) for child in _children(op, arg)):
            return False
    return True


def _parse(pattern: re.Pattern[str]) -> Any | None:
    """The parsed regex, or None if it is not one these searches can reason about."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.MULTILINE | re.VERBOSE):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except _FAILED:  # pragma: no cover - it compiled, so it parses
        return None
    return parsed if _plain(parsed) else None


def _branches(parsed: Any) -> list[Any]:
    """The top-level alternatives of a parsed regex (itself if it has none)."""
    data = list(parsed)
    if len(data) == 1 and data[0][0] is _c.BRANCH:
        return list(data[0][1][1])
    return [parsed]


def _compile(parsed: Any, branches: list[Any], flags: int) -> re.Pattern[str]:
    """Some ``branches`` of ``parsed``, in their order, as one regex (same group numbers)."""
    items = list(branches[0]) if len(branches) == 1 else [(_c.BRANCH, (None, branches))]
    return _sre_compile.compile(_sre_parse.SubPattern(parsed.state, items), flags)


def _one_of(parsed: Any, chars: list[Any], flags: int) -> re.Pattern[str]:
    """A regex matching one character that one of the items ``chars`` matches, each item
    compiled as the regex holds it (a ``LITERAL`` stays one: under IGNORECASE ``re``
    treats some characters differently in a class)."""
    return _compile(parsed, [_sre_parse.SubPattern(parsed.state, [item]) for item in chars],
                    flags)


def _anchored(items: list[Any]) -> bool:
    """Whether every match of ``items`` starts at the beginning of the text."""
    if not items:
        return False
    op, arg = items[0]
    if op is _c.AT:
        return arg in _START
    if op is _c.SUBPATTERN:
        return _anchored(list(arg[-1]))
    if op is _c.BRANCH:
        return all(_anchored(list(b)) for b in arg[1])
    return False


def _edge_chars(items: list[Any], last: bool) -> list[Any] | None:
    """The one-character items (``LITERAL`` or ``IN``, as the regex holds them) one of
    which matches the character a match of ``items`` starts with (or, with ``last``,
    ends with), zero-width assertions at that edge skipped; None when that cannot be
    told simply (an optional character, a negated class, any character...)."""
    for op, arg in (reversed(items) if last else items):
        if op in _ZERO_WIDTH:
            continue
        if op is _c.LITERAL:
            return [(op, arg)]
        if op is _c.IN:
            return None if any(kind is _c.NEGATE for kind, _ in arg) else [(op, arg)]
        if op is _c.SUBPATTERN:
            return _edge_chars(list(arg[-1]), last)
        if op is _c.BRANCH:
            found: list[Any] = []
            for branch in arg[1]:
                part = _edge_chars(list(branch), last)
                if part is None:
                    return None
                found += part
            return found
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and arg[0] >= 1:
            return _edge_chars(list(arg[2]), last)
        return None
    return None


def _ends_at_end(items: list[Any]) -> bool:
    """Whether every match of ``items`` ends at the end of the text (a final ``$``)."""
    for op, arg in reversed(items):
        if op is _c.AT:
            if arg in _END:
                return True
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        return False
    return False


class _ByChar:
    """The branches of a parsed regex that may consume a given character at one edge
    of their match, compiled per character on first use (in their original order)."""

    def __init__(self, pattern: re.Pattern[str], parsed: Any, branches: list[Any],
                 edges: list[list[Any] | None]) -> None:
        self._pattern, self._parsed, self._branches = pattern, parsed, branches
        # per branch: a one-character test of its edge (None: it is always tried)
        self._tests = [None if edge is None else _one_of(parsed, edge, pattern.flags).fullmatch
                       for edge in edges]
        self._groups: dict[str, re.Pattern[str] | None] = {}
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}  # per set of branches

    def group(self, char: str) -> re.Pattern[str] | None:
        """The regex of the branches that may consume ``char`` there (None: no branch)."""
        found = self._groups.get(char, self)
        if found is not self:
            return found  # type: ignore[return-value]
        chosen = tuple(i for i, test in enumerate(self._tests)
                       if test is None or test(char) is not None)
        found = self._compiled.get(chosen) if chosen else None
        if found is None and chosen:
            try:
                found = _compile(self._parsed, [self._branches[i] for i in chosen],
                                 self._pattern.flags)
            except _FAILED:  # pragma: no cover - a part sre cannot rebuild: all branches
                found = self._pattern
            if len(self._compiled) >= _CACHE_LIMIT:
                self._compiled.clear()
            self._compiled[chosen] = found
        if len(self._groups) >= _CACHE_LIMIT:  # bounded, whatever characters come
            self._groups.clear()
        self._groups[char] = found
        return found


class PrefixSearch:
    """``pattern.search`` for a prefix regex: at position 0 only the branches that may
    start with the text's first character, further on only the unanchored branches."""

    def __init__(self, pattern: re.Pattern[str], first: _ByChar,
                 rest: re.Pattern[str] | None) -> None:
        self.__self__ = pattern  # spaCy serialises ``prefix_search.__self__.pattern``
        self._search = pattern.search
        self._first = first
        self._rest = rest.search if rest is not None else None

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the regex it stands for
        return prefix_search, (self.__self__,)

    def __call__(self, string: str) -> re.Match[str] | None:
        if not string:
            return self._search(string)
        group = self._first.group(string[0])
        found = group.match(string) if group is not None else None
        if found is None and self._rest is not None:
            return self._rest(string, 1)
        return found


class SuffixSearch:
    """``pattern.search`` for a suffix regex (every branch ends with ``$``): only the
    branches that may end with the text's last character."""

    def __init__(self, pattern: re.Pattern[str], last: _ByChar) -> None:
        self.__self__ = pattern  # spaCy serialises ``suffix_search.__self__.pattern``
        self._search = pattern.search
        self._last = last

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the regex it stands for
        return suffix_search, (self.__self__,)

    def __call__(self, string: str) -> re.Match[str] | None:
        if not string or string[-1] == "\n":  # ``$`` also matches before a final newline
            return self._search(string)
        group = self._last.group(string[-1])
        return group.search(string) if group is not None else None


class InfixFinditer:
    """``pattern.finditer`` for an infix regex, skipping texts that hold no character an
    infix can start with."""

    def __init__(self, pattern: re.Pattern[str], first: re.Pattern[str]) -> None:
        self.__self__ = pattern  # spaCy serialises ``infix_finditer.__self__.pattern``
        self._finditer = pattern.finditer
        self._first = first.search

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the regex it stands for
        return infix_finditer, (self.__self__,)

    def __call__(self, string: str) -> Iterator[re.Match[str]]:
        if self._first(string) is None:
            return iter(())
        return self._finditer(string)


def prefix_search(pattern: re.Pattern[str]) -> Callable[[str], re.Match[str] | None]:
    """An exact, faster equivalent of ``pattern.search`` for a prefix regex (or that
    method itself)."""
    parsed = _parse(pattern)
    if parsed is None:
        return pattern.search
    branches = _branches(parsed)
    rest = [b for b in branches if not _anchored(list(b))]
    try:
        # a branch that may match the empty string is always tried (edge None)
        edges = [_edge_chars(list(b), last=False) if b.getwidth()[0] else None
                 for b in branches]
        first = _ByChar(pattern, parsed, branches, edges)
        compiled = _compile(parsed, rest, pattern.flags) if rest else None
    except _FAILED:  # pragma: no cover - a regex sre cannot rebuild
        return pattern.search
    return PrefixSearch(pattern, first, compiled)


def suffix_search(pattern: re.Pattern[str]) -> Callable[[str], re.Match[str] | None]:
    """An exact, faster equivalent of ``pattern.search`` for a suffix regex whose every
    branch ends with ``$`` (or that method itself)."""
    parsed = _parse(pattern)
    if parsed is None:
        return pattern.search
    branches = _branches(parsed)
    if not all(_ends_at_end(list(b)) for b in branches):
        return pattern.search
    try:
        edges = [_edge_chars(list(b), last=True) if b.getwidth()[0] else None
                 for b in branches]
        return SuffixSearch(pattern, _ByChar(pattern, parsed, branches, edges))
    except _FAILED:  # pragma: no cover - a regex sre cannot rebuild
        return pattern.search


def infix_finditer(pattern: re.Pattern[str]) -> Callable[[str], Iterator[re.Match[str]]]:
    """An exact, faster equivalent of ``pattern.finditer`` (or that method itself)."""
    parsed = _parse(pattern)
    if parsed is None or parsed.getwidth()[0] < 1:  # an empty match could be anywhere
        return pattern.finditer
    first = _edge_chars(list(parsed), last=False)
    if not first:
        return pattern.finditer
    try:
        compiled = _one_of(parsed, first, pattern.flags)
    except _FAILED:  # pragma: no cover - a regex sre cannot rebuild
        return pattern.finditer
    return InfixFinditer(pattern, compiled)
