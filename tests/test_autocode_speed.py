"""Fast paths of auto-coding give the plain results; the parallel path the serial ones."""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_right
from pathlib import Path

import pytest

from rpsw_research.codebook import Codebook
from rpsw_research.coding import parallel
from rpsw_research.coding.autocode import CompiledRules, autocode_sources
from rpsw_research.corpus import load_corpus
from rpsw_research.corpus.model import Source
from rpsw_research.nlp import get_nlp, iter_span_docs, sentence_bounds

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
needs_fork = pytest.mark.skipif(not parallel.fork_available(), reason="no fork here")


@pytest.fixture(scope="module")
def corpus():
    loaded, _ = load_corpus(SAMPLE)
    roles = {inf.id: inf.role for inf in loaded.informants.values()}
    return loaded.sources, roles


@pytest.fixture(scope="module")
def rules():
    return CompiledRules(Codebook.default())


# --- candidates ------------------------------------------------------------------------
def test_candidate_init_takes_every_field_with_its_default():
    import dataclasses
    import inspect

    from rpsw_research.coding.autocode import Candidate

    params = inspect.signature(Candidate).parameters
    fields = dataclasses.fields(Candidate)
    assert list(params) == [f.name for f in fields]
    assert [p.default for p in params.values()] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]
    c = Candidate("S", 1, 5, "c", "keyword:x", 1.0, rules=("keyword:x",))
    assert dataclasses.astuple(c) == ("S", 1, 5, "c", "keyword:x", 1.0, "sentence", 0, False,
                                      ("keyword:x",))
    assert dataclasses.replace(c, end=6) == Candidate("S", 1, 6, "c", "keyword:x", 1.0,
                                                      rules=("keyword:x",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.start = 2  # type: ignore[misc]
    assert len({c, dataclasses.replace(c)}) == 1


# --- the parallel path ------------------------------------------------------------------
@needs_fork
@pytest.mark.parametrize("unit", ["sentence", "turn"])
def test_parallel_gives_the_serial_candidates_in_order(corpus, rules, monkeypatch, unit):
    sources, roles = corpus
    serial = list(autocode_sources(sources, rules, informants=roles, unit=unit,
                                   n_process=1))
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 3_000)  # many small chunks, 2 workers
    assert len(list(parallel.chunks(sources))) > 4
    forked = list(autocode_sources(sources, rules, informants=roles, unit=unit,
                                   n_process=2))
    assert len(serial) > 100
    assert forked == serial


def test_plan_keeps_small_inputs_in_one_process_and_every_source_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "_other_threads", lambda: 0)
    small = [Source(f"D-{i}", "dokumen", "Kata " * 50) for i in range(5)]
    assert parallel.plan(small, None) == (1, small)
    assert parallel.plan(small, 1) == (1, small)
    if parallel.fork_available():
        assert parallel.plan(small, 3)[0] == 3
        workers, rest = parallel.plan(iter(small), None, min_chars=600)
        assert list(rest) == small
        assert workers == (1 if len(parallel.os.sched_getaffinity(0)) < 2 else
                           len(parallel.os.sched_getaffinity(0)))
        monkeypatch.setattr(parallel, "_other_threads", lambda: 1)  # e.g. in a Jupyter kernel
        assert parallel.plan(small, None, min_chars=600) == (1, small)
        assert parallel.plan(small, 2)[0] == 2  # asked for explicitly
    workers, rest = parallel.plan(iter(small), None, min_chars=10**9)
    assert (workers, list(rest)) == (1, small)
    with pytest.raises(ValueError):
        parallel.plan(small, 0)


def _echo(sources, expected):
    """Worker side of the test below: what reached the worker equals the originals."""
    return [(s.id, s == expected[s.id]) for s in sources]


@needs_fork
def test_sources_reach_the_workers_whole():
    from rpsw_research.corpus.model import Segment, Turn

    source = Source("W-01", "wawancara", "P: Halo?\nK1: Ya.", informants=("K1",),
                    date="2014-03-12", place="RPSW", title="Wawancara asesmen",
                    metadata={"catatan": {"durasi": "40 menit"}, "sesi": [1, 2]},
                    path="w.txt", turns=(Turn(0, 3, 8, speaker="P", is_interviewer=True),),
                    paragraphs=(Segment("paragraph", 0, 0, 16),), warnings=("x",))
    sources = [source] + [Source(f"D-{i}", "dokumen", "x" * 60_000) for i in range(4)]
    expected = {s.id: s for s in sources}
    found = [r for _, part in parallel.map_chunks(_echo, sources, 2, (expected,)) for r in part]
    assert found == [(s.id, True) for s in sources]


