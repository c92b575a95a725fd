"""Auto-coding wired into the Project: suggestions, review, idempotence, evaluation."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import rpsw_research as rr
from rpsw_research.errors import CodingError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
GOLD = SAMPLE / "gold" / "gold_stages.csv"
STAGES = ["rpsw.registrasi", "rpsw.pengungkapan_masalah", "rpsw.perencanaan",
          "rpsw.pelaksanaan", "rpsw.monitoring_evaluasi", "rpsw.reintegrasi",
          "rpsw.pengakhiran"]

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason="sample corpus not present")


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    proj = rr.Project.create(tmp_path_factory.mktemp("auto") / "studi.rpsw")
    proj.import_folder(SAMPLE)
    proj.codebook = rr.Codebook.default()
    summary = proj.autocode(codes=STAGES, progress=False)
    yield proj, summary
    proj.close()


def test_autocode_writes_suggestions_with_provenance(coded):
    proj, summary = coded
    table = proj.suggestions()
    assert summary.inserted == len(table) > 100
    assert set(table["code_id"]) <= set(STAGES)
    assert (table["method"] == "auto").all() and (table["status"] == "suggested").all()
    assert table["rule"].str.match(r"^((context|question):)?(keyword|lemma|stem|regex):").all()
    assert table["score"].between(0, 1).all()
    # interviewer questions are never coded by the stage rules
    assert not table["speaker"].isin(["P"]).any()
    row = table.iloc[0]
    assert proj.source(row.source_id).text[row.start:row.end] == row.text


TARGET = 0.75
"""The issue's target: macro F1 over the seven stages on the sample gold standard."""


def test_evaluate_on_the_gold_standard(coded):
    proj, _ = coded
    full = rr.evaluate(proj, gold=GOLD, coder="auto", codes=STAGES)
    dev = rr.evaluate(proj, gold=GOLD, split="dev", codes=STAGES)
    test = rr.evaluate(proj, gold=GOLD, split="test", codes=STAGES)
    # the threshold, on the whole gold standard (benchmarks/gold_f1.py: 0.818);
    # it includes the dev half the rules were written and the scorer fitted on, so the
    # held-out split below is the estimate for unseen text
    assert full.macro_f1 >= TARGET, full.per_code
    # floors just under what the rules with the shipped scorer reach: dev 0.929 (the
    # rules were written and the scorer fitted on it), held-out test 0.670
    assert dev.macro_f1 >= 0.91, dev.per_code
    assert test.macro_f1 >= 0.66, test.per_code
    assert dev.units + test.units == full.units
    assert list(full.per_code["code_id"]) == STAGES
    assert (full.per_code["support"] > 0).all()


def test_the_rules_alone_on_the_gold_standard(tmp_path):
    proj = rr.Project.create(tmp_path / "rules.rpsw")
    try:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        proj.autocode(codes=STAGES, progress=False, scorer=None)
        full = rr.evaluate(proj, gold=GOLD, codes=STAGES)
        test = rr.evaluate(proj, gold=GOLD, split="test", codes=STAGES)
        scores = proj.suggestions()["score"]
    finally:
        proj.close()
    # without the scorer: full 0.743, held-out test 0.623; scores are rule weights
    # (times the context factors), a handful of values, not probabilities
    assert full.macro_f1 >= 0.74 and test.macro_f1 >= 0.61, full.per_code
    assert scores.nunique() < 10 and scores.max() == 1.0, sorted(set(scores))


@pytest.mark.xfail(strict=True, reason="macro F1 >= 0.75 on the sample's held-out split is "
                   "not reached (0.670 with the scorer); see issue 6")
def test_the_target_macro_f1_on_the_held_out_split(coded):
    proj, _ = coded
    test = rr.evaluate(proj, gold=GOLD, split="test", coder="auto", codes=STAGES)
    assert test.macro_f1 >= TARGET


# Sets written without seeing the rules (data/training was then used to revise them
# and to fit the scorer; the held-out ones never were): floors just under what the
# rules with the shipped scorer reach. The blind sets are checked only on request
# (RPSW_BLIND_SETS=1): a test failing on them while rules are being edited would be
# tuning on them.
INDEPENDENT = {"training": 0.79, "heldout": 0.79, "heldout2": 0.73, "heldout3": 0.69,
               "heldout4": 0.64, "heldout5": 0.68}
BLIND = pytest.mark.skipif(not os.environ.get("RPSW_BLIND_SETS"),
                           reason="blind sets are scored on request only (RPSW_BLIND_SETS=1)")


@pytest.mark.parametrize("name", [name if name == "training" else pytest.param(name, marks=BLIND)
                                  for name in sorted(INDEPENDENT)])
