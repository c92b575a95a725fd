"""Transcript-aware sentence segmentation.

Rules: ``.``, ``?``, ``!`` (and runs such as ``?!``) end a sentence, together with any
closing quotes or brackets after them; an ellipsis (``...``/``…``) ends one only when the
next word starts with a capital letter (trailing off mid-thought does not); abbreviations
are single tokens (see the tokenizer) and so never end a sentence; a blank line, or a
line break before a list bullet, starts a new sentence. Turn and paragraph boundaries are
always sentence boundaries because each turn/paragraph is segmented as its own text.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, ORTH, SENT_START
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.vocab import Vocab

_TERMINAL = (".", "?", "!", "?!", "!?", "。", "？", "！")
_ELLIPSIS = ("...", "…", "....", "..", ". . .")
_CLOSERS = ('"', "'", "”", "’", ")", "]", "»", "*", "_")
_BULLETS = ("-", "*", "•", "–", "—", "·")


class TranscriptSentencizer:
    """A spaCy component setting ``is_sent_start`` by the rules in the module docstring."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        for text in (*_TERMINAL, *_ELLIPSIS, *_CLOSERS, *_BULLETS):
            vocab.strings.add(text)
        self._terminal = {hash_string(t) for t in _TERMINAL}
        self._ellipsis = {hash_string(t) for t in _ELLIPSIS}
        self._after = self._terminal | self._ellipsis | {hash_string(t) for t in _CLOSERS}
        self._bullets = {hash_string(t) for t in _BULLETS}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, IS_SPACE, IS_TITLE, IS_UPPER]).tolist()
        starts = [-1] * n
        starts[0] = 1
        terminal, ellipsis, after = self._terminal, self._ellipsis, self._after
        i = 0
        while i < n:
            orth, space = arr[i][0], arr[i][1]
            if orth in terminal or orth in ellipsis:
                j = i + 1
                while j < n and arr[j][0] in after and not doc[j - 1].whitespace_:
                    j += 1
                k = j
                while k < n and arr[k][1]:
                    k += 1
                if k < n and (orth in terminal or arr[k][2] or arr[k][3]):
                    starts[k] = 1
                i = j
                continue
            if space and "\n" in doc[i].text:
                k = i + 1
                while k < n and arr[k][1]:
                    k += 1
                if k < n and (doc[i].text.count("\n") > 1 or arr[k][0] in self._bullets):
                    starts[k] = 1
            i += 1
        values = numpy.asarray(starts, dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
        return doc


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """``(token_start, token_end, char_start, char_end)`` of each non-blank sentence.

    Character offsets are relative to the doc text and trimmed of surrounding whitespace.
    A doc without sentence annotation is one sentence. Array-based (no Token objects).
    """
    n = len(doc)
    if n == 0:
        return []
    rows = doc.to_array([SENT_START, IS_SPACE, IDX, LENGTH]).astype("int64").tolist()
    cuts = [i for i in range(1, n) if rows[i][0] == 1] if doc.has_annotation("SENT_START") else []
    bounds: list[tuple[int, int, int, int]] = []
    for first, end in zip([0, *cuts], [*cuts, n]):
        last = end - 1
        lo, hi = first, last
        while lo <= hi and rows[lo][1]:
            lo += 1
        while hi >= lo and rows[hi][1]:
            hi -= 1
        if lo > hi:
            continue
        bounds.append((first, end, rows[lo][2], rows[hi][2] + rows[hi][3]))
    return bounds
