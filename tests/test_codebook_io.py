"""YAML and CSV codebook files, and the appendix tables."""

import csv
import textwrap

import pandas as pd
import pytest

from rpsw_research.codebook import Code, Codebook, Rule
from rpsw_research.codebook.io import CSV_COLUMNS
from rpsw_research.errors import CodebookError
from rpsw_research.i18n import language


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return Codebook.default()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


# --- YAML ---------------------------------------------------------------------------
def test_yaml_round_trip_is_lossless(cb, tmp_path):
    path = tmp_path / "buku.yaml"
    cb.to_yaml(path)
    again = Codebook.from_yaml(path)
    assert again == cb and again.meta["sources"]["S25"] == cb.meta["sources"]["S25"]
    assert [c.to_dict() for c in again] == [c.to_dict() for c in cb]
    again.to_yaml(tmp_path / "lagi.yaml")
    assert (tmp_path / "lagi.yaml").read_bytes() == path.read_bytes()


def test_yaml_round_trip_keeps_every_field(tmp_path):
    code = Code("a", {"id": "A", "en": "A", "jv": "Aa"}, definitions={"id": "d"},
                include=("x; y",), examples=("contoh",), color="#abcdef", sensitive=True,
                basis="inference", aliases=("OLD",),
                extra={"n": [1, {"k": None}], "d": "2014-03-12"},
                rule=Rule(keywords=("k",), lemmas=("l",), stems=("s",), regex=(r"\d+'",),
                          speaker_roles=("korban",), negation="block", weight=0.5))
    cb = Codebook([code], name="n", meta={"m": 1})
    cb.to_yaml(tmp_path / "a.yaml")
    assert Codebook.from_yaml(tmp_path / "a.yaml") == cb


def test_yaml_accepts_nested_children_and_spreadsheet_style_keys(tmp_path):
    path = write(tmp_path, "nested.yaml", """
        - id: rpsw
          name_id: Tahapan
          name_en: Stages
          children:
            - id: rpsw.satu
              name: Satu
              colour: "#E69F00"
              stage: 1
              basis: [brief, "stated:S21"]
              rule: {keywords: [didata], regex: ['\\bdidata\\b']}
            - id: rpsw.dua
              name: {id: Dua}
              stage: 2
              extra: {tanggal: 2014-03-12}
        """)
    cb = Codebook.from_yaml(path)
    assert [c.id for c in cb] == ["rpsw", "rpsw.satu", "rpsw.dua"]
    assert cb["rpsw"].names == {"id": "Tahapan", "en": "Stages"}
    assert cb["rpsw.satu"].parent == "rpsw" and cb["rpsw.satu"].color == "#E69F00"
    assert cb["rpsw.satu"].basis == "brief; stated:S21"
    assert cb["rpsw.satu"].rule.patterns()[0].search("sudah DIDATA")
    assert cb["rpsw.dua"].extra["tanggal"] == "2014-03-12"


def test_yaml_error_names_file_line_and_code(tmp_path):
    path = write(tmp_path, "bad.yaml", """
        codes:
          - id: a
            name: {id: A}
          - id: b
            name: {id: B}
            color: merah
        """)
    with pytest.raises(CodebookError) as info:
        Codebook.from_yaml(path)
    assert info.value.line == 4 and info.value.code_id == "b"
    message = str(info.value)
    assert "bad.yaml" in message and "baris 4" in message and "'b'" in message


def test_yaml_bad_regex_and_duplicate_point_at_their_entries(tmp_path):
    path = write(tmp_path, "regex.yaml", """
        codes:
          - {id: a, name: A}
          - {id: a.b, parent: a, name: B, rule: {regex: ['[unclosed']}}
          - {id: c, name: C}
          - {id: a, name: A again}
        """)
    with pytest.raises(CodebookError) as info:
        Codebook.from_yaml(path)
    assert info.value.line == 5 and info.value.code_id == "a"
    path.write_text(path.read_text().replace("  - {id: a, name: A again}\n", ""))
    with pytest.raises(CodebookError) as info:
        Codebook.from_yaml(path)
    assert info.value.line == 3 and "[unclosed" in str(info.value)
    assert info.value.code_id == "a.b"


def test_yaml_unknown_field_and_syntax_errors(tmp_path):
    with pytest.raises(CodebookError, match="colr") as info:
        Codebook.from_yaml(write(tmp_path, "f.yaml",
                                 "codes:\n  - {id: a, name: A, colr: '#000000'}\n"))
    assert info.value.line == 2 and "color" in str(info.value)
    with pytest.raises(CodebookError, match="rule.keyword"):
        Codebook.from_yaml(write(tmp_path, "r.yaml", "- {id: a, name: A, rule: {keyword: [x]}}\n"))
    with pytest.raises(CodebookError) as info:
        Codebook.from_yaml(write(tmp_path, "s.yaml", "codes:\n  - id: a\n    name: [unclosed\n"))
    assert info.value.line is not None and "s.yaml" in str(info.value)
    with pytest.raises(CodebookError, match="'codes'"):
        Codebook.from_yaml(write(tmp_path, "e.yaml", "name: kosong\n"))
    with pytest.raises(CodebookError, match="dua kali"):
        Codebook.from_yaml(write(tmp_path, "d.yaml", "- {id: a, name: A, name: B}\n"))
    with pytest.raises(CodebookError, match="id"):
        Codebook.from_yaml(write(tmp_path, "n.yaml", "- {name: A}\n"))
    with pytest.raises(CodebookError):
        Codebook.from_yaml(tmp_path / "missing.yaml")