def test_chunks_hold_whole_sources_in_order():
    sources = [Source(f"D-{i}", "dokumen", "x" * (i * 10 + 1)) for i in range(20)]
    parts = [sources[part] for part in parallel.chunks(sources, 100)]
    assert [s for part in parts for s in part] == sources
    assert all(sum(len(s.text) for s in part[:-1]) < 100 for part in parts)


# --- the hits equal a plain, token-by-token reference -----------------------------------
def _plain_hits(rules: CompiledRules, doc, text: str, bounds) -> set[tuple[int, str, str]]:
    """``(first token, code, rule)`` of every hit found the slow obvious way: token
    sequences, and ``re`` over each unit (regex hits by the first token of their unit,
    as overlapping branches of one regex may each hit where ``re`` takes one)."""
    nlp = get_nlp()
    lemmatised = nlp.get_pipe("lemmatizer")(nlp.make_doc(text))
    norms = [t.norm_ for t in doc]
    lemmas = [t.lemma_ for t in lemmatised]
    stems = [t._.stem for t in doc]
    starts = [t.idx for t in doc]
    found = set()

    def runs(seq: list[str], pattern: list[str], code: str, label: str) -> None:
        for i in range(len(seq) - len(pattern) + 1):
            if pattern and seq[i:i + len(pattern)] == pattern:
                found.add((i, code, label))

    for code in rules.codes:
        rule = code.rule
        for kw in rule.keywords:
            runs(norms, [t.norm_ for t in nlp.make_doc(kw.strip())], code.id, f"keyword:{kw}")
        for lemma in rule.lemmas:
            pattern = [t.lemma_ for t in nlp(lemma.strip()) if not t.is_space]
            runs(lemmas, pattern, code.id, f"lemma:{lemma}")
        for root in rule.stems:
            pattern = [t._.stem for t in nlp.make_doc(root.strip()) if not t.is_space]
            runs(stems, pattern, code.id, f"stem:{root}")
        for rx in rule.regex:
            for _, _, a, b in bounds:
                for m in re.finditer(rx, text[:b], re.IGNORECASE):
                    if m.start() >= a and m.end() > m.start():
                        found.add((_unit_start(bounds, bisect_right(starts, m.start()) - 1),
                                   code.id, f"regex:{rx}"))
    return found


def _unit_start(bounds, token: int) -> int:
    return bounds[max(bisect_right([b[0] for b in bounds], token) - 1, 0)][0]


def test_rule_hits_equal_a_plain_reference_on_sample_sources(corpus, rules):
    sources, _ = corpus
    chosen = [s for s in sources if s.kind == "wawancara"][:2]
    chosen += [s for s in sources if s.kind != "wawancara"][:2]
    total = 0
    for *_, doc in iter_span_docs(chosen, "sentence"):
        text = doc.text
        bounds = sentence_bounds(doc)
        fast = {(_unit_start(bounds, s) if p.label.startswith("regex:") else s,
                 rules.codes[p.code].id, p.label) for s, _, p in rules.hits(doc, text, bounds)}
        assert fast == _plain_hits(rules, doc, text, bounds), text[:80]
        total += len(fast)
    assert total > 50


