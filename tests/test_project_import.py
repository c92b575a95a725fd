"""Importing study folders and files through the real corpus readers."""

from pathlib import Path

import pytest

from rpsw_research.codebook.model import Codebook
from rpsw_research.errors import DuplicateSourceError, InformantError, UnknownCodeError
from rpsw_research.i18n import language
from rpsw_research.project import Project

ROOT = Path(__file__).resolve().parents[1]

INTERVIEW = """---
id: W-K1-01
jenis: wawancara
informan: K1
tanggal: 2014-03-12
sintetis: true
---
P: Bagaimana awalnya ketika Ibu datang?

K1: Saya didata dulu oleh pekerja sosial, lalu diperiksa kesehatan.

P: Sesudah itu?

K1: Saya ikut konseling setiap minggu.
"""

NOTE = """---
id: O-01
jenis: observasi
informan: [MK, K1]
tanggal: 2014-03-13
sintetis: true
---
Pekerja sosial melakukan asesmen awal (catatan sintetis).

Korban didampingi selama wawancara.
"""


def study(folder: Path) -> Path:
    (folder / "wawancara").mkdir(parents=True)
    (folder / "observasi").mkdir()
    (folder / "informants.csv").write_text(
        "id,peran,usia\nMK,manajer_kasus,40-49\nK1,korban,20-29\nK2,korban,30-39\n",
        encoding="utf-8")
    (folder / "wawancara" / "W-K1-01.txt").write_text(INTERVIEW, encoding="utf-8")
    (folder / "observasi" / "O-01.md").write_text(NOTE, encoding="utf-8")
    return folder


@pytest.fixture
def proj(tmp_path):
    with Project.create(tmp_path / "p.rpsw") as project:
        yield project


def test_import_folder_then_again_skips(proj, tmp_path):
    folder = study(tmp_path / "studi")
    report = proj.import_folder(folder)
    assert sorted(report.added) == ["O-01", "W-K1-01"] and report.informants == 3
    assert not report.errors
    assert proj.informants_table()["informant_id"].tolist() == ["MK", "K1", "K2"]
    source = proj.source("W-K1-01")
    assert [t.speaker for t in source.turns] == ["P", "K1", "P", "K1"]
    assert source.date == "2014-03-12" and source.informants == ("K1",)
    again = proj.import_folder(folder)
    assert sorted(again.skipped) == ["O-01", "W-K1-01"] and again.informants == 0
    assert len(proj.sources()) == 2
    with pytest.raises(DuplicateSourceError):
        proj.import_folder(folder, on_duplicate="error")
    with language("en"):
        assert str(again).startswith("Import: 0 sources added, 0 replaced, 2 skipped")


def test_import_folder_reports_unreadable_files(proj, tmp_path):
    folder = study(tmp_path / "studi")
    (folder / "wawancara" / "kosong.txt").write_text("", encoding="utf-8")
    report = proj.import_folder(folder)
    assert sorted(report.added) == ["O-01", "W-K1-01"]
    assert len(report.errors) == 1 and "kosong.txt" in report.errors[0]
    assert "kosong.txt" in str(report)


def test_reimport_changed_file_reanchors(proj, tmp_path):
    folder = study(tmp_path / "studi")
    proj.import_folder(folder)
    proj.codebook = Codebook.default()
    stage = next(c.id for c in proj.codebook if c.stage == 1)
    cid = proj.code("W-K1-01", stage, quote="Saya didata dulu", coder="A")
    path = folder / "wawancara" / "W-K1-01.txt"
    path.write_text(INTERVIEW.replace("P: Bagaimana", "P: Selamat pagi.\n\nP: Bagaimana"),
                    encoding="utf-8")
    report = proj.import_folder(folder, on_duplicate="replace")
    assert "W-K1-01" in report.replaced and not report.orphaned
    row = proj.codings().set_index("coding_id").loc[cid]
    assert row["text"] == "Saya didata dulu" and row["speaker"] == "K1"


def test_add_source_file_with_overrides_and_register(proj, tmp_path):
    folder = study(tmp_path / "studi")
    proj.import_folder(folder)
    extra = tmp_path / "catatan.txt"
    extra.write_text("Catatan lapangan sintetis tentang rapat kasus.", encoding="utf-8")
    report = proj.add_source(extra, id="D-01", kind="dokumen", informants=["MK"],
                             date="2014-04-01")
    assert report.added == ["D-01"]
    stored = proj.source("D-01")
    assert (stored.kind, stored.informants, stored.date) == ("dokumen", ("MK",), "2014-04-01")
    other = tmp_path / "lain.txt"
    other.write_text("Teks sintetis lain.", encoding="utf-8")
    with pytest.raises(InformantError):  # K9 is not in the project's register
        proj.add_source(other, id="D-02", kind="dokumen", informants=["K9"])
    assert [s.id for s in proj.sources()] == ["D-01", "O-01", "W-K1-01"]


def test_default_codebook_aliases_and_edit_mappings(proj, tmp_path):
    proj.import_folder(study(tmp_path / "studi"))
    proj.codebook = Codebook.default()
    assert proj.codebook == Codebook.default()
    first = next(c for c in proj.codebook if c.stage == 1)
    cid = proj.code("O-01", first.id, paragraph=0, coder="A")
    with pytest.raises(UnknownCodeError):
        proj.code("O-01", first.id + "x", paragraph=0, coder="A")
    # reid through the codebook's edit functions: codings follow without a mapping
    renamed = proj.codebook.reid(first.id, first.id + "_baru")
    proj.codebook = renamed
    assert proj.codings().set_index("coding_id").loc[cid, "code_id"] == first.id + "_baru"
    # the old id is an alias of the new one: coding by it lands on the canonical id
    other = proj.code("O-01", first.id, paragraph=1, coder="A")
    assert proj.coding(other).code_id == first.id + "_baru"


def test_import_bundled_sample(proj):
    report = proj.import_folder(ROOT / "data" / "sample")
    assert len(report.added) == 15 and not report.errors and report.informants == 5
    table = proj.sources_table()
    assert table["kind"].value_counts().to_dict() == {"wawancara": 6, "dokumen": 5,
                                                      "observasi": 4}
    assert set(proj.informants_table()["informant_id"]) == {"MK", "PS", "K1", "K2", "K3"}
    source = proj.source("W-K1-01")
    assert source == next(s for s in proj.sources() if s.id == "W-K1-01")
    answer = source.turns[1]
    proj.codebook = Codebook.default()
    stage = next(c.id for c in proj.codebook if c.stage == 1)
    cid = proj.code("W-K1-01", stage, turn=answer.index, coder="A")
    row = proj.codings().set_index("coding_id").loc[cid]
    assert row["text"] == source.text[answer.start:answer.end]
    assert (row["speaker"], row["informant"]) == (answer.speaker, "K1")
    again = proj.import_folder(ROOT / "data" / "sample")
    assert len(again.skipped) == 15 and not again.added
