"""REFI-QDA codebooks (.qdc): real files from Taguette and openqda, schema-valid export."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from lxml import etree

from rpsw_research.codebook.model import Code, Codebook
from rpsw_research.errors import InteropError
from rpsw_research.i18n import language
from rpsw_research.interop.qdc import RefiWarning, export_qdc, import_qdc, read_qdc

REPO = Path(__file__).resolve().parents[1]
TESTDATA = next((p for p in (REPO.parent / "shared/testdata/refi",
                             Path("/work/shared/testdata/refi")) if p.is_dir()), None)
needs_testdata = pytest.mark.skipif(TESTDATA is None, reason="REFI-QDA sample files not found")
SCHEMA = REPO / "rpsw_research/interop/schema/Codebook.xsd"


def validate(path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log


@needs_testdata
def test_taguette_empty_sets_are_tolerated_with_a_warning(tmp_path):
    with pytest.warns(RefiWarning, match="Sets"):
        codebook = import_qdc(TESTDATA / "uto_tag__codebook.qdc")
    assert [code.name() for code in codebook] == ["xsd:element name", "CodeBook", "Variables"]
    assert codebook["codebook"].extra["refi_guid"] == "A2209CFF-8E89-5B0A-A7B0-CDDC4BE92936"
    out = export_qdc(codebook, tmp_path / "out.qdc")
    validate(out)
    assert b"<Sets" not in out.read_bytes()
    assert b"A2209CFF-8E89-5B0A-A7B0-CDDC4BE92936" in out.read_bytes()  # GUIDs kept


@needs_testdata
def test_openqda_non_guid_ids_are_tolerated_and_never_written(tmp_path):
    with pytest.warns(RefiWarning, match="c001"):
        codebook = import_qdc(TESTDATA / "openqda-refi-tools__example_codebook.qdc")
    assert len(codebook) == 44
    top = [code for code in codebook if code.parent is None]
    assert len(top) == 4 and top[0].name() == "Negativ/Aufgeregt"
    assert top[0].definition() == "All emotions with negative valence and positive arousal."
    assert top[0].color == "#e57373"
    rage = codebook["negativ_aufgeregt.rage"]
    assert rage.parent == "negativ_aufgeregt" and "refi_guid" not in rage.extra
    out = export_qdc(codebook, tmp_path / "out.qdc")
    validate(out)
    assert b'guid="c0' not in out.read_bytes()
    again = tmp_path / "again.qdc"
    export_qdc(codebook, again)
    assert again.read_bytes() == out.read_bytes()  # stable GUIDs, deterministic bytes


@needs_testdata
def test_defect_codebook_names_file_and_line():
    path = TESTDATA / "openqda-refi-tools__example_codebook_defect.qdc"
    with language("en"), pytest.raises(InteropError) as caught:
        import_qdc(path)
    assert caught.value.line == 132
    assert caught.value.path == str(path)
    assert "openqda-refi-tools__example_codebook_defect.qdc, line 132" in str(caught.value)


def sample_codebook() -> Codebook:
    return Codebook([
        Code("rpsw", {"id": "Tahap RPSW", "en": "RPSW stages"}, color="#1f77b4",
             definitions={"id": "Tahapan manajemen kasus", "en": "Case management stages"}),
        Code("rpsw.registrasi", {"id": "Registrasi", "en": "Registration"}, parent="rpsw",
             definitions={"id": "Pendataan awal korban"}, stage=1),
        Code("rpsw.asesmen", {"id": "Asesmen"}, parent="rpsw", color="#aabbcc", stage=2),
        Code("lintas", {"id": "Lintas tahap"}, extra={"refi_codable": False}),
    ], name="uji")


def test_export_then_import_round_trip(tmp_path):
    original = sample_codebook()
    out = export_qdc(original, tmp_path / "kb.qdc")
    validate(out)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # our own export raises no warning on import
        back = import_qdc(out)
    assert [(c.id, c.parent, c.name(), c.definition()) for c in back] == [
        ("tahap_rpsw", None, "Tahap RPSW", "Tahapan manajemen kasus"),
        ("tahap_rpsw.registrasi", "tahap_rpsw", "Registrasi", "Pendataan awal korban"),
        ("tahap_rpsw.asesmen", "tahap_rpsw", "Asesmen", ""),
        ("lintas_tahap", None, "Lintas tahap", ""),
    ]
    assert [c.color for c in back] == ["#1f77b4", None, "#aabbcc", None]
    assert back["lintas_tahap"].extra["refi_codable"] is False
    english = export_qdc(back, tmp_path / "en.qdc", lang="en")
    assert b'name="Tahap RPSW"' in english.read_bytes()  # imported names sit under "id"
    assert export_qdc(back, tmp_path / "kb2.qdc").read_bytes() == out.read_bytes()


def test_english_export_and_empty_codebook(tmp_path):
    out = export_qdc(sample_codebook(), tmp_path / "en.qdc", lang="en")
    assert b'name="RPSW stages"' in out.read_bytes()
    with pytest.raises(InteropError):
        export_qdc(Codebook([]), tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()


def test_project_file_is_not_a_codebook(tmp_path):
    path = tmp_path / "p.qdc"
    path.write_text('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
    with pytest.raises(InteropError, match="CodeBook"):
        read_qdc(path)
