"""Excel and CSV exports of every analysis table, with readable headers."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import analysis
from ..analysis.tables import ProjectLike, StudyTables, study_tables
from ..files import atomic_path
from ..i18n import catalogue, t


def analysis_tables(data: ProjectLike | StudyTables, lang: str = "id",
                    **filters) -> dict[str, pd.DataFrame]:
    """Every table of the findings, by sheet key, with headers in ``lang``.

    ``filters`` choose the codings (``coder=``, ``reviewed_only=``...), as in analysis.
    """
    tables = study_tables(data, **filters)
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "informants": lambda: tables.informants,
        "sources": lambda: tables.sources,
        "codings": lambda: tables.codings.drop(columns=["words"]),
        "frequencies": lambda: analysis.frequencies(tables, lang=lang),
        "matrix_stage": lambda: analysis.matrix(tables, lang=lang).reset_index(),
        "matrix_code": lambda: analysis.matrix(tables, columns="code", lang=lang).T
        .rename_axis("code").reset_index(),
        "coverage": lambda: analysis.stage_coverage(tables, lang=lang),
        "triangulation": lambda: analysis.triangulation(tables, lang=lang),
        "cooccurrence": lambda: analysis.cooccurrence(tables, unit="source", lang=lang)
        .reset_index(),
        "codebook": lambda: tables.codebook.table(lang),
    }
    return {key: readable(build(), lang) for key, build in builders.items()}


def readable(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """``frame`` with its column names translated where the catalogue knows them."""
    known = catalogue()
    return frame.rename(columns=lambda c: t(f"report.col.{c}", lang)
                        if f"report.col.{c}" in known else c)


def write_xlsx(data: ProjectLike | StudyTables, path: str | os.PathLike[str],
               lang: str = "id", **filters) -> Path:
    """Write every analysis table to one Excel workbook, a sheet per table."""
    sheets = analysis_tables(data, lang, **filters)
    with atomic_path(path) as temporary:
        with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
            for key, frame in sheets.items():
                name = t(f"report.sheet.{key}", lang)[:31]
                frame.to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                sheet.freeze_panes = "A2"
                for column in sheet.columns:
                    width = max(len(str(cell.value or "")) for cell in column[:200])
                    sheet.column_dimensions[column[0].column_letter].width = min(
                        max(10, width + 2), 60)
            writer.book.properties.creator = ""
    return Path(path)


def write_csv(data: ProjectLike | StudyTables, folder: str | os.PathLike[str],
              lang: str = "id", **filters) -> list[Path]:
    """Write every analysis table as a UTF-8 CSV file (with BOM, so Excel reads it)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key, frame in analysis_tables(data, lang, **filters).items():
        name = re.sub(r"[^\w-]+", "_", t(f"report.sheet.{key}", lang).lower()).strip("_")
        target = folder / f"{name}.csv"
        with atomic_path(target) as temporary:
            frame.to_csv(temporary, index=False, encoding="utf-8-sig")
        written.append(target)
    return written
