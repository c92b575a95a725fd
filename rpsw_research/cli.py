"""The ``rpsw`` command line: parses arguments and calls the library, nothing more.

Every command lives in :mod:`rpsw_research.commands` (one module per command group).
``--lang id|en`` anywhere on the line switches help, messages and reports.
Exit codes: 0 ok, 1 user error (one-line message on stderr, no traceback), 2 usage
error (argparse).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import COMMAND_GROUPS
from .commands.demo import sample_folder
from .commands.texts import localised_argparse
from .errors import RpswError
from .i18n import LANGUAGES, language, t

__all__ = ["build_parser", "main", "sample_folder"]


def language_from(argv: Sequence[str]) -> str:
    """The last valid ``--lang`` value of ``argv`` (before ``--``), else ``"id"``.

    Read before the parser is built, so that help text follows it; an invalid value
    is left for argparse to reject.
    """
    chosen = "id"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            chosen = value
    return chosen


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (texts in the current language)."""
    parser = argparse.ArgumentParser(
        prog="rpsw", description=t("cli.description"), epilog=t("cli.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", help=t("cli.version_help"),
                        version=t("cli.version", version=__version__))
    parser.add_argument("--lang", choices=LANGUAGES, default="id", help=t("cli.lang"))
    # every subcommand accepts --lang too; SUPPRESS keeps the top-level value
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=t("cli.lang"))
    commands = parser.add_subparsers(dest="command", metavar=t("cli.command_metavar"),
                                     title=t("cli.commands_title"))
    for group in COMMAND_GROUPS:
        group.register(commands, common)
    return parser


def one_line(error: BaseException) -> str:
    """``error`` as a single line (newlines and runs of spaces collapsed)."""
    return " ".join(str(error).split())


def os_message(error: OSError) -> str:
    """A one-line, catalogued message for a file system error."""
    kinds = {FileNotFoundError: "missing", PermissionError: "denied",
             IsADirectoryError: "is_dir", NotADirectoryError: "not_dir"}
    kind = next((k for cls, k in kinds.items() if isinstance(error, cls)), None)
    reason = t(f"cli.os.{kind}") if kind else (error.strerror or one_line(error))
    return f"{error.filename}: {reason}" if error.filename else reason


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's exit flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rpsw`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with language(language_from(argv)):
        with localised_argparse():
            parser = build_parser()
            args = parser.parse_args(argv)
            handler = getattr(args, "handler", None)
            if handler is None:
                parser.print_help()
                return 0
        try:
            return int(handler(args) or 0)
        except RpswError as error:
            print(t("cli.error", message=one_line(error)), file=sys.stderr)
        except BrokenPipeError:  # stdout closed early (``rpsw info ... | head``)
            _silence_stdout()
        except OSError as error:  # a file the library did not wrap (missing, no access)
            print(t("cli.error", message=os_message(error)), file=sys.stderr)
        except KeyboardInterrupt:
            print(t("cli.interrupted"), file=sys.stderr)
            return 130
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
