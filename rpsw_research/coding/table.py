"""Codings from a table (a gold standard or codings kept in a spreadsheet).

:func:`read_codings_csv` reads a CSV file keeping every cell as text and indexing the
rows by their CSV line (the header is line 1); :func:`codings_from_table` validates
each row and builds :class:`Coding` records, naming the row and what is wrong.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Mapping
from numbers import Integral, Real
from typing import Any

import pandas as pd

from ..errors import CodingError, RpswError, UnknownSourceError
from ..i18n import t
from .manual import check_span
from .model import Coding

REQUIRED = ("source_id", "start", "end", "code_id")
"""Columns a codings table must have (``coder`` and ``memo`` are optional)."""


def read_codings_csv(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A codings CSV as a DataFrame of text cells, indexed by each row's CSV line.

    Multi-line quoted cells are kept (the index is the line where the row starts);
    blank lines are skipped. An unreadable file raises :class:`CodingError`.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            rows, lines, line = [], [], reader.line_num
            for record in reader:
                start, line = line + 1, reader.line_num
                if not any(cell.strip() for cell in record):
                    continue
                rows.append(record)
                lines.append(start)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CodingError(t("store.project.import_unreadable", reason=error), path=path,
                          hint=t("store.project.import_columns_hint")) from error
    if not header:
        raise CodingError(t("store.project.import_unreadable", reason=t("store.table.empty")),
                          path=path, hint=t("store.project.import_columns_hint"))
    width = len(header)
    for record, line in zip(rows, lines, strict=True):
        if len(record) > width:
            raise CodingError(t("store.table.too_many_cells", count=len(record), width=width),
                              path=path, line=line)
        record.extend([""] * (width - len(record)))
    return pd.DataFrame(rows, columns=[c.strip() for c in header],
                        index=pd.Index(lines, name="line"), dtype=object)


def codings_from_table(
    frame: pd.DataFrame, default_coder: str, path: str | os.PathLike[str] | None = None, *,
    lengths: Mapping[str, int] | None = None,
    resolve_code: Callable[[str], str] | None = None,
) -> list[Coding]:
    """Validate a codings table and return its manual codings, in row order.

    ``frame`` has the columns ``source_id, start, end, code_id`` and optionally
    ``coder`` and ``memo`` (an empty cell: ``default_coder`` / no memo). Offsets must be
    integral (``5`` or ``5.0``; not ``1.7``, empty or text). ``lengths`` (source id ->
    text length) checks that each source exists and the span fits
    (:func:`~rpsw_research.coding.manual.check_span`); ``resolve_code`` maps a code
    (alias) to its canonical id or raises. An error names the row: with ``path`` (the
    table was read by :func:`read_codings_csv`) as ``path``/``line``, else by the
    frame's index label in the message.
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise CodingError(t("store.project.import_columns", missing=", ".join(missing)),
                          path=path, hint=t("store.project.import_columns_hint"))
    codings = []
    for label, row in zip(frame.index, frame.to_dict("records"), strict=True):
        try:
            codings.append(_coding(row, default_coder, lengths, resolve_code))
        except RpswError as error:
            raise located(error, label, path) from None
    return codings


def _coding(row: Mapping[str, Any], default_coder: str, lengths: Mapping[str, int] | None,
            resolve_code: Callable[[str], str] | None) -> Coding:
    source_id = text_cell(row["source_id"], "source_id")
    code_id = text_cell(row["code_id"], "code_id")
    start, end = integral_cell(row["start"], "start"), integral_cell(row["end"], "end")
    if lengths is not None:
        if source_id not in lengths:
            known = ", ".join(sorted(lengths)[:12]) or "-"
            raise UnknownSourceError(t("store.source.unknown", id=repr(source_id)),
                                     hint=t("store.source.unknown_hint", known=known))
        check_span(lengths[source_id], start, end, source_id=source_id)
    if resolve_code is not None:
        code_id = resolve_code(code_id)
    coder = optional_text(row.get("coder")) or default_coder
    return Coding(source_id, code_id, start, end, coder=coder,
                  memo=optional_text(row.get("memo")))


def is_blank(value: Any) -> bool:
    """Whether a table cell is empty (None, NaN, NA or only whitespace)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def text_cell(value: Any, column: str) -> str:
    """A required text cell, stripped; :class:`CodingError` when empty."""
    if is_blank(value):
        raise CodingError(t("store.table.empty_cell", column=column),
                          hint=t("store.project.import_columns_hint"))
    return str(value).strip()


def optional_text(value: Any) -> str | None:
    """An optional text cell, stripped; None when empty."""
    return None if is_blank(value) else str(value).strip()


def integral_cell(value: Any, column: str, hint: str | None = None) -> int:
    """An offset cell as an int: integers, integral floats and integer text only
    (``hint``: how to fix a bad one, default the one about offsets)."""
    hint = hint or t("store.table.integer_hint")
    if is_blank(value):
        raise CodingError(t("store.table.empty_cell", column=column), hint=hint)
    number: Any = value
    if isinstance(value, str):
        try:
            number = float(value.strip()) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, Real):
        raise CodingError(t("store.table.not_integer", column=column, value=repr(value)),
                          hint=hint)
    if isinstance(number, Integral):
        return int(number)
    if not math.isfinite(number) or not float(number).is_integer():
        raise CodingError(t("store.table.not_integer", column=column, value=repr(value)),
                          hint=hint)
    return int(number)


def located(error: RpswError, label: Any, path: str | os.PathLike[str] | None) -> RpswError:
    """``error`` again, placed at the table row ``label`` (CSV line or frame index)."""
    if path is not None:
        message, line = error.message, int(label)
    else:
        message, line = t("store.table.row", row=label, message=error.message), None
    located = type(error).__new__(type(error))
    RpswError.__init__(located, message, path=path, line=line, hint=error.hint)
    located.__dict__.update({k: v for k, v in error.__dict__.items()
                             if k not in ("message", "path", "line", "hint")})
    return located
