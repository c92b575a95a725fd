"""Each reader on small fixtures, including files written by LibreOffice, and bad input."""

import io
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from rpsw_research.corpus import read_source
from rpsw_research.errors import (
    EmptySourceError,
    FileFormatError,
    RpswError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)

LO = Path(__file__).parent / "fixtures" / "corpus" / "lo"
INTERVIEW_TEXT = (
    "Transkrip wawancara (sintetis)\n\n"
    "P: Bagaimana “registrasi” korban dilakukan?\n\n"
    "MK: Pertama kami data dulu, identitasnya dicatat, lalu asesmen awal – café pagi.\n\n"
    "Setelah itu kami rujuk ke psikolog.\n\n"
    "Tahap | Kegiatan\n1 | Registrasi\n2 | Asesmen\n\n"
    "P: Terima kasih."
)


@pytest.mark.parametrize("suffix", ["docx", "odt", "rtf"])
def test_libreoffice_interview_reads_identically(suffix):
    """Metadata table taken out, header/footer/footnote ignored, tables in order."""
    source = read_source(LO / f"wawancara_mk.{suffix}")
    assert source.text == INTERVIEW_TEXT
    assert (source.id, source.kind, source.informants, source.date, source.place) == (
        "W-MK-LO", "wawancara", ("MK",), "2014-03-12", "RPSW Jakarta")
    assert [(t.speaker, t.informant, t.is_interviewer) for t in source.turns] == [
        ("P", None, True), ("MK", "MK", False), ("P", None, True)]
    assert source.text[source.turns[1].start:source.turns[1].end].endswith("2 | Asesmen")
    assert "KOP" not in source.text and "kaki" not in source.text


@pytest.mark.parametrize("suffix", ["docx", "odt", "rtf"])
def test_libreoffice_header_paragraphs_give_metadata(suffix):
    source = read_source(LO / f"observasi_header.{suffix}")
    assert (source.id, source.kind, source.date, source.place) == (
        "observasi_header", "observasi", "2014-03-14", "Ruang konseling")
    assert source.text == ("Pukul 09.00 konselor menyapa K1 dengan ramah.\n\n"
                           "Catatan: suasana tenang, K1 tampak lebih terbuka.")
    assert source.turns == ()
    assert len(source.paragraphs) == 2


def test_libreoffice_pdf_text_layer_is_read():
    source = read_source(LO / "wawancara_mk.pdf", kind="wawancara", informants=["MK"])
    assert "Bagaimana “registrasi” korban dilakukan?" in source.text
    assert [t.speaker for t in source.turns] == ["P", "MK", "P"]
    for turn in source.turns:
        assert source.text[turn.start:turn.end] == turn.text_in(source.text)


def test_python_docx_paragraphs_tables_and_merged_cells(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "KEPALA HALAMAN"
    document.sections[0].footer.paragraphs[0].text = "KAKI HALAMAN"
    document.add_paragraph("Paragraf pertama.")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Gabung"
    table.cell(0, 2).text = "C"
    for index, value in enumerate(("a", "b", "c")):
        table.cell(1, index).text = value
    paragraph = document.add_paragraph("K1: baris satu")
    paragraph.add_run().add_break()
    paragraph.add_run("baris dua")
    path = tmp_path / "dok.docx"
    document.save(path)
    source = read_source(path, kind="wawancara", informants=["K1"])
    assert source.text == "Paragraf pertama.\n\nGabung | C\na | b | c\n\nK1: baris satu\nbaris dua"
    assert source.turns[0].text_in(source.text) == "baris satu\nbaris dua"


def test_subrip_cues_become_turns(tmp_path):
    path = tmp_path / "rekaman.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nP: Apa kabar?\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\nK1: Baik, Bu.\n\n"
        "3\n00:00:06,000 --> 00:00:08,000\nSaya sudah <i>lebih</i> tenang.\n",
        encoding="utf-8")
    source = read_source(path, informants=["K1"])
    assert source.kind == "wawancara"
    assert source.text == ("[00:00:01] P: Apa kabar?\n\n"
                           "[00:00:03] K1: Baik, Bu.\nSaya sudah lebih tenang.")
    assert [(t.speaker, t.informant, t.timestamp, t.text_in(source.text)) for t in source.turns] \
        == [("P", None, "00:00:01", "Apa kabar?"),
            ("K1", "K1", "00:00:03", "Baik, Bu.\nSaya sudah lebih tenang.")]


def test_webvtt_voices_become_turns(tmp_path):
    path = tmp_path / "rekaman.vtt"
    path.write_text(
        "WEBVTT\n\nNOTE sintetis\n\n"
        "00:01.000 --> 00:03.000\n<v Peneliti>Apa kabar?</v>\n\n"
        "cue-2\n00:03.500 --> 00:06.000\n<v Bu Rina>Baik.\n",
        encoding="utf-8")
    source = read_source(path, informants=["K2"], penutur={"Bu Rina": "K2"})
    assert [(t.speaker, t.informant, t.is_interviewer) for t in source.turns] == [
        ("Peneliti", None, True), ("Bu Rina", "K2", False)]
    assert source.turns[1].timestamp == "00:00:03"


