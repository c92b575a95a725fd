"""Analysis on a small hand-built study where every expected number is known."""

import pandas as pd
import pytest

from rpsw_research import analysis
from rpsw_research.analysis import StudyTables
from rpsw_research.codebook.model import Code, Codebook
from rpsw_research.errors import AnalysisError


def _code(id, name, parent=None, stage=None, moxley=()):
    return Code(id=id, names={"id": name, "en": name.upper()}, parent=parent, stage=stage,
                moxley=moxley, definitions={"id": "d", "en": "d"})


CODEBOOK = Codebook([
    _code("mx", "Moxley"),
    _code("mx.asesmen", "Asesmen", "mx"),
    _code("mx.rencana", "Perencanaan", "mx"),
    _code("rpsw", "Tahapan"),
    _code("rpsw.s1", "Registrasi", "rpsw", 1, ("mx.asesmen",)),
    _code("rpsw.s2", "Pengungkapan", "rpsw", 2, ("mx.asesmen",)),
    _code("rpsw.s3", "Perencanaan", "rpsw", 3, ("mx.rencana",)),
    _code("xc", "Perasaan"),
    _code("xc.sedih", "Sedih", "xc"),
    _code("xc.takut", "Takut", "xc"),
])

INFORMANTS = pd.DataFrame({
    "informant_id": ["MK", "K1", "K2"],
    "role": ["manajer_kasus", "korban", "korban"],
    "kelompok_usia": ["35-44", "18-24", "18-24"],
})

SOURCES = pd.DataFrame({
    "source_id": ["D-1", "O-1", "W-K1", "W-MK"],
    "kind": ["dokumen", "observasi", "wawancara", "wawancara"],
    "title": ["Formulir", "Case conference", "Wawancara K1", "Wawancara MK"],
    "date": ["2014-01-05", "2014-02-10", "2014-03-12", "2014-03-01"],
    "place": ["RPSW", "Ruang rapat", "Ruang konseling", "Kantor"],
    "informants": ["K2", "MK;K1", "K1", "MK"],
})

# (coding_id, source, informant, code, start, end, coder, status, text)
ROWS = [
    (1, "W-K1", "K1", "rpsw.s1", 0, 20, "A", "manual", "saya didata dulu sama ibu"),
    (2, "W-K1", "K1", "xc.sedih", 0, 20, "A", "manual", "saya didata dulu sama ibu"),
    (3, "W-K1", "K1", "xc.takut", 0, 20, "A", "manual", "saya didata dulu sama ibu"),
    (4, "W-K1", "K1", "rpsw.s2", 30, 48, "A", "manual", "terus saya cerita semuanya ke ibu"),
    (5, "W-K1", "K1", "xc.sedih", 40, 70, "A", "suggested", "cerita semuanya sambil nangis"),
    (6, "W-MK", "MK", "rpsw.s1", 0, 15, "A", "manual", "klien kami registrasi"),
    (7, "W-MK", "MK", "rpsw.s3", 20, 40, "A", "accepted", "kami susun rencana"),
    (8, "O-1", None, "rpsw.s3", 0, 10, "A", "manual", "rapat rencana"),
    (9, "D-1", "K2", "rpsw.s1", 0, 10, "A", "manual", "nomor registrasi"),
    (10, "D-1", "K2", "rpsw.s3", 12, 30, "A", "rejected", "rencana ditolak"),
    (11, "W-K1", "K1", "rpsw.s1", 0, 20, "B", "manual", "saya didata dulu sama ibu"),
]
CODINGS = pd.DataFrame(ROWS, columns=["coding_id", "source_id", "informant", "code_id",
                                      "start", "end", "coder", "status", "text"])
CODINGS["source_kind"] = CODINGS["source_id"].map(dict(zip(SOURCES.source_id, SOURCES.kind)))
CODINGS["source_informants"] = CODINGS["source_id"].map(
    dict(zip(SOURCES.source_id, SOURCES.informants)))
# interviews: the passage is in the informant's own turn; documents and notes have none
CODINGS["speaker"] = CODINGS["informant"].where(CODINGS["source_kind"] == "wawancara", None)

# sentence units per source: [0,25) [25,50) [50,80) for W-K1; [0,18) [18,45) for W-MK ...
UNITS = pd.DataFrame(
    [("W-K1", 0, 0, 25), ("W-K1", 1, 25, 50), ("W-K1", 2, 50, 80),
     ("W-MK", 0, 0, 18), ("W-MK", 1, 18, 45), ("O-1", 0, 0, 12), ("D-1", 0, 0, 11),
     ("D-1", 1, 11, 30)], columns=["source_id", "unit_index", "start", "end"])


class FakeProject:
    """Just enough of a Project for units (the real one is tested with the store)."""

    def segments_table(self, unit):
        return UNITS


@pytest.fixture
def study():
    return StudyTables(CODINGS, SOURCES, INFORMANTS, CODEBOOK, project=FakeProject())


