"""``rpsw review``: summary, list, decisions by id or code, and the review sheet."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from fixtures.cli.helpers import STUDY, assert_user_error, auto_statuses, autocoded, run

import rpsw_research as rr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return autocoded(STUDY, tmp_path_factory.mktemp("review") / "studi.rpsw")


@pytest.fixture
def project(built, tmp_path):
    return Path(shutil.copy(built, tmp_path / "studi.rpsw"))


def statuses(path: Path) -> dict[int, str]:
    with rr.Project.open(path) as proj:
        return auto_statuses(proj)


def test_summary_per_code(project, capsys):
    result = run(capsys, "review", project)
    assert result.code == 0
    assert "rpsw.registrasi" in result.out and "belum ditinjau" in result.out
    assert "--sheet" in result.out
    english = run(capsys, "--lang", "en", "review", project, "--coder", "nobody")
    assert english.code == 0 and "Coder 'nobody' has no auto codings" in english.out
    for action in ("--list", "--sheet"):
        args = [action] if action == "--list" else [action, project.parent / "t.xlsx"]
        assert_user_error(run(capsys, "review", project, "--coder", "nobody", *args), "nobody")
    assert not (project.parent / "t.xlsx").exists()


def test_list_accept_and_reject_by_id(project, capsys):
    listed = run(capsys, "--lang", "en", "review", project, "--list", "--limit", "3",
                 "--code", "moxley.perencanaan")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].split()[:3] == ["Coding", "id", "Source"] and "Text" in lines[0]
    ids = [int(line.split()[0]) for line in lines[1:4]]
    assert all("moxley.perencanaan" in line for line in lines[1:4])
    assert lines[4].startswith("3 of ")
    decided = run(capsys, "review", project, "--accept", ids[0], ids[1], "--reject", ids[2])
    assert decided.code == 0 and decided.out.strip() == "Status 3 saran diubah."
    now = statuses(project)
    assert [now[i] for i in ids] == ["accepted", "accepted", "rejected"]
    assert_user_error(run(capsys, "review", project, "--accept", ids[0], "--reject", ids[0]),
                      str(ids[0]))
    assert_user_error(run(capsys, "review", project, "--accept", ids[0], "--list"), "--list")
    assert_user_error(run(capsys, "review", project, "--accept", 999999), "999999")
    with rr.Project.open(project) as proj:
        manual = proj.code("W-K1-01", "rpsw.registrasi", start=0, end=3, coder="A")
    assert_user_error(run(capsys, "review", project, "--reject", manual), str(manual), "auto")
    assert statuses(project) == now


def test_accept_code_with_a_minimum_score(project, capsys):
    before = statuses(project)
    with rr.Project.open(project) as proj:
        table = proj.suggestions(code="rpsw.pengungkapan_masalah")
    wanted = set(table.loc[table["score"] >= 0.5, "coding_id"])
    assert 0 < len(wanted) < len(table)
    result = run(capsys, "review", project, "--accept-code", "rpsw.pengungkapan_masalah",
                 "--min-score", "0.5")
    assert result.code == 0 and result.out.strip() == f"Status {len(wanted)} saran diubah."
    changed = {i for i, s in statuses(project).items() if s != before[i]}
    assert changed == wanted and wanted


def test_sheet_then_apply(project, tmp_path, capsys):
    sheet = tmp_path / "tinjau.xlsx"
    written = run(capsys, "review", project, "--sheet", sheet)
    assert written.code == 0 and sheet.is_file() and "--apply" in written.out
    book = openpyxl.load_workbook(sheet)
    rows = book.active
    header = [c.value for c in rows[1]]
    column = header.index("Keputusan") + 1
    first = rows.cell(row=2, column=1).value
    second = rows.cell(row=3, column=1).value
    rows.cell(row=2, column=column, value="terima")
    rows.cell(row=3, column=column, value="tolak")
    book.save(sheet)
    applied = run(capsys, "review", project, "--apply", sheet)
    assert applied.code == 0 and "1 diterima, 1 ditolak" in applied.out
    assert statuses(project)[first] == "accepted" and statuses(project)[second] == "rejected"
    assert_user_error(run(capsys, "review", project, "--apply", tmp_path / "none.xlsx"),
                      "none.xlsx")
    assert_user_error(run(capsys, "review", project, "--sheet", tmp_path / "t.pdf"), "t.pdf")
    assert not (tmp_path / "t.pdf").exists()


def test_apply_takes_the_coder_from_the_sheet(project, tmp_path, capsys):
    with rr.Project.open(project) as proj:
        proj.autocode(coder="auto2", progress=False)
    sheet = tmp_path / "tinjau.csv"
    assert run(capsys, "review", project, "--coder", "auto2", "--sheet", sheet).code == 0
    with open(sheet, encoding="utf-8-sig", newline="") as handle:
        header, first, *_ = csv.reader(handle)
    assert first[header.index("Pengode")] == "auto2"
    first[header.index("Keputusan")] = "tolak"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, first])
    assert_user_error(run(capsys, "review", project, "--apply", sheet, "--coder", "auto"),
                      "auto2")
    applied = run(capsys, "review", project, "--apply", sheet)
    assert applied.code == 0 and "1 ditolak" in applied.out
    with rr.Project.open(project) as proj:
        assert "rejected" in set(proj.codings(coder="auto2")["status"])
        assert set(proj.codings(coder="auto")["status"]) == {"suggested"}
