"""``rpsw demo``: the main job on the bundled synthetic sample, start to finish.

sample corpus -> new project in ``--out`` -> default codebook -> auto-coding ->
``laporan_bab4.docx`` + ``tabel_analisis.xlsx`` + ``tinjau_saran.xlsx`` (the review
sheet of the suggestions) -> a short summary with the paths.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path
from typing import Any

from ..errors import InputError, ProjectExistsError
from ..i18n import get_language, t
from .common import Subparsers, add_command, say

PROJECT_FILE = "proyek.rpsw"
REPORT_FILE = "laporan_bab4.docx"
TABLES_FILE = "tabel_analisis.xlsx"
REVIEW_FILE = "tinjau_saran.xlsx"
AUTO_CODER = "auto"


def register(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``demo``."""
    demo = add_command(commands, common, "demo", run_demo)
    demo.add_argument("--out", type=Path, default=Path("hasil"), metavar=t("cli.metavar.dir"),
                      help=t("cli.demo.out"))
    demo.add_argument("--data", type=Path, default=None, metavar=t("cli.metavar.folder"),
                      help=t("cli.demo.data"))
    demo.add_argument("--force", action="store_true", help=t("cli.demo.force"))


def sample_folder() -> Path:
    """The bundled ``data/sample``: next to the package (a source checkout), else cwd."""
    beside_package = Path(__file__).resolve().parents[2] / "data" / "sample"
    if beside_package.is_dir():
        return beside_package
    return Path.cwd() / "data" / "sample"


def check_data(folder: Path) -> None:
    """Refuse a folder that holds no readable source file."""
    from ..corpus import SUPPORTED_SUFFIXES

    has_sources = folder.is_dir() and any(
        p.suffix.lower() in SUPPORTED_SUFFIXES for p in folder.rglob("*") if p.is_file())
    if not has_sources:
        raise InputError(t("cli.demo.no_data"), path=folder, hint=t("cli.demo.no_data_hint"))


def fresh_project_path(out: Path, force: bool) -> Path:
    """``out/proyek.rpsw``, ready to create: an old project there is removed only with
    ``force`` (and only if it is a project)."""
    from ..project import Project

    if out.exists() and not out.is_dir():
        raise InputError(t("cli.demo.out_not_folder"), path=out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / PROJECT_FILE
    if path.exists():
        if not force:
            raise ProjectExistsError(t("cli.demo.exists"), path=path,
                                     hint=t("cli.demo.exists_hint"))
        Project.open(path).close()  # NotAProjectError: never delete a foreign file
        _remove(path)
    return path


def run_demo(args: argparse.Namespace) -> int:
    """Run the whole chain and print where the results are.

    The project is created by this run; if a step fails it is removed again, so a
    rerun does not need ``--force``.
    """
    from ..project import Project

    folder = args.data or sample_folder()
    check_data(folder)
    path = fresh_project_path(args.out, args.force)
    proj = Project.create(path)
    try:
        with proj:
            result = _chain(proj, folder, args.out)
    except BaseException:
        _remove(path)
        raise
    imported, coded, written = result
    say(imported.load.summary() if imported.load is not None else str(imported))
    if coded is None:
        say(t("cli.demo.no_autocode"))
    else:
        say(t("cli.demo.autocoded", count=coded, coder=AUTO_CODER))
    say(t("cli.demo.done", sources=len(imported.added), informants=written["informants"],
          codes=written["codes"]))
    for label in ("project", "report", "tables", "review"):
        if label == "project" or written.get(label):
            say(t(f"cli.demo.path.{label}",
                  path=path if label == "project" else written[label]))
    return 0


RESEARCHER = "peneliti"
"""The coder of the sample's hand coding (its gold standard), imported as manual codings."""


def _chain(proj: Any, folder: Path, out: Path) -> tuple[Any, int | None, dict[str, Any]]:
    """Import, codebook, auto-coding, report and tables, with a progress bar."""
    from tqdm.auto import tqdm

    from ..codebook import Codebook
    from ..report import write_docx, write_review_sheet, write_xlsx
    from .coding import autocode
    from .output import require_codings

    lang = get_language()
    with tqdm(total=7, desc=t("cli.demo.progress"), unit=t("cli.demo.step"),
              disable=None, leave=False) as steps:
        def step(key: str) -> None:
            steps.set_postfix_str(t(f"cli.demo.step.{key}"), refresh=True)

        step("import")
        imported = proj.import_folder(folder)
        if not imported.added:
            raise InputError(t("cli.demo.no_data"), path=folder,
                             hint=t("cli.demo.no_data_hint"))
        steps.update()
        step("codebook")
        proj.codebook = Codebook.default()
        steps.update()
        step("gold")
        gold = folder / "gold" / "gold_stages.csv"
        if gold.is_file():  # the researcher's own (hand) coding of part of the corpus
            say(t("cli.demo.gold", count=len(proj.import_codings(gold, coder=RESEARCHER)),
                  coder=RESEARCHER))
        steps.update()
        step("autocode")
        coded = autocode(proj, AUTO_CODER, "sentence")
        steps.update()
        step("report")
        require_codings(proj)
        report = write_docx(proj, out / REPORT_FILE, lang=lang)
        steps.update()
        step("tables")
        tables = write_xlsx(proj, out / TABLES_FILE, lang)
        steps.update()
        step("review")
        review = (write_review_sheet(proj, out / REVIEW_FILE, AUTO_CODER, lang)
                  if coded else None)
        steps.update()
    written = {"report": report, "tables": tables, "review": review,
               "codes": len(proj.codebook or ()), "informants": len(proj.informants_table())}
    return imported, coded, written


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")
