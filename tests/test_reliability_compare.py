"""compare(): agreement of a project's coders per code and overall, checked by hand."""

import math

import pandas as pd
import pytest
from fixtures.reliability.projects import OBS, W, two_coder_project

from rpsw_research import reliability as rel
from rpsw_research.corpus.model import Source
from rpsw_research.errors import ReliabilityError, UnknownSourceError
from rpsw_research.reliability import (
    CharacterCounts,
    bennett_s,
    character_counts,
    character_kappa,
    cohen_kappa,
    compare,
    fleiss_kappa,
    interpret,
    krippendorff_alpha,
    pairwise_agreement,
    percent_agreement,
    u_alpha,
)
from rpsw_research.reliability.table import columns


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    project = two_coder_project(tmp_path_factory.mktemp("rel"))
    yield project
    project.close()


def by_code(table):
    return table.set_index(table["code_id"].fillna("*"))


def test_turn_level_values_match_hand_computation(proj):
    table = compare(proj, ["A", "B"], unit="turn", lang="en")
    assert list(table.columns) == columns(["A", "B"])
    assert table["code_id"].tolist() == ["reg", "ases", "emo", None]
    assert table["scope"].tolist() == ["code", "code", "code", "overall"]
    rows = by_code(table)
    # reg: both coded turn 1 only (B's quote lies inside it): perfect agreement
    assert rows.loc["reg", ["percent_agreement", "kappa", "kappa_bp", "alpha"]].tolist() == [
        1.0, 1.0, 1.0, 1.0]
    # ases: A = turn 3; B = turns 3 and 5 (of six turns)
    ases = rows.loc["ases"]
    assert ases["n_units"] == 6 and ases["n_coded_by_A"] == 1 and ases["n_coded_by_B"] == 2
    assert (ases["n_coded_all"], ases["n_coded_none"], ases["n_disagree"]) == (1, 4, 1)
    assert ases["percent_agreement"] == pytest.approx(5 / 6)
    assert ases["kappa"] == pytest.approx((30 / 36 - 22 / 36) / (1 - 22 / 36))  # 4/7
    assert ases["kappa_bp"] == pytest.approx(2 / 3)
    assert ases["alpha"] == pytest.approx(16 / 27)
    # emo: A = turns 3, 5; B = turn 1: no agreement on presence
    emo = rows.loc["emo"]
    assert emo["percent_agreement"] == pytest.approx(0.5)
    assert emo["kappa"] == pytest.approx(-2 / 7)
    assert emo["kappa_bp"] == pytest.approx(0.0)
    assert emo["alpha"] == pytest.approx(-2 / 9)
    # overall: 18 unit x code decisions, 2 both, 12 neither, 4 disputed
    overall = rows.loc["*"]
    assert overall["code_name"] == "Overall" and overall["n_units"] == 6
    assert (overall["n_decisions"], overall["n_coded_all"], overall["n_coded_none"],
            overall["n_disagree"]) == (18, 2, 12, 4)
    assert overall["percent_agreement"] == pytest.approx(7 / 9)
    assert overall["kappa"] == pytest.approx(5 / 14)
    assert overall["kappa_bp"] == pytest.approx(5 / 9)
    assert overall["alpha"] == pytest.approx(0.375)
    assert table["note"].isna().all()


def test_turn_level_cross_checked_with_plain_functions(proj):
    table = by_code(compare(proj, ["A", "B"], unit="turn"))
    a = {"reg": [0, 1, 0, 0, 0, 0], "ases": [0, 0, 0, 1, 0, 0], "emo": [0, 0, 0, 1, 0, 1]}
    b = {"reg": [0, 1, 0, 0, 0, 0], "ases": [0, 0, 0, 1, 0, 1], "emo": [0, 1, 0, 0, 0, 0]}
    for code in a:
        assert table.loc[code, "kappa"] == pytest.approx(float(cohen_kappa(a[code], b[code])))
        assert table.loc[code, "alpha"] == pytest.approx(
            float(krippendorff_alpha([a[code], b[code]])))
    pooled_a, pooled_b = sum(a.values(), []), sum(b.values(), [])
    assert table.loc["*", "kappa"] == pytest.approx(float(cohen_kappa(pooled_a, pooled_b)))
    assert table.loc["*", "kappa_bp"] == pytest.approx(float(bennett_s(pooled_a, pooled_b)))
    assert table.loc["*", "percent_agreement"] == pytest.approx(
        float(percent_agreement(pooled_a, pooled_b)))


