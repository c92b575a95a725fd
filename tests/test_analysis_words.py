"""Keyword in context and word frequencies on a small project with known words."""


import pytest

import rpsw_research as rr
from rpsw_research import analysis
from rpsw_research.errors import AnalysisError

TEXT = """---
id: W-K1-01
jenis: wawancara
informan: [K1]
sintetis: true
---
P: Kapan kamu dipulangkan? Rumah kamu jauh?

K1: Saya nggak tau, Kak. [tertawa] Katanya pemulangan nunggu dinas sosial.
Saya pengen pulang ke rumah.

P: Terus?

K1: Udah dipulangin temen saya kemarin. Rumah rumah di kampung sepi.
"""


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words")
    (folder / "informants.csv").write_text("id,peran\nK1,korban\n", encoding="utf-8")
    (folder / "W-K1-01.txt").write_text(TEXT, encoding="utf-8")
    project = rr.Project.create(folder / "p.rpsw")
    project.import_folder(folder)
    project.codebook = rr.Codebook.default()
    yield project
    project.close()


def test_kwic_by_stem_finds_every_inflection_in_informant_turns(proj):
    hits = analysis.kwic(proj, "pulang", match="stem")
    assert hits["keyword"].tolist() == ["pemulangan", "pulang", "dipulangin"]
    text = proj.source("W-K1-01").text
    assert all(text[r.start:r.end] == r.keyword for r in hits.itertuples())
    assert set(hits["informant"]) == {"K1"} and set(hits["speaker"]) == {"K1"}
    with_questions = analysis.kwic(proj, "pulang", match="stem", interviewer=True)
    assert with_questions["keyword"].tolist()[0] == "dipulangkan"
    assert hits.iloc[1]["left"].endswith("Saya pengen") and hits.iloc[1]["right"].startswith(
        "ke rumah")


def test_kwic_surface_matches_informal_forms_and_phrases(proj):
    assert analysis.kwic(proj, "tidak")["keyword"].tolist() == ["nggak"]
    assert analysis.kwic(proj, "dinas sosial")["keyword"].tolist() == ["dinas sosial"]
    with pytest.raises(AnalysisError):
        analysis.kwic(proj, "dinas sosial", match="stem")
    with pytest.raises(AnalysisError):
        analysis.kwic(proj, "  ")


def test_word_frequencies_leave_out_stop_words_fillers_and_notes(proj):
    freq = analysis.word_frequencies(proj, top=None).set_index("word")
    assert freq.loc["rumah", "count"] == 3  # the interviewer's "Rumah" is not counted
    assert "tertawa" not in freq.index and "saya" not in freq.index and "kak" not in freq.index
    assert freq["share"].sum() == pytest.approx(1.0)
    stems = analysis.word_frequencies(proj, stems=True, top=None).set_index("word")
    assert stems.loc["pulang", "count"] == 3
    raw = analysis.word_frequencies(proj, stopwords=False, top=None).set_index("word")
    assert raw.loc["saya", "count"] == 3 and raw.loc["tidak", "count"] == 1
    by = analysis.word_frequencies(proj, by="informant", top=2)
    assert list(by.columns) == ["informant", "word", "count", "sources", "share"]
    assert by["word"].tolist()[0] == "rumah"
