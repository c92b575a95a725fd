"""Leak check of export files (.docx, .xlsx, .csv, .qdpx), texts and projects."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from openpyxl.comments import Comment

from rpsw_research.corpus.model import Source
from rpsw_research.errors import LeakError, UnsafeArchiveError, UnsupportedFormatError
from rpsw_research.i18n import language
from rpsw_research.privacy import PrivacyKey, guard_export, leak_check, mask, pseudonymise

# Synthetic key and identifiers (invented).
KEY = PrivacyKey.from_entries(
    [
        {"kind": "person", "name": "Siti Aminah", "aliases": ["Siti"], "replacement": "K1"},
        {"kind": "person", "name": "Joko Susilo", "aliases": ["Joko"], "replacement": "PS"},
        {"kind": "place", "name": "Indramayu"},
    ]
)
NIK = "3209014506920003"
PHONE = "0813-1111-2222"
REFI_TESTDATA = next(
    (
        p / "shared" / "testdata" / "refi"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "testdata" / "refi").is_dir()
    ),
    Path("/nonexistent"),
)


def kinds_at(report, part_substring: str) -> set[str]:
    return {f.kind for f in report if part_substring in f.part + " " + f.where}


# --- .docx ----------------------------------------------------------------------------
def make_docx(path: Path, *, leak: bool) -> Path:
    name, nik, phone = ("Siti", NIK, PHONE) if leak else ("K1", "[NIK]", "[TELEPON]")
    document = docx.Document()
    document.add_heading("Bab IV Data dan Temuan", level=1)
    paragraph = document.add_paragraph("Informan pertama, ")
    paragraph.add_run(name[:2])  # a name split over two runs
    paragraph.add_run(name[2:] + ", bercerita tentang asesmen.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kode"
    table.cell(0, 1).text = "Keterangan"
    table.cell(1, 0).text = "K1"
    table.cell(1, 1).text = f"NIK {nik}"
    document.sections[0].header.paragraphs[0].text = f"Kontak: {phone}"
    document.sections[0].footer.paragraphs[0].text = "Halaman"
    document.add_comment(paragraph.runs[0], text="cek ejaan", author="peneliti")
    document.core_properties.author = "Joko Susilo" if leak else "peneliti"
    document.save(path)
    if leak:  # add a footnotes part, as Word writes it, with a place name
        footnotes = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnote w:id="1"><w:p><w:r><w:t>Wawancara pribadi, Indramayu, 2014.</w:t>'
            "</w:r></w:p></w:footnote></w:footnotes>"
        )
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("word/footnotes.xml", footnotes)
    return path


def test_docx_leaks_found_with_location(tmp_path: Path) -> None:
    report = leak_check(make_docx(tmp_path / "bab4.docx", leak=True), KEY)
    assert not report.ok
    body = [f for f in report if f.part == "word/document.xml" and f.kind == "person"]
    assert body and body[0].where == "paragraf 2" and body[0].masked == "S***"
    assert body[0].offset == len("Informan pertama, ")
    table = [f for f in report if f.kind == "nik"]
    assert table and table[0].where.startswith("tabel 1, baris 2, kolom 2")
    assert "phone" in kinds_at(report, "header")
    assert "place" in kinds_at(report, "footnotes")
    author = [f for f in report if f.part == "docProps/core.xml"]
    assert author and author[0].where == "properti dokumen creator" and author[0].masked == "J***"
    assert all(f.file == str(tmp_path / "bab4.docx") for f in report)


def test_clean_docx_has_no_findings(tmp_path: Path) -> None:
    report = leak_check(make_docx(tmp_path / "bersih.docx", leak=False), KEY)
    assert report.ok and len(report) == 0
    assert "Tidak ditemukan" in report.summary()


# --- .xlsx ----------------------------------------------------------------------------
def make_xlsx(path: Path, *, leak: bool) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Profil"
    first.append(["id", "peran", "usia"])
    first.append(["K1", "korban", "18-25"])
    second = book.create_sheet("Kutipan")
    second["A1"] = "kutipan"
    second["B3"] = "saya sama Siti waktu itu" if leak else "saya sama K1 waktu itu"
    second["C4"] = int(NIK) if leak else 42
    second["D5"] = 81311112222 if leak else 2014  # a phone typed as a number: leading 0 lost
    second["A2"].value = "catatan"
    second["A2"].comment = Comment(f"hubungi {PHONE}" if leak else "cek lagi", "peneliti")
    book.properties.creator = "Siti Aminah" if leak else "peneliti"
    book.save(path)
    return path


def test_xlsx_leaks_found_with_sheet_and_cell(tmp_path: Path) -> None:
    report = leak_check(make_xlsx(tmp_path / "tabel.xlsx", leak=True), KEY)
    found = {(f.kind, f.part, f.where) for f in report}
    assert ("person", "Kutipan", "sel B3") in found
    assert ("nik", "Kutipan", "sel C4") in found  # a NIK typed as a number
    assert ("phone", "Kutipan", "komentar sel A2") in found
    assert ("phone", "Kutipan", "sel D5") in found
    assert ("person", "docProps", "properti dokumen creator") in found


def test_clean_xlsx_has_no_findings(tmp_path: Path) -> None:
    assert leak_check(make_xlsx(tmp_path / "bersih.xlsx", leak=False), KEY).ok


# --- .csv -----------------------------------------------------------------------------
def test_csv_leaks_found_with_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kutipan.csv"
    path.write_text(
        "kode;kutipan;kontak\nK1;Pak Joko yang antar;-\nK2;didata dulu;" + PHONE + "\n",
        encoding="utf-8",
    )
    report = leak_check(path, KEY)
    found = {(f.kind, f.where, f.masked) for f in report}
    assert found == {("person", "baris 2, kolom 2", "J***"), ("phone", "baris 3, kolom 3", "0***")}
    clean = tmp_path / "bersih.csv"
    clean.write_text("kode,kutipan\nK1,Pak PS yang antar\n", encoding="utf-8")
    assert leak_check(clean, KEY).ok


# --- .qdpx ----------------------------------------------------------------------------
QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Studi RPSW" origin="rpsw_research">
  <Users><User guid="u1" name="{user}"/></Users>
  <Sources>
    <TextSource guid="s1" name="W-K1-01" plainTextPath="relative://s1.txt">
      <Description>{description}</Description>
    </TextSource>
  </Sources>
</Project>
"""


