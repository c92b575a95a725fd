"""Manual coding through the Project: code, uncode, recode, memos, coders, codings table."""

import math
from pathlib import Path

import pandas as pd
import pytest
from fixtures.store.factory import (
    K1_TEXT,
    K2_TEXT,
    OBS_TEXT,
    codebook,
    fill,
    k2,
)

from rpsw_research.codebook.model import Code
from rpsw_research.coding import Coding
from rpsw_research.errors import (
    AmbiguousQuoteError,
    CodebookError,
    CodingError,
    OffsetError,
    QuoteNotFoundError,
    UnknownCodeError,
    UnknownSourceError,
)
from rpsw_research.i18n import language
from rpsw_research.project import Project
from rpsw_research.store.frames import CODING_COLUMNS

TAKUT = K2_TEXT.index("Saya takut")


@pytest.fixture
def proj(tmp_path):
    with Project.create(tmp_path / "p.rpsw") as project:
        fill(project)
        yield project


def test_code_by_offsets_quote_turn_and_paragraph(proj):
    a = proj.code("W-K1-01", "rpsw.registrasi", start=3, end=20, coder="A", memo="awal")
    b = proj.code("W-K1-01", "rpsw.registrasi", quote="Saya didata dulu", occurrence=2,
                  coder="A")
    c = proj.code("W-K2-01", "lintas.emosi", turn=1, coder="B")
    d = proj.code("O-01", "rpsw.asesmen", paragraph=0, coder="B")
    assert [a, b, c, d] == sorted({a, b, c, d})  # distinct, increasing ids
    table = proj.codings().set_index("coding_id")
    assert table.loc[a, "text"] == K1_TEXT[3:20] and table.loc[a, "memo"] == "awal"
    second = K1_TEXT.index("Saya didata dulu", 70)
    assert (table.loc[b, "start"], table.loc[b, "end"]) == (second, second + 16)
    assert table.loc[c, "text"] == "Saya takut, tetapi pendamping sabar menjelaskan hak saya."
    assert table.loc[d, "text"] == OBS_TEXT.split("\n\n")[0]
    assert proj.coding(a) == Coding("W-K1-01", "rpsw.registrasi", 3, 20, coder="A", memo="awal",
                                    id=a, created_at=table.loc[a, "created_at"])


def test_codings_table_columns_types_and_attribution(proj):
    q = proj.code("W-K1-01", "lintas.emosi", quote="Bagaimana awalnya", coder="A")
    k = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    span = proj.code("W-K1-01", "rpsw.asesmen", start=K1_TEXT.index("K1: Saya"),
                     end=K1_TEXT.index("diperiksa"), coder="A")  # starts on the label
    o = proj.code("O-01", "rpsw.asesmen", paragraph=1, coder="B")
    proj.replace_auto_codings("auto", [
        Coding("W-K2-01", "lintas.emosi", TAKUT, TAKUT + 10, rule="kw:takut", score=0.5)])
    table = proj.codings()
    assert tuple(table.columns) == CODING_COLUMNS
    assert str(table["stage"].dtype) == "Int64"
    assert table["coding_id"].dtype == "int64" and table["start"].dtype == "int64"
    rows = table.set_index("coding_id")
    # interviewer turn: the researcher's words are nobody's informant data
    assert rows.loc[q, "speaker"] == "P" and rows.loc[q, "informant"] is None
    assert rows.loc[k, "speaker"] == "K1" and rows.loc[k, "informant"] == "K1"
    assert rows.loc[span, "speaker"] == "K1"  # first turn overlapping the passage
    assert rows.loc[o, "speaker"] is None and rows.loc[o, "informant"] is None
    assert rows.loc[o, "source_informants"] == "MK;K1"
    assert rows.loc[o, "source_kind"] == "observasi"
    assert rows.loc[k, "stage"] == 1 and pd.isna(rows.loc[q, "stage"])
    assert rows.loc[k, "code_name"] == "Registrasi"
    with language("en"):
        assert proj.codings(code="rpsw.registrasi")["code_name"].tolist() == ["Registration"]
    auto = proj.codings(coder="auto").iloc[0]
    assert (auto["method"], auto["status"], auto["rule"], auto["score"]) == (
        "auto", "suggested", "kw:takut", 0.5)
    assert rows.loc[k, "method"] == "manual" and rows.loc[k, "status"] == "manual"
    assert rows.loc[k, "rule"] is None and math.isnan(rows.loc[k, "score"])
    assert rows.loc[k, "memo"] is None
    assert rows.loc[k, "created_at"].endswith("Z")
    # filters: one id or many
    assert set(proj.codings(coder="B")["coding_id"]) == {o}
    assert set(proj.codings(source=["O-01", "W-K2-01"])["coding_id"]) == {o, auto["coding_id"]}
    assert set(proj.codings(informant="K1")["coding_id"]) == {k, span}
    assert proj.codings(informant="K2")["informant"].tolist() == ["K2"]
    # sorted by source then start: deterministic
    assert table["source_id"].tolist() == sorted(table["source_id"].tolist())


