"""Privacy wired into the project: pseudonymised import, redaction log, consent register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rpsw_research import Project
from rpsw_research.errors import InformantError, PrivacyError
from rpsw_research.privacy import Consent, PrivacyKey, leak_check

KEY_YAML = """\
entries:
  - {kind: person, name: Siti Aminah, aliases: [Siti], replacement: K1}
  - {kind: person, name: Rahmawati, aliases: [Bu Rahma], replacement: MK}
  - {kind: place, name: Indramayu}
"""


def study(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "wawancara").mkdir(parents=True)
    (folder / "informants.csv").write_text(
        "id,peran,asal\nMK,manajer_kasus,Jakarta\nK1,korban,Indramayu\n", encoding="utf-8"
    )
    (folder / "wawancara" / "w-k1.txt").write_text(
        "---\nid: W-K1-01\njenis: wawancara\ninforman: K1\ntanggal: 2014-03-12\n"
        "judul: Wawancara Siti\nsintetis: ya\n---\n"
        "P: Mbak Siti dari mana?\n\nK1: Dari Indramayu, mbak. NIK saya 3209014506920003.\n"
        "P: Siapa yang mendampingi?\n\nK1: Bu Rahma, nomornya 0812-3456-7890.\n",
        encoding="utf-8",
    )
    return folder


def new_project(tmp_path: Path) -> Project:
    (tmp_path / "proj").mkdir()
    return Project.create(tmp_path / "proj" / "studi.rpsw")


def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "rahasia" / "kunci.yaml"
    path.parent.mkdir()
    path.write_text(KEY_YAML, encoding="utf-8")
    return path


def test_import_folder_pseudonymises_before_storing(tmp_path: Path) -> None:
    folder, key = study(tmp_path), key_file(tmp_path)
    with new_project(tmp_path) as proj:
        report = proj.import_folder(folder, privacy_key=key)
        assert report.added == ["W-K1-01"]
        source = proj.source("W-K1-01")
        assert "Siti" not in source.text and "3209" not in source.text
        assert "Mbak K1 dari mana?" in source.text and "Bu MK, nomornya [TELEPON]" in source.text
        assert source.title == "Wawancara K1"
        assert [t.text_in(source.text) for t in source.turns][1].startswith("Dari [TEMPAT-1]")
        assert proj.informants_table().set_index("informant_id").loc["K1", "asal"] == "[TEMPAT-1]"
        assert leak_check(proj, PrivacyKey.load(key)).ok

        log = proj.redactions_table()
        assert list(log.columns) == [
            "source_id",
            "field",
            "kind",
            "placeholder",
            "start",
            "end",
            "import_op",
        ]
        text_rows = log[(log.source_id == "W-K1-01") & (log.field == "text")]
        assert sorted(text_rows.kind) == ["nik", "person", "person", "phone", "place"]
        for row in text_rows.itertuples():
            assert source.text[row.start : row.end] == row.placeholder
        assert ("title" in set(log.field)) and log.source_id.isna().sum() == 1  # informant asal
        dumped = log.to_csv()
        assert "Siti" not in dumped and "Indramayu" not in dumped and "3209" not in dumped

        # a second import of the same folder skips the source and keeps one log
        again = proj.import_folder(folder, privacy_key=key)
        assert again.skipped == ["W-K1-01"]
        assert len(proj.redactions_table()) == len(log)


def test_key_inside_the_data_folder_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    folder = study(tmp_path)
    inside = folder / "kunci.yaml"
    inside.write_text(KEY_YAML, encoding="utf-8")
    with new_project(tmp_path) as proj:
        with pytest.raises(PrivacyError, match="di dalam folder"):
            proj.import_folder(folder, privacy_key=inside)
        assert proj.sources() == [] and len(proj.redactions_table()) == 0


def test_import_without_key_stores_nothing_in_the_log(tmp_path: Path) -> None:
    folder = study(tmp_path)
    with new_project(tmp_path) as proj:
        proj.import_folder(folder)
        assert "Siti" in proj.source("W-K1-01").text  # the researcher chose not to
        assert len(proj.redactions_table()) == 0
        assert not leak_check(proj, PrivacyKey.load(key_file(tmp_path))).ok


def test_add_source_with_key(tmp_path: Path) -> None:
    folder, key = study(tmp_path), key_file(tmp_path)
    with new_project(tmp_path) as proj:
        proj.add_source(folder / "wawancara" / "w-k1.txt", privacy_key=PrivacyKey.load(key))
        assert "Siti" not in proj.source("W-K1-01").text
        assert set(proj.redactions_table().source_id) == {"W-K1-01"}


def test_consent_register_stored_and_checked(tmp_path: Path) -> None:
    folder = study(tmp_path)
    register = tmp_path / "persetujuan.csv"
    register.write_text(
        "informan,tanggal,versi_formulir,cara,rekaman,kutipan,arsip,ditarik\n"
        "MK,2014-03-01,v1,tertulis,ya,ya,ya,\n"
        "K1,2014-03-02,v1,lisan,ya,ya,tidak,2014-06-01\n",
        encoding="utf-8",
    )
    with new_project(tmp_path) as proj:
        proj.import_folder(folder)
        assert proj.set_consents(register) == 2
        assert proj.quotable("MK") and not proj.quotable("K1")
        with pytest.raises(InformantError, match="K9"):
            proj.set_consents([Consent("K9", dt.date(2014, 1, 1), "v1", "lisan")])
        assert len(proj.consents()) == 2  # the failed call changed nothing
    with Project.open(tmp_path / "proj" / "studi.rpsw") as proj:
        stored = proj.consents()
        assert [c.informant for c in stored] == ["K1", "MK"]
        assert stored[0].withdrawn.isoformat() == "2014-06-01" and stored[0].method == "lisan"
        audit = proj.store.audit_frame()
        assert (audit.entity == "consents").sum() == 1 and set(audit.operation) >= {"consents"}


def test_exports_of_a_pseudonymised_project_pass_the_gate(tmp_path: Path) -> None:
    from rpsw_research.errors import LeakError
    from rpsw_research.interop import export_qdpx
    from rpsw_research.privacy import guard_export

    folder, key_path = study(tmp_path), key_file(tmp_path)
    key = PrivacyKey.load(key_path)
    with new_project(tmp_path) as proj:
        proj.import_folder(folder, privacy_key=key)
        clean = export_qdpx(proj, tmp_path / "bersih.qdpx")
    assert guard_export(clean, key).ok
    raw_dir = tmp_path / "mentah"
    raw_dir.mkdir()
    with Project.create(raw_dir / "mentah.rpsw") as raw:
        raw.import_folder(folder)
        with pytest.raises(LeakError) as info:
            export_qdpx(raw, tmp_path / "bocor.qdpx", privacy_key=key)
        assert not (tmp_path / "bocor.qdpx").exists()  # refused: nothing written
        leaky = export_qdpx(raw, tmp_path / "bocor.qdpx", privacy_key=key, allow_leaks=True)
    assert "Siti" not in str(info.value) and "S***" in str(info.value)
    assert "bocor.qdpx" in str(info.value) and ".part" not in str(info.value)
    with pytest.raises(LeakError):
        guard_export(leaky, key)


def test_file_names_memos_and_locations_never_carry_the_name(tmp_path: Path) -> None:
    folder, key_path = study(tmp_path), key_file(tmp_path)
    named = folder / "wawancara" / "Wawancara Siti Aminah.txt"
    (folder / "wawancara" / "w-k1.txt").rename(named)
    text = named.read_text(encoding="utf-8").replace("id: W-K1-01\n", "")
    named.write_text(text, encoding="utf-8")
    key = PrivacyKey.load(key_path)
    with new_project(tmp_path) as proj:
        proj.import_folder(folder, privacy_key=key)
        (source,) = proj.sources()
        assert "Siti" not in source.id and "Siti" not in (source.path or "")
        assert "Siti" not in proj.sources_table().to_csv()
        assert "Siti" not in proj.audit().to_csv()
        assert "Siti" not in proj.redactions_table().to_csv()
        assert leak_check(proj, key).ok
        proj.memo("Siti Aminah menangis saat bercerita.", source=source.id)
        report = leak_check(proj, key)
        assert not report.ok and "Siti" not in report.summary()
    raw = leak_check("Berkas Wawancara Siti Aminah: Siti datang.", key)
    assert "Siti" not in raw.summary()
