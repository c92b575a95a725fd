"""The stage scorer: it weighs the rules' stage suggestions, never adds one, leaves other
codes alone, computes what it was fitted on, and is what its training script gives."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pytest

from rpsw_research.codebook import Codebook
from rpsw_research.coding.autocode import (
    CompiledRules,
    autocode_sources,
    informant_roles,
    rule_candidates,
)
from rpsw_research.coding.scorer import (
    MIN_ARC,
    StageScorer,
    default_scorer,
    features,
    load_scorer,
    stage_hits,
)
from rpsw_research.corpus import load_corpus
from rpsw_research.nlp import units as source_units

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def sample():
    corpus, _ = load_corpus(SAMPLE)
    return corpus.sources, {i.id: i.role for i in corpus.informants.values()}


@pytest.fixture(scope="module")
def rules():
    return CompiledRules(Codebook.default())


def _keys(candidates):
    return {(c.source_id, c.unit_index, c.code_id) for c in candidates}


def test_the_scorer_only_drops_and_rescores_stage_suggestions(sample, rules):
    sources, roles = sample
    plain = list(autocode_sources(sources, rules, informants=roles, progress=False,
                                  n_process=1, scorer=None))
    weighed = list(autocode_sources(sources, rules, informants=roles, progress=False,
                                    n_process=1))
    scorer = default_scorer()
    stages = set(scorer.codes)
    assert _keys(weighed) < _keys(plain)  # some dropped, none added
    assert len(_keys(weighed)) > 0.6 * len(_keys(plain))
    others = [c for c in plain if c.code_id not in stages]
    assert others and others == [c for c in weighed if c.code_id not in stages]
    by_key = {(c.source_id, c.unit_index, c.code_id): c for c in plain}
    for c in weighed:
        if c.code_id in stages:
            assert scorer.threshold <= c.score <= 1.0
            before = by_key[(c.source_id, c.unit_index, c.code_id)]
            assert dataclasses.replace(before, score=c.score) == c  # rule and span kept


def test_rescoring_computes_the_features_the_scorer_was_fitted_on(sample, rules):
    sources, roles = sample
    scorer = default_scorer()
    checked, lengths = 0, set()
    for source, units, found, words in rule_candidates(sources, rules, informant_roles(roles),
                                                   "sentence", 2, 64, inputs="candidates"):
        hits = stage_hits(found, scorer.codes)
        kept = {(c[7], c[3]): c[5] for c in scorer.rescore(source, found, units, words)}
        for cand in found:
            if cand[3] in scorer.codes:
                p = scorer.probability(features(cand[7], units, words[cand[7]], hits,
                                                source.kind), cand[3])
                key = (cand[7], cand[3])
                assert (key in kept) == (p >= scorer.threshold), (source.id, key, p)
                if key in kept:
                    assert kept[key] == pytest.approx(p, abs=1e-6)
                checked += 1
                lengths.add(units >= MIN_ARC)
    assert checked > 300
    assert lengths == {True, False}  # long sources by position, short ones by the average


def test_fitting_and_coding_give_the_scorer_the_same_input(sample, rules):
    sources, roles = sample
    runs = [list(rule_candidates(sources, rules, informant_roles(roles), inputs=inputs))
            for inputs in ("all", "candidates")]
    for (source, units, found, every), (_, _, same, some) in zip(*runs):
        assert units == len(source_units(source, "sentence")) == len(every), source.id
        assert found == same and some and set(some) < set(every)
        assert all(every[i] == some[i] for i in some), source.id


def test_coding_some_stages_weighs_them_as_coding_all_does(sample):
    sources, roles = sample
    book = Codebook.default()
    everything = list(autocode_sources(sources, book, informants=roles, progress=False,
                                       n_process=1))
    for stage in ("rpsw.perencanaan", "rpsw.monitoring_evaluasi"):
        alone = list(autocode_sources(sources, book, informants=roles, codes=[stage],
                                      progress=False, n_process=1))
        assert alone and alone == [c for c in everything if c.code_id == stage]


def test_codes_that_are_no_stages_of_the_codebook_are_left_alone(sample):
    sources, roles = sample
    # the scorer's code ids, but not as stages of a process: nothing to weigh
    flat = Codebook([dataclasses.replace(code, stage=None) for code in Codebook.default()])
    plain = list(autocode_sources(sources[:4], flat, informants=roles, progress=False,
                                  n_process=1, scorer=None))
    weighed = list(autocode_sources(sources[:4], flat, informants=roles, progress=False,
                                    n_process=1))
    assert plain and weighed == plain
    assert {c.code_id for c in plain} & set(default_scorer().codes)


def test_threshold_decides_what_is_kept(sample, rules):
    sources, roles = sample
    base = default_scorer()
    plain = _keys(autocode_sources(sources[:4], rules, informants=roles, progress=False,
                                   n_process=1, scorer=None))
    keep_all = dataclasses.replace(base, threshold=0.0)
    keep_none = dataclasses.replace(base, threshold=1.01)
    assert _keys(autocode_sources(sources[:4], rules, informants=roles, progress=False,
                                  n_process=1, scorer=keep_all)) == plain
    left = _keys(autocode_sources(sources[:4], rules, informants=roles, progress=False,
                                  n_process=1, scorer=keep_none))
    assert left == {k for k in plain if k[2] not in base.codes}


def test_other_units_than_sentences_are_not_weighed(sample, rules):
    sources, roles = sample
    for unit in ("turn", "paragraph"):
        runs = [list(autocode_sources(sources[:3], rules, informants=roles, unit=unit,
                                      progress=False, n_process=1, scorer=s))
                for s in (None, "default")]
        assert runs[0] == runs[1] and runs[0]


def test_scorer_argument_is_checked(sample, rules):
    sources, roles = sample
    with pytest.raises(TypeError, match="scorer"):
        list(autocode_sources(sources[:1], rules, informants=roles, progress=False,
                              scorer="mine"))


def test_scorer_round_trips_through_its_json(tmp_path):
    scorer = StageScorer(codes=("a", "b"), intercepts=(-1.0, 0.5), threshold=0.4,
                         weights={"w:pulang": (0.25, -2.0), "r:any:a": (1.5, 0.0)},
                         about="test")
    path = tmp_path / "scorer.json"
    path.write_text(scorer.to_json(), encoding="utf-8")
    assert load_scorer(path) == scorer
    assert scorer.probability({"w:pulang": 1.0, "unknown": 1.0}, "b") == pytest.approx(
        1 / (1 + 2.718281828459045 ** 1.5))


def test_the_shipped_scorer_is_what_its_training_script_fits():
    spec = importlib.util.spec_from_file_location("train_scorer",
                                                  ROOT / "data" / "train_scorer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def test_a_short_text_takes_the_average_position_not_an_opening():
    hits = {0: {"direct:rpsw.pengakhiran": 1.0}}
    said = ([], False, [])
    short = features(0, MIN_ARC - 1, said, hits, "wawancara")
    long = features(0, MIN_ARC, said, hits, "wawancara")
    assert {k: v for k, v in short.items() if k.startswith("pos:")} == {
        f"pos:wawancara:{part}": pytest.approx(0.2) for part in range(5)}
    assert {k for k in long if k.startswith("pos:")} == {"pos:wawancara:0"}


def test_rule_candidates_refuses_an_unknown_inputs_option(sample, rules):
    sources, roles = sample
    with pytest.raises(ValueError, match="inputs"):
        list(rule_candidates(sources[:1], rules, informant_roles(roles), inputs="every"))
