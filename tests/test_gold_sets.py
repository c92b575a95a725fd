"""The independent gold sets of the stage rules (data/training, data/heldout*) are sound:
every source loads, says it is synthetic, and every gold row quotes its source exactly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from rpsw_research.codebook import Codebook
from rpsw_research.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SETS = ["training", "heldout", "heldout2", "heldout3", "heldout4", "heldout5"]
STAGES = {code.id for code in Codebook.default().stages()}


def _make_gold():
    spec = importlib.util.spec_from_file_location("make_gold", ROOT / "data" / "make_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SETS)
def test_gold_set_is_sound(name):
    folder = ROOT / "data" / name
    corpus, report = load_corpus(folder)
    assert not report.errors and not report.warnings, report.summary("en")
    sources = {s.id: s for s in corpus.sources}
    assert all(s.metadata.get("synthetic") is True for s in sources.values())
    assert all("sintetis" in s.text[:200].lower()  # field notes and documents say so
               for s in sources.values() if s.kind != "wawancara")
    assert (folder / "README.md").is_file()
    gold = pd.read_csv(folder / "gold" / "gold_stages.csv", keep_default_na=False)
    assert list(gold.columns) == ["source_id", "start", "end", "code_id", "text", "split"]
    assert set(gold["source_id"]) == set(sources)  # every source is gold-coded
    assert set(gold["code_id"]) == STAGES  # every stage occurs
    assert set(gold["split"]) == {name}
    for row in gold.itertuples(index=False):
        assert sources[row.source_id].text[row.start:row.end] == row.text, row
    assert not gold.duplicated(["source_id", "start", "end", "code_id"]).any()


@pytest.mark.parametrize("name", SETS)
def test_gold_csv_is_what_the_annotations_give(name):
    assert _make_gold().main([str(ROOT / "data" / name), "--check"]) == 0


def test_make_gold_rejects_quotes_that_are_not_whole_sentences():
    make_gold = _make_gold()
    text = "Saya datang. Saya didata dulu.\nP: Lalu?\nK1: Iya."
    assert make_gold.place(text, "wawancara", "W", "Saya didata dulu.") == (13, 30)
    for quote, message in [("didata dulu.", "does not start"), ("Saya datang", "does not end"),
                           ("Lalu?", "interviewer"), ("Saya", "occurs 2 times")]:
        with pytest.raises(make_gold.GoldError, match=message):
            make_gold.place(text, "wawancara", "W", quote)


def test_a_second_coder_agrees_with_the_gold_as_documented():
    spec = importlib.util.spec_from_file_location(
        "coder_agreement", ROOT / "benchmarks" / "coder_agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # data/agreement/README.md: sample test 0.917, full 0.930, training 0.891
    assert module.agreement("sample", "test").macro_f1 == pytest.approx(0.917, abs=5e-4)
    assert module.agreement("sample", None).macro_f1 == pytest.approx(0.930, abs=5e-4)
    assert module.agreement("training", None).macro_f1 == pytest.approx(0.891, abs=5e-4)
