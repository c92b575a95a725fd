"""``rpsw demo``: one full run on the bundled sample, plus the refusals (fast)."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from fixtures.cli.helpers import STUDY, assert_user_error, run

import rpsw_research as rr
from rpsw_research.codebook import Codebook
from rpsw_research.commands.demo import (
    PROJECT_FILE,
    REPORT_FILE,
    REVIEW_FILE,
    TABLES_FILE,
    sample_folder,
)


@pytest.mark.slow
def test_demo_on_the_sample_writes_the_word_report_and_the_tables(tmp_path, capsys):
    out = tmp_path / "hasil"
    result = run(capsys, "demo", "--out", out)
    assert result.code == 0, result.err
    report, tables, project = out / REPORT_FILE, out / TABLES_FILE, out / PROJECT_FILE
    text = "\n".join(p.text for p in docx.Document(report).paragraphs)
    assert "BAB IV" in text.upper() and "K1" in text
    book = openpyxl.load_workbook(tables)
    assert len(book.sheetnames) >= 5
    with rr.Project.open(project) as proj:
        assert len(proj.sources_table()) == 15
        assert [c.id for c in proj.codebook] == [c.id for c in Codebook.default()]
        auto = proj.codings(coder="auto")
    assert len(auto) > 0 and set(auto["status"]) == {"suggested"}
    review = openpyxl.load_workbook(out / REVIEW_FILE).active
    assert review["J1"].value == "Keputusan" and review.max_row > 100
    for path in (project, report, tables, out / REVIEW_FILE):
        assert str(path) in result.out
    assert f"{len(auto)} saran koding" in result.out


def test_demo_on_a_folder_refuses_to_overwrite_unless_forced(tmp_path, capsys):
    out = tmp_path / "hasil"
    first = run(capsys, "--lang", "en", "demo", "--data", STUDY, "--out", out)
    assert first.code == 0, first.err
    assert "Sources loaded: 3" in first.out and "Informants: 2" in first.out
    again = run(capsys, "demo", "--data", STUDY, "--out", out)
    assert_user_error(again, PROJECT_FILE, "--force")
    forced = run(capsys, "demo", "--data", STUDY, "--out", out, "--force")
    assert forced.code == 0, forced.err
    with rr.Project.open(out / PROJECT_FILE) as proj:
        assert len(proj.sources_table()) == 3  # a fresh project, not a second import


def test_demo_refuses_to_overwrite_a_project(tmp_path, capsys):
    out = tmp_path / "hasil"
    out.mkdir()
    rr.Project.create(out / PROJECT_FILE).close()
    before = (out / PROJECT_FILE).read_bytes()
    assert_user_error(run(capsys, "demo", "--data", STUDY, "--out", out), "--force")
    assert (out / PROJECT_FILE).read_bytes() == before
    assert not (out / REPORT_FILE).exists()


def test_demo_force_never_deletes_a_file_that_is_not_a_project(tmp_path, capsys):
    out = tmp_path / "hasil"
    out.mkdir()
    (out / PROJECT_FILE).write_text("catatan penting", encoding="utf-8")
    assert_user_error(run(capsys, "demo", "--data", STUDY, "--out", out, "--force"))
    assert (out / PROJECT_FILE).read_text(encoding="utf-8") == "catatan penting"


def test_demo_output_folder_that_is_a_file(tmp_path, capsys):
    out = tmp_path / "hasil"
    out.write_text("x", encoding="utf-8")
    assert_user_error(run(capsys, "demo", "--data", STUDY, "--out", out), "hasil")


def test_demo_without_data_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "kosong").mkdir()
    result = run(capsys, "--lang", "en", "demo", "--data", tmp_path / "kosong",
                 "--out", tmp_path / "hasil")
    assert_user_error(result, "sample corpus is missing or empty", "kosong")
    assert not (tmp_path / "hasil" / PROJECT_FILE).exists()


def test_a_failed_demo_leaves_no_project_behind(tmp_path, capsys, monkeypatch):
    from rpsw_research import report
    from rpsw_research.errors import ReportError

    def fail(*args, **kwargs):
        raise ReportError("gagal uji")

    monkeypatch.setattr(report, "write_docx", fail)
    out = tmp_path / "hasil"
    assert_user_error(run(capsys, "demo", "--data", STUDY, "--out", out), "gagal uji")
    assert not (out / PROJECT_FILE).exists()  # so a rerun needs no --force


def test_the_sample_is_found_beside_the_package():
    folder = sample_folder()
    assert (folder / "informants.csv").is_file() and (folder / "wawancara").is_dir()


def test_a_demo_without_any_coding_stops_with_a_clear_message(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "catatan.txt").write_text("Cuaca cerah hari ini. Tidak ada yang lain.",
                                      encoding="utf-8")
    out = tmp_path / "hasil"
    assert_user_error(run(capsys, "demo", "--data", data, "--out", out), "rpsw autocode")
    assert not (out / PROJECT_FILE).exists()