def row(frame, code_id, **where):
    picked = frame[frame["code_id"] == code_id]
    for column, value in where.items():
        picked = picked[picked[column] == value]
    assert len(picked) == 1
    return picked.iloc[0]


def test_frequencies_roll_up_without_double_counting(study):
    freq = analysis.frequencies(study, coder="A")
    assert list(freq["code_id"]) == [c.id for c in CODEBOOK]
    sedih = row(freq, "xc.sedih")
    assert (sedih.codings, sedih.passages, sedih.sources) == (2, 2, 1)
    # passage [0,20) coded sedih and takut counts once for the parent
    parent = row(freq, "xc")
    assert (parent.codings, parent.passages, parent.informants) == (0, 2, 1)
    stages = row(freq, "rpsw")
    # rejected coding 10 is left out; s1 x3, s2, s3 x2 = 6 passages in 4 sources
    assert (stages.passages, stages.sources, stages.informants) == (6, 4, 3)
    assert row(freq, "mx").passages == 0


def test_frequencies_by_coder_and_kind(study):
    by_coder = analysis.frequencies(study, by="coder")
    assert row(by_coder, "rpsw.s1", coder="B").codings == 1
    assert row(by_coder, "rpsw.s1", coder="A").codings == 3
    by_kind = analysis.frequencies(study, by="kind", reviewed_only=True)
    assert row(by_kind, "xc.sedih", source_kind="wawancara").passages == 1
    assert row(by_kind, "rpsw.s3", source_kind="observasi").passages == 1
    with pytest.raises(AnalysisError):
        analysis.frequencies(study, by="colour")


def test_matrix_informant_by_stage(study):
    m = analysis.matrix(study, coder="A", labels="id")
    assert list(m.index) == ["MK", "K1", "K2"]
    assert list(m.columns) == ["rpsw.s1", "rpsw.s2", "rpsw.s3"]
    assert m.loc["K1"].tolist() == [1, 1, 0]
    assert m.loc["MK"].tolist() == [1, 0, 1]  # observation O-1 has no single informant
    assert m.loc["K2"].tolist() == [1, 0, 0]  # rejected suggestion not counted
    named = analysis.matrix(study, coder="A")
    assert list(named.columns) == ["1. Registrasi", "2. Pengungkapan", "3. Perencanaan"]


def test_matrix_values_rows_and_cells(study):
    words = analysis.matrix(study, rows="kind", columns="stage", value="words", coder="A",
                            labels="id")
    assert words.loc["observasi", "rpsw.s3"] == 2
    assert words.loc["wawancara", "rpsw.s1"] == 5 + 3
    presence = analysis.matrix(study, rows="role", value="presence", coder="A", labels="id")
    assert presence.loc["korban"].tolist() == [1, 1, 0]
    by_age = analysis.matrix(study, rows="kelompok_usia", labels="id", coder="A")
    assert by_age.loc["18-24", "rpsw.s1"] == 2
    moxley = analysis.matrix(study, columns="moxley", labels="id", coder="A")
    # K1: s1 and s2 both map to asesmen -> two passages
    assert moxley.loc["K1"].tolist() == [2, 0]
    cell = analysis.matrix_cell(study, "K1", 1, coder="A")
    assert cell["coding_id"].tolist() == [1]
    with pytest.raises(AnalysisError):
        analysis.matrix(study, rows="hair_colour")


def test_cooccurrence_relations(study):
    co = analysis.cooccurrence(study, unit="sentence", coder="A", labels="id")
    s1, s2, sedih, takut = "rpsw.s1", "rpsw.s2", "xc.sedih", "xc.takut"
    assert co.loc[s1, sedih] == 1 and co.loc[sedih, s1] == 1  # sentence 0 of W-K1
    assert co.loc[s2, sedih] == 1  # coding 5 reaches sentence 1, all of s2
    assert co.loc[sedih, sedih] == 3  # sedih touches sentences 0, 1, 2 of W-K1
    exact = analysis.cooccurrence(study, unit="sentence", relation="exact", coder="A",
                                  labels="id")
    assert exact.loc[s1, takut] == 1 and exact.loc[s2, sedih] == 0
    inclusion = analysis.cooccurrence(study, unit="sentence", relation="inclusion",
                                      coder="A", labels="id")
    assert inclusion.loc[s2, sedih] == 1  # s2 spans sentence 1..1 within sedih's 1..2
    near = analysis.cooccurrence(study, unit="sentence", relation="proximity", coder="A",
                                 codes=["rpsw.s1", "rpsw.s3"])
    assert near.iloc[0, 1] == 1  # W-MK: s1 in sentence 0, s3 in sentence 1
    by_source = analysis.cooccurrence(study, unit="source", codes=["rpsw.s1", "rpsw.s3"],
                                      coder="A")
    assert by_source.iloc[0, 1] == 1  # only W-MK holds both (D-1's s3 was rejected)
    jac = analysis.cooccurrence(study, unit="source", codes=["rpsw.s1", "rpsw.s3"],
                                jaccard=True, coder="A")
    assert jac.iloc[0, 1] == pytest.approx(1 / 4)  # s1: 3 sources, s3: 2, both: 1
    named = analysis.cooccurrence(study, unit="source", coder="A")
    # two codes share the name "Perencanaan": labels stay unique
    assert "Perencanaan (rpsw.s3)" in named.index and named.index.is_unique
    cell = analysis.cooccurrence_cell(study, "rpsw.s1", "xc.takut", coder="A")
    assert cell[["coding_a", "coding_b"]].values.tolist() == [[1, 3]]


