"""The README's two commands are the project's promise; CI must run the test one."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    """The command lines of the README's first two ``bash`` blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```bash\n")[1:3]
    return [block.split("```", 1)[0].strip() for block in blocks]


def test_readme_opens_with_two_commands():
    main_job, tests = readme_commands()
    assert "rpsw demo" in main_job and "pip install" in main_job
    assert "pytest" in tests and "pip install" in tests


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci_lines
