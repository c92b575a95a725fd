"""The Indonesian spaCy pipeline, built once per process.

``spacy.blank("id")`` plus:

* tokenizer special cases for Indonesian abbreviations (``dll.``, ``Bpk.``, ``Jl.``...),
  so that their period neither splits off nor ends a sentence;
* faster, exactly equivalent affix searches in the tokenizer (:mod:`.affixes`);
* NORM = lower-cased form with informal Jakarta forms normalised (``nggak`` -> ``tidak``,
  ``dikasih`` -> ``diberi``), see :mod:`.normalise`; offsets never change;
* a lookup lemmatizer (spacy-lookups-data ``lemma_lookup`` table, works offline) that
  looks up the normalised form, so ``Pelayanan`` and ``dipulangin`` get lemmas too;
* a transcript-aware sentence segmenter (:mod:`.sentences`);
* extensions ``Token._.norm`` (the normalised form) and ``Token._.stem`` (PySastrawi).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import LEMMA, NORM, ORTH
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from . import affixes
from .normalise import norm_form
from .sentences import TranscriptSentencizer
from .stem import stem

ABBREVIATIONS: tuple[str, ...] = (
    "dll.", "dsb.", "dst.", "dkk.", "dkk", "sbb.", "tsb.", "yth.", "a.n.", "u.p.", "s.d.",
    "u.b.", "d.a.", "dr.", "drs.", "dra.", "ir.", "prof.", "h.", "hj.", "ny.", "nn.",
    "tn.", "bpk.", "bp.", "sdr.", "sdri.", "no.", "jl.", "jln.", "gg.", "kec.", "kab.",
    "prov.", "tgl.", "hlm.", "thn.", "kg.", "rp.", "ps.", "mis.", "spt.", "krn.", "kpd.",
    "dg.", "dgn.", "tlp.", "telp.", "st.", "pt.", "cv.", "lk.", "th.", "sda.", "ybs.",
)
"""Abbreviations kept as one token (every capitalisation variant is registered).

Only forms that are not also ordinary words: ``ibu.``, ``bu.``, ``kota.``, ``hal.``,
``nomor.``, ``pasal.``, ``ayat.``, ``misal.``, ``ket.``, ``kel.``, ``hp.``, ``pr.``,
``rt.``, ``rw.`` end sentences in speech ("Saya kangen sama ibu. Dia ..."), so they are
left out: there a period ends the sentence."""


def _variants(abbr: str) -> set[str]:
    return {abbr, abbr.capitalize(), abbr.upper(), abbr[:1].upper() + abbr[1:]}


def _install_norms(nlp: Language) -> None:
    nlp.vocab.lex_attr_getters[NORM] = norm_form
    for lexeme in nlp.vocab:  # lexemes made while building the tokenizer
        lexeme.norm_ = norm_form(lexeme.orth_)


TOKENIZER = "rpsw_research.Tokenizer.v1"
"""The registered name of this package's tokenizer (see :func:`_tokenizer`)."""


@spacy.registry.tokenizers(TOKENIZER)
def _tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer for the language, built once, with the :data:`ABBREVIATIONS` as
    special cases and exactly equivalent, faster affix searches (:mod:`.affixes`)."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        rules = dict(defaults.tokenizer_exceptions or {})
        for abbr in ABBREVIATIONS:
            rules.update((form, [{ORTH: form, NORM: abbr}]) for form in _variants(abbr))
        return Tokenizer(
            nlp.vocab, rules=rules,
            prefix_search=(affixes.prefix_search(compile_prefix_regex(defaults.prefixes))
                           if defaults.prefixes else None),
            suffix_search=(affixes.suffix_search(compile_suffix_regex(defaults.suffixes))
                           if defaults.suffixes else None),
            infix_finditer=(affixes.infix_finditer(compile_infix_regex(defaults.infixes))
                            if defaults.infixes else None),
            token_match=defaults.token_match, url_match=defaults.url_match)

    return make


