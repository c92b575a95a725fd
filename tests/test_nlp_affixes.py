"""The tokenizer's faster affix searches give exactly spaCy's matches and tokens."""

from __future__ import annotations

import random
import re
import string

import pytest
import spacy
from spacy.attrs import NORM, ORTH
from spacy.tokenizer import Tokenizer

from rpsw_research.nlp import ABBREVIATIONS, get_nlp
from rpsw_research.nlp.affixes import (
    InfixFinditer,
    PrefixSearch,
    SuffixSearch,
    infix_finditer,
    prefix_search,
    suffix_search,
)
from rpsw_research.nlp.pipeline import _variants

TRICKY = [
    "", "pelayanan123", "dipulangkan,", "(kata", "rumah.", "anak-anak", "K10:", "Bu", '"Iya',
    "pulang?!", "kemarin…", "2014.", "dll.", "5km", "10%", "Rp5.000,-", "'s", "a.b.", "...",
    "x\n", "(", ")", "US$", "e-mail", "http://kemensos.go.id", "<a href=x>kata", "kata<ab>",
    "--kata", "«Iya»", "3-4", "1/2", "K7)", "[tertawa]", "Kak…", "sehari-hari.", "°C", "#5",
]


def _alphabet(*patterns: re.Pattern[str]) -> str:
    """Characters the regexes name, plus ordinary text, as material for random strings."""
    named = "".join(sorted(set("".join(p.pattern for p in patterns))))
    return named + string.ascii_letters + string.digits + string.punctuation + "…–—“”‘’ \n"