def test_method_interpretation_and_language(proj):
    en = compare(proj, ["A", "B"], unit="turn", lang="en")
    ind = compare(proj, ["A", "B"], unit="turn", lang="id")
    method = en["method"].iloc[0]
    assert "6 speaker turns" in method and "overlaps it" in method
    assert "agreement on absence (NVivo/Cohen convention)" in method
    assert "Cohen's kappa" in method and "Krippendorff's alpha (nominal)" in method
    assert "18 unit x code decisions pooled" in en["method"].iloc[-1]
    assert "giliran bicara" in ind["method"].iloc[0]
    ases = by_code(en).loc["ases"]
    assert ases["kappa_interpretation"] == interpret(4 / 7, "landis_koch", "en")
    assert ases["alpha_interpretation"] == interpret(16 / 27, "krippendorff", "en")
    assert by_code(ind).loc["ases", "code_name"] == "Asesmen"
    assert by_code(en).loc["ases", "code_name"] == "Assessment"


def test_exclude_uncoded_drops_units_nobody_coded(proj):
    table = by_code(compare(proj, ["A", "B"], unit="turn", exclude_uncoded=True, lang="en"))
    assert (table["n_units"] == 3).all()  # the three interviewer turns are gone
    assert table.loc["ases", "percent_agreement"] == pytest.approx(2 / 3)
    assert table.loc["ases", "kappa"] == pytest.approx(0.4)
    assert "3 unit(s) no coder coded with any compared code excluded" in table["method"].iloc[0]


def test_code_nobody_applied_gets_a_note_not_a_silent_nan(proj):
    table = by_code(compare(proj, ["A", "B"], unit="turn", codes=["lain", "reg"], lang="en"))
    lain = table.loc["lain"]
    assert lain["percent_agreement"] == 1.0 and lain["kappa_bp"] == 1.0
    assert math.isnan(lain["kappa"]) and math.isnan(lain["alpha"])
    assert "Kappa undefined" in lain["note"] and "observed agreement 1.000" in lain["note"]
    assert "Krippendorff's alpha undefined" in lain["note"]
    assert lain["kappa_interpretation"] is None
    for _, row in table.iterrows():  # never NaN without a note
        if any(math.isnan(row[c]) for c in ("percent_agreement", "kappa", "alpha")):
            assert row["note"]


def test_document_level_presence(proj):
    table = by_code(compare(proj, ["A", "B"], unit="document", lang="en"))
    assert (table["n_units"] == 2).all()
    reg, ases, emo = table.loc["reg"], table.loc["ases"], table.loc["emo"]
    assert reg["percent_agreement"] == 1.0 and reg["kappa_bp"] == 1.0
    assert math.isnan(reg["kappa"]) and "observed agreement 1.000" in reg["note"]
    assert (ases["percent_agreement"], ases["kappa"], ases["kappa_bp"], ases["alpha"]) == (
        pytest.approx(0.5), pytest.approx(0.0), pytest.approx(0.0), pytest.approx(0.0))
    assert (emo["kappa"], emo["alpha"]) == (pytest.approx(1.0), pytest.approx(1.0))
    # overall: A = [1,1,1,1,0,1], B = [1,1,0,1,0,1] over (code, document)
    assert table.loc["*", "kappa"] == pytest.approx(4 / 7)
    assert table.loc["*", "kappa_bp"] == pytest.approx(2 / 3)
    assert "MAXQDA variation 1" in table.loc["*", "method"]


