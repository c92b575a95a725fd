"""Each ``rpsw`` command on a small project: init, import, info, autocode, report,
export, agreement (the demo has its own test file)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from fixtures.cli.helpers import EXTRA, STUDY, assert_user_error, run

import rpsw_research as rr
from rpsw_research.codebook import Codebook


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Built once per module: the default codebook and the small study imported, and a
    copy coded by hand by two coders, A and B, who agree on most turns."""
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "studi.rpsw"
    with rr.Project.create(path) as proj:
        proj.codebook = Codebook.default()
        proj.import_folder(STUDY)
    coded = folder / "koding.rpsw"
    shutil.copy(path, coded)
    with rr.Project.open(coded) as proj:
        for coder in ("A", "B"):
            proj.code("W-K1-01", "rpsw.registrasi", turn=1, coder=coder)
            proj.code("W-MK-01", "rpsw.registrasi", turn=1, coder=coder)
            proj.code("W-MK-01", "rpsw.perencanaan", turn=3, coder=coder)
        proj.code("W-K1-01", "rpsw.perencanaan", turn=3, coder="A")
        proj.code("W-MK-01", "rpsw.pengakhiran", turn=5, coder="B")
    return path, coded


@pytest.fixture
def project(built, tmp_path):
    """A fresh copy of the imported, uncoded project."""
    return Path(shutil.copy(built[0], tmp_path / "studi.rpsw"))


@pytest.fixture
def coded(built, tmp_path):
    """A fresh copy of the hand-coded project."""
    return Path(shutil.copy(built[1], tmp_path / "studi.rpsw"))


def test_init_then_import_by_command(tmp_path, capsys):
    path = tmp_path / "s.rpsw"
    assert run(capsys, "init", path).code == 0
    result = run(capsys, "import", path, STUDY)
    assert result.code == 0 and "3" in result.out and str(STUDY) in result.out
    with rr.Project.open(path) as proj:
        assert sorted(proj.sources_table()["source_id"]) == ["O-01", "W-K1-01", "W-MK-01"]


# --- init --------------------------------------------------------------------------
def test_init_creates_a_project_with_the_default_codebook(tmp_path, capsys):
    path = tmp_path / "baru.rpsw"
    result = run(capsys, "init", path)
    assert result.code == 0 and str(path) in result.out and "58" in result.out
    with rr.Project.open(path) as proj:
        assert [c.id for c in proj.codebook] == [c.id for c in Codebook.default()]
        assert proj.sources_table().empty


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_init_reads_a_codebook_file(tmp_path, capsys, suffix):
    small = Codebook.default().add_code("emergen", names={"id": "Emergen", "en": "Emergent"})
    file = tmp_path / f"kode{suffix}"
    small.to_yaml(file) if suffix == ".yaml" else small.to_csv(file)
    path = tmp_path / "studi.rpsw"
    assert run(capsys, "init", path, "--codebook", file).code == 0
    with rr.Project.open(path) as proj:
        assert [c.id for c in proj.codebook] == [c.id for c in small]
        assert "emergen" in proj.codebook.ids


def test_init_never_overwrites(project, capsys):
    before = project.read_bytes()
    assert_user_error(run(capsys, "init", project), str(project), "rpsw")
    assert project.read_bytes() == before


