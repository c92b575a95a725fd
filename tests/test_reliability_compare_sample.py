"""compare() on the bundled synthetic sample: the gold coding against a second coder.

Coder A codes the gold stage coding of W-K1-01 and W-MK-01. Coder B codes W-K1-01
only, differently on a subset: drops the first passage, codes the "perencanaan"
passage as "pelaksanaan", and adds one monitoring passage. Expected values are
computed here from the codings and turns with plain loops, then run through the
plain-data coefficients.
"""

from pathlib import Path

import pandas as pd
import pytest

from rpsw_research.codebook.model import Codebook
from rpsw_research.project import Project
from rpsw_research.reliability import (
    character_counts,
    character_kappa,
    cohen_kappa,
    compare,
    disagreements,
    krippendorff_alpha,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SOURCE = "W-K1-01"
pytestmark = pytest.mark.skipif(not (SAMPLE / "gold" / "gold_stages.csv").exists(),
                                reason="data/sample is not present")


def second_coder(gold: pd.DataFrame) -> list[tuple[str, int, int]]:
    rows = gold[gold["source_id"] == SOURCE].sort_values("start")
    out = []
    for i, row in enumerate(rows.itertuples()):
        if i == 0:
            continue  # B missed the first registration passage
        code = "rpsw.pelaksanaan" if row.code_id == "rpsw.perencanaan" else row.code_id
        out.append((code, row.start, row.end))
    out.append(("rpsw.monitoring_evaluasi", 7000, 7050))
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    gold = pd.read_csv(SAMPLE / "gold" / "gold_stages.csv")
    proj = Project.create(tmp_path_factory.mktemp("sample") / "s.rpsw")
    proj.import_folder(SAMPLE)
    proj.codebook = Codebook.default()
    a = gold[gold["source_id"].isin([SOURCE, "W-MK-01"])]
    for row in a.itertuples():
        proj.code(row.source_id, row.code_id, start=row.start, end=row.end, coder="A")
    b = second_coder(gold)
    for code, start, end in b:
        proj.code(SOURCE, code, start=start, end=end, coder="B")
    a_spans = [(r.code_id, r.start, r.end) for r in a[a["source_id"] == SOURCE].itertuples()]
    yield proj, {"A": a_spans, "B": b}
    proj.close()


def expected_presence(turns, spans, code):
    return [int(any(c == code and s < t.end and t.start < e for c, s, e in spans))
            for t in turns]


def test_turn_level_against_plain_functions(sample):
    proj, spans = sample
    table = compare(proj, ["A", "B"], unit="turn", lang="en")
    turns = proj.source(SOURCE).turns
    assert (table["n_units"] == len(turns)).all()  # only W-K1-01: B never coded W-MK-01
    assert "of 1 source(s)" in table["method"].iloc[0]
    codes = sorted({c for coder in spans.values() for c, _, _ in coder})
    assert sorted(table["code_id"].dropna()) == codes
    rows = table.set_index(table["code_id"].fillna("*"))
    pooled_a, pooled_b = [], []
    for code in rows.index.drop("*"):  # codebook order
        a = expected_presence(turns, spans["A"], code)
        b = expected_presence(turns, spans["B"], code)
        pooled_a += a
        pooled_b += b
        row = rows.loc[code]
        assert (row["n_coded_by_A"], row["n_coded_by_B"]) == (sum(a), sum(b))
        assert row["n_disagree"] == sum(x != y for x, y in zip(a, b, strict=True))
        assert row["percent_agreement"] == pytest.approx(
            sum(x == y for x, y in zip(a, b, strict=True)) / len(turns))
        assert row["kappa"] == pytest.approx(float(cohen_kappa(a, b)))
        assert row["alpha"] == pytest.approx(float(krippendorff_alpha([a, b])))
    assert rows.loc["rpsw.perencanaan", "n_coded_by_B"] == 0
    assert rows.loc["rpsw.perencanaan", "kappa"] == pytest.approx(0.0)
    assert rows.loc["rpsw.pengakhiran", "kappa"] == pytest.approx(1.0)
    assert rows.loc["*", "kappa"] == pytest.approx(float(cohen_kappa(pooled_a, pooled_b)))
    assert rows.loc["*", "n_disagree"] == sum(
        x != y for x, y in zip(pooled_a, pooled_b, strict=True))
    assert rows.loc["*", "n_disagree"] == len(disagreements(proj, ["A", "B"], unit="turn"))


def test_character_level_against_plain_functions(sample):
    proj, spans = sample
    table = compare(proj, ["A", "B"], unit="character", codes=["rpsw.registrasi"])
    row = table[table["scope"] == "code_source"].iloc[0]
    found = character_counts([(s, e) for c, s, e in spans["A"] if c == "rpsw.registrasi"],
                             [(s, e) for c, s, e in spans["B"] if c == "rpsw.registrasi"],
                             length=len(proj.source(SOURCE).text))
    assert (row["n_coded_all"], row["n_disagree"], row["n_coded_none"]) == (
        found.both, found.a_only + found.b_only, found.neither)
    assert found.b_only == 0 and found.a_only == 3069 - 2982  # the passage B missed
    assert row["kappa"] == pytest.approx(float(character_kappa(found)))


def test_document_level_has_too_few_documents_by_default(sample):
    proj, _ = sample
    from rpsw_research.errors import ReliabilityError

    with pytest.raises(ReliabilityError, match="Only 1 unit"):
        compare(proj, ["A", "B"], unit="document", lang="en")