def test_paragraph_units_cover_every_source(proj):
    table = by_code(compare(proj, ["A", "B"], unit="paragraph"))
    paragraphs = len(proj.source(W).paragraphs) + len(proj.source(OBS).paragraphs)
    assert (table["n_units"] == paragraphs).all()
    a = [int(i in (1, 6)) for i in range(paragraphs)]  # W paragraph 1, O paragraph 0
    assert table.loc["reg", "kappa"] == pytest.approx(float(cohen_kappa(a, a)))


def test_character_level_is_nvivo_per_code_and_source(proj):
    table = compare(proj, ["A", "B"], unit="character", lang="en")
    assert set(table["scope"]) == {"code_source", "code", "overall"}
    reg_w = table[(table["code_id"] == "reg") & (table["source_id"] == W)].iloc[0]
    text = proj.source(W).text
    turn = proj.source(W).turns[1]
    a_chars, b_chars, total = turn.end - turn.start, len("didata dulu"), len(text)
    assert (reg_w["n_coded_by_A"], reg_w["n_coded_by_B"], reg_w["n_coded_all"]) == (
        a_chars, b_chars, b_chars)
    agree = total - (a_chars - b_chars)
    assert reg_w["percent_agreement"] == pytest.approx(agree / total)
    ef = (a_chars * b_chars + (total - a_chars) * (total - b_chars)) / total  # NVivo's EF
    assert reg_w["kappa"] == pytest.approx((agree - ef) / (total - ef))
    # pooled row = the 2x2 counts summed over the two sources
    parts = table[(table["code_id"] == "reg") & (table["scope"] == "code_source")]
    pooled = table[(table["code_id"] == "reg") & (table["scope"] == "code")].iloc[0]
    assert pooled["n_units"] == parts["n_units"].sum() == total + len(proj.source(OBS).text)
    counts = CharacterCounts(int(parts["n_coded_all"].sum()), int(parts["n_disagree"].sum()),
                             0, int(parts["n_coded_none"].sum()))
    assert pooled["kappa"] == pytest.approx(float(character_kappa(counts)))
    assert table["alpha"].isna().all() and table["note"].str.contains("unit='span'").all()
    overall = table[table["scope"] == "overall"].iloc[0]
    assert overall["n_decisions"] == 3 * pooled["n_units"]


def test_character_exclude_uncoded_drops_combinations_nobody_coded(proj):
    full = compare(proj, ["A", "B"], unit="character")
    short = compare(proj, ["A", "B"], unit="character", exclude_uncoded=True)
    dropped = full[(full["scope"] == "code_source") & (full["n_coded_none"] == full["n_units"])]
    assert set(zip(dropped["code_id"], dropped["source_id"])) == {("emo", OBS)}
    assert len(short) == len(full) - 1


def test_span_unit_is_unitizing_alpha_on_concatenated_sources(proj):
    table = compare(proj, ["A", "B"], unit="span", lang="en")
    assert table.equals(rel.unitizing(proj, ["A", "B"], lang="en"))
    codings = proj.codings()
    offset = {OBS: 0, W: len(proj.source(OBS).text)}
    spans = [(r.coder, r.code_id, offset[r.source_id] + r.start, r.end - r.start)
             for r in codings.itertuples()]
    expected = u_alpha(spans, begin=0, length=offset[W] + len(proj.source(W).text),
                       coders=["A", "B"])
    rows = by_code(table)
    assert rows.loc["*", "alpha"] == pytest.approx(expected.value)
    for code in ("reg", "ases", "emo"):
        assert rows.loc[code, "alpha"] == pytest.approx(expected.for_category(code).value)
    assert table["kappa"].isna().all() and table["note"].str.contains("only uα").all()
    assert "macro" in rows.loc["*", "method"]


