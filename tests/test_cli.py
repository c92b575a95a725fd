"""The ``rpsw`` command line as a whole: help in two languages, exit codes, one-line
errors without tracebacks."""

import subprocess
import sys

import pytest
from fixtures.cli.helpers import STUDY, assert_user_error, run

from rpsw_research import __version__
from rpsw_research.cli import language_from, main
from rpsw_research.i18n import catalogue, get_language

COMMANDS = ("demo", "init", "import", "info", "autocode", "review", "agreement", "report",
            "export")


def test_version(capsys):
    result = run(capsys, "--version")
    assert result.code == 0 and __version__ in result.out


def test_help_in_english_and_indonesian(capsys):
    for lang, word in (("en", "qualitative"), ("id", "kualitatif")):
        result = run(capsys, "--lang", lang, "--help")
        assert result.code == 0 and word in result.out
        for command in COMMANDS:
            assert f"    {command}" in result.out


def test_no_command_prints_help(capsys):
    result = run(capsys)
    assert result.code == 0 and result.out.startswith("penggunaan: rpsw")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_in_both_languages(capsys, command):
    indonesian = run(capsys, command, "--help")
    english = run(capsys, command, "--help", "--lang", "en")
    assert indonesian.code == english.code == 0
    assert indonesian.out.startswith(f"penggunaan: rpsw {command}")
    assert english.out.startswith(f"usage: rpsw {command}")
    # argparse's own words are translated too
    assert "opsi:" in indonesian.out and "tampilkan bantuan ini" in indonesian.out
    for english_word in ("usage:", "options:", "show this help", "positional arguments"):
        assert english_word not in indonesian.out
    assert "options:" in english.out and "show this help message" in english.out
    about = catalogue()[f"cli.{command}.about"]
    assert about["id"].split("\n")[0] in indonesian.out
    assert about["en"].split("\n")[0] in english.out


@pytest.mark.parametrize("line", [
    ["--lang", "en", "info", "--help"],
    ["info", "--lang", "en", "--help"],
    ["info", "--help", "--lang=en"],
])
def test_lang_anywhere_on_the_line_switches(capsys, line):
    result = run(capsys, *line)
    assert result.code == 0 and result.out.startswith("usage: rpsw info")
    assert "Shows sources by kind" in result.out


def test_language_from_takes_the_last_valid_value_before_double_dash():
    assert language_from(["--lang", "en"]) == "en"
    assert language_from(["--lang=en", "info", "--lang", "id"]) == "id"
    assert language_from(["--lang", "xx"]) == "id"
    assert language_from(["--", "--lang", "en"]) == "id"


def test_main_restores_the_process_language(capsys):
    before = get_language()
    run(capsys, "--lang", "en", "--help")
    assert get_language() == before


def test_usage_errors_exit_2_in_the_chosen_language(capsys):
    missing = run(capsys, "import")
    assert missing.code == 2 and "argumen berikut wajib diisi: PROYEK" in missing.err
    choice = run(capsys, "--lang", "en", "export", "x.rpsw", "out", "--format", "pdf")
    assert choice.code == 2 and "invalid choice: 'pdf'" in choice.err
    unknown = run(capsys, "hapus")
    assert unknown.code == 2 and "pilihan tidak sah" in unknown.err
    lang = run(capsys, "--lang", "fr", "info", "x")
    assert lang.code == 2
    for result in (missing, choice, unknown, lang):
        assert "Traceback" not in result.err


@pytest.mark.parametrize("command", [
    ["info"], ["autocode"], ["report", "{tmp}/l.docx"], ["export", "{tmp}/t.xlsx"],
    ["agreement", "--coders", "A", "B"], ["import", str(STUDY)],
])
def test_missing_project_is_a_one_line_error(tmp_path, capsys, command):
    missing = tmp_path / "tidak_ada.rpsw"
    args = [command[0], missing, *(a.format(tmp=tmp_path) for a in command[1:])]
    assert_user_error(run(capsys, *args), "tidak_ada.rpsw", "rpsw init")
    assert not missing.exists()


def test_not_a_project_file_is_a_one_line_error(tmp_path, capsys):
    other = tmp_path / "catatan.txt"
    other.write_text("bukan proyek", encoding="utf-8")
    assert_user_error(run(capsys, "info", other), "catatan.txt")
    assert_user_error(run(capsys, "--lang", "en", "report", other, tmp_path / "l.docx"),
                      "not an rpsw_research project")
    assert other.read_text(encoding="utf-8") == "bukan proyek"


def test_a_folder_as_project_is_a_one_line_error(tmp_path, capsys):
    assert_user_error(run(capsys, "info", tmp_path))


def test_bad_import_folder_is_a_one_line_error(tmp_path, capsys):
    project = tmp_path / "s.rpsw"
    run(capsys, "init", project)
    assert_user_error(run(capsys, "import", project, tmp_path / "tidak_ada"), "tidak_ada")


def test_unknown_code_is_a_one_line_error(tmp_path, capsys):
    project = tmp_path / "s.rpsw"
    run(capsys, "init", project)
    run(capsys, "import", project, STUDY)
    import rpsw_research as rr

    with rr.Project.open(project) as proj:
        for coder in ("A", "B"):
            proj.code("W-K1-01", "rpsw.registrasi", turn=1, coder=coder)
    result = run(capsys, "agreement", project, "--coders", "A", "B", "--unit", "turn",
                 "--code", "rpsw.tidak_ada")
    assert_user_error(result, "rpsw.tidak_ada")


def test_file_system_errors_are_one_line(tmp_path, capsys, monkeypatch):
    from rpsw_research.commands import project as commands

    def denied(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "x"))

    monkeypatch.setattr(commands, "run_info", denied)  # registered when main() runs
    assert_user_error(run(capsys, "info", tmp_path / "x"), "x: tidak ada izin akses")
    monkeypatch.setattr(commands, "run_info", lambda args: open(tmp_path / "hilang.txt"))
    assert_user_error(run(capsys, "--lang", "en", "info", tmp_path / "x"),
                      "hilang.txt: no such file or folder")


def test_console_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "rpsw_research", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and __version__ in done.stdout


def test_console_user_error_has_no_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "rpsw_research", "--lang", "en", "info",
                           str(tmp_path / "none.rpsw")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ")


def test_main_is_callable_without_arguments_list(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["rpsw", "--lang", "en"])
    assert main() == 0
    assert capsys.readouterr().out.startswith("usage: rpsw")
