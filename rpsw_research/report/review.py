"""The review sheet: an auto-coder's suggestions as a spreadsheet to decide on.

One row per suggestion in reading order (source, position, code), with the passage's
text, its rule and score, and an empty decision column: in Excel a drop-down of
``terima``/``tolak`` (``accept``/``reject`` in English). The researcher fills it in,
and :meth:`Project.apply_review <rpsw_research.project_coding.CodingMixin.apply_review>`
(CLI ``rpsw review --apply``) applies it. The sheet holds transcript text and leaves
the project, so it is an export like the analysis tables: codes flagged sensitive (and
other suggestions on a passage that carries one) are left out unless
``include_sensitive``, the data of informants who withdrew consent always, and the file
is checked for identifying information before it appears.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..analysis.tables import ProjectLike, study_tables
from ..coding.review import SHEET_COLUMNS
from ..errors import OutputError
from ..files import atomic_path
from ..i18n import t
from ..privacy import guard_export, resolve_key
from .tables import readable, without_sensitive

FORMATS = (".xlsx", ".csv")
TEXT_WIDTH = 80
"""Width (characters) of the text column of the Excel sheet; longer text wraps."""
LINE_HEIGHT = 15
"""Points per line of wrapped text (Calibri 11)."""


def review_table(data: ProjectLike, coder: str = "auto", *, include_sensitive: bool = False,
                 code: str | Iterable[str] | None = None,
                 source: str | Iterable[str] | None = None,
                 min_score: float | None = None) -> pd.DataFrame:
    """The suggestions of ``coder`` awaiting review as the rows of a review sheet (its
    columns, :data:`~rpsw_research.coding.review.SHEET_COLUMNS`, the decision empty),
    optionally of some codes (ids or aliases) or sources only, or with a score of at
    least ``min_score``; sensitive codes and withdrawn informants as the module says (a
    passage that also carries a sensitive code is left out too: its text would tell)."""
    tables = study_tables(data, coder=coder, statuses=["suggested"])
    wanted = _codes(tables.codebook, code)  # before sensitive codes leave the codebook
    if not include_sensitive:
        tables = without_sensitive(tables)
    frame = tables.codings[(tables.codings["method"] == "auto")
                           & tables.codings["text"].notna()]  # blanked: it tells a sensitive story
    frame = _chosen(frame, wanted, source, min_score)
    frame = frame.sort_values(["source_id", "start", "end", "code_id"]).assign(decision="")
    return frame[list(SHEET_COLUMNS)].reset_index(drop=True)


def left_out(data: Any, coder: str = "auto", *, include_sensitive: bool = False,
             code: str | Iterable[str] | None = None,
             source: str | Iterable[str] | None = None,
             min_score: float | None = None) -> int:
    """How many of ``coder``'s suggestions awaiting review (of the same codes, sources
    and scores) :func:`review_table` leaves out: sensitive ones, and those of informants
    who withdrew consent."""
    waiting = _chosen(data.suggestions(coder), _codes(data.codebook, code), source, min_score)
    return len(waiting) - len(review_table(data, coder, include_sensitive=include_sensitive,
                                           code=code, source=source, min_score=min_score))


def _codes(codebook: Any, code: str | Iterable[str] | None) -> list[str] | None:
    """``code`` (ids or aliases) as code ids of ``codebook``."""
    if code is None:
        return None
    codes = [code] if isinstance(code, str) else list(code)
    return codes if codebook is None else [codebook.resolve(c) for c in codes]


def _chosen(frame: pd.DataFrame, codes: list[str] | None,
            source: str | Iterable[str] | None, min_score: float | None) -> pd.DataFrame:
    """The rows of ``frame`` of ``codes``, in ``source`` and scored at least ``min_score``."""
    if codes is not None:
        frame = frame[frame["code_id"].isin(codes)]
    if source is not None:
        frame = frame[frame["source_id"].isin([source] if isinstance(source, str) else source)]
    if min_score is not None:
        frame = frame[frame["score"].fillna(0.0) >= min_score]
    return frame


def write_review_sheet(data: ProjectLike, path: str | os.PathLike[str], coder: str = "auto",
                       lang: str = "id", *, include_sensitive: bool = False,
                       privacy_key: Any = None, allow_leaks: bool = False,
                       **filters: Any) -> Path:
    """Write ``coder``'s suggestions awaiting review to ``path`` (``.xlsx`` or ``.csv``)
    as a review sheet; ``filters`` as :func:`review_table`. Written whole or not at all,
    after the leak check (see :func:`~rpsw_research.report.write_docx` for
    ``privacy_key``/``allow_leaks``)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise OutputError(t("report.review.format", formats=", ".join(FORMATS)), path=path,
                          hint=t("report.review.format_hint"))
    frame = readable(review_table(data, coder, include_sensitive=include_sensitive, **filters),
                     lang)
    with atomic_path(path) as temporary:
        if path.suffix.lower() == ".csv":
            frame.to_csv(temporary, index=False, encoding="utf-8-sig")
        else:
            _write_xlsx(frame, temporary, lang)
        guard_export(temporary, resolve_key(privacy_key), allow_leaks=allow_leaks, label=path)
    return path


def _write_xlsx(frame: pd.DataFrame, path: Path, lang: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    name = t("report.sheet.review", lang)[:31]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=name, index=False)
        sheet = writer.sheets[name]
        writer.book.properties.creator = ""
        sheet.freeze_panes = "B2"
        sheet.page_setup.orientation = "landscape"  # printed: every column on one page width
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        sheet.auto_filter.ref = sheet.dimensions
        columns = {column: index + 1 for index, column in enumerate(SHEET_COLUMNS)}
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, cells in zip(SHEET_COLUMNS, sheet.iter_cols(), strict=True):
            width = max((len(str(c.value or "")) for c in cells[:200]), default=8)
            letter = cells[0].column_letter
            sheet.column_dimensions[letter].width = (
                TEXT_WIDTH if column == "text" else min(max(9, width + 2), 40))
        top = Alignment(vertical="top")
        wrapped = Alignment(vertical="top", wrap_text=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrapped if cell.column == columns["text"] else top
            row[columns["score"] - 1].number_format = "0.00"
            # spreadsheets do not grow a row for wrapped text written by a program
            lines = -(-len(str(row[columns["text"] - 1].value or "")) // TEXT_WIDTH)
            if lines > 1:
                sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
        words = [t("autocode.review.accept_word", lang), t("autocode.review.reject_word", lang)]
        choice = DataValidation(type="list", formula1='"' + ",".join(words) + '"',
                                allow_blank=True)  # other words are accepted too
        sheet.add_data_validation(choice)
        if len(frame):
            letter = sheet.cell(row=1, column=columns["decision"]).column_letter
            choice.add(f"{letter}2:{letter}{len(frame) + 1}")
