"""``rpsw report`` and ``rpsw export``: the Word chapter and the table/REFI-QDA exports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError, ReportError
from ..i18n import get_language, t
from .common import (
    Subparsers,
    add_command,
    add_privacy_options,
    add_project_argument,
    has_module,
    open_project,
    privacy_options,
    say,
    unavailable,
)

FORMATS = ("xlsx", "csv", "qdpx")
SUFFIX_FORMATS = {".xlsx": "xlsx", ".qdpx": "qdpx", "": "csv"}


def register(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``report`` and ``export``."""
    report = add_command(commands, common, "report", run_report)
    add_project_argument(report)
    report.add_argument("out", type=Path, metavar=t("cli.metavar.docx"),
                        help=t("cli.report.out"))
    _add_filters(report)
    add_privacy_options(report)
    report.add_argument("--title", help=t("cli.report.title"))
    report.add_argument("--no-figures", action="store_true", help=t("cli.report.no_figures"))

    export = add_command(commands, common, "export", run_export)
    add_project_argument(export)
    export.add_argument("out", type=Path, metavar=t("cli.metavar.out"),
                        help=t("cli.export.out"))
    export.add_argument("--format", choices=FORMATS, help=t("cli.export.format"))
    _add_filters(export)
    add_privacy_options(export)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--coder", nargs="+", metavar=t("cli.metavar.coder"),
                        help=t("cli.report.coder"))
    parser.add_argument("--reviewed-only", action="store_true",
                        help=t("cli.report.reviewed_only"))


def run_report(args: argparse.Namespace) -> int:
    """Write the Bab IV chapter of the project."""
    from ..report import ReportOptions, write_docx

    privacy = privacy_options(args)
    options = ReportOptions(title=args.title, reviewed_only=args.reviewed_only,
                            include_sensitive=privacy.pop("include_sensitive"),
                            figures=not args.no_figures)
    with open_project(args.project) as proj:
        require_codings(proj)
        path = write_docx(proj, args.out, lang=get_language(), coder=_coder(args.coder),
                          options=options, **privacy)
    say(t("cli.written", path=path))
    return 0


def export_format(out: Path, given: str | None) -> str:
    """``given``, or the format ``out``'s suffix implies (a folder name means CSV)."""
    if given:
        return given
    found = SUFFIX_FORMATS.get(out.suffix.lower())
    if found is None:
        raise InputError(t("cli.export.unknown_format"), path=out,
                         hint=t("cli.export.unknown_format_hint"))
    return found


def run_export(args: argparse.Namespace) -> int:
    """Export the analysis tables (xlsx, csv folder) or the project (qdpx)."""
    fmt = export_format(args.out, args.format)
    lang = get_language()
    filters = {"coder": _coder(args.coder), "reviewed_only": args.reviewed_only}
    privacy = privacy_options(args)
    if fmt == "qdpx" and not has_module("interop"):
        raise unavailable("cli.feature.qdpx")
    if fmt == "qdpx" and (args.coder or args.reviewed_only):
        raise InputError(t("cli.export.qdpx_whole"))
    with open_project(args.project) as proj:
        if fmt != "qdpx":
            require_codings(proj)
        if fmt == "xlsx":
            from ..report import write_xlsx

            written = [write_xlsx(proj, args.out, lang, **filters, **privacy)]
        elif fmt == "csv":
            from ..report import write_csv

            written = write_csv(proj, args.out, lang, **filters, **privacy)
        else:
            from ..interop import export_qdpx

            written = [export_qdpx(proj, args.out, lang=lang, **privacy)]
    for path in written:
        say(t("cli.written", path=path))
    return 0


def require_codings(proj: Any) -> None:
    """Findings need codings: say so (and how to get them) for an uncoded project."""
    if proj.codings().empty:
        raise ReportError(t("cli.report.no_codings"), path=proj.path,
                          hint=t("cli.report.no_codings_hint"))


def _coder(coders: list[str] | None) -> str | list[str] | None:
    if not coders:
        return None
    return coders[0] if len(coders) == 1 else coders