def test_unitizing_reproduces_krippendorff_2004(tmp_path):
    """Krippendorff (2004, p. 254) on [150, 450), shifted to a 300-character source."""
    from rpsw_research.codebook.model import Code, Codebook
    from rpsw_research.project import Project

    text = ("Catatan sintetis untuk uji alfa unitisasi. " * 8)[:299] + "."
    with Project.create(tmp_path / "k.rpsw") as project:
        project.add_source(Source(id="D-K", kind="dokumen", text=text))
        project.codebook = Codebook([Code("c", {"id": "c"}), Code("k", {"id": "k"})], name="k")
        marks = {"c0": [("c", 225, 295), ("c", 370, 400), ("k", 180, 240), ("k", 300, 350)],
                 "c1": [("c", 220, 300), ("c", 355, 375), ("c", 400, 420), ("k", 180, 240),
                        ("k", 300, 350)]}
        for coder, spans in marks.items():
            for code, start, end in spans:
                project.code("D-K", code, start=start - 150, end=end - 150, coder=coder)
        rows = by_code(rel.unitizing(project, ["c0", "c1"]))
    assert rows.loc["c", "alpha"] == pytest.approx(0.728599, abs=1e-6)
    assert rows.loc["k", "alpha"] == pytest.approx(1.0)
    assert rows.loc["*", "alpha"] == pytest.approx(0.858665, abs=1e-6)


def test_three_coders_use_fleiss_and_pairwise(tmp_path):
    with two_coder_project(tmp_path / "p3") as project:
        project.code(W, "ases", turn=3, coder="C")
        project.code(W, "reg", turn=1, coder="C")
        project.code(OBS, "reg", paragraph=0, coder="C")
        table = by_code(compare(project, ["A", "B", "C"], unit="turn", lang="en"))
        with pytest.raises(ReliabilityError, match="exactly two coders"):
            compare(project, ["A", "B", "C"], unit="character", lang="en")
    ases = [[0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 0, 0]]
    assert table.loc["ases", "kappa"] == pytest.approx(float(fleiss_kappa(ases)))
    assert table.loc["ases", "percent_agreement"] == pytest.approx(
        float(pairwise_agreement(ases)))
    assert table.loc["ases", "alpha"] == pytest.approx(float(krippendorff_alpha(ases)))
    assert table.loc["ases", "n_coded_all"] == 1 and table.loc["ases", "n_disagree"] == 1
    assert math.isnan(table.loc["ases", "kappa_bp"])
    assert "two coders only" in table.loc["ases", "note"]
    assert "Fleiss' kappa" in table.loc["ases", "method"]


def test_sentence_units_come_from_the_nlp_layer(proj):
    table = compare(proj, ["A", "B"], unit="sentence", lang="en")
    sentences = proj.segments_table("sentence")
    assert (table["n_units"] == len(sentences)).all()
    assert table.iloc[-1]["n_decisions"] == 3 * len(sentences)


def test_sentence_units_come_from_segments_table(proj, monkeypatch):
    text = proj.source(W).text
    bounds = [(text.index(s), text.index(s) + len(s)) for s in (
        "Saya didata dulu oleh pekerja sosial.", "Lalu saya diperiksa dokter.",
        "Saya diasesmen.", "Saya takut sekali waktu itu.")]
    sentences = pd.DataFrame([(W, i, s, e) for i, (s, e) in enumerate(bounds)],
                             columns=["source_id", "unit_index", "start", "end"])
    monkeypatch.setattr(proj, "segments_table", lambda kind: sentences, raising=False)
    table = by_code(compare(proj, ["A", "B"], unit="sentence", lang="en"))
    assert (table["n_units"] == 4).all()
    # emo: A = sentence 3 ("takut sekali"), B = sentence 1 ("diperiksa dokter")
    assert table.loc["emo", "kappa"] == pytest.approx(float(cohen_kappa([0, 0, 0, 1],
                                                                        [0, 1, 0, 0])))
    # ases: A = turn 3 (sentences 2, 3), B = "diasesmen" (sentence 2)
    assert table.loc["ases", "n_coded_by_A"] == 2 and table.loc["ases", "n_coded_by_B"] == 1
    assert "4 sentences" in table.loc["*", "method"]


