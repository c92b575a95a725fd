"""Crafted vendor quirks: offset units, CRLF, BOM, NFC, names and folders, issues."""

from __future__ import annotations

import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from rpsw_research.interop.offsets import Reading, VendorText, detect_reading
from rpsw_research.interop.qdpx import read_qdpx

NS = 'xmlns="urn:QDA-XML:project:1.0"'
CODE_A = "AAAAAAAA-1111-4111-8111-111111111111"
CODE_B = "BBBBBBBB-2222-4222-8222-222222222222"
USER = "CCCCCCCC-3333-4333-8333-333333333333"
SRC = "DDDDDDDD-4444-4444-8444-444444444444"


def codebook() -> str:
    return (f'<Users><User guid="{USER}" name="peneliti"/></Users>'
            f'<CodeBook><Codes><Code guid="{CODE_A}" name="Induk" isCodable="true" color="#ABC">'
            f'<Description>kode induk</Description>'
            f'<Code guid="{CODE_B}" name="Anak" isCodable="true"/></Code></Codes></CodeBook>')


def selection(guid_n: int, start: int, end: int, code: str | None = CODE_A) -> str:
    guid = f"EEEEEEEE-5555-4555-8555-{guid_n:012d}"
    coding = "" if code is None else (
        f'<Coding guid="FFFFFFFF-6666-4666-8666-{guid_n:012d}" creatingUser="{USER}">'
        f'<CodeRef targetGUID="{code}"/></Coding>')
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}">'
            f'{coding}</PlainTextSelection>')


def qdpx(tmp_path: Path, origin: str, selections: list[str], text: bytes, *,
         qde_name: str = "project.qde", folder: str = "sources",
         path_attr: str = f"internal://{SRC}.txt", extra: str = "") -> Path:
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project {NS} name="uji" origin="{origin}">'
           f'{codebook()}<Sources><TextSource guid="{SRC}" name="W-K1-01" '
           f'plainTextPath="{path_attr}">{"".join(selections)}</TextSource></Sources>'
           f'{extra}</Project>')
    path = tmp_path / "uji.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        archive.writestr(f"{folder}/{SRC}.txt", text)
    return path


def texts(project) -> list[str]:
    return [source.text[sel.start:sel.end] for source, sel, _ in project.codings()]


def test_bom_crlf_and_nfc_are_mapped_through_normalisation(tmp_path):
    raw = "Cafe\u0301 itu\r\nenak sekali\r\nya"
    spans = [(0, 5), (11, 15), (16, 22), (24, 26)]  # code points of the raw text, BOM excluded
    path = qdpx(tmp_path, "QualCoder 3.6", [selection(i, s, e) for i, (s, e) in enumerate(spans)],
                b"\xef\xbb\xbf" + raw.encode("utf-8"))
    project = read_qdpx(path)
    source = project.sources[0]
    assert source.text == "Caf\u00e9 itu\nenak sekali\nya"
    assert project.reading == "codepoint"
    assert texts(project) == ["Caf\u00e9", "enak", "sekali", "ya"]
    for (s, e), got in zip(spans, texts(project), strict=True):
        assert got == unicodedata.normalize("NFC", raw[s:e])


def test_position_inside_a_composed_character_keeps_the_whole_character():
    vt = VendorText("xe\u0301y")
    assert vt.text == "x\u00e9y"
    reading = Reading()
    assert vt.to_text(2, reading) == 1  # a start inside "e + accent" snaps back
    assert vt.to_text(2, reading, end=True) == 2  # an end snaps forward
    assert vt.to_text(3, reading) == 2 and vt.to_text(4, reading, end=True) == 3


def test_hangul_jamo_compose_across_starters():
    vt = VendorText("a \u1100\u1161\u11a8 b")  # conjoining jamo -> one syllable
    assert vt.text == "a \uac01 b"
    assert vt.to_text(6, Reading(), end=True) == 4


def test_nvivo_utf16_positions_are_detected(tmp_path):
    raw = "Saya \U0001f600 senang \U0001f600\U0001f600 sekali di rumah aman \U0001f44d ya\r\nbaik"
    words = ["senang", "sekali", "rumah", "ya", "baik"]
    units = raw.encode("utf-16-le")
    sels = []
    for i, word in enumerate(words):
        start = units.index(word.encode("utf-16-le")) // 2
        sels.append(selection(i, start, start + len(word)))
    path = qdpx(tmp_path, "NVivo for Windows 12.6", sels, b"\xef\xbb\xbf" + raw.encode(),
                folder="Sources")
    project = read_qdpx(path)
    assert project.reading == "utf16"
    assert texts(project) == words
    forced = read_qdpx(path, offsets="codepoint")
    assert texts(forced) != words


def test_atlas_counts_crlf_as_one(tmp_path):
    raw = "Satu dua\r\ntiga empat\r\nlima enam\r\ntujuh"
    collapsed = raw.replace("\r\n", "\n")
    words = ["empat", "lima", "enam", "tujuh"]
    sels = [selection(i, collapsed.index(w), collapsed.index(w) + len(w))
            for i, w in enumerate(words)]
    path = qdpx(tmp_path, "ATLAS.ti 9.1", sels, raw.encode(), qde_name="Trial.qde")
    project = read_qdpx(path)
    assert project.reading == "codepoint+crlf1"
    assert texts(project) == words
    assert project.sources[0].text == collapsed


