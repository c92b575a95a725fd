"""The informant register, roles, load_corpus and its report, and ``rpsw demo``."""

import shutil
from pathlib import Path

import openpyxl
import pytest

from rpsw_research.corpus import load_corpus, read_register
from rpsw_research.errors import InformantError, InputError
from rpsw_research.i18n import language

LO = Path(__file__).parent / "fixtures" / "corpus" / "lo"
REGISTER = "id,peran,usia,asal\nMK,manajer kasus,40-an,DKI\nPS,pekerja_sosial,30-an,\n" \
           "K1,Korban,20-an,Jawa Barat\nK2,korban,,NTB\n"


def _study(root: Path) -> Path:
    (root / "wawancara").mkdir(parents=True)
    (root / "observasi").mkdir()
    (root / "dokumen").mkdir()
    (root / "gold").mkdir()
    (root / ".git").mkdir()
    (root / "informants.csv").write_text(REGISTER, encoding="utf-8")
    (root / "README.md").write_text("Data sintetis.", encoding="utf-8")
    (root / "codebook.yaml").write_text("a: 1", encoding="utf-8")
    (root / "gold" / "koding.txt").write_text("bukan sumber", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("tersembunyi", encoding="utf-8")
    (root / "wawancara" / "W-K1-01.txt").write_text(
        "---\ninforman: K1\ntanggal: 2014-03-12\n---\nP: Tanya?\nI: Jawab panjang sekali.",
        encoding="utf-8")
    (root / "wawancara" / "W-K2-01.txt").write_bytes(
        "---\ninforman: K2\n---\nT: Tanya?\nJ: Saya “takut” – dulu.".encode("cp1252"))
    shutil.copy(LO / "wawancara_mk.docx", root / "wawancara" / "W-MK.docx")
    (root / "observasi" / "O-01.md").write_text("Catatan: K1 tenang.", encoding="utf-8")
    (root / "dokumen" / "D-01.txt").write_text("---\njenis: observasi\n---\nIsi.",
                                               encoding="utf-8")
    return root


def test_load_corpus_reads_everything_good(tmp_path):
    corpus, report = load_corpus(_study(tmp_path / "studi"))
    assert report.ok, report.summary()
    assert [s.id for s in corpus.sources] == ["D-01", "O-01", "W-K1-01", "W-K2-01", "W-MK-LO"]
    assert [s.kind for s in corpus] == ["observasi", "observasi", "wawancara", "wawancara",
                                        "wawancara"]  # front matter beats the folder
    assert corpus.counts_by_kind() == {"wawancara": 3, "observasi": 2}
    assert sorted(corpus.informants) == ["K1", "K2", "MK", "PS"]
    assert corpus.informants["K1"].role == "korban"
    assert dict(corpus.informants["PS"].attributes) == {"usia": "30-an", "asal": None}
    assert [t.informant for t in corpus["W-K2-01"].turns] == [None, "K2"]
    assert "“takut”" in corpus["W-K2-01"].text
    skipped = {Path(i.path).name for i in report.skipped}
    assert skipped == {"README.md", "codebook.yaml", "gold"}
    assert len(report.files_read) == 6  # register + five sources
    assert report.words == corpus.word_count > 0
    assert any("cp1252" in w.reason for w in report.warnings)


def test_bad_files_are_reported_and_good_ones_loaded(tmp_path):
    root = _study(tmp_path / "studi")
    (root / "wawancara" / "kosong.txt").write_bytes(b"")
    (root / "wawancara" / "K9.txt").write_text("---\ninforman: K9\n---\nK9: Halo.",
                                               encoding="utf-8")
    (root / "dokumen" / "lama.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "dokumen" / "buruk.txt").write_text("---\ntanggal: kemarin\n---\nIsi.",
                                                encoding="utf-8")
    (root / "observasi" / "dup.txt").write_text("---\nid: O-01\n---\nLagi.", encoding="utf-8")
    corpus, report = load_corpus(root)
    assert len(corpus.sources) == 5
    problems = {Path(issue.path).name: issue.reason for issue in report.errors}
    assert set(problems) == {"kosong.txt", "K9.txt", "lama.doc", "buruk.txt", "dup.txt"}
    assert "O-01.md" in problems["dup.txt"]  # paths are read in sorted order
    assert "K9" in problems["K9.txt"] and "kemarin" in problems["buruk.txt"]
    text = report.summary()
    assert "kosong.txt" in text and "Galat (5 berkas tidak dimuat)" in text


def test_duplicate_source_id_keeps_the_first_in_path_order(tmp_path):
    root = tmp_path / "s"
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.txt").write_text("---\nid: S\njenis: dokumen\n---\nSatu.", "utf-8")
    (root / "b.txt").write_text("---\nid: S\njenis: dokumen\n---\nDua.", "utf-8")
    corpus, report = load_corpus(root)
    assert [s.text for s in corpus] == ["Satu."]
    assert len(report.errors) == 1 and "'S'" in report.errors[0].reason
    assert any("informants.csv" in w.reason for w in report.warnings)


def test_summary_in_both_languages(tmp_path):
    _, report = load_corpus(_study(tmp_path / "studi"))
    assert "Sumber dimuat: 5" in report.summary("id") and "wawancara: 3" in str(report)
    with language("en"):
        english = str(report)
    assert "Sources loaded: 5" in english and "interviews: 3" in english
    assert "Informants: 4" in english


def test_not_a_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="tidak_ada"):
        load_corpus(tmp_path / "tidak_ada")