@pytest.mark.parametrize("name", ["tidak_ada.yaml", "kode.json"])
def test_init_with_a_bad_codebook_creates_nothing(tmp_path, capsys, name):
    if name.endswith(".json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    path = tmp_path / "studi.rpsw"
    assert_user_error(run(capsys, "init", path, "--codebook", tmp_path / name), name)
    assert not path.exists()


def test_init_with_an_invalid_codebook_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "rusak.yaml"
    bad.write_text("codes:\n  - id: a\n  - id: a\n", encoding="utf-8")
    assert_user_error(run(capsys, "init", tmp_path / "s.rpsw", "--codebook", bad))
    assert not (tmp_path / "s.rpsw").exists()


# --- import ------------------------------------------------------------------------
def test_import_folder_then_again_skips_duplicates(project, capsys):
    with rr.Project.open(project) as proj:
        table = proj.sources_table()
        assert sorted(table["source_id"]) == ["O-01", "W-K1-01", "W-MK-01"]
        assert sorted(proj.informants_table()["informant_id"]) == ["K1", "MK"]
    again = run(capsys, "import", project, STUDY)
    assert again.code == 0 and "3" in again.out
    with rr.Project.open(project) as proj:
        assert len(proj.sources_table()) == 3


def test_import_duplicate_as_error_writes_nothing(project, capsys):
    result = run(capsys, "import", project, STUDY, "--on-duplicate", "error")
    assert_user_error(result, "O-01")
    with rr.Project.open(project) as proj:
        assert len(proj.sources_table()) == 3


def test_import_one_file_with_kind_and_informants(project, capsys):
    result = run(capsys, "import", project, EXTRA, "--kind", "dokumen", "--informant", "K1",
                 "--informant", "MK", "--date", "2014-05-01")
    assert result.code == 0, result.err
    with rr.Project.open(project) as proj:
        row = proj.sources_table().set_index("source_id").loc["extra"]
    assert row["kind"] == "dokumen" and row["informants"] == "K1;MK"
    assert row["date"] == "2014-05-01"


def test_import_unknown_informant_is_refused(project, capsys):
    assert_user_error(run(capsys, "import", project, EXTRA, "--informant", "K9"), "K9")
    with rr.Project.open(project) as proj:
        assert "extra" not in set(proj.sources_table()["source_id"])


def test_import_file_options_do_not_apply_to_folders(project, capsys):
    assert_user_error(run(capsys, "import", project, STUDY, "--kind", "dokumen"), "--kind")


def test_import_checks_every_path_before_writing(project, tmp_path, capsys):
    result = run(capsys, "import", project, EXTRA, tmp_path / "tidak_ada")
    assert_user_error(result, "tidak_ada")
    with rr.Project.open(project) as proj:
        assert len(proj.sources_table()) == 3  # extra.txt was not imported either


def test_import_reports_unreadable_files_and_imports_the_rest(tmp_path, capsys):
    study = tmp_path / "studi"
    shutil.copytree(STUDY, study)
    (study / "dokumen").mkdir()
    (study / "dokumen" / "rusak.docx").write_bytes(b"bukan zip")
    path = tmp_path / "s.rpsw"
    run(capsys, "init", path)
    result = run(capsys, "import", path, study)
    assert result.code == 1
    assert "rusak.docx" in result.out
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    with rr.Project.open(path) as proj:
        assert len(proj.sources_table()) == 3


# --- info --------------------------------------------------------------------------
def test_info_describes_sources_informants_codes_and_codings(coded, capsys):
    result = run(capsys, "info", coded)
    assert result.code == 0
    out = result.out
    with rr.Project.open(coded) as proj:
        version = proj.store.schema_version()
    assert f"versi skema {version}" in out
    assert "Sumber: 3" in out and "wawancara: 2" in out and "observasi: 1" in out
    assert "Informan: 2" in out and "K1: korban" in out and "MK: manajer_kasus" in out
    assert "(58 kode)" in out
    assert "Koding: 8" in out and "A: 4 (manual 4)" in out and "B: 4 (manual 4)" in out


def test_info_in_english(coded, capsys):
    out = run(capsys, "info", coded, "--lang", "en").out
    assert "Sources: 3" in out and "interviews: 2" in out and "schema version" in out


# --- autocode ----------------------------------------------------------------------
def test_autocode_codes_or_says_it_is_unavailable(project, capsys):
    result = run(capsys, "autocode", project, "--unit", "turn")
    if not hasattr(rr.Project, "autocode"):
        assert_user_error(result, "koding otomatis")
        return
    assert result.code == 0, result.err
    with rr.Project.open(project) as proj:
        codings = proj.codings(coder="auto")
    assert len(codings) > 0 and str(len(codings)) in result.out
    assert set(codings["method"]) == {"auto"}


def test_autocode_rules_only_keeps_the_rule_weights_as_scores(project, capsys):
    if not hasattr(rr.Project, "autocode"):
        pytest.skip("this installation has no auto-coder")
    assert run(capsys, "autocode", project).code == 0
    with rr.Project.open(project) as proj:
        weighed = proj.codings(coder="auto")
    assert run(capsys, "autocode", project, "--rules-only").code == 0
    with rr.Project.open(project) as proj:
        plain = proj.codings(coder="auto")
    assert len(plain) >= len(weighed) > 0
    assert plain["score"].nunique() < weighed["score"].nunique()


def test_autocode_rejects_an_unknown_unit(project, capsys):
    assert run(capsys, "autocode", project, "--unit", "kata").code == 2


# --- report ------------------------------------------------------------------------
def test_report_writes_a_word_chapter(coded, tmp_path, capsys):
    out = tmp_path / "bab4.docx"
    result = run(capsys, "report", coded, out, "--no-figures")
    assert result.code == 0 and str(out) in result.out
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "BAB IV" in text.upper()


def test_report_in_english_for_one_coder(coded, tmp_path, capsys):
    out = tmp_path / "chapter.docx"
    result = run(capsys, "--lang", "en", "report", coded, out, "--coder", "A",
                 "--reviewed-only", "--no-figures")
    assert result.code == 0 and result.out.startswith("Written:")
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "Findings" in text or "FINDINGS" in text.upper()


def test_report_unknown_coder_and_bad_suffix_are_user_errors(coded, tmp_path, capsys):
    assert_user_error(run(capsys, "report", coded, tmp_path / "a.docx", "--coder", "Z"), "Z")
    assert_user_error(run(capsys, "report", coded, tmp_path / "a.pdf"), "a.pdf")
    assert not (tmp_path / "a.docx").exists()


# --- export ------------------------------------------------------------------------
def test_export_xlsx_by_suffix(coded, tmp_path, capsys):
    out = tmp_path / "tabel.xlsx"
    assert run(capsys, "export", coded, out).code == 0
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) >= 5
    codings = pd.read_excel(out, sheet_name=1 if "Koding" not in book.sheetnames else "Koding")
    assert len(codings) > 0