def test_detection_prefers_the_vendor_habit_on_a_tie():
    vt = VendorText("a\r\nb")
    spans = [(vt, 0, 1)]
    assert detect_reading(spans, prior=Reading("codepoint", True))[0].crlf_as_one
    assert not detect_reading(spans)[0].crlf_as_one
    with pytest.raises(ValueError):
        detect_reading(spans, unit="bytes")


def test_maxqda_style_file_with_uncoded_selections_and_upper_guids(tmp_path):
    raw = "satu dua tiga"
    sels = [selection(0, 0, 4, CODE_B.lower()), selection(1, 5, 8, None),
            selection(2, 9, 99), selection(3, 8, 5), selection(4, 0, 4, "0" * 8 + "-0000-4000-8000-"
                                                          + "0" * 12)]
    path = qdpx(tmp_path, "MAXQDA 24", sels, raw.encode(), qde_name="PROJECT.QDE")
    project = read_qdpx(path)
    kinds = Counter(issue.kind for issue in project.issues)
    assert kinds == {"uncoded_selections": 1, "out_of_range": 1, "reversed": 1,
                     "unknown_code": 1}
    assert texts(project) == ["satu", "dua"]  # lower-case reference to an upper-case GUID
    assert [c.parent for c in project.codes] == [None, CODE_A]
    assert project.codes[0].color == "#AABBCC" and project.codes[0].description == "kode induk"
    uncoded = project.sources[0].selections[1]
    assert uncoded.codings == [] and raw[uncoded.start:uncoded.end] == "dua"


def test_inline_text_cases_variables_notes(tmp_path):
    extra_source = (
        '<TextSource guid="99999999-9999-4999-8999-999999999999" name="catatan">'
        '<PlainTextContent>Observasi singkat.</PlainTextContent>'
        f'{selection(7, 0, 9, CODE_B)}<NoteRef targetGUID="12121212-1212-4212-8212-121212121212"/>'
        '</TextSource>')
    variables = ('<Variables><Variable guid="34343434-3434-4434-8434-343434343434" name="peran" '
                 'typeOfVariable="Text"/><Variable guid="56565656-5656-4656-8656-565656565656" '
                 'name="usia" typeOfVariable="Integer"/></Variables>')
    cases = ('<Cases><Case guid="78787878-7878-4878-8878-787878787878" name="K1">'
             '<VariableValue><VariableRef targetGUID="34343434-3434-4434-8434-343434343434"/>'
             '<TextValue>korban</TextValue></VariableValue>'
             '<VariableValue><VariableRef targetGUID="56565656-5656-4656-8656-565656565656"/>'
             '<IntegerValue>24</IntegerValue></VariableValue>'
             f'<SourceRef targetGUID="{SRC}"/></Case></Cases>')
    notes = ('<Notes><Note guid="12121212-1212-4212-8212-121212121212" name="memo">'
             '<PlainTextContent>Catatan\r\npeneliti</PlainTextContent></Note></Notes>')
    path = qdpx(tmp_path, "x", [], b"teks")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode()
    qde = (qde.replace("<CodeBook>", variables + "<CodeBook>", 1)
           .replace("</CodeBook>", "</CodeBook>" + cases, 1)
           .replace("</Sources>", extra_source + "</Sources>" + notes))
    qde = qde.replace(variables + "<CodeBook>", "<CodeBook>").replace(
        "</CodeBook>", "</CodeBook>" + variables, 1)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
    project = read_qdpx(path)
    assert project.cases[0].variables == {"peran": "korban", "usia": 24}
    assert project.cases[0].sources == [SRC]
    inline = project.sources[1]
    assert inline.text == "Observasi singkat."
    assert texts(project) == ["Observasi"]
    assert project.notes[0].text == "Catatan\npeneliti"
    assert project.notes[0].targets == ["99999999-9999-4999-8999-999999999999"]
    assert [i.kind for i in project.issues] == ["missing_file"]  # the first source's file


def test_bare_qde_with_sources_folder(tmp_path):
    path = qdpx(tmp_path, "x", [selection(0, 0, 4)], b"halo dunia", path_attr=f"{SRC}.txt")
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "project.qde").write_bytes(archive.read("project.qde"))
        (tmp_path / "sources").mkdir()
        (tmp_path / "sources" / f"{SRC}.txt").write_bytes(archive.read(f"sources/{SRC}.txt"))
    project = read_qdpx(tmp_path / "project.qde")
    assert texts(project) == ["halo"]


def test_traversal_in_plain_text_path_is_not_followed(tmp_path):
    (tmp_path / "secret.txt").write_text("rahasia")
    path = qdpx(tmp_path, "x", [], b"x", path_attr="internal://../secret.txt")
    project = read_qdpx(path)
    assert project.sources[0].text is None
    assert [i.kind for i in project.issues] == ["missing_file"]