def test_stage_coverage_gaps(study):
    cov = analysis.stage_coverage(study, coder="A")
    k1 = cov[cov["survivor"] == "K1"].set_index("stage")
    assert k1["evidenced"].tolist() == [True, True, True]  # s3 from observation O-1
    assert k1.loc[3, "kinds"] == "observasi" and k1.loc[1, "voices"] == "K1"
    k2 = cov[cov["survivor"] == "K2"].set_index("stage")
    assert k2["evidenced"].tolist() == [True, False, False]
    assert not k2["gap"].any()
    reviewed = analysis.stage_coverage(study, coder="A", statuses=["manual"])
    k1 = reviewed[reviewed["survivor"] == "K1"].set_index("stage")
    assert k1["evidenced"].tolist() == [True, True, True]
    mk_gap = analysis.stage_coverage(study, by="source", coder="A")
    w_mk = mk_gap[mk_gap["source_id"] == "W-MK"].set_index("stage")
    assert w_mk["gap"].tolist() == [False, True, False]


def test_triangulation_verdicts(study):
    tri = analysis.triangulation(study, coder="A").set_index("code_id")
    s1 = tri.loc["rpsw.s1"]
    assert (s1.wawancara, s1.observasi, s1.dokumen) == (2, 0, 1)
    assert (s1.manajer_kasus, s1.korban) == (1, 1)  # D-1 is about K2, not in her words
    assert s1.verdict == "both"
    assert tri.loc["rpsw.s2", "verdict"] == "single"
    s3 = tri.loc["rpsw.s3"]
    assert (s3.wawancara, s3.observasi, s3.dokumen) == (1, 1, 0)
    assert s3.verdict == "technique"
    assert tri.loc["rpsw.s3", "verdict_label"] == "triangulasi teknik"
    assert analysis.triangulation(study, lang="en", coder="A").loc[0, "verdict_label"] == (
        "triangulated by source and technique")


def test_quotes_prefer_reviewed_and_spread_voices(study):
    q = analysis.quotes(study, "rpsw.s1", n=3, coder="A")
    assert q["informant"].tolist() == ["K1", "MK", "K2"]
    first = q.iloc[0]
    assert first.citation == (
        "K1, perempuan korban trafiking, Wawancara Pribadi, Ruang konseling, 12 Maret 2014.")
    assert q.iloc[2].citation == "Dokumen, Formulir, 5 Januari 2014."
    sedih = analysis.quotes(study, "xc", n=5, coder="A")
    assert sedih["status"].tolist() == ["manual", "suggested"]
    short = analysis.quotes(study, "rpsw.s2", max_chars=20, coder="A")
    assert short.iloc[0].quote == "terus saya cerita…"
    assert analysis.quotes(study, "mx.asesmen").empty


@pytest.mark.parametrize("figure", ["stage_heatmap", "code_bars", "coverage_timeline",
                                    "triangulation_chart", "cooccurrence_heatmap"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_figures_render_to_png(study, figure, lang, tmp_path):
    import numpy as np
    from PIL import Image

    fig = getattr(analysis, figure)(study, lang=lang, coder="A")
    path = tmp_path / f"{figure}.png"
    fig.savefig(path, dpi=80)
    image = Image.open(path).convert("L")
    width, height = image.size
    assert width >= 400 and height >= 200
    # not blank: a real share of the pixels is not white
    assert (np.asarray(image) < 200).mean() > 0.02
    texts = [t.get_text() for ax in fig.axes for t in ax.texts + [ax.title]]
    assert any(texts)


def test_edge_cases_give_tables_not_tracebacks(study):
    empty = StudyTables(CODINGS.iloc[0:0], SOURCES, INFORMANTS.iloc[0:0], CODEBOOK,
                        project=FakeProject())
    assert analysis.frequencies(empty, by="kind")["passages"].sum() == 0
    assert (analysis.triangulation(empty)["verdict"] == "none").all()
    assert analysis.stage_coverage(empty).empty
    assert analysis.coverage_timeline(empty) is not None
    with pytest.raises(AnalysisError):
        analysis.cooccurrence(study, relation="proximity", jaccard=True)


def test_a_passage_coded_by_hand_counts_as_reviewed_in_quotes(study):
    both = pd.concat([CODINGS, CODINGS.iloc[[4]].assign(coding_id=99, status="manual")],
                     ignore_index=True)
    tables = StudyTables(both, SOURCES, INFORMANTS, CODEBOOK, project=FakeProject())
    sad = analysis.quotes(tables, "xc.sedih", n=5, coder="A")
    assert sad["status"].tolist() == ["manual", "manual"]
