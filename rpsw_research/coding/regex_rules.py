"""Regex rules searched fast: per-branch, anchored, cached per whitespace-free chunk.

Each rule regex is split into its top-level branches (:func:`split_alternatives`).
Branches that cannot match whitespace (:func:`within_words`) are run once per distinct
chunk of text (a maximal run without whitespace) and cached; the others are run over a
unit (sentence) only when one of its tokens holds a literal anchor of the branch
(:func:`anchors`) and the unit's text holds an anchor of each of the branch's
required literals (:func:`required_anchors`: ``saya`` and ``yang`` for
``\\bsaya\\s+yang``). A token-level pre-check (cached per lower-case form) skips the
chunks with no anchor at all. Results equal searching every regex over every unit,
except for the rare match that would need an anchor split across two tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import compress
from typing import Any

from .regex_prefilter import (
    AnchorIndex,
    anchors,
    fold,
    required_anchors,
    split_alternatives,
    within_words,
)

_CACHE_LIMIT = 500_000
# token attribute columns: the layout of ``rules.TOKEN_COLUMNS`` (which imports this module)
_LOWER, _SPACE, _TRAILING, _IDX, _LENGTH = 0, 1, 4, 5, 6


class RegexRules:
    """Compiled regex rules with their anchors and caches."""

    def __init__(self) -> None:
        self.branches: list[tuple[re.Pattern[str], Any, bool]] = []  # (branch, info, in-word)
        self._ready = False

    def __len__(self) -> int:
        return len(self.branches)

    def add(self, pattern: str, info: Any) -> None:
        """Add ``pattern`` (case-insensitive) reporting hits as ``info``; raises re.error."""
        re.compile(pattern, re.IGNORECASE)
        try:
            parts = [(b, re.compile(b, re.IGNORECASE)) for b in split_alternatives(pattern)]
        except re.error:  # a branch that only compiles inside the whole pattern
            parts = [(pattern, re.compile(pattern, re.IGNORECASE))]
        for branch, compiled in parts:
            self.branches.append((compiled, info, within_words(branch)))
        self._ready = False

    def prepare(self) -> None:
        """Build the anchor indexes (done on first search if not called; call it once
        rules are all added, before forking workers, so that they share it)."""
        if self._ready:
            return
        self._words = [i for i, b in enumerate(self.branches) if b[2]]
        self._multi = [i for i, b in enumerate(self.branches) if not b[2]]
        self._word_index = AnchorIndex([self.branches[i][0].pattern for i in self._words])
        self._multi_index = AnchorIndex([self.branches[i][0].pattern for i in self._multi])
        self._word_always = tuple(self._words[i] for i in self._word_index.always)
        self._multi_always = tuple(self._multi[i] for i in self._multi_index.always)
        # a multi-word branch runs on a unit only if the unit holds one anchor of each
        # set; the set it is indexed by (its anchors) holds already: the unit is wanted
        # for it. The sets of longer, rarer words are checked first.
        self._required: dict[int, tuple[tuple[str, ...], ...]] = {}
        for i in self._multi:
            pattern = self.branches[i][0].pattern
            sets = [a for a in required_anchors(pattern) if a != anchors(pattern)]
            sets.sort(key=lambda a: (-min(map(len, a)), len(a)))
            self._required[i] = tuple(tuple(sorted(a, key=len)) for a in sets)
        self._token_hot: dict[int, bool | tuple[int, ...]] = {}
        self._chunks: dict[str, tuple[tuple[tuple[int, int, int], ...], tuple[int, ...]]] = {}
        self._ready = True

    def _hot(self, lower: int, strings: Any) -> bool | tuple[int, ...]:
        """What the lower-case form ``lower`` (a hash) holds, cached: True an anchor of an
        in-word branch (its chunk is searched), else the multi-word branches whose
        anchor it holds (empty: nothing)."""
        form = fold(strings[lower])
        hot: bool | tuple[int, ...] = True
        if not self._word_index.occurs_in(form):
            hot = (tuple(self._multi[i] for i in self._multi_index.for_form(form))
                   if self._multi_index.occurs_in(form) else ())
        self._token_hot[lower] = hot
        return hot

    def _chunk(self, chunk: str) -> tuple[tuple[tuple[int, int, int], ...], tuple[int, ...]]:
        lower = fold(chunk)
        candidates = {self._words[i] for i in self._word_index.for_form(lower)}
        candidates.update(self._word_always)
        matches = []
        for index in sorted(candidates):
            for m in self.branches[index][0].finditer(chunk):
                if m.end() > m.start():
                    matches.append((index, m.start(), m.end()))
        multi = tuple(self._multi[i] for i in self._multi_index.for_form(lower))
        if len(self._chunks) > _CACHE_LIMIT:
            self._chunks.clear()
        value = self._chunks[chunk] = (tuple(matches), multi)
        return value

    def hits(self, text: str, cols: Sequence[list[int]], strings: Any,
             bounds: list[tuple[int, int, int, int]]) -> list[tuple[int, int, Any]]:
        """``(token_start, token_end, info)`` of regex hits in one doc.

        ``text`` is the doc text, ``cols`` one list per attribute ``LOWER, IS_SPACE,
        IS_TITLE, IS_UPPER, SPACY, IDX, LENGTH`` with one value per token (as
        ``doc.to_array(...).T.tolist()`` gives them), ``bounds`` the doc's units as from
        ``sentence_bounds``.
        """
        if not self._ready:
            self.prepare()
        lower = cols[_LOWER]
        n = len(lower)
        if not n or not self.branches:
            return []
        space, trailing, starts, length = cols[_SPACE], cols[_TRAILING], cols[_IDX], cols[_LENGTH]
        hot_cache = self._token_hot
        flags = list(map(hot_cache.get, lower))
        fill_missing(flags, lower, lambda key: self._hot(key, strings))
        if self._word_always:
            hot = [i for i in range(n) if not space[i]]
        else:
            hot = list(compress(range(n), flags))
        if not hot and not self._multi_always:
            return []
        result: list[tuple[int, int, Any]] = []
        multi_at: list[tuple[int, tuple[int, ...]]] = []
        done = -1
        chunks_only = bool(self._word_always)  # every chunk searched: no shortcut
        for i in hot:
            flag = flags[i]
            if flag is not True and not chunks_only:  # only multi-word anchors: the token
                multi_at.append((i, flag))  # is enough, no chunk to search
                continue
            if i <= done:
                continue
            first = i
            while first > 0 and not space[first - 1] and not trailing[first - 1]:
                first -= 1
            last = i
            while not trailing[last] and last + 1 < n and not space[last + 1]:
                last += 1
            done = last
            begin = starts[first]
            chunk = text[begin:starts[last] + length[last]]
            matches, multi = self._chunks.get(chunk) or self._chunk(chunk)
            for index, rel_start, rel_end in matches:
                s = bisect_right(starts, begin + rel_start) - 1
                e = max(bisect_right(starts, begin + rel_end - 1), s + 1)
                result.append((s, e, self.branches[index][1]))
            if multi:
                multi_at.append((first, multi))
        if multi_at or self._multi_always:
            self._multi_hits(text, starts, bounds, multi_at, result)
        return result

    def _multi_hits(self, text: str, starts: list[int], bounds: list[tuple[int, int, int, int]],
                    multi_at: list[tuple[int, tuple[int, ...]]],
                    result: list[tuple[int, int, Any]]) -> None:
        wanted: dict[int, set[int]] = {}
        if self._multi_always:
            wanted = {u: set(self._multi_always) for u in range(len(bounds))}
        firsts = [b[0] for b in bounds]
        for token, multi in multi_at:
            u = bisect_right(firsts, token) - 1  # the last unit starting at or before it
            if u >= 0 and token < bounds[u][1]:
                if u in wanted:
                    wanted[u].update(multi)
                else:
                    wanted[u] = set(multi)
        branches, required = self.branches, self._required
        for u, indices in wanted.items():
            _, _, char_start, char_end = bounds[u]
            lower = fold(text[char_start:char_end])
            for index in indices:
                if not _holds_all(lower, required[index]):
                    continue
                pattern, info, _ = branches[index]
                for m in pattern.finditer(text, char_start, char_end):
                    m_start, m_end = m.span()
                    if m_end > m_start:
                        s = max(bisect_right(starts, m_start) - 1, 0)
                        e = max(bisect_right(starts, m_end - 1), s + 1)
                        result.append((s, e, info))


def fill_missing(values: list[Any], keys: Sequence[int], compute: Callable[[int], Any]) -> None:
    """Replace each None in ``values`` (looked up in a cache) by ``compute`` of its key."""
    i = -1
    for _ in range(values.count(None)):
        i = values.index(None, i + 1)
        values[i] = compute(keys[i])


def _holds_all(text: str, required: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``text`` holds one anchor of each set of ``required``."""
    for options in required:
        for anchor in options:
            if anchor in text:
                break
        else:
            return False
    return True
