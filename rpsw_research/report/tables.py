"""Excel and CSV exports of every analysis table, with readable headers."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from .. import analysis
from ..analysis.tables import ProjectLike, StudyTables, overlapping, study_tables
from ..files import atomic_path, write_atomic
from ..i18n import catalogue, t
from ..privacy import guard_export, resolve_key
from ..privacy.bands import shareable


def analysis_tables(data: ProjectLike | StudyTables, lang: str = "id", *,
                    include_sensitive: bool = False, **filters) -> dict[str, pd.DataFrame]:
    """Every table of the findings, by sheet key, with headers in ``lang``.

    ``filters`` choose the codings (``coder=``, ``reviewed_only=``...), as in analysis.
    Codes flagged ``sensitive`` (exploitation) and their codings and the informants'
    quasi-identifying attributes are left out unless ``include_sensitive``; ages and
    dates are banded; the passage text of informants who may not be quoted is blanked:
    these tables are made to be shared.
    """
    tables = study_tables(data, **filters)
    if not include_sensitive:
        tables = without_sensitive(tables)
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "informants": lambda: shareable(tables.informants, lang,
                                        include_sensitive=include_sensitive),
        "sources": lambda: tables.sources,
        "codings": lambda: _quotable_text(tables),
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


def _quotable_text(tables: StudyTables) -> pd.DataFrame:
    """The codings with the text (and memo) of informants who may not be quoted blanked."""
    codings = tables.codings.copy()
    hidden = codings["informant"].isin(tables.unquotable)
    codings.loc[hidden, ["text", "memo"]] = None
    return codings


def without_sensitive(tables: StudyTables) -> StudyTables:
    """``tables`` without the codes flagged sensitive and their codings; passages that
    overlap a sensitive coding keep their other codings but lose their text."""
    sensitive = [code.id for code in tables.codebook if code.sensitive]
    if not sensitive:
        return tables
    codebook = tables.codebook.without(sensitive)
    hidden = tables.codings["code_id"].isin(sensitive)
    codings = tables.codings[~hidden].copy()
    # the same passage coded otherwise still tells the sensitive story: blank its text
    touched = overlapping(codings, tables.codings[hidden])
    codings.loc[touched, ["text", "memo"]] = None
    return replace(tables, codebook=codebook, codings=codings.reset_index(drop=True))


def readable(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """``frame`` with its column names translated where the catalogue knows them."""
    known = catalogue()
    return frame.rename(columns=lambda c: t(f"report.col.{c}", lang)
                        if f"report.col.{c}" in known else c)


def write_xlsx(data: ProjectLike | StudyTables, path: str | os.PathLike[str],
               lang: str = "id", *, include_sensitive: bool = False, privacy_key: Any = None,
               allow_leaks: bool = False, **filters) -> Path:
    """Write every analysis table to one Excel workbook, a sheet per table.

    Sensitive codes are left out unless ``include_sensitive``; the workbook is checked
    for identifying information before it appears (see :func:`write_docx`).
    """
    sheets = analysis_tables(data, lang, include_sensitive=include_sensitive, **filters)
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
        guard_export(temporary, resolve_key(privacy_key), allow_leaks=allow_leaks,
                     label=path)
    return Path(path)


def write_csv(data: ProjectLike | StudyTables, folder: str | os.PathLike[str],
              lang: str = "id", *, include_sensitive: bool = False, privacy_key: Any = None,
              allow_leaks: bool = False, **filters) -> list[Path]:
    """Write every analysis table as a UTF-8 CSV file (with BOM, so Excel reads it).

    Every table is checked for identifying information first; if any leaks, no file
    is written (see :func:`write_docx` for ``privacy_key``/``allow_leaks``).
    """
    folder = Path(folder)
    tables = analysis_tables(data, lang, include_sensitive=include_sensitive, **filters)
    texts = {}
    for key, frame in tables.items():
        name = re.sub(r"[^\w-]+", "_", t(f"report.sheet.{key}", lang).lower()).strip("_")
        texts[folder / f"{name}.csv"] = frame.to_csv(index=False)
    guard_export("\n".join(texts.values()), resolve_key(privacy_key),
                 allow_leaks=allow_leaks, label=folder)
    folder.mkdir(parents=True, exist_ok=True)
    for target, text in texts.items():
        write_atomic(target, text.encode("utf-8-sig"))
    return list(texts)