def test_export_csv_folder_filtered_by_coder(coded, tmp_path, capsys):
    out = tmp_path / "tabel"
    result = run(capsys, "export", coded, out, "--format", "csv", "--coder", "B")
    assert result.code == 0
    files = sorted(out.glob("*.csv"))
    assert len(files) >= 5 and len(result.out.strip().splitlines()) == len(files)
    texts = [f.read_text(encoding="utf-8-sig") for f in files]
    assert any("rpsw.pengakhiran" in text for text in texts)  # B's code


def test_export_qdpx(coded, tmp_path, capsys):
    out = tmp_path / "studi.qdpx"
    result = run(capsys, "export", coded, out)
    try:
        import rpsw_research.interop  # noqa: F401
    except ImportError:
        assert_user_error(result, "qdpx")
        return
    assert result.code == 0, result.err
    with zipfile.ZipFile(out) as archive:
        assert "project.qde" in archive.namelist()
    back = tmp_path / "kembali.rpsw"
    from rpsw_research.interop import import_qdpx

    imported = import_qdpx(out, back)
    with imported.project as proj:
        assert len(proj.codings()) == 8
    again = tmp_path / "lagi.rpsw"
    result = run(capsys, "import-qdpx", out, again)
    assert result.code == 0, result.err
    assert "8 koding" in result.out
    with rr.Project.open(again) as proj:
        assert len(proj.codings()) == 8
    assert_user_error(run(capsys, "import-qdpx", out, again), "lagi.rpsw")  # never overwrites
    assert_user_error(run(capsys, "import-qdpx", tmp_path / "tidak_ada.qdpx",
                          tmp_path / "x.rpsw"), "tidak_ada.qdpx")


def test_export_format_must_be_known(coded, tmp_path, capsys):
    assert_user_error(run(capsys, "export", coded, tmp_path / "t.pdf"), "--format")
    assert run(capsys, "export", coded, tmp_path / "t", "--format", "pdf").code == 2


