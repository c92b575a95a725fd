"""Transcript-aware sentence segmentation.

Rules: ``.``, ``?``, ``!`` (and runs such as ``?!``) end a sentence, together with any
closing quotes or brackets after them; an ellipsis (``...``/``…``) ends one only when the
next word starts with a capital letter (trailing off mid-thought does not); abbreviations
are single tokens (see the tokenizer) and so never end a sentence; a blank line, or a
line break before a list bullet or before a form field line (``Kondisi fisik: ...``),
starts a new sentence. Turn and paragraph boundaries are
always sentence boundaries because each turn/paragraph is segmented as its own text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from spacy.attrs import IDX, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, LOWER, SENT_START, SPACY
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.vocab import Vocab

_TERMINAL = (".", "?", "!", "?!", "!?", "。", "？", "！")
_ELLIPSIS = ("...", "…", "....", "..", ". . .")
_CLOSERS = ('"', "'", "”", "’", ")", "]", "»", "*", "_")
_BULLETS = ("-", "*", "•", "–", "—", "·")


COLUMNS = (LOWER, IS_SPACE, IS_TITLE, IS_UPPER, SPACY, IDX, LENGTH)
"""Token attributes :func:`sentence_cuts` and :func:`bounds_from_cuts` read, in order
(as :func:`columns`: one list per attribute). The punctuation they look for is its own
lower case, so LOWER serves for ORTH (and is the one column of forms the rules need)."""


class _Vocabulary:
    def __init__(self, vocab: Vocab) -> None:
        for text in (*_TERMINAL, *_ELLIPSIS, *_CLOSERS, *_BULLETS):
            vocab.strings.add(text)
        self.terminal = {hash_string(t) for t in _TERMINAL}
        self.ellipsis = {hash_string(t) for t in _ELLIPSIS}
        self.after = self.terminal | self.ellipsis | {hash_string(t) for t in _CLOSERS}
        self.bullets = {hash_string(t) for t in _BULLETS}
        self.enders = frozenset(self.terminal | self.ellipsis)
        self.colon = vocab.strings.add(":")


def columns(doc: Doc, attrs: Sequence[int] = COLUMNS) -> list[list[int]]:
    """One list per attribute of ``attrs``, each with one value per token of ``doc``."""
    return doc.to_array(list(attrs)).T.tolist()


def sentence_cuts(doc: Doc, cols: Sequence[list[int]]) -> list[int]:
    """Token indices (> 0) where a new sentence starts.

    ``cols`` is ``columns(doc)`` (further columns may follow). Only sentence-final
    punctuation and whitespace tokens are examined closely.
    """
    n = len(doc)
    if n < 2:
        return []
    words = _vocabulary(doc.vocab)
    forms, space, title, upper, trailing = cols[:5]
    enders = words.enders
    visit = [i for i in range(n) if space[i] or forms[i] in enders]
    cuts: list[int] = []
    skip_to = -1
    for i in visit:
        if i < skip_to:
            continue
        if space[i]:  # whitespace token: a blank line, or a line break before a bullet
            text = doc[i].text
            if "\n" not in text:
                continue
            k = i + 1
            while k < n and space[k]:
                k += 1
            if k < n and (text.count("\n") > 1 or forms[k] in words.bullets
                          or _field_line(cols, k, words.colon)):
                cuts.append(k)
            skip_to = k
            continue
        j = i + 1
        while j < n and forms[j] in words.after and not trailing[j - 1]:
            j += 1
        k = j
        while k < n and space[k]:
            k += 1
        if k < n and (forms[i] in words.terminal or title[k] or upper[k]):
            cuts.append(k)
        skip_to = j
    return sorted(set(cuts))


def _field_line(cols: Sequence[list[int]], k: int, colon: int) -> bool:
    """A line opening with a short capitalised label and a colon (``Kondisi fisik: ...``),
    as in forms and reports: such a line is a unit of its own."""
    forms, space, title = cols[:3]
    if not title[k]:
        return False
    for i in range(k + 1, min(k + 5, len(forms))):
        if forms[i] == colon:
            return True
        if space[i]:  # whitespace token: the label ended without a colon
            return False
    return False


def bounds_from_cuts(cuts: list[int], cols: Sequence[list[int]],
                     ) -> list[tuple[int, int, int, int]]:
    """Sentence bounds (see :func:`sentence_bounds`) from cut points and ``columns(doc)``."""
    space, idx, length = cols[1], cols[5], cols[6]
    n = len(space)
    if n == 0:
        return []
    bounds: list[tuple[int, int, int, int]] = []
    for first, end in zip([0, *cuts], [*cuts, n]):
        lo, hi = first, end - 1
        while lo <= hi and space[lo]:
            lo += 1
        while hi >= lo and space[hi]:
            hi -= 1
        if lo <= hi:
            bounds.append((first, end, idx[lo], idx[hi] + length[hi]))
    return bounds


_VOCABS: dict[int, _Vocabulary] = {}


def _vocabulary(vocab: Vocab) -> _Vocabulary:
    words = _VOCABS.get(id(vocab))
    if words is None:
        words = _VOCABS[id(vocab)] = _Vocabulary(vocab)
    return words


class TranscriptSentencizer:
    """A spaCy component setting ``is_sent_start`` by the rules in the module docstring."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        _vocabulary(vocab)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        starts = numpy.full(n, -1, dtype="int64")
        starts[0] = 1
        cuts = sentence_cuts(doc, columns(doc))
        if cuts:
            starts[cuts] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """``(token_start, token_end, char_start, char_end)`` of each non-blank sentence.

    Character offsets are relative to the doc text and trimmed of surrounding whitespace.
    A doc without sentence annotation is one sentence. Array-based (no Token objects).
    """
    n = len(doc)
    if n == 0:
        return []
    cols = columns(doc)
    if not doc.has_annotation("SENT_START"):
        return bounds_from_cuts([], cols)
    starts = doc.to_array([SENT_START]).astype("int64")
    cuts = [i for i in numpy.flatnonzero(starts == 1).tolist() if i > 0]
    return bounds_from_cuts(cuts, cols)
