"""Analysis on a real project: the sample corpus coded with its gold standard."""

from pathlib import Path

import pandas as pd
import pytest

import rpsw_research as rr
from rpsw_research import analysis

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "studi.rpsw"
    proj = rr.Project.create(path)
    proj.import_folder(SAMPLE)
    proj.codebook = rr.Codebook.default()
    proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
    yield proj
    proj.close()


def test_segments_come_from_the_store(project):
    turns = project.segments_table("turn")
    paragraphs = project.segments_table("paragraph")
    assert list(turns.columns) == ["source_id", "unit_index", "start", "end"]
    assert set(turns["source_id"]) <= set(project.sources_table()["source_id"])
    assert len(paragraphs) > len(turns) > 0
    with pytest.raises(rr.errors.ProjectError):
        project.segments_table("chapter")


def test_stage_counts_match_the_gold_standard(project):
    gold = pd.read_csv(SAMPLE / "gold" / "gold_stages.csv")
    freq = analysis.frequencies(project).set_index("code_id")
    expected = gold.drop_duplicates(["source_id", "start", "end", "code_id"]).groupby(
        "code_id").size()
    for code_id, n in expected.items():
        assert freq.loc[code_id, "passages"] == n
        assert freq.loc[code_id, "codings"] == (gold["code_id"] == code_id).sum()
    assert freq.loc["rpsw", "sources"] == gold["source_id"].nunique()
    assert not freq[["codings", "passages", "sources", "informants"]].isna().any().any()


def test_matrix_and_triangulation_on_the_sample(project):
    m = analysis.matrix(project, labels="id")
    assert m.shape == (5, 7) and not m.isna().any().any()
    assert list(m.columns) == [c.id for c in project.codebook.stages()]
    tri = analysis.triangulation(project)
    assert len(tri) == 7 and (tri["verdict"] != "none").all()
    assert (tri["techniques"] >= 2).all()  # the gold standard codes two techniques per stage
    cov = analysis.stage_coverage(project)
    assert set(cov["survivor"]) == {"K1", "K2", "K3"} and len(cov) == 21
    co = analysis.cooccurrence(project, unit="paragraph", codes=[
        c.id for c in project.codebook.stages()], labels="id")
    assert co.shape == (7, 7) and (co.to_numpy() == co.to_numpy().T).all()
    q = analysis.quotes(project, "rpsw.registrasi", n=3)
    assert len(q) == 3 and q["informant"].nunique() >= 2
    assert all(text.endswith(".") for text in q["citation"])


def test_sentence_cache_follows_a_replaced_source(tmp_path):
    folder = tmp_path / "studi"
    (folder / "dokumen").mkdir(parents=True)
    (folder / "informants.csv").write_text("id,peran\nK1,korban\n", encoding="utf-8")
    doc = folder / "dokumen" / "D1.txt"
    doc.write_text("---\nid: D1\ninforman: K1\n---\nKalimat satu. Kalimat dua.\n",
                   encoding="utf-8")
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(folder)
        assert len(proj.segments_table("sentence")) == 2
        doc.write_text("---\nid: D1\ninforman: K1\n---\nKalimat satu. Kalimat dua. "
                       "Kalimat tiga yang baru.\n", encoding="utf-8")
        proj.import_folder(folder, on_duplicate="replace")
        sentences = proj.segments_table("sentence")
        text = proj.source("D1").text
        assert len(sentences) == 3
        assert text[sentences.iloc[-1]["start"]:sentences.iloc[-1]["end"]] == (
            "Kalimat tiga yang baru.")
