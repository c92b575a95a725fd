"""``rpsw init``, ``rpsw import`` and ``rpsw info``: create, fill and describe a project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError, ProjectExistsError
from ..i18n import t
from .common import (
    Subparsers,
    add_command,
    add_project_argument,
    note,
    open_project,
    require_path,
    say,
)

ON_DUPLICATE = ("skip", "replace", "error")
KINDS = ("wawancara", "observasi", "dokumen")


def register(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``init``, ``import`` and ``info``."""
    init = add_command(commands, common, "init", run_init)
    init.add_argument("project", type=Path, metavar=t("cli.metavar.project"),
                      help=t("cli.init.project"))
    init.add_argument("--codebook", default="default", metavar=t("cli.metavar.codebook"),
                      help=t("cli.init.codebook"))

    imp = add_command(commands, common, "import", run_import)
    add_project_argument(imp)
    imp.add_argument("paths", type=Path, nargs="+", metavar=t("cli.metavar.paths"),
                     help=t("cli.import.paths"))
    imp.add_argument("--on-duplicate", choices=ON_DUPLICATE, default="skip",
                     help=t("cli.import.on_duplicate"))
    imp.add_argument("--kind", choices=KINDS, help=t("cli.import.kind"))
    imp.add_argument("--informant", action="append", metavar="ID",
                     help=t("cli.import.informant"))
    imp.add_argument("--date", metavar=t("cli.metavar.date"), help=t("cli.import.date"))
    imp.add_argument("--privacy-key", type=Path, metavar=t("cli.metavar.file"),
                     help=t("cli.import.privacy_key"))

    info = add_command(commands, common, "info", run_info)
    add_project_argument(info)

    refi = add_command(commands, common, "import-qdpx", run_import_qdpx)
    refi.add_argument("file", type=Path, metavar=t("cli.metavar.file"),
                      help=t("cli.import-qdpx.file"))
    refi.add_argument("project", type=Path, metavar=t("cli.metavar.project"),
                      help=t("cli.import-qdpx.project"))
    refi.add_argument("--offsets", choices=("auto", "codepoint", "utf16"), default="auto",
                      help=t("cli.import-qdpx.offsets"))
    refi.add_argument("--coder", default="refi", help=t("cli.import-qdpx.coder"))


def load_codebook(choice: str) -> Any:
    """``default``, or a codebook read from a ``.yaml``/``.yml``/``.csv`` file."""
    from ..codebook import Codebook

    if choice == "default":
        return Codebook.default()
    path = require_path(Path(choice))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return Codebook.from_yaml(path)
    if suffix == ".csv":
        return Codebook.from_csv(path)
    raise InputError(t("cli.init.codebook_format"), path=path,
                     hint=t("cli.init.codebook_format_hint"))


def run_init(args: argparse.Namespace) -> int:
    """Create a project with a codebook (the codebook is read before the file exists)."""
    from ..project import Project

    if args.project.exists():
        raise ProjectExistsError(t("cli.init.exists"), path=args.project,
                                 hint=t("cli.init.exists_hint"))
    codebook = load_codebook(args.codebook)
    with Project.create(args.project) as proj:
        proj.codebook = codebook
    say(t("cli.init.done", path=args.project, codes=len(codebook)))
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import folders (``import_folder``) and single files (``add_source``)."""
    paths = [require_path(p) for p in args.paths]  # all checked before anything is written
    per_file = {"kind": args.kind, "informants": args.informant, "date": args.date}
    if any(p.is_dir() for p in paths) and any(v for v in per_file.values()):
        raise InputError(t("cli.import.options_for_files"),
                         hint=t("cli.import.options_for_files_hint"))
    informants = [i.strip() for value in args.informant or () for i in value.split(",")
                  if i.strip()] or None
    key = require_path(args.privacy_key) if args.privacy_key else None
    failed = 0
    with open_project(args.project) as proj:
        for path in paths:
            if path.is_dir():
                report = proj.import_folder(path, on_duplicate=args.on_duplicate,
                                            privacy_key=key)
            else:
                report = proj.add_source(path, on_duplicate=args.on_duplicate,
                                         kind=args.kind, informants=informants,
                                         date=args.date, privacy_key=key)
            say(t("cli.import.from", path=path))
            say(str(report))
            failed += len(report.errors)
    if failed:
        note(t("cli.error", message=t("cli.import.failed", count=failed)))
        return 1
    return 0


def run_import_qdpx(args: argparse.Namespace) -> int:
    """A new project from a REFI-QDA ``.qdpx`` (NVivo, ATLAS.ti, MAXQDA, QualCoder...)."""
    from ..interop import import_qdpx

    source = require_path(args.file)
    if args.project.exists():
        raise ProjectExistsError(t("cli.init.exists"), path=args.project,
                                 hint=t("cli.init.exists_hint"))
    result = import_qdpx(source, args.project, offsets=args.offsets, coder=args.coder)
    result.project.close()
    say(t("cli.import-qdpx.done", path=args.project, sources=result.sources,
          codes=result.codes, codings=result.codings, memos=result.memos,
          reading=result.reading))
    for issue in result.issues:
        say(f"  - {issue.message}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    """Describe a project: sources by kind, informants, codes, codings."""
    with open_project(args.project) as proj:
        sources = proj.sources_table()
        informants = proj.informants_table()
        codebook = proj.codebook
        codings = proj.codings()
        version = proj.store.schema_version()
    say(t("cli.info.project", path=args.project, version=version))
    kinds = sources["kind"].value_counts().sort_index()
    say(t("cli.info.sources", count=len(sources), words=int(sources["words"].sum())))
    for kind, count in kinds.items():
        say(t("cli.info.kind", kind=_kind_name(str(kind)), count=int(count)))
    say(t("cli.info.informants", count=len(informants)))
    for row in informants.itertuples():
        say(t("cli.info.informant", id=row.informant_id, role=row.role or "-"))
    if codebook is None:
        say(t("cli.info.no_codebook"))
    else:
        say(t("cli.info.codebook", name=codebook.name or "-", codes=len(codebook)))
    say(t("cli.info.codings", count=len(codings)))
    if len(codings):
        table = codings.groupby(["coder", "status"]).size().unstack(fill_value=0)
        for coder, row in table.iterrows():
            parts = ", ".join(f"{status} {int(n)}" for status, n in row.items() if n)
            say(t("cli.info.coder", coder=coder, count=int(row.sum()), statuses=parts))
    return 0


def _kind_name(kind: str) -> str:
    from ..i18n import catalogue

    key = f"corpus.kind.{kind}"
    return t(key) if key in catalogue() else kind