def make_qdpx(path: Path, *, leak: bool) -> Path:
    qde = QDE.format(
        user="Joko Susilo" if leak else "peneliti",
        description="Informan dari Indramayu" if leak else "Informan K1",
    )
    text = f"P: Nomor KTP?\nK1: {NIK}\n" if leak else "P: Nomor KTP?\nK1: [NIK]\n"
    inner = io.BytesIO()
    make_docx_bytes = docx.Document()
    make_docx_bytes.add_paragraph("catatan Siti" if leak else "catatan K1")
    make_docx_bytes.save(inner)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/s1.txt", text)
        archive.writestr("sources/s2.docx", inner.getvalue())
    return path


def test_qdpx_leaks_found_in_qde_txt_and_nested_docx(tmp_path: Path) -> None:
    report = leak_check(make_qdpx(tmp_path / "studi.qdpx", leak=True), KEY)
    found = {(f.kind, f.part, f.where) for f in report}
    assert ("person", "project.qde", "/Project/Users[1]/User[1]@name") in found
    assert ("place", "project.qde", "/Project/Sources[1]/TextSource[1]/Description[1]") in found
    assert ("nik", "sources/s1.txt", "baris 2") in found
    assert ("person", "sources/s2.docx!word/document.xml", "paragraf 1") in found