@pytest.mark.parametrize("csv,line,needle", [
    ("id,peran\nK1,korban\nK1,korban\n", 3, "K1"),
    ("id,peran\nK1,pengacara\n", 2, "pengacara"),
    ("id,usia\nK1,20\n", 1, "peran"),
    ("peran\nkorban\n", 1, "id"),
    ("id,peran\nSari Dewi,korban\n", 2, "Sari Dewi"),
])
def test_register_errors_have_line_numbers(tmp_path, csv, line, needle):
    path = tmp_path / "informants.csv"
    path.write_text(csv, encoding="utf-8")
    with pytest.raises(InformantError) as caught:
        read_register(path)
    assert caught.value.line == line and needle in str(caught.value)
    assert "informants.csv" in str(caught.value)


def test_roles_csv_declares_further_roles(tmp_path):
    root = tmp_path / "s"
    root.mkdir()
    (root / "roles.csv").write_text("id,label_id,label_en\nkeluarga,anggota keluarga,"
                                    "family member\n", encoding="utf-8")
    (root / "informants.csv").write_text("id;role;hubungan\nKL1;Anggota Keluarga;ibu\n"
                                         "K1;korban;\n", encoding="utf-8")
    corpus, report = load_corpus(root)
    assert report.ok, report.summary()
    assert corpus.informants["KL1"].role == "keluarga"
    assert set(corpus.roles) == {"manajer_kasus", "pekerja_sosial", "korban", "keluarga"}


def test_xlsx_register(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["id", "peran", "lama_tinggal_bulan"], ["K3", "korban", 4], [None, None, None],
                ["MK", "Pekerja sosial selaku manajer kasus", 36]):
        sheet.append(row)
    path = tmp_path / "informants.xlsx"
    book.save(path)
    informants = read_register(path)
    assert informants["K3"].attributes["lama_tinggal_bulan"] == "4"
    assert informants["MK"].role == "manajer_kasus"


def test_an_unexpected_reader_failure_is_reported_not_raised(tmp_path, monkeypatch):
    from rpsw_research.corpus import formats

    def explode(path, data):
        raise RuntimeError("boom")

    monkeypatch.setitem(formats.READERS, ".rtf", explode)
    root = tmp_path / "s"
    root.mkdir()
    (root / "a.rtf").write_bytes(b"{\\rtf1 x}")
    (root / "b.txt").write_text("Isi.", encoding="utf-8")
    corpus, report = load_corpus(root)
    assert [s.id for s in corpus] == ["b"]
    assert "RuntimeError: boom" in report.errors[0].reason


def test_lazy_top_level_names():
    import rpsw_research as rr

    assert rr.load_corpus is load_corpus and rr.Corpus.__name__ == "Corpus"