# --- CSV ----------------------------------------------------------------------------
def test_csv_round_trip_is_lossless_for_its_columns(cb, tmp_path):
    path = tmp_path / "buku.csv"
    cb.to_csv(path)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert len(rows) == len(cb)
    first_stage = next(r for r in rows if r["id"] == "rpsw.registrasi")
    assert first_stage["stage"] == "1" and first_stage["color"] == "#E69F00"
    assert first_stage["keywords"].startswith("registrasi;didaftarin;")
    again = Codebook.from_csv(path)
    assert list(again) == list(cb)


def test_csv_keeps_semicolons_inside_items(tmp_path):
    cb = Codebook([Code("a", {"id": "A"}, include=("satu; dua", "tiga"),
                        rule=Rule(keywords=("x;y", "z")))])
    cb.to_csv(tmp_path / "a.csv")
    again = Codebook.from_csv(tmp_path / "a.csv")
    assert again["a"].include == ("satu; dua", "tiga")
    assert again["a"].rule.keywords == ("x;y", "z")


def test_csv_from_a_spreadsheet_with_the_basic_columns(tmp_path):
    path = write(tmp_path, "sheet.csv", """
        id,parent,name_id,name_en,definition_id,definition_en,keywords,stage,color,sensitive,catatan
        rpsw,,Tahapan,Stages,Tahapan RPSW,RPSW stages,,,,,
        rpsw.satu,rpsw,Registrasi,Registration,Awal,Intake,didata; data diri ;,1,#E69F00,ya,cek
        ,,,,,,,,,,
        xc.seks,,Eksploitasi seksual,Sexual exploitation,x,x,tamu,,,TRUE,
        """)
    cb = Codebook.from_csv(path)
    assert [c.id for c in cb] == ["rpsw", "rpsw.satu", "xc.seks"]
    satu = cb["rpsw.satu"]
    assert satu.rule.keywords == ("didata", "data diri") and satu.stage == 1
    assert satu.sensitive and cb["xc.seks"].sensitive and not cb["rpsw"].sensitive
    assert satu.extra == {"catatan": "cek"} and cb.name == "sheet"


def test_csv_errors_name_code_and_row(tmp_path):
    path = write(tmp_path, "bad.csv", """
        id,name_id,stage
        a,A,1
        b,B,dua
        """)
    with pytest.raises(CodebookError) as info:
        Codebook.from_csv(path)
    assert info.value.line == 3 and info.value.code_id == "b" and "dua" in str(info.value)
    path = write(tmp_path, "bad2.csv", "id,name_id,parent\na,A,\nb,B,zz\n")
    with pytest.raises(CodebookError) as info:
        Codebook.from_csv(path)
    assert info.value.line == 3 and "zz" in str(info.value)
    with pytest.raises(CodebookError, match="name_id"):
        Codebook.from_csv(write(tmp_path, "cols.csv", "id,definition_id\na,x\n"))
    with pytest.raises(CodebookError, match="sensitive"):
        Codebook.from_csv(write(tmp_path, "s.csv", "id,name_id,sensitive\na,A,mungkin\n"))


# --- tables -------------------------------------------------------------------------
def test_table_columns_and_values(cb):
    table = cb.table()
    assert list(table.columns) == ["id", "name", "definition", "include", "exclude", "parent",
                                   "stage"]
    assert list(table["id"]) == list(cb.ids)
    assert table["stage"].dtype == "Int64" and table["stage"].notna().sum() == 7
    row = table.set_index("id").loc["rpsw.registrasi"]
    assert row["name"] == "Registrasi dan identifikasi" and row["stage"] == 1
    assert row["parent"] == "rpsw" and "RPTC Bambu Apus" in row["include"]
    english = cb.table("en").set_index("id").loc["rpsw.registrasi"]
    assert english["name"] == "Registration and identification"
    assert pd.isna(table.set_index("id").loc["moxley", "parent"])


def test_appendix_table(cb):
    table = cb.appendix_table("id")
    assert list(table.columns) == ["id", "name", "definition", "include", "exclude"]
    assert len(table) == len(cb)
    assert table.iloc[0]["definition"].startswith("Manajemen kasus adalah")
    shared = cb.appendix_table("en", include_sensitive=False)
    assert len(shared) == len(cb) - 5 and not shared["id"].str.startswith("xc.eksploitasi").any()
    labelled = cb.appendix_table("id", labels=True)
    assert list(labelled.columns) == ["Kode", "Nama", "Definisi", "Kriteria inklusi",
                                      "Kriteria eksklusi"]
    with language("id"):
        assert list(cb.appendix_table("en", labels=True).columns)[1] == "Name"
