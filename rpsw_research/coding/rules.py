"""A codebook's rules compiled into matchers: every rule hit in a spaCy doc.

Each code's :class:`~rpsw_research.codebook.model.Rule` is compiled once into spaCy
``PhraseMatcher`` s over the token attributes the rule names:

* ``keywords`` on NORM, the lower-cased form with informal forms normalised
  (``nggak dikasih`` matches the keyword ``tidak diberi`` and vice versa);
* ``lemmas`` through the inverse lemma table (``pemulangan`` -> ``pulang``);
* ``stems`` on the PySastrawi stem (``dipulangin`` -> ``pulang``);
* ``regex`` over the raw text, case-insensitive (:mod:`.regex_rules`).

What a hit means for a coding (units, roles, negation, stage context) is decided in
:mod:`.autocode`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from itertools import compress
from typing import Any, NamedTuple

import numpy
from spacy.attrs import IS_PUNCT, NORM
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..codebook.model import Code, Codebook
from ..codebook.rule import NEGATION_MODES
from ..errors import CodebookError, UnknownCodeError
from ..i18n import t
from ..nlp import get_nlp, stem
from ..nlp.sentences import COLUMNS as SENTENCE_COLUMNS
from ..nlp.sentences import columns
from .regex_prefilter import literal_pattern
from .regex_rules import RegexRules, fill_missing


class _Pattern(NamedTuple):
    """What a hit found: the index of its code and its rule label (a tuple, so hits
    ``(start, end, pattern)`` sort and dedupe as plain tuples)."""

    code: int
    label: str


_MAX_LEMMA_VARIANTS = 512
"""A multi-word lemma pattern with more inflected variants is matched on LEMMA instead."""


class CompiledRules:
    """The rules of a codebook (or a subset of codes) compiled into matchers.

    Keywords match on NORM (which is the lower-cased form with informal forms
    normalised, so it covers LOWER too). Lemma patterns are expanded through the
    inverse lemma table into NORM patterns (the same hits as lemmatising every token,
    at no per-token cost); stems match on Sastrawi stems cached per form.
    """

    def __init__(self, codebook: Codebook, codes: Iterable[str] | None = None) -> None:
        nlp = get_nlp()
        self.vocab = nlp.vocab
        selected = _select_codes(codebook, codes)
        wanted = {c.id for c in selected}
        # the other stages of a selected stage's process compete too (not reported), so
        # coding one stage gives the same result as coding all and keeping that stage
        processes = {c.parent for c in selected if c.stage is not None}
        selected += [c for c in codebook if c.id not in wanted and c.stage is not None
                     and c.parent in processes]
        self.codes: list[Code] = [c for c in selected if not c.rule.is_empty()]
        self.reported: list[bool] = [c.id in wanted for c in self.codes]
        # what a hit of each code needs: (speaker roles, negation, weight)
        self.conditions: list[tuple[Any, str, float]] = [
            (c.rule.allowed_roles(), c.rule.negation, c.rule.weight)
            for c in self.codes]
        first: dict[str | None, int] = {}
        for c in selected:  # every stage, a rule or not
            if c.stage is not None:
                first[c.parent] = min(first.get(c.parent, c.stage), c.stage)
        self.first_stages: set[int] = {  # the first stage of each process (the intake)
            i for i, c in enumerate(self.codes) if c.stage is not None
            and c.stage == first[c.parent]}  # (none when the intake has no rule)
        # stage codes form a process (one per parent); others are independent
        self.families: list[str | None] = [
            (c.parent or "") if c.stage is not None else None for c in self.codes]
        self._patterns: dict[int, list[_Pattern]] = {}
        self.norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")  # only for huge lemma patterns
        self.regex = RegexRules()
        self._stem_cache: dict[int, int] = {}
        self._titles: dict[str, dict[int, list[Any]]] = {}  # title -> stages (context.py)
        self._stem_cores: set[str] = set()
        self._stem_words: set[str] = set()  # the words of stem patterns
        # stem patterns as (word hashes, match key) by first word
        self._stem_patterns: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for index, code in enumerate(self.codes):
            self._compile(index, code)
        # finds a pattern root (see _stem_matches) in a form
        self._stem_core = literal_pattern(self._stem_cores)
        self.regex.prepare()  # part of compiling: workers forked later inherit it

    @property
    def needs_lemmas(self) -> bool:
        """Whether docs must be lemmatised (some lemma pattern has too many variants)."""
        return len(self.lemma) > 0

    def _key(self, index: int, label: str) -> str:
        key = f"{self.codes[index].id}|{label}"
        pattern = _Pattern(index, label)
        entries = self._patterns.setdefault(self.vocab.strings.add(key), [])
        if pattern not in entries:
            entries.append(pattern)
        return key

    def _compile(self, index: int, code: Code) -> None:
        nlp, rule = get_nlp(), code.rule
        if rule.negation not in NEGATION_MODES:
            raise CodebookError(t("autocode.negation.invalid", value=rule.negation, code=code.id),
                                hint=t("autocode.negation.hint"))
        for text in _clean(rule.keywords):
            self.norm.add(self._key(index, f"keyword:{text}"), [nlp.make_doc(text)])
        for text in _clean(rule.lemmas):
            self._add_lemma(index, text)
        for text in _clean(rule.stems):
            words = [stem(tok.norm_) for tok in nlp.make_doc(text) if not tok.is_space]
            self._stem_words.update(words)
            key = self.vocab.strings.add(self._key(index, f"stem:{text}"))
            sequence = tuple(self.vocab.strings.add(word) for word in words)
            self._stem_patterns.setdefault(sequence[0], []).append((sequence, key))
            for word in words:  # what a form must contain to have this root as its stem
                self._stem_cores.add(word)
                if word[:1] in "kpst" and len(word) > 3:
                    self._stem_cores.add(word[1:])  # nasal prefix: me+tulis -> menulis
        for text in _clean(rule.regex):
            try:
                self.regex.add(text, _Pattern(index, f"regex:{text}"))
            except re.error as exc:
                raise CodebookError(
                    t("autocode.regex.invalid", pattern=text, code=code.id, error=exc),
                    hint=t("autocode.regex.hint")) from exc

    def _add_lemma(self, index: int, text: str) -> None:
        nlp = get_nlp()
        key = self._key(index, f"lemma:{text}")
        pattern = nlp(text)
        lemmatizer = nlp.get_pipe("lemmatizer")
        variants = [lemmatizer.forms_of(tok.lemma_) for tok in pattern if not tok.is_space]
        if math.prod(len(v) for v in variants) > _MAX_LEMMA_VARIANTS:
            self.lemma.add(key, [pattern])
            return
        docs = []
        for combo in itertools.product(*variants):
            doc = Doc(nlp.vocab, words=["x"] * len(combo))
            doc.from_array([NORM], numpy.asarray(combo, dtype="uint64").reshape(-1, 1))
            docs.append(doc)
        self.norm.add(key, docs)

    def _stem_matches(self, norms: list[int]) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of the stem patterns whose stems the forms ``norms`` have.

        Sastrawi is slow, so only forms containing a pattern root (or the root without
        its first letter, for nasal prefixes) are stemmed: affixes are added around a
        root, so no other form can have a pattern root as its stem.
        """
        cache, patterns = self._stem_cache, self._stem_patterns
        stems = list(map(cache.get, norms))  # the stem if it is a pattern word, else 0
        fill_missing(stems, norms, self._stem_of)
        found = []
        for start in compress(range(len(stems)), map(patterns.__contains__, stems)):
            for sequence, key in patterns[stems[start]]:
                end = start + len(sequence)
                if tuple(stems[start:end]) == sequence:
                    found.append((key, start, end))
        return found

    def _stem_of(self, norm: int) -> int:
        """The stem of the form ``norm`` (a hash) if it is a pattern word, else 0; cached."""
        strings = self.vocab.strings
        form = strings[norm]
        root = stem(form) if self._stem_core.search(form) else None
        value = self._stem_cache[norm] = strings.add(root) if root in self._stem_words else 0
        return value

    def hits(self, doc: Doc, text: str | None = None,
             bounds: list[tuple[int, int, int, int]] | None = None,
             ) -> list[tuple[int, int, _Pattern]]:
        """``(token_start, token_end, pattern)`` of every rule hit in ``doc``, sorted.

        ``text`` is ``doc.text`` when the caller has it; ``bounds`` the units of the doc
        (:func:`~rpsw_research.nlp.sentence_bounds`), default the whole doc. Regexes
        search within one unit at a time (see :mod:`.regex_rules`).
        """
        return self._hits(doc, columns(doc, TOKEN_COLUMNS), text, bounds)

    def _hits(self, doc: Doc, cols: list[list[int]], text: str | None,
              bounds: list[tuple[int, int, int, int]] | None) -> list[tuple[int, int, _Pattern]]:
        patterns = self._patterns
        matches = [*self.norm(doc), *self.lemma(doc)] if len(self.lemma) else self.norm(doc)
        if self._stem_patterns:
            matches += self._stem_matches(cols[NORM_COLUMN])
        result = [(s, e, p) for k, s, e in matches for p in patterns[k]]
        if len(self.regex) and len(doc):
            text = doc.text if text is None else text
            result.extend(self.regex.hits(text, cols, self.vocab.strings,
                                          bounds or [(0, len(doc), 0, len(text))]))
        return sorted(set(result))


TOKEN_COLUMNS = [*SENTENCE_COLUMNS, NORM, IS_PUNCT]
"""LOWER, IS_SPACE, IS_TITLE, IS_UPPER, SPACY, IDX, LENGTH, NORM, IS_PUNCT."""
TITLE_COLUMN, NORM_COLUMN, PUNCT_COLUMN = 2, 7, 8


def _clean(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = str(value).strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _select_codes(codebook: Codebook, codes: Iterable[str] | None) -> list[Code]:
    if codes is None:
        return list(codebook)
    if isinstance(codes, str):
        codes = [codes]
    codes = list(dict.fromkeys(codes))
    selected = []
    for code_id in codes:
        if code_id not in codebook:
            raise UnknownCodeError(t("autocode.code.unknown", code=code_id),
                                   hint=t("autocode.code.hint"))
        selected.append(codebook[code_id])
    return selected
