"""Helpers every command uses: opening a project, checking paths, printing."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, ProjectError, RpswError
from ..i18n import t

Subparsers = Any
"""argparse's private ``_SubParsersAction`` (the object ``add_subparsers`` returns)."""


def add_command(commands: Subparsers, common: argparse.ArgumentParser, name: str,
                handler: Any) -> argparse.ArgumentParser:
    """A subcommand ``name`` whose help and description are ``cli.<name>.help``/``.about``."""
    parser = commands.add_parser(
        name, help=t(f"cli.{name}.help"), description=t(f"cli.{name}.about"),
        parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    """The positional ``PROJECT`` (an existing project file)."""
    parser.add_argument("project", type=Path, metavar=t("cli.metavar.project"),
                        help=t("cli.arg.project"))


def add_privacy_options(parser: argparse.ArgumentParser) -> None:
    """``--include-sensitive``, ``--privacy-key`` and ``--allow-leaks`` of an export."""
    parser.add_argument("--include-sensitive", action="store_true",
                        help=t("cli.report.include_sensitive"))
    parser.add_argument("--privacy-key", type=Path, metavar=t("cli.metavar.file"),
                        help=t("cli.output.privacy_key"))
    parser.add_argument("--allow-leaks", action="store_true",
                        help=t("cli.output.allow_leaks"))


def privacy_options(args: argparse.Namespace) -> dict:
    """The export keywords those options give (``privacy_key``, ``allow_leaks``,
    ``include_sensitive``)."""
    key = require_path(args.privacy_key) if args.privacy_key else None
    return {"privacy_key": key, "allow_leaks": args.allow_leaks,
            "include_sensitive": args.include_sensitive}


def open_project(path: Path) -> Any:
    """Open the project file at ``path`` (clear one-line errors when it is not one)."""
    from ..project import Project

    if not path.exists():
        raise ProjectError(t("cli.project.missing"), path=path, hint=t("cli.project.missing_hint"))
    return Project.open(path)


def require_path(path: Path) -> Path:
    """``path`` if it exists, else a one-line :class:`InputError`."""
    if not path.exists():
        raise InputError(t("cli.path.missing"), path=path, hint=t("cli.path.missing_hint"))
    return path


def has_module(name: str) -> bool:
    """Whether the optional layer ``rpsw_research.<name>`` is installed."""
    return importlib.util.find_spec(f"rpsw_research.{name}") is not None


def unavailable(feature_key: str) -> RpswError:
    """The error for a feature whose layer is not part of this installation."""
    return RpswError(t("cli.unavailable", feature=t(feature_key)),
                     hint=t("cli.unavailable_hint"))


def say(text: str = "") -> None:
    """Print a line of results on stdout."""
    print(text)


def note(text: str) -> None:
    """Print a line of progress or notice on stderr (keeps stdout for results)."""
    print(text, file=sys.stderr)