@pytest.mark.parametrize(("coders", "match"), [
    (["A"], "at least two coders"),
    (["A", "A"], "Name every coder once"),
    (["A", "Z"], r"Coder 'Z' has no codings.*Coders with codings: A, B"),
])
def test_degenerate_coders_raise_clear_errors(proj, coders, match):
    with pytest.raises(ReliabilityError, match=match):
        compare(proj, coders, unit="turn", lang="en")


def test_registered_coder_without_codings_and_bad_arguments(tmp_path):
    with two_coder_project(tmp_path / "p") as project:
        project.add_coder("C")
        with pytest.raises(ReliabilityError, match="Coder 'C' has no codings") as info:
            compare(project, ["A", "C"], unit="turn", lang="en")
        assert info.value.hint
        with pytest.raises(ReliabilityError, match="unit"):
            compare(project, ["A", "B"], unit="kata")
        with pytest.raises(ReliabilityError, match="not in the project's codebook"):
            compare(project, ["A", "B"], unit="turn", codes=["nope"], lang="en")
        with pytest.raises(UnknownSourceError):
            compare(project, ["A", "B"], unit="turn", sources=["X-1"])
        with pytest.raises(ReliabilityError, match="exclude_uncoded"):
            compare(project, ["A", "B"], unit="span", exclude_uncoded=True, lang="en")
        with pytest.raises(ReliabilityError, match="Only 1 unit"):
            compare(project, ["A", "B"], unit="document", sources=[W], lang="en")
        with pytest.raises(ReliabilityError, match="have no speaker turns"):
            compare(project, ["A", "B"], unit="turn", sources=[OBS], lang="en")


def test_sources_default_to_those_every_coder_coded(tmp_path):
    with two_coder_project(tmp_path / "p") as project:
        project.add_source(Source(id="D-9", kind="dokumen", text="Dokumen sintetis lain."))
        project.code("D-9", "reg", start=0, end=7, coder="A")  # B never saw D-9
        table = compare(project, ["A", "B"], unit="document", lang="en")
        assert (table["n_units"] == 2).all()
        assert "the sources every coder coded" in table["method"].iloc[0]
        named = compare(project, ["A", "B"], unit="document", sources=[OBS, W, "D-9"], lang="en")
        assert (named["n_units"] == 3).all() and "the sources named" in named["method"].iloc[0]


def test_suggested_auto_codings_do_not_count(tmp_path):
    from rpsw_research.coding import Coding

    with two_coder_project(tmp_path / "p") as project:
        project.replace_auto_codings("auto", [Coding(W, "reg", 27, 40, rule="kw:didata")])
        with pytest.raises(ReliabilityError, match="Coder 'auto' has no codings"):
            compare(project, ["A", "auto"], unit="turn", lang="en")
        table = by_code(compare(project, ["A", "auto"], unit="turn",
                                statuses=["manual", "suggested"]))
        assert table.loc["reg", "kappa"] == 1.0


def test_same_input_same_table(proj):
    assert compare(proj, ["A", "B"], unit="turn").equals(compare(proj, ["A", "B"], unit="turn"))


def test_character_counts_agree_with_plain_function(proj):
    table = compare(proj, ["A", "B"], unit="character")
    row = table[(table["code_id"] == "ases") & (table["source_id"] == W)].iloc[0]
    codings = proj.codings(code="ases", source=W)
    spans = {c: list(zip(g["start"], g["end"], strict=True)) for c, g in codings.groupby("coder")}
    found = character_counts(spans["A"], spans["B"], length=len(proj.source(W).text))
    assert (row["n_coded_all"], row["n_coded_none"]) == (found.both, found.neither)
    assert row["kappa_bp"] == pytest.approx(float(bennett_s(found.table)))