# --- agreement ---------------------------------------------------------------------
def test_agreement_prints_the_table(coded, tmp_path, capsys):
    csv = tmp_path / "sepakat.csv"
    result = run(capsys, "agreement", coded, "--coders", "A", "B", "--unit", "turn",
                 "--csv", csv)
    assert result.code == 0, result.err
    table = pd.read_csv(csv, encoding="utf-8-sig")
    overall = table.loc[table["scope"] == "overall"].iloc[0]
    lines = result.out.splitlines()
    assert lines[0].startswith("Kesepakatan antarpengode A, B")
    assert any(line.strip().startswith("KESELURUHAN") and f"{overall['kappa']:.3f}" in line
               for line in lines)
    assert any("rpsw.registrasi" in line and "1.000" in line for line in lines)


def test_agreement_needs_two_coders_who_coded(coded, capsys):
    assert_user_error(run(capsys, "agreement", coded, "--coders", "A", "A"))
    assert_user_error(run(capsys, "agreement", coded, "--coders", "A", "Z", "--unit", "turn"),
                      "Z")
    assert_user_error(run(capsys, "agreement", coded, "--coders", "A"))


def test_agreement_unknown_code(coded, capsys):
    result = run(capsys, "agreement", coded, "--coders", "A", "B", "--unit", "turn",
                 "--code", "rpsw.tidak_ada")
    assert_user_error(result, "rpsw.tidak_ada")


def test_import_with_a_privacy_key_pseudonymises(tmp_path, capsys):
    keys = tmp_path / "kunci"  # outside the data folder and the project's folder
    keys.mkdir()
    key = keys / "kunci.yaml"
    key.write_text("entries:\n  - kind: place\n    name: Kampung Sukamaju\n"
                   "    replacement: '[DESA]'\n", encoding="utf-8")
    study = tmp_path / "data"
    shutil.copytree(STUDY, study)
    note = study / "observasi" / "O-01.txt"
    note.write_text(note.read_text(encoding="utf-8").replace(
        "di aula.", "di aula, lalu bercerita tentang Kampung Sukamaju."), encoding="utf-8")
    (tmp_path / "proyek").mkdir()
    path = tmp_path / "proyek" / "s.rpsw"
    run(capsys, "init", path)
    result = run(capsys, "import", path, study, "--privacy-key", key)
    assert result.code == 0, result.err
    with rr.Project.open(path) as proj:
        text = proj.source("O-01").text
        assert "Sukamaju" not in text and "[DESA]" in text
        assert len(proj.redactions_table()) >= 1
    inside = study / "kunci.yaml"
    shutil.copy(key, inside)
    assert_user_error(run(capsys, "import", path, study, "--privacy-key", inside))
    assert_user_error(run(capsys, "import", path, study, "--privacy-key", keys / "x.yaml"),
                      "x.yaml")


def test_report_and_tables_of_an_uncoded_project_say_what_to_do(project, tmp_path, capsys):
    assert_user_error(run(capsys, "report", project, tmp_path / "a.docx"), "rpsw autocode")
    assert_user_error(run(capsys, "--lang", "en", "export", project, tmp_path / "t.xlsx"),
                      "no codings yet")
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "t.xlsx").exists()


def test_qdpx_export_is_always_the_whole_project(coded, tmp_path, capsys):
    result = run(capsys, "export", coded, tmp_path / "s.qdpx", "--coder", "A")
    assert_user_error(result, "qdpx")
    assert not (tmp_path / "s.qdpx").exists()


def test_export_with_a_privacy_key_refuses_a_leak(coded, tmp_path, capsys):
    key = tmp_path / "kunci" / "kunci.yaml"
    key.parent.mkdir()
    key.write_text("entries:\n  - {kind: person, name: Sari}\n", encoding="utf-8")
    with rr.Project.open(coded) as proj:
        source = proj.sources()[0].id
        proj.code(source, "rpsw.registrasi", quote=proj.source(source).text.split()[0],
                  coder="A", memo="Sari bercerita panjang")
    result = run(capsys, "export", coded, tmp_path / "t.xlsx", "--privacy-key", key)
    assert_user_error(result, "t.xlsx")
    assert "Sari" not in result.err and not (tmp_path / "t.xlsx").exists()
    forced = run(capsys, "export", coded, tmp_path / "t.xlsx", "--privacy-key", key,
                 "--allow-leaks")
    assert forced.code == 0 and (tmp_path / "t.xlsx").exists()
