"""Rows of a small table file a researcher keeps in a spreadsheet (CSV or XLSX).

Used for the informant register, role lists and review sheets: every cell comes back
as text, with the line (CSV) or row (XLSX) number the user sees in their program, so
that an error can name it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from ..errors import InputError, RpswError
from ..i18n import t
from .text import decode_bytes, normalise

Rows = list[tuple[int, list[str]]]
"""(line or row number, cells) of every non-blank row, the header first."""


def read_rows(path: str | Path, error: type[RpswError] = InputError) -> Rows:
    """The non-blank rows of a CSV (encoding detected, ``,`` or ``;`` as Excel writes
    them in locales with a decimal comma) or XLSX file (its first sheet). A row's number
    is the one a spreadsheet shows (a CSV cell holding line breaks is still one row).
    A missing or unreadable file raises ``error`` naming it."""
    path = Path(path)
    if not path.is_file():
        raise error(t("corpus.not_found"), path=path)
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path, error)
    try:
        decoded = decode_bytes(path.read_bytes(), path)
    except OSError as exc:
        raise error(str(exc), path=path) from exc
    text = normalise(decoded.text)
    sample = text.split("\n", 1)[0]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: Rows = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if cells and any(c.strip() for c in cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise error(str(exc), path=path, line=number + 1) from exc
    return rows


def _xlsx_rows(path: Path, error: type[RpswError]) -> Rows:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip and XML errors of many kinds
        raise error(t("corpus.format.broken", format="xlsx", reason=exc), path=path) from exc
    sheet = book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell(v) for v in values]
        if any(cells):
            rows.append((number, cells))
    book.close()
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):  # an Excel date cell: the ISO date
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    return str(value).strip()