def test_empty_codings_table_has_the_columns(proj):
    table = proj.codings()
    assert table.empty and tuple(table.columns) == CODING_COLUMNS


@pytest.mark.parametrize("kwargs,error", [
    ({"start": -1, "end": 5}, OffsetError),
    ({"start": 5, "end": 2}, OffsetError),
    ({"start": 5, "end": 5}, OffsetError),
    ({"start": 0, "end": len(K1_TEXT) + 1}, OffsetError),
    ({"start": 5}, OffsetError),
    ({"quote": ""}, CodingError),
    ({"quote": "Saya didata dulu"}, AmbiguousQuoteError),
    ({"quote": "kalimat yang tidak ada"}, QuoteNotFoundError),
    ({"turn": 99}, CodingError),
    ({"quote": "Saya", "start": 1, "end": 3}, CodingError),
    ({}, CodingError),
])
def test_bad_coding_requests_write_nothing(proj, kwargs, error):
    with pytest.raises(error):
        proj.code("W-K1-01", "rpsw.registrasi", coder="A", **kwargs)
    assert proj.codings().empty
    assert not (proj.audit()["entity"] == "coding").any()


def test_unknown_source_or_code(proj):
    with pytest.raises(UnknownSourceError):
        proj.code("W-K9-01", "rpsw.registrasi", start=0, end=3)
    with language("en"), pytest.raises(UnknownCodeError) as caught:
        proj.code("W-K1-01", "rpsw.tidak_ada", start=0, end=3)
    assert "rpsw.registrasi" in str(caught.value)  # known codes are suggested
    assert proj.codings().empty


def test_offset_error_names_the_valid_range(proj):
    with language("en"), pytest.raises(OffsetError) as caught:
        proj.code("W-K2-01", "lintas.emosi", start=0, end=1000)
    assert f"<= {len(k2().text)}" in str(caught.value)


def test_uncode_and_recode(proj):
    cid = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    proj.recode(cid, "rpsw.asesmen")
    assert proj.codings()["code_id"].tolist() == ["rpsw.asesmen"]
    with pytest.raises(UnknownCodeError):
        proj.recode(cid, "tidak.ada")
    proj.uncode(cid)
    assert proj.codings().empty
    with pytest.raises(CodingError):
        proj.uncode(cid)
    with pytest.raises(CodingError):
        proj.recode(12345, "rpsw.asesmen")


def test_memos_and_coders(proj):
    cid = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    assert proj.memo("perlu dicek", coding=cid, coder="A") is None
    source_memo = proj.memo("wawancara pertama", source="W-K1-01", coder="A")
    code_memo = proj.memo("definisi diperluas", code="rpsw.asesmen")
    project_memo = proj.memo("catatan umum")
    assert len({source_memo, code_memo, project_memo}) == 3
    memos = proj.memos()
    assert list(memos.columns) == ["target", "target_id", "author", "text", "created_at",
                                   "memo_id"]
    assert sorted(zip(memos["target"], memos["text"], strict=True)) == [
        ("code", "definisi diperluas"), ("coding", "perlu dicek"),
        ("project", "catatan umum"), ("source", "wawancara pertama")]
    assert proj.codings()["memo"].tolist() == ["perlu dicek"]
    with pytest.raises(UnknownSourceError):
        proj.memo("x", source="W-K9")
    with pytest.raises(UnknownCodeError):
        proj.memo("x", code="tidak.ada")
    with pytest.raises(CodingError):
        proj.memo("   ")
    with pytest.raises(CodingError):
        proj.memo("x", source="W-K1-01", code="rpsw.asesmen")
    proj.add_coder("B", role="pembanding")
    coders = proj.coders().set_index("coder")
    assert coders.loc["B", "role"] == "pembanding" and coders.loc["B", "codings"] == 0
    assert coders.loc["A", "codings"] == 1  # auto-created on first use
    with pytest.raises(CodingError):
        proj.add_coder(" ")


