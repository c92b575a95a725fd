"""disagreements() and resolve(): listing where coders differ, recording the consensus."""

import json

import pytest
from fixtures.reliability.projects import W, two_coder_project

from rpsw_research.errors import ReliabilityError
from rpsw_research.i18n import language
from rpsw_research.reliability import CONSENSUS_CODER, compare, disagreements, resolve


@pytest.fixture
def proj(tmp_path):
    with two_coder_project(tmp_path / "p") as project:
        yield project


def test_disagreements_side_by_side(proj):
    table = disagreements(proj, ["A", "B"], unit="turn", lang="en")
    assert list(table.columns) == ["source_id", "unit", "unit_index", "start", "end", "text",
                                   "code_id", "code_name", "applied_by", "not_applied_by",
                                   "codes_A", "codes_B"]
    turns = proj.source(W).turns
    assert list(zip(table["unit_index"], table["code_id"], table["applied_by"])) == [
        (1, "emo", "B"), (3, "emo", "A"), (5, "ases", "B"), (5, "emo", "A")]
    first = table.iloc[0]
    assert (first["start"], first["end"]) == (turns[1].start, turns[1].end)
    assert first["text"] == proj.source(W).text[turns[1].start:turns[1].end]
    assert first["text"].startswith("Saya didata dulu")
    assert (first["codes_A"], first["codes_B"], first["not_applied_by"]) == ("reg", "reg;emo",
                                                                            "A")
    assert first["code_name"] == "Emotion"
    # the number of disputed unit x code decisions is the compare table's n_disagree
    overall = compare(proj, ["A", "B"], unit="turn").iloc[-1]
    assert len(table) == overall["n_disagree"]
    only = disagreements(proj, ["A", "B"], code="ases", unit="turn")
    assert only["code_id"].tolist() == ["ases"] and only["unit_index"].tolist() == [5]


def test_no_disagreement_gives_an_empty_table(proj):
    table = disagreements(proj, ["A", "B"], code="reg", unit="turn")
    assert table.empty and "codes_B" in table.columns
    with pytest.raises(ReliabilityError):
        disagreements(proj, ["A", "B"], code="nope", unit="turn")
    with pytest.raises(ReliabilityError):
        disagreements(proj, ["A", "B"], unit="document")


def test_resolve_round_trip_is_coded_and_audited(proj):
    table = disagreements(proj, ["A", "B"], unit="turn")
    with language("en"):
        coding_id = resolve(proj, row=table.iloc[0], memo="Agreed at the team meeting.")
    assert resolve(proj, row=table.iloc[0]) == coding_id  # idempotent: no duplicate
    rejected = resolve(proj, row=table.iloc[1], apply=False)
    assert rejected is None
    explicit = resolve(proj, W, table.iloc[2]["start"], table.iloc[2]["end"], "ases")
    mine = proj.codings(coder=CONSENSUS_CODER)
    assert mine["coding_id"].tolist() == [coding_id, explicit]
    first = mine.iloc[0]
    assert (first["code_id"], first["start"], first["end"]) == (
        "emo", table.iloc[0]["start"], table.iloc[0]["end"])
    assert first["memo"].startswith("Resolution of an inter-coder disagreement (code applied)")
    assert "Applied by: B; not by: A." in first["memo"]
    assert first["memo"].endswith("Agreed at the team meeting.")
    audit = proj.audit(coder=CONSENSUS_CODER)
    created = audit[(audit["entity"] == "coding") & (audit["action"] == "create")]
    assert sorted(int(x) for x in created["entity_id"]) == sorted([coding_id, explicit])
    assert "Resolusi" in json.loads(created.iloc[-1]["after"])["memo"]
    memos = proj.memos()
    assert memos["text"].str.contains("kode tidak diterapkan").any()
    assert (memos["author"] == CONSENSUS_CODER).all()
    # the consensus coder is a coder like any other: it can be compared
    assert len(disagreements(proj, ["A", CONSENSUS_CODER], code="ases", unit="turn")) >= 1


def test_resolve_needs_a_complete_passage(proj):
    row = disagreements(proj, ["A", "B"], unit="turn").iloc[0]
    with pytest.raises(ReliabilityError):
        resolve(proj, W, 0, 5)
    with pytest.raises(ReliabilityError):
        resolve(proj, W, row=row)
    assert proj.codings(coder=CONSENSUS_CODER).empty