def test_macro_f1_on_independent_text(tmp_path, name):
    folder = ROOT / "data" / name
    proj = rr.Project.create(tmp_path / f"{name}.rpsw")
    try:
        proj.import_folder(folder)
        proj.codebook = rr.Codebook.default()
        proj.autocode(codes=STAGES, progress=False)
        ev = rr.evaluate(proj, gold=folder / "gold" / "gold_stages.csv", codes=STAGES)
    finally:
        proj.close()
    assert ev.macro_f1 >= INDEPENDENT[name], ev.per_code
    assert (ev.per_code["support"] > 0).all()


def test_rerun_is_idempotent_and_keeps_manual_and_reviewed(tmp_path):
    proj = rr.Project.create(tmp_path / "b.rpsw")
    proj.import_folder(SAMPLE)
    proj.codebook = rr.Codebook.default()
    manual = proj.code("W-K1-01", "rpsw.registrasi", quote="Dianter mobil", coder="peneliti")
    proj.autocode(codes=STAGES, sources=["W-K1-01", "W-MK-01"], progress=False)
    first = proj.suggestions()[["source_id", "code_id", "start", "end", "rule", "score"]]
    ids = proj.suggestions()["coding_id"].tolist()
    assert proj.accept(ids[0]) == 1 and proj.reject(ids[1]) == 1
    assert proj.accept(ids[0]) == 0  # already accepted
    proj.autocode(codes=STAGES, sources=["W-K1-01", "W-MK-01"], progress=False)
    again = proj.suggestions()[["source_id", "code_id", "start", "end", "rule", "score"]]
    # the two reviewed ones are not suggested again; everything else is identical
    assert len(again) == len(first) - 2
    merged = pd.concat([first.iloc[2:], again]).drop_duplicates()
    assert len(merged) == len(again)
    table = proj.codings()
    statuses = table.set_index("coding_id")["status"]
    assert statuses[manual] == "manual" and statuses[ids[0]] == "accepted"
    assert statuses[ids[1]] == "rejected"
    accepted = table[table["coding_id"] == ids[0]].iloc[0]
    assert accepted["method"] == "auto" and accepted["rule"]  # provenance kept
    with pytest.raises(CodingError):
        proj.accept(manual)
    # re-running only some codes keeps the other codes' suggestions
    before = proj.suggestions()
    proj.autocode(codes=["rpsw.pengakhiran"], sources=["W-K1-01", "W-MK-01"], progress=False)
    after = proj.suggestions()
    assert len(after) == len(before)
    assert sorted(after["code_id"]) == sorted(before["code_id"])
    n = proj.accept_all("rpsw.pengakhiran")
    assert n == (before["code_id"] == "rpsw.pengakhiran").sum()
    assert "rpsw.pengakhiran" not in set(proj.suggestions()["code_id"])
    proj.close()


def test_autocode_needs_a_codebook(tmp_path):
    proj = rr.Project.create(tmp_path / "c.rpsw")
    with pytest.raises(CodingError):
        proj.autocode()
    proj.close()


def test_interviews_read_without_register_or_informant_lists_keep_their_stages(tmp_path):
    """Text from elsewhere often comes without an informant register: the informants'
    turns are still found (their labels answer the interviewer) and still get the stage
    suggestions, which are open to any informant (not the survivors-only codes)."""
    registered, bare = tmp_path / "registered", tmp_path / "bare"
    for folder in (registered, bare):
        shutil.copytree(SAMPLE / "wawancara", folder / "wawancara")
    shutil.copy(SAMPLE / "informants.csv", registered)
    for path in (bare / "wawancara").glob("*.txt"):
        path.write_text(re.sub(r"(?m)^informan:.*\n", "", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    gold = pd.read_csv(GOLD)
    gold[gold["source_id"].str.startswith("W-")].to_csv(tmp_path / "gold.csv", index=False)
    scores = {}
    for folder in (registered, bare):
        with rr.Project.create(tmp_path / f"{folder.name}.rpsw") as proj:
            proj.import_folder(folder)
            proj.codebook = rr.Codebook.default()
            turns = [t for s in proj.sources() for t in s.turns]
            if folder is bare:
                assert proj.informants_table().empty and len(proj.sources()) == 6
                assert all(t.informant is None for t in turns)
                assert sum(not t.is_interviewer for t in turns) > 50
            proj.autocode(codes=STAGES, progress=False)
            scores[folder.name] = rr.evaluate(proj, gold=tmp_path / "gold.csv",
                                              codes=STAGES).macro_f1
    assert scores["bare"] >= scores["registered"] - 0.02, scores