def test_codebook_roundtrip_and_guarded_change(proj):
    assert [c.id for c in proj.codebook] == [c.id for c in codebook()]
    assert proj.codebook["rpsw.asesmen"] == codebook()["rpsw.asesmen"]
    cid = proj.code("W-K1-01", "rpsw.asesmen", quote="oleh pekerja sosial", coder="A")
    smaller = codebook().__class__([c for c in codebook() if c.id != "rpsw.asesmen"], name="uji")
    with language("en"), pytest.raises(CodebookError) as caught:
        proj.codebook = smaller
    assert "rpsw.asesmen (1)" in str(caught.value)
    assert "rpsw.asesmen" in proj.codebook  # nothing changed
    with pytest.raises(CodebookError):
        proj.set_codebook(smaller, mapping={"rpsw.asesmen": "tidak.ada"})
    counts = proj.set_codebook(smaller, mapping={"rpsw.asesmen": "rpsw.registrasi"})
    assert counts["codings_moved"] == 1 and counts["deleted"] == 1
    assert proj.codings().set_index("coding_id").loc[cid, "code_id"] == "rpsw.registrasi"
    grown = codebook(Code("lintas.harapan", {"id": "Harapan"}))
    counts = proj.set_codebook(grown, mapping={})
    assert counts["created"] == 2  # asesmen back, harapan new
    proj.set_codebook(smaller, mapping={"rpsw.asesmen": None})  # no codings: nothing deleted
    other = proj.code("W-K1-01", "lintas.emosi", start=0, end=2, coder="A")
    without = codebook().__class__([c for c in codebook() if c.id != "lintas.emosi"])
    counts = proj.set_codebook(without, mapping={"lintas.emosi": None})
    assert counts["codings_deleted"] == 1
    assert other not in set(proj.codings()["coding_id"])
    with pytest.raises(CodebookError):
        proj.codebook = ["bukan", "buku kode"]


def test_import_codings_all_or_nothing(tmp_path):
    import pandas as pd

    import rpsw_research as rr
    from rpsw_research.errors import CodingError, OffsetError

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(sample)
        proj.codebook = rr.Codebook.default()
        gold = pd.read_csv(sample / "gold" / "gold_stages.csv")
        ids = proj.import_codings(gold, coder="gold")
        assert len(ids) == len(gold) == len(proj.codings(coder="gold"))
        texts = proj.codings(coder="gold").sort_values("coding_id")["text"].tolist()
        assert texts == gold["text"].tolist()
        bad = gold.head(3).assign(coder="B")
        bad.loc[2, "end"] = 10**9
        with pytest.raises(OffsetError):
            proj.import_codings(bad)
        assert proj.codings(coder="B").empty  # nothing of the bad table was written
        with pytest.raises(CodingError, match="code_id"):
            proj.import_codings(gold.drop(columns=["code_id"]))


def test_interviewer_turns_are_not_credited_to_the_informant(tmp_path):
    import rpsw_research as rr

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(sample)
        proj.codebook = rr.Codebook.default()
        source = proj.source("W-K1-01")
        question = next(t for t in source.turns if t.is_interviewer)
        answer = next(t for t in source.turns if not t.is_interviewer)
        proj.code("W-K1-01", "rpsw.registrasi", turn=question.index, coder="A")
        proj.code("W-K1-01", "rpsw.registrasi", turn=answer.index, coder="A")
        table = proj.codings().sort_values("start")
        assert table["informant"].tolist() == [None, "K1"]
        assert table["speaker"].tolist() == [question.speaker, "K1"]


def test_import_codings_rejects_bad_cells_naming_file_and_line(tmp_path):
    import rpsw_research as rr

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(sample)
        proj.codebook = rr.Codebook.default()
        table = tmp_path / "koding.csv"
        table.write_text("source_id,start,end,code_id\nW-K1-01,0,10,rpsw.registrasi\n"
                         "W-K1-01,0,1.7,rpsw.registrasi\n", encoding="utf-8")
        with language("en"), pytest.raises(CodingError) as caught:
            proj.import_codings(table)
        assert caught.value.path == str(table) and caught.value.line == 3
        assert "1.7" in str(caught.value)
        table.write_text("source_id,start,end,code_id\nW-K1-01,0,10,rpsw.registrasi\n"
                         "W-K1-01,0,10,bukan.kode\n", encoding="utf-8")
        with pytest.raises(UnknownCodeError) as caught:
            proj.import_codings(table)
        assert caught.value.line == 3
        assert proj.codings().empty  # nothing written
        frame = pd.DataFrame({"source_id": ["W-K1-01"], "start": [0], "end": [""],
                              "code_id": ["rpsw.registrasi"]})
        with pytest.raises(CodingError, match="end"):
            proj.import_codings(frame)


def test_code_memos_resolve_aliases_and_name_known_codes(tmp_path):
    with Project.create(tmp_path / "p.rpsw") as proj:
        with pytest.raises(UnknownCodeError):  # no codebook yet
            proj.memo("x", code="rpsw.asesmen")
        proj.codebook = codebook(Code("lintas.takut", {"id": "Takut", "en": "Fear"},
                                      aliases=("emosi.takut",)))
        proj.memo("lewat alias", code="emosi.takut")
        assert proj.memos()["target_id"].tolist() == ["lintas.takut"]
        with language("en"), pytest.raises(UnknownCodeError) as caught:
            proj.memo("x", code="zzz")
        assert "rpsw.registrasi" in caught.value.hint  # the codebook's codes are named
