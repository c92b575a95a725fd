"""The ``rpsw`` command line: parses arguments and calls the library, nothing more.

Exit codes: 0 ok, 1 user error (one-line message, no traceback), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import InputError, RpswError
from .i18n import set_language, t


def _language_from(argv: Sequence[str]) -> str:
    """Read ``--lang`` before building the parser, so help text follows it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("id", "en") else "id"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("id", "en") else "id"
    return "id"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="rpsw", description=t("cli.description"))
    parser.add_argument(
        "--version", action="version", version=t("cli.version", version=__version__)
    )
    parser.add_argument("--lang", choices=("id", "en"), default="id", help=t("cli.lang"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo(commands)
    return parser


def _add_demo(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help=t("cli.demo.help"), description=t("cli.demo.help"))
    demo.add_argument("--out", type=Path, default=Path("hasil"), help=t("cli.demo.out"))
    demo.add_argument("--data", type=Path, default=None, help=t("cli.demo.data"))
    demo.set_defaults(handler=_run_demo)


def sample_folder() -> Path:
    """The bundled ``data/sample``: next to the package (a source checkout), else cwd."""
    beside_package = Path(__file__).resolve().parent.parent / "data" / "sample"
    if beside_package.is_dir():
        return beside_package
    return Path.cwd() / "data" / "sample"


def _run_demo(args: argparse.Namespace) -> int:
    from .corpus import SUPPORTED_SUFFIXES, load_corpus

    folder = args.data or sample_folder()
    has_sources = folder.is_dir() and any(
        p.suffix.lower() in SUPPORTED_SUFFIXES for p in folder.rglob("*") if p.is_file())
    if not has_sources:
        raise InputError(t("cli.demo.no_data"), path=folder, hint=t("cli.demo.no_data_hint"))
    corpus, report = load_corpus(folder)
    print(report.summary())
    if not corpus.sources:
        raise InputError(t("cli.demo.no_data"), path=folder, hint=t("cli.demo.no_data_hint"))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rpsw`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_from(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except RpswError as exc:
        print(t("cli.error", message=exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