class IndonesianLemmatizer(Lemmatizer):
    """Lookup lemmatizer over the *normalised* form, cached per form, array-based.

    The table is spaCy's ``lemma_lookup`` for Indonesian from spacy-lookups-data;
    forms missing from the table keep their normalised form as lemma.
    """

    def __init__(self, vocab: Any, model: Any, name: str = "lemmatizer", *,
                 mode: str = "lookup", overwrite: bool = True, scorer: Any = None) -> None:
        super().__init__(vocab, model, name, mode=mode, overwrite=overwrite)
        self._cache: dict[int, int] = {}

    def lookup_lemmatize(self, token: Token) -> list[str]:
        """Lemma of one token: table entry of its normalised form, else that form."""
        table = self.lookups.get_table("lemma_lookup", {})
        key = token.norm_
        return [table.get(key, key)]

    def _lemma_hash(self, norm: int) -> int:
        strings = self.vocab.strings
        form = strings[norm]
        value = self.lookups.get_table("lemma_lookup", {}).get(form, form)
        lemma = strings.add(value if isinstance(value, str) else form)
        self._cache[norm] = lemma
        return lemma

    def forms_of(self, lemma: str) -> tuple[int, ...]:
        """Hashes of every normalised form whose lemma is ``lemma`` (the inverse lookup).

        Matching a lemma is then matching the NORM against these forms, which gives the
        same hits as lemmatising every token, without lemmatising.
        """
        inverse = self._inverse()
        table = self.lookups.get_table("lemma_lookup", {})
        forms = set(inverse.get(lemma, ()))
        if table.get(lemma, lemma) == lemma:
            forms.add(self.vocab.strings.add(lemma))
        return tuple(sorted(forms))

    def _inverse(self) -> dict[str, list[int]]:
        if getattr(self, "_inverse_table", None) is None:
            inverse: dict[str, list[int]] = {}
            for key, value in self.lookups.get_table("lemma_lookup", {}).items():
                if isinstance(value, str):
                    inverse.setdefault(value, []).append(key)
            self._inverse_table = inverse
        return self._inverse_table

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        if len(doc) == 0:
            return doc
        cache, compute = self._cache, self._lemma_hash
        norms = doc.to_array(NORM).tolist()
        lemmas = [cache[n] if n in cache else compute(n) for n in norms]
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory(
    "rpsw_lemmatizer",
    default_config={"model": None, "mode": "lookup", "overwrite": True},
)
def _make_lemmatizer(nlp: Language, model: Any, name: str, mode: str,
                     overwrite: bool) -> IndonesianLemmatizer:
    return IndonesianLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)


@Language.factory("rpsw_sentences")
def _make_sentencizer(nlp: Language, name: str) -> TranscriptSentencizer:
    return TranscriptSentencizer(nlp.vocab)


def _token_stem(token: Token) -> str:
    return stem(token.norm_)


def _token_norm(token: Token) -> str:
    return token.norm_


def _register_extensions() -> None:
    extensions: dict[str, Callable[[Token], str]] = {"norm": _token_norm, "stem": _token_stem}
    for name, getter in extensions.items():
        if not Token.has_extension(name):
            Token.set_extension(name, getter=getter)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared Indonesian pipeline (built on first use, then reused).

    Components: tokenizer (with abbreviations), ``lemmatizer`` (lookup, on the
    normalised form), ``sentences`` (transcript-aware). ``Token._.norm`` and
    ``Token._.stem`` are available on every token.
    """
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    _install_norms(nlp)
    lemmatizer = nlp.add_pipe("rpsw_lemmatizer", name="lemmatizer")
    lemmatizer.initialize(nlp=nlp)  # loads the table from spacy-lookups-data, offline
    nlp.add_pipe("rpsw_sentences", name="sentences")
    _register_extensions()
    return nlp


def tokenizer() -> Callable[[str], Doc]:
    """The pipeline's tokenizer alone (tokens and NORMs, no lemmas or sentences)."""
    return get_nlp().make_doc
