import subprocess
import sys

from rpsw_research import __version__
from rpsw_research.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_in_english_and_indonesian(capsys):
    for lang, word in (("en", "qualitative"), ("id", "kualitatif")):
        try:
            main(["--lang", lang, "--help"])
        except SystemExit as exit_:
            assert exit_.code == 0
        assert word in capsys.readouterr().out


def test_console_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "rpsw_research", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and __version__ in done.stdout