# --- the benchmark machinery runs (the 1M-word run is a script, not a test) -------------
@needs_fork
def test_benchmark_machinery_on_a_small_corpus():
    path = ROOT / "benchmarks" / "autocode.py"
    spec = importlib.util.spec_from_file_location("bench_autocode", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    lines: list[str] = []
    result = bench.measure(20_000, SAMPLE, n_process=2, serial=True, fresh=False,
                           log=lines.append)
    assert result["words"] >= 20_000 and result["workers"] == 2
    assert result["bare_count"] > result["words"] * 0.9
    # our tokenizer: spaCy's tokens but for abbreviations kept whole ("dll.")
    assert result["bare_count"] * 0.99 < result["tokens_count"] <= result["bare_count"]
    assert result["auto_count"] == result["serial_count"] > 100
    assert result["bare"] > 0 and result["auto"] > 0 and result["rss_mb"] > 0
    missed = bench.report(result, log=lines.append)
    assert any(line.startswith("ratio auto-coding") for line in lines)
    assert isinstance(missed, list)


def test_words_with_digits_are_their_own_stem_as_sastrawi_says():
    import importlib

    stem_module = importlib.import_module("rpsw_research.nlp.stem")
    sastrawi = stem_module._stemmer()
    words = ["dipulangkan3", "pelayanan2014", "k1", "rt05", "ke421", "menulis7x",
             "2014", "3kali", "keluarganya201", "bersama-sama2"]
    for word in words:
        expected = sastrawi.stem(word) if any(ch.isalpha() for ch in word) else word
        assert stem_module.stem(word) == (expected or word), word
    assert stem_module.stem("dipulangkan") == "pulang"


def test_multi_word_regexes_need_every_required_literal_in_the_unit():
    from rpsw_research.coding.regex_prefilter import required_anchors
    from rpsw_research.coding.regex_rules import RegexRules
    from rpsw_research.coding.rules import TOKEN_COLUMNS

    assert sorted(map(sorted, required_anchors(r"\bsaya\s+(sendiri\s+)?yang\s+\w+"))) == [
        ["saya"], ["yang"]]
    assert required_anchors(r"x|y") == []
    rules = RegexRules()
    rules.add(r"\bsaya\s+(sendiri\s+)?yang\s+\w+", "info")
    nlp = get_nlp()
    for text, hit in [("Saya sendiri yang antar.", True), ("Dia yang antar, saya.", False),
                      ("Yang antar dia.", False), ("SAYA YANG ANTAR.", True)]:
        doc = nlp(text)
        cols = doc.to_array(TOKEN_COLUMNS).T.tolist()
        found = rules.hits(text, cols, nlp.vocab.strings, sentence_bounds(doc))
        assert bool(found) is hit, text


def test_literal_pattern_finds_a_word_exactly_when_one_occurs():
    import random

    from rpsw_research.coding.regex_prefilter import literal_pattern

    rng = random.Random(7)
    for _ in range(300):
        words = {"".join(rng.choice("ab.") for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(0, 5))}
        pattern = literal_pattern(words)
        for _ in range(20):
            text = "".join(rng.choice("ab.c") for _ in range(rng.randint(0, 8)))
            assert bool(pattern.search(text)) == any(w in text for w in words), (words, text)


def test_regex_rules_match_what_ignorecase_matches_despite_unusual_letters():
    from rpsw_research.coding.regex_prefilter import fold
    from rpsw_research.coding.regex_rules import RegexRules
    from rpsw_research.coding.rules import TOKEN_COLUMNS

    patterns = [r"\bkasus\w*", r"\bsaya\s+yang\b", r"\bini\b", r"\bmu\b"]
    texts = ["Kasusnya ditutup.", "KAſUS itu.", "\u212aasus baru.", "Saya yang antar.",
             "ſAYA YANG antar.", "Ini dia.", "İNİ dia.", "Sayı yang lain.", "µu", "ΜU"]
    assert fold("KAſUS") == fold("\u212aasus") == "kasus" and fold("İNİ") == "ini"
    nlp = get_nlp()
    for pattern in patterns:
        rules = RegexRules()
        rules.add(pattern, "info")
        for text in texts:
            doc = nlp(text)
            cols = doc.to_array(TOKEN_COLUMNS).T.tolist()
            found = rules.hits(text, cols, nlp.vocab.strings, sentence_bounds(doc))
            expected = re.search(pattern, text, re.IGNORECASE) is not None
            assert bool(found) is expected, (pattern, text)


def test_alternatives_sharing_a_prefix_are_anchored_by_their_whole_words():
    from rpsw_research.coding.regex_prefilter import anchors

    # re parses "dinas\s+sosial|dinsos" as "din" + a branch: the anchors read both together
    pattern = r"\b(dinas\s+sosial|dinsos)\s+(\w+\s+)?asal(nya)?\b"
    assert anchors(pattern) == {"dinas", "dinsos"}
    for text in ("Dinas Sosial kabupaten asalnya", "dinsos asal", "DINSOS asal"):
        assert re.search(pattern, text, re.IGNORECASE)
        assert any(a in text.lower() for a in anchors(pattern))