def test_clean_qdpx_has_no_findings(tmp_path: Path) -> None:
    assert leak_check(make_qdpx(tmp_path / "bersih.qdpx", leak=False), KEY).ok


def test_real_refi_exports_give_no_false_identifiers() -> None:
    """NVivo/QualCoder/MAXQDA exports: GUIDs, DOIs and dates are not NIK/phone/passport."""
    files = [p for p in sorted(REFI_TESTDATA.glob("*.qdpx")) if p.stat().st_size < 200_000]
    if not files:
        pytest.skip("shared REFI test data not present")
    for path in files:
        report = leak_check(path, KEY)
        assert report.target == str(path)
        # the only identifiers in these public files are the authors' e-mail addresses
        assert set(report.counts()) <= {"email"}, (path.name, report.counts())


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bom.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "<Project>" + " " * 5_000_000 + "</Project>")
    with pytest.raises(UnsafeArchiveError):
        leak_check(path, KEY)


def test_unsupported_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gambar.png"
    path.write_bytes(b"\x89PNG")
    with pytest.raises(UnsupportedFormatError):
        leak_check(path, KEY)


# --- texts, sources, projects -----------------------------------------------------------
def test_text_findings_mask_values_and_context() -> None:
    report = leak_check(f"Kata Siti, nomornya {PHONE} ya.", KEY)
    assert [f.kind for f in report] == ["person", "phone"]
    assert all("Siti" not in str(f) and "1111" not in str(f) for f in report)
    assert report[0].context == "Kata S***, nomornya 0*** ya."
    assert mask("Indramayu") == "I***"
    frame = report.to_frame()
    assert list(frame["kind"]) == ["person", "phone"]


class FakeProject:
    """The duck type leak_check needs: sources(), codings(), informants_table()."""

    def __init__(self, sources: list[Source], memo: str) -> None:
        self._sources = sources
        self._memo = memo

    def sources(self) -> list[Source]:
        return self._sources

    def codings(self) -> pd.DataFrame:
        return pd.DataFrame({"coding_id": [1], "source_id": ["W-K1-01"], "memo": [self._memo]})

    def informants_table(self) -> pd.DataFrame:
        return pd.DataFrame({"informant_id": ["K1"], "role": ["korban"], "asal": ["Jawa Barat"]})


def test_project_scan_covers_text_title_and_memos() -> None:
    source = Source(
        id="W-K1-01",
        kind="wawancara",
        text="K1: Siti datang dari Indramayu.",
        title="Wawancara Siti",
    )
    report = leak_check(FakeProject([source], memo="tanya Pak Joko lagi"), KEY)
    where = {(f.kind, f.part, f.where) for f in report}
    assert ("person", "W-K1-01", "teks") in where and ("place", "W-K1-01", "teks") in where
    assert ("person", "W-K1-01", "title") in where
    assert ("person", "W-K1-01", "memo koding 1") in where
    clean_source, _ = pseudonymise(source, KEY)
    assert leak_check(FakeProject([clean_source], memo="tanya PS lagi"), KEY).ok


# --- the export gate --------------------------------------------------------------------
def test_guard_export_fails_closed_without_repeating_values(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "bab4.docx", leak=True)
    with pytest.raises(LeakError) as info:
        guard_export(path, KEY)
    message = str(info.value)
    assert "bab4.docx" in message and "S***" in message and "allow_leaks" in message
    assert "Siti" not in message and NIK not in message and "Joko" not in message
    with language("en"):
        with pytest.raises(LeakError, match="identifying"):
            guard_export(str(path), KEY)


def test_guard_export_override_and_clean_pass(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "bab4.docx", leak=True)
    report = guard_export(path, KEY, allow_leaks=True)
    assert len(report) >= 5
    assert guard_export(make_docx(tmp_path / "ok.docx", leak=False), KEY).ok
    assert guard_export("Kutipan dari K1 saja.", KEY).ok
    with pytest.raises(LeakError):
        guard_export("Kutipan dari Siti.", KEY)