def _strings(alphabet: str, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [*TRICKY, *("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 14)))
                       for _ in range(count))]


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span()


@pytest.fixture(scope="module")
def spacy_regexes() -> dict[str, re.Pattern[str]]:
    tokenizer = spacy.blank("id").tokenizer
    return {"prefix": tokenizer.prefix_search.__self__,
            "suffix": tokenizer.suffix_search.__self__,
            "infix": tokenizer.infix_finditer.__self__}


def test_the_pipeline_uses_the_faster_searches():
    tokenizer = get_nlp().tokenizer
    assert isinstance(tokenizer.prefix_search, PrefixSearch)
    assert isinstance(tokenizer.suffix_search, SuffixSearch)
    assert isinstance(tokenizer.infix_finditer, InfixFinditer)


def test_same_matches_as_spacys_indonesian_regexes(spacy_regexes):
    prefix, suffix, infix = (spacy_regexes[k] for k in ("prefix", "suffix", "infix"))
    fast_prefix, fast_suffix, fast_infix = (prefix_search(prefix), suffix_search(suffix),
                                            infix_finditer(infix))
    assert isinstance(fast_prefix, PrefixSearch) and isinstance(fast_suffix, SuffixSearch)
    for text in _strings(_alphabet(prefix, suffix, infix), 30_000):
        assert _span(fast_prefix(text)) == _span(prefix.search(text)), text
        assert _span(fast_suffix(text)) == _span(suffix.search(text)), text
        assert ([m.span() for m in fast_infix(text)]
                == [m.span() for m in infix.finditer(text)]), text


def _plain_tokenizer() -> Tokenizer:
    """spaCy's own Indonesian tokenizer with this package's abbreviations."""
    tokenizer = spacy.blank("id").tokenizer
    for abbr in ABBREVIATIONS:
        for form in _variants(abbr):
            tokenizer.add_special_case(form, [{ORTH: form, NORM: abbr}])
    return tokenizer


def test_same_tokens_as_spacys_tokenizer(spacy_regexes):
    plain, ours = _plain_tokenizer(), get_nlp().tokenizer
    rng = random.Random(11)
    words = [*TRICKY, "Bpk.", "Jl.", "dsb.", "Ibu", "nggak", "dikasih", "pulang—kemarin"]
    alphabet = _alphabet(*spacy_regexes.values())
    texts = [" ".join(rng.choice(words) if rng.random() < 0.5 else
                      "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 9)))
                      for _ in range(rng.randrange(1, 12))) for _ in range(3000)]
    texts.append("Bpk. Ahmad dll. datang ke Jl. Merdeka no. 5; anak-anak pulang—kemarin (10%).")
    for text in texts:
        assert [(t.idx, t.text) for t in ours(text)] == \
            [(t.idx, t.text) for t in plain(text)], text


def test_a_serialised_tokenizer_keeps_spacys_regexes():
    data = get_nlp().tokenizer.to_bytes()
    restored = Tokenizer(spacy.blank("id").vocab).from_bytes(data)
    text = "Bpk. Ahmad (K10) pulang—kemarin, 10% anak-anak..."
    assert [t.text for t in restored(text)] == [t.text for t in get_nlp().tokenizer(text)]


def test_unanchored_prefix_branches_are_searched_further_on():
    pattern = re.compile(r"^\(|^ab|x+|^[0-9]")
    fast = prefix_search(pattern)
    assert isinstance(fast, PrefixSearch)
    for text in ["(a", "abc", "zzxx", "1x", "ab", "", "q", "x"]:
        assert _span(fast(text)) == _span(pattern.search(text)), text


def test_suffix_branches_that_may_end_with_anything_are_always_tried():
    pattern = re.compile(r"\.$|(?<=[0-9])km$|[^a]$|b?$")
    fast = suffix_search(pattern)
    for text in ["a.", "5km", "xa", "xb", "", "ab\n", "a"]:
        assert _span(fast(text)) == _span(pattern.search(text)), text


@pytest.mark.parametrize("kind, pattern", [
    ("prefix", re.compile(r"^a|^b", re.MULTILINE)),  # ^ after every newline
    ("prefix", re.compile(r"^(a)|\1")),  # a backreference ties branches together
    ("suffix", re.compile(r"a$|b")),  # a branch not at the end
    ("infix", re.compile(r"-|(?=x)")),  # an empty infix could be anywhere
    ("infix", re.compile(r"[^a]")),  # no short list of first characters
])
def test_regexes_it_cannot_reason_about_are_left_as_they_are(kind, pattern):
    if kind == "infix":
        assert infix_finditer(pattern) == pattern.finditer
    else:
        assert (prefix_search if kind == "prefix" else suffix_search)(pattern) == pattern.search


def test_the_pipeline_pickles_with_its_faster_searches():
    import pickle

    text = "Bpk. Ahmad (K10) pulang—kemarin, 10% anak-anak..."
    restored = pickle.loads(pickle.dumps(get_nlp()))
    assert isinstance(restored.tokenizer.suffix_search, SuffixSearch)
    assert [t.text for t in restored(text)] == [t.text for t in get_nlp()(text)]


@pytest.mark.parametrize("kind, pattern, flags, text", [
    ("prefix", r"^(?i:a)", 0, "A"),  # a group's own flags
    ("suffix", r"(?i:a)$|b$", 0, "xA"),
    ("infix", r"(?i:-)x|(?i:a)", 0, "xAx"),
    ("prefix", r"^(?a:\D)", 0, "\u0663"),
    ("suffix", r"(?a:\W)$|b$", 0, "x\u00e9"),
    ("prefix", r"^(?u:\w)", re.ASCII, "\u00e9"),
    ("prefix", r"(?m:^)a|^b", 0, "x\na"),  # ^ after a newline, in a group
    ("suffix", "\U00010400$|b$", re.IGNORECASE, "\U00010400"),  # a cased astral letter
    ("infix", "\U00010400", re.IGNORECASE, "x\U00010428"),
    ("prefix", "^\U0001E900|^\\d|x", re.IGNORECASE, "\U0001E922"),
])
def test_flags_and_case_folding_give_the_same_matches(kind, pattern, flags, text):
    """Counterexamples a review found in a first version (it read only global flags and
    turned single characters into classes, which ``re`` folds differently)."""
    compiled = re.compile(pattern, flags)
    if kind == "infix":
        assert ([m.span() for m in infix_finditer(compiled)(text)]
                == [m.span() for m in compiled.finditer(text)])
    else:
        fast = (prefix_search if kind == "prefix" else suffix_search)(compiled)
        assert _span(fast(text)) == _span(compiled.search(text))