def test_subtitles_without_cues_are_a_format_error(tmp_path):
    path = tmp_path / "kosong.vtt"
    path.write_text("WEBVTT\n\nhanya teks\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="kosong.vtt"):
        read_source(path)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("name,data,error", [
    ("bukan.docx", b"ini teks biasa, bukan dokumen Word", FileFormatError),
    ("pdf.docx", b"%PDF-1.4\n...", FileFormatError),
    ("lama.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, UnsupportedFormatError),
    ("zip.txt", b"PK\x03\x04" + b"\0" * 64, FileFormatError),
    ("catatan.pages", b"apa saja", UnsupportedFormatError),
    ("tanpa_akhiran", b"apa saja", UnsupportedFormatError),
    ("bukan.pdf", b"teks biasa", FileFormatError),
    ("bukan.rtf", b"teks biasa", FileFormatError),
])
def test_wrong_content_for_the_suffix_names_the_file(tmp_path, name, data, error):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_source(path, kind="dokumen")
    assert name in str(caught.value) and caught.value.hint


def test_truncated_docx_is_a_format_error(tmp_path):
    whole = (LO / "wawancara_mk.docx").read_bytes()
    path = tmp_path / "terpotong.docx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FileFormatError, match="terpotong.docx"):
        read_source(path)


def test_docx_without_document_part_is_a_format_error(tmp_path):
    path = _zip(tmp_path / "kosong.docx", {"[Content_Types].xml": b"<Types/>"})
    with pytest.raises(FileFormatError, match="word/document.xml"):
        read_source(path)


def test_zip_bomb_like_docx_is_refused_before_parsing(tmp_path):
    path = _zip(tmp_path / "bom.docx", {"[Content_Types].xml": b"<Types/>",
                                        "word/document.xml": b" " * (8 * 1024 * 1024)})
    assert path.stat().st_size < 100_000
    with pytest.raises(UnsafeArchiveError, match="bom.docx"):
        read_source(path)


def test_archive_with_too_many_entries_or_unsafe_names_is_refused(tmp_path):
    many = {f"word/media/{i}.xml": b"x" for i in range(5_001)}
    with pytest.raises(UnsafeArchiveError):
        read_source(_zip(tmp_path / "banyak.docx", many))
    with pytest.raises(UnsafeArchiveError, match=r"\.\./"):
        read_source(_zip(tmp_path / "jalur.odt", {"../../etc/x": b"x", "content.xml": b"<a/>"}))


def test_corrupt_docx_xml_is_a_format_error(tmp_path):
    good = zipfile.ZipFile(LO / "wawancara_mk.docx")
    members = {info.filename: good.read(info.filename) for info in good.infolist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    with pytest.raises(FileFormatError, match="rusak.docx"):
        read_source(_zip(tmp_path / "rusak.docx", members))


def test_pdf_without_text_layer_is_an_empty_source(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "pindaian.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(EmptySourceError) as caught:
        read_source(path)
    assert "pindaian.pdf" in str(caught.value) and "OCR" in str(caught.value)


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(RpswError, match="tidak_ada.txt"):
        read_source(tmp_path / "tidak_ada.txt")
    with pytest.raises(RpswError):
        read_source(tmp_path)


def test_markdown_is_read_like_text(tmp_path):
    path = tmp_path / "catatan.md"
    path.write_text("---\njenis: observasi\n---\n# Judul\n\nIsi catatan.\n", encoding="utf-8")
    source = read_source(path)
    assert source.kind == "observasi" and source.text == "# Judul\n\nIsi catatan."


def test_pdf_metadata_table_flattened_by_the_text_layer():
    from rpsw_research.corpus.formats.pdf import leading_key_rows

    rows, body = leading_key_rows("id D-05\njenis dokumen\npenyusun MK\nRUMAH PERLINDUNGAN\nisi")
    assert rows == [["id", "D-05"], ["jenis", "dokumen"], ["penyusun", "MK"]]
    assert body == "RUMAH PERLINDUNGAN\nisi"
    assert leading_key_rows("Laporan bulanan\nid D-05") == ([], "Laporan bulanan\nid D-05")


def test_docx_mojibake_is_repaired_once_and_counted_like_a_text_file(tmp_path):
    once = "Dia bilang \u00e2\u20ac\u0153pulang\u00e2\u20ac\u009d, saya takut."  # “pulang”
    twice = "lagi \u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2 akhir"  # â€™ encoded again
    document = docx.Document()
    document.add_paragraph("Tempat: Jakart\u00c3\u00a9")
    document.add_paragraph("Judul: Catatan")
    for text in (once, twice):
        document.add_paragraph(text)
    path = tmp_path / "catatan.docx"
    document.save(path)
    plain = tmp_path / "catatan.txt"
    plain.write_text(f"{once}\n\n{twice}", encoding="utf-8")
    from_docx, from_txt = read_source(path), read_source(plain)
    assert from_docx.text == from_txt.text  # one repair pass each, same result
    assert "\u201cpulang\u201d" in from_docx.text
    assert "lagi \u00e2\u20ac\u2122 akhir" in from_docx.text  # not repaired a second time
    assert from_docx.place == "Jakart\u00e9"  # metadata values are repaired too
    repaired = [w for w in from_txt.warnings if w.startswith("5 ")]  # every repair counted
    assert repaired and repaired[0] in from_docx.warnings
