"""Indonesian NLP on spaCy: tokens, normalised informal forms, lemmas, stems, sentences.

>>> from rpsw_research.nlp import get_nlp, sentences
>>> doc = get_nlp()("Saya nggak dikasih formulir.")  # doctest: +SKIP
>>> [(t.text, t.norm_, t.lemma_, t._.stem) for t in doc]  # doctest: +SKIP

The pipeline is built once per process (:func:`get_nlp`); long work streams through
``nlp.pipe`` (:func:`iter_span_docs`).
"""

from __future__ import annotations

from .normalise import NEGATORS, informal_table, norm_form, normalise
from .pipeline import ABBREVIATIONS, get_nlp, tokenizer
from .segment import (
    SEGMENTER_VERSION,
    UNITS,
    iter_span_docs,
    paragraph_spans,
    sentences,
    unit_spans,
    units,
)
from .sentences import TranscriptSentencizer, sentence_bounds
from .stem import stem

__all__ = [
    "ABBREVIATIONS", "NEGATORS", "SEGMENTER_VERSION", "UNITS", "TranscriptSentencizer", "get_nlp",
    "informal_table", "iter_span_docs", "norm_form", "normalise", "paragraph_spans",
    "sentence_bounds", "sentences", "stem", "tokenizer", "unit_spans", "units",
]
