"""Front matter, docx metadata tables/paragraphs, argument overrides and bad values."""

import docx
import pytest

from rpsw_research.corpus import read_source
from rpsw_research.errors import InformantError, MetadataError
from rpsw_research.i18n import language


def _write(tmp_path, text: str, name: str = "W-K1-01.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


FRONT = """---
id: W-K1-02
jenis: Wawancara
informan: K1, K1 ,
tanggal: 2014-03-12
tempat: RPSW Jakarta
judul: Wawancara kedua
sintetis: ya
pewawancara: Peneliti
penutur:
  Bu Sari: K1
catatan_lapangan: rekaman jelas
---

Peneliti: Halo.
Bu Sari: Halo juga.
"""


def test_front_matter_keys_indonesian(tmp_path):
    source = read_source(_write(tmp_path, FRONT))
    assert (source.id, source.kind, source.informants, source.date, source.place,
            source.title) == ("W-K1-02", "wawancara", ("K1",), "2014-03-12", "RPSW Jakarta",
                              "Wawancara kedua")
    assert dict(source.metadata) == {"synthetic": True, "interviewer": "Peneliti",
                                     "speakers": {"Bu Sari": "K1"},
                                     "catatan_lapangan": "rekaman jelas"}
    assert source.text == "Peneliti: Halo.\nBu Sari: Halo juga."
    assert [(t.speaker, t.informant) for t in source.turns] == [("Peneliti", None),
                                                                 ("Bu Sari", "K1")]


def test_english_keys_and_list_values(tmp_path):
    text = "---\nkind: observation\ninformants: [K1, K2]\ndate: 2014-04-01\n---\nIsi."
    source = read_source(_write(tmp_path, text, "obs.txt"))
    assert (source.id, source.kind, source.informants, source.date) == (
        "obs", "observasi", ("K1", "K2"), "2014-04-01")


def test_arguments_override_the_file(tmp_path):
    source = read_source(_write(tmp_path, FRONT), id="X-1", kind="dokumen",
                         informants="K2;K3", date="2015-01-02", synthetic=False)
    assert (source.id, source.kind, source.informants, source.date) == (
        "X-1", "dokumen", ("K2", "K3"), "2015-01-02")
    assert source.metadata["synthetic"] is False
    assert source.turns == ()  # documents are not split into turns


def test_default_id_is_the_file_stem(tmp_path):
    assert read_source(_write(tmp_path, "Isi.", "Catatan 3.txt"), kind="dokumen").id == "Catatan 3"


def test_no_kind_defaults_to_document_with_a_warning(tmp_path):
    source = read_source(_write(tmp_path, "Isi.", "a.txt"))
    assert source.kind == "dokumen" and any("jenis" in w for w in source.warnings)


@pytest.mark.parametrize("header,line,needle", [
    ("tanggal: 12-03-2014", 2, "12-03-2014"),
    ("tanggal: 2014-02-30", 2, "2014-02-30"),
    ("jenis: survei", 2, "survei"),
    ("sintetis: mungkin", 2, "mungkin"),
])
def test_bad_values_name_file_and_line(tmp_path, header, line, needle):
    path = _write(tmp_path, f"---\n{header}\n---\nIsi.", "buruk.txt")
    with pytest.raises(MetadataError) as caught:
        read_source(path)
    assert caught.value.line == line and needle in str(caught.value)
    assert "buruk.txt" in str(caught.value)


def test_bad_kind_argument_is_a_metadata_error(tmp_path):
    with language("en"), pytest.raises(MetadataError, match="unknown source kind"):
        read_source(_write(tmp_path, "Isi."), kind="interviu")


def test_invalid_or_unclosed_yaml(tmp_path):
    with pytest.raises(MetadataError) as caught:
        read_source(_write(tmp_path, "---\nid: a\njudul: [tidak ditutup\n---\nIsi."))
    assert caught.value.line is not None and caught.value.line >= 3
    with pytest.raises(MetadataError, match="---"):
        read_source(_write(tmp_path, "---\nid: a\nIsi tanpa penutup."))
    with pytest.raises(MetadataError):
        read_source(_write(tmp_path, "---\n- satu\n- dua\n---\nIsi."))


def test_unknown_informant_against_a_register(tmp_path):
    path = _write(tmp_path, "---\njenis: wawancara\ninforman: K9\n---\nK9: Halo.")
    with pytest.raises(InformantError, match="K9"):
        read_source(path, register={"K1", "MK"})


def test_docx_metadata_table_with_heading_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for row, (key, value) in zip(table.rows, [("Kunci", "Nilai"), ("Jenis", "wawancara"),
                                              ("Informan", "K2"), ("Tanggal", "2014-05-06")],
                                 strict=True):
        row.cells[0].text, row.cells[1].text = key, value
    document.add_paragraph("T: Sejak kapan di sini?")
    document.add_paragraph("J: Sejak Maret.")
    path = tmp_path / "W-K2.docx"
    document.save(path)
    source = read_source(path)
    assert (source.kind, source.informants, source.date) == ("wawancara", ("K2",), "2014-05-06")
    assert source.text == "T: Sejak kapan di sini?\n\nJ: Sejak Maret."
    assert [(t.speaker, t.informant, t.is_interviewer) for t in source.turns] == [
        ("T", None, True), ("J", "K2", False)]


def test_docx_first_table_that_is_data_stays_text(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Tahap", "Kegiatan"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Registrasi"
    path = tmp_path / "tabel.docx"
    document.save(path)
    assert read_source(path, kind="dokumen").text == "Tahap | Kegiatan\n1 | Registrasi"


def test_docx_header_paragraph_that_is_speech_is_not_metadata(tmp_path):
    document = docx.Document()
    document.add_paragraph("Pewawancara: Bagaimana perasaan Ibu hari ini?")
    document.add_paragraph("Informan: Sudah lebih baik.")
    path = tmp_path / "ucapan.docx"
    document.save(path)
    source = read_source(path, kind="wawancara", informants=["K3"])
    assert source.text.startswith("Pewawancara: Bagaimana")
    assert [(t.speaker, t.informant) for t in source.turns] == [("Pewawancara", None),
                                                                 ("Informan", "K3")]


def test_docx_yaml_front_matter_in_paragraphs(tmp_path):
    document = docx.Document()
    for line in ("---", "id: D-01", "jenis: dokumen", "---", "Isi dokumen."):
        document.add_paragraph(line)
    path = tmp_path / "fm.docx"
    document.save(path)
    source = read_source(path)
    assert (source.id, source.kind, source.text) == ("D-01", "dokumen", "Isi dokumen.")


def test_canonical_keys_renames_aliases_and_names_the_accepted_ones():
    from rpsw_research.corpus.metadata import canonical_keys

    aliases = {"tanggal": "date", "date": "date", "informan": "informant"}
    row = {" Tanggal ": "2014-03-05", "informan": "K2", "__line__": 3}
    assert canonical_keys(row, aliases, ValueError, skip=("__line__",)) == {
        "date": "2014-03-05", "informant": "K2"}
    with pytest.raises(KeyError) as info:
        canonical_keys({"umur": 17}, aliases, lambda raw, accepted: KeyError(raw, accepted))
    assert info.value.args == ("umur", "date, informant")


def test_no_kind_but_interview_turns_is_an_interview_with_a_warning(tmp_path):
    text = "P: Bagaimana awalnya?\nK1: Saya didata.\nP: Lalu?\nK1: Dikasih kamar."
    source = read_source(_write(tmp_path, text, "w.txt"))
    assert source.kind == "wawancara" and len(source.turns) == 4
    assert any("P ×2, K1 ×2" in w for w in source.warnings)  # what it counted
    assert any("K1" in w and "penutur" in w for w in source.warnings)  # id not known
    one = read_source(_write(tmp_path, "P: Satu pertanyaan saja?\nJawab singkat.", "x.txt"))
    assert one.kind == "dokumen"
    form = read_source(_write(tmp_path, "P: Pendidikan\nSD: tamat\nP: Pekerjaan\nSD: -",
                              "f.txt"))
    assert form.kind == "dokumen"  # "SD" is no speaker
    declared = read_source(_write(tmp_path, "---\npenutur: {Mawar: K1}\n---\nMawar: Ya.",
                                  "m.txt"))
    assert declared.kind == "wawancara" and declared.turns[0].informant == "K1"
