"""Sources in a project: import, duplicates by hash or id, replacement and re-anchoring."""

import dataclasses
from pathlib import Path

import pytest
from fixtures.store.factory import K1_TEXT, codebook, informants, interview, k1, k2, observation

from rpsw_research.corpus.model import Segment, Source
from rpsw_research.errors import (
    DuplicateSourceError,
    EmptySourceError,
    MetadataError,
    ProjectError,
    UnknownSourceError,
)
from rpsw_research.i18n import language
from rpsw_research.project import Project


@pytest.fixture
def proj(tmp_path):
    with Project.create(tmp_path / "p.rpsw") as project:
        yield project


def test_source_roundtrip_keeps_everything(proj):
    original = dataclasses.replace(k1(), metadata={"sintetis": True, "pewawancara": "P"},
                                   place="RPSW Jakarta", path="data/W-K1-01.txt")
    report = proj.add_source(original)
    assert report.added == ["W-K1-01"] and report.entries[0].sha256 == original.sha256
    stored = proj.source("W-K1-01")
    assert stored == original  # text, turns, paragraphs, metadata, informants all equal
    assert stored.turns[1].informant == "K1" and stored.turns[0].is_interviewer


def test_sources_and_informants_tables(proj):
    proj.add_informants(informants())
    proj.add_source(k1())
    proj.add_source(observation())
    table = proj.sources_table()
    assert list(table.columns) == ["source_id", "kind", "title", "date", "place", "informants",
                                   "path", "sha256", "chars", "words", "turns", "imported_at"]
    assert table["source_id"].tolist() == ["O-01", "W-K1-01"]
    row = table.set_index("source_id").loc["W-K1-01"]
    assert (row["chars"], row["turns"], row["date"]) == (len(K1_TEXT), 4, "2014-03-12")
    assert row["words"] == len(K1_TEXT.split())
    assert table.set_index("source_id").loc["O-01", "informants"] == "MK;K1"
    assert table.set_index("source_id").loc["O-01", "title"] is None
    people = proj.informants_table()
    assert people.columns[:2].tolist() == ["informant_id", "role"]
    assert set(people.columns) == {"informant_id", "role", "usia", "lama_kerja", "asal"}
    assert people.set_index("informant_id").loc["K1", "asal"] == "Jawa Barat"


def test_unknown_source_lists_known_ids(proj):
    proj.add_source(k1())
    with pytest.raises(UnknownSourceError) as caught:
        proj.source("W-K9-01")
    assert "W-K1-01" in str(caught.value)


def test_same_text_under_other_id_is_a_duplicate(proj):
    proj.add_source(k1())
    twin = dataclasses.replace(k1(), id="W-K1-01-salinan")
    with pytest.raises(DuplicateSourceError) as caught:
        proj.add_source(twin)
    assert "W-K1-01" in str(caught.value)
    report = proj.add_source(twin, on_duplicate="skip")
    assert report.skipped == ["W-K1-01-salinan"]
    assert report.entries[0].duplicate_of == "W-K1-01"
    assert [s.id for s in proj.sources()] == ["W-K1-01"]


def test_replace_with_same_text_under_new_id_moves_codings(proj):
    proj.codebook = codebook()
    proj.add_source(k1())
    cid = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    renamed = dataclasses.replace(k1(), id="W-K1-A")
    report = proj.add_source(renamed, on_duplicate="replace")
    assert report.replaced == ["W-K1-A"] and not report.orphaned
    assert [s.id for s in proj.sources()] == ["W-K1-A"]
    row = proj.codings().iloc[0]
    assert (row["coding_id"], row["source_id"], row["text"]) == (
        cid, "W-K1-A", "oleh pekerja sosial")


def test_replace_changed_text_reanchors_and_orphans(proj):
    proj.codebook = codebook()
    proj.add_source(k1())
    moved = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    second = proj.code("W-K1-01", "rpsw.registrasi", quote="Saya didata dulu", occurrence=2,
                       coder="A")
    lost = proj.code("W-K1-01", "rpsw.asesmen", quote="ikut konseling", coder="A")
    new_text = "P: Pengantar baru.\n\n" + K1_TEXT.replace("ikut konseling", "belajar menjahit")
    report = proj.add_source(interview("W-K1-01", new_text), on_duplicate="replace")
    assert report.replaced == ["W-K1-01"]
    assert report.orphaned == [lost]
    assert report.entries[0].reanchored == 2
    table = proj.codings().set_index("coding_id")
    assert table.loc[moved, "text"] == "oleh pekerja sosial"
    assert table.loc[moved, "start"] == new_text.index("oleh pekerja sosial")
    second_at = new_text.index("Saya didata dulu", new_text.index("Saya didata dulu") + 1)
    assert table.loc[second, "start"] == second_at  # nearest to its old offset, not the first
    assert lost not in table.index  # orphaned codings leave the analysis table...
    orphans = proj.orphaned_codings()
    assert orphans["coding_id"].tolist() == [lost]  # ...but are kept, with their quote
    assert orphans["text"].tolist() == ["ikut konseling"]
    audit = proj.audit()
    assert {"source", "coding"} <= set(audit.loc[audit["operation"] == "import", "entity"])
    # a later replacement that brings the quote back re-anchors the orphan
    proj.add_source(k1(), on_duplicate="replace")
    assert proj.orphaned_codings().empty
    assert proj.codings().set_index("coding_id").loc[lost, "text"] == "ikut konseling"


def test_replace_same_id_when_hash_matches_another_source_is_refused(proj):
    proj.add_source(k1())
    proj.add_source(k2())
    clash = dataclasses.replace(k2(), id="W-K1-01")
    with pytest.raises(DuplicateSourceError):
        proj.add_source(clash, on_duplicate="replace")
    assert proj.source("W-K1-01").text == K1_TEXT


def test_bad_sources_never_partially_write(proj):
    good = k2()
    bad_span = dataclasses.replace(observation(), paragraphs=(Segment("paragraph", 0, 0, 999),))
    with pytest.raises(MetadataError):
        proj.store.import_sources([good, bad_span], who="A")
    assert proj.sources() == [] and proj.audit().empty
    with pytest.raises(MetadataError):
        proj.add_source(Source(id="X", kind="surat", text="teks"))
    with pytest.raises(EmptySourceError):
        proj.add_source(Source(id="X", kind="dokumen", text="  \n "))
    with pytest.raises(ProjectError, match="skip, replace, error"):
        proj.add_source(k1(), on_duplicate="overwrite")
    assert proj.sources() == []


def test_unknown_duplicate_policy_is_refused_before_anything_is_read(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    with Project.create(tmp_path / "p.rpsw") as proj:
        with language("en"), pytest.raises(ProjectError) as caught:
            proj.import_folder(sample, on_duplicate="ganti")  # nothing stored yet
        assert "'ganti'" in str(caught.value) and "skip, replace, error" in str(caught.value)
        with pytest.raises(ProjectError):
            proj.add_source(tmp_path / "missing.txt", on_duplicate=None)
        assert proj.sources() == [] and proj.audit().empty


def test_keywords_for_a_ready_source_are_a_project_error(tmp_path):
    with Project.create(tmp_path / "p.rpsw") as proj:
        with language("en"), pytest.raises(ProjectError, match="kind"):
            proj.add_source(k1(), kind="dokumen")
        proj.add_source(k1(), kind=None)  # an unset keyword is no override
        assert [s.id for s in proj.sources()] == [k1().id]
