"""Review sheets: a researcher's decisions on auto-coding suggestions, from a spreadsheet.

A review sheet (written by :func:`rpsw_research.report.write_review_sheet`) lists
suggestions one per row (coding id, source, code, score, rule, the passage's text and
span) with a decision column the researcher fills in: ``terima`` or ``tolak``
(``accept``/``reject``, ``ya``/``tidak``, ``y``/``n``, ``1``/``0`` too); an empty
cell leaves the suggestion for later. :func:`read_review_sheet` reads it back (XLSX or
CSV, headers in Indonesian or English) and :func:`plan_review` matches its rows to
the coder's auto codings: by coding id, or by source, code and span when auto-coding
ran again since the sheet was written (a re-run gives suggestions new ids).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..corpus.sheets import read_rows
from ..errors import CodingError, RpswError
from ..i18n import LANGUAGES, t
from .table import integral_cell, is_blank, located, text_cell

SHEET_COLUMNS: tuple[str, ...] = (
    "coding_id", "source_id", "informant", "speaker", "code_id", "code_name", "score",
    "rule", "text", "decision", "coder", "start", "end")
"""The columns of a review sheet, in order (headers: ``report.col.<column>``)."""
REQUIRED: tuple[str, ...] = ("coding_id", "source_id", "code_id", "start", "end", "decision")
"""What a sheet must keep to be read back: which suggestion a row is, and the decision."""
ACCEPT = frozenset({"terima", "diterima", "ya", "y", "accept", "accepted", "yes", "1"})
REJECT = frozenset({"tolak", "ditolak", "tidak", "n", "no", "reject", "rejected", "0"})
"""Decision cells (compared case-insensitively) that accept or reject a suggestion."""


@dataclass(frozen=True)
class SheetReview:
    """What a review sheet decides: ``decisions`` (coding id -> ``accepted`` or
    ``rejected``) for the codings whose status changes; ``unchanged`` rows already had
    their decision, ``undecided`` rows were left blank, ``stale`` are the lines (rows)
    whose suggestion the project no longer holds (re-coded, deleted)."""

    decisions: dict[int, str] = field(default_factory=dict)
    unchanged: int = 0
    undecided: int = 0
    stale: tuple[int, ...] = ()

    @property
    def accepted(self) -> int:
        """Codings this sheet accepts (that were not accepted before)."""
        return sum(1 for status in self.decisions.values() if status == "accepted")

    @property
    def rejected(self) -> int:
        """Codings this sheet rejects (that were not rejected before)."""
        return sum(1 for status in self.decisions.values() if status == "rejected")


def decision(value: Any) -> str | None:
    """``"accepted"`` or ``"rejected"`` for a decision cell, None for a blank one;
    :class:`CodingError` for anything else."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    word = str(value).strip().casefold()
    if word in ACCEPT:
        return "accepted"
    if word in REJECT:
        return "rejected"
    raise CodingError(t("autocode.review.decision_unknown", value=repr(str(value).strip())),
                      hint=t("autocode.review.decision_hint"))


def _headers() -> dict[str, str]:
    """Every header a sheet column may carry (casefolded) -> the column."""
    names = {}
    for column in SHEET_COLUMNS:
        names[column] = column
        for lang in LANGUAGES:
            names[t(f"report.col.{column}", lang).casefold()] = column
    return names


def sheet_columns(frame: pd.DataFrame, path: str | os.PathLike[str] | None = None,
                  line: int | None = None) -> pd.DataFrame:
    """``frame`` with its headers (either language) renamed to the sheet's columns;
    :class:`CodingError` when a required column is missing or given twice."""
    names = _headers()
    renamed = [names.get(str(c).strip().casefold(), str(c).strip()) for c in frame.columns]
    missing = [c for c in REQUIRED if c not in renamed]
    twice = sorted({c for c in REQUIRED if renamed.count(c) > 1})
    if missing or twice:
        named = ", ".join(t(f"report.col.{c}") for c in missing + twice)
        raise CodingError(t("autocode.review.sheet_columns", missing=named), path=path,
                          line=line, hint=t("autocode.review.sheet_columns_hint"))
    return frame.set_axis(renamed, axis=1)


def read_review_sheet(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A review sheet (XLSX or CSV) as text cells with the sheet's column names, indexed
    by each row's number as the spreadsheet shows it (the header is row 1)."""
    rows = read_rows(path, CodingError)
    if not rows:
        raise CodingError(t("autocode.review.sheet_empty"), path=path,
                          hint=t("autocode.review.sheet_columns_hint"))
    (header_line, header), body = rows[0], rows[1:]
    header = _unique(header)
    width = len(header)
    frame = pd.DataFrame([(cells + [""] * width)[:width] for _, cells in body],
                         columns=header, dtype=object,
                         index=pd.Index([line for line, _ in body], name="line"))
    return sheet_columns(frame, path, header_line)


def plan_review(sheet: pd.DataFrame, codings: pd.DataFrame,
                path: str | os.PathLike[str] | None = None) -> SheetReview:
    """Match the decided rows of ``sheet`` (:func:`read_review_sheet`) to ``codings``
    (one coder's auto codings, the columns of ``Project.codings()``).

    A row names its coding by id; if that id is gone or now names another passage, by
    source, code and span. A bad cell, or two rows deciding one coding differently,
    raises :class:`CodingError` naming the row (with ``path``: the file and row).
    """
    sheet = sheet_columns(sheet, path)
    known = codings.to_dict("records")
    by_id = {int(c["coding_id"]): c for c in known}
    by_span = {_span(c): c for c in known}
    decisions: dict[int, str] = {}
    decided_at: dict[int, Any] = {}
    unchanged = undecided = 0
    stale = []
    for position, (line, row) in enumerate(zip(sheet.index, sheet.to_dict("records"),
                                               strict=True)):
        try:
            status = decision(row["decision"])
            if status is None:
                undecided += 1
                continue
            span = (text_cell(row["source_id"], "source_id"), text_cell(row["code_id"], "code_id"),
                    integral_cell(row["start"], "start"), integral_cell(row["end"], "end"))
            ident = (None if is_blank(row["coding_id"]) else integral_cell(
                row["coding_id"], "coding_id", hint=t("autocode.review.id_hint")))
            coding = by_id.get(ident) if ident is not None else None
            if coding is None or _span(coding) != span:
                coding = by_span.get(span)
            if coding is None:
                stale.append(line)
                continue
            coding_id = int(coding["coding_id"])
            first = decided_at.setdefault(coding_id, (position, line, status))
            if first[2] != status:
                raise CodingError(t("autocode.review.sheet_conflict", id=coding_id,
                                    first=first[1]),
                                  hint=t("autocode.review.sheet_conflict_hint"))
        except RpswError as error:
            raise located(error, line, path) from None
        if coding["status"] == status or first[0] != position:  # as it was, or repeated
            unchanged += 1
        else:
            decisions[coding_id] = status
    return SheetReview(decisions, unchanged, undecided, tuple(stale))


def sheet_coder(sheet: pd.DataFrame, coder: str | None,
                path: str | os.PathLike[str] | None = None) -> str:
    """The auto-coder whose suggestions ``sheet`` decides: the one its ``coder`` column
    names (a sheet holds one coder's suggestions), else ``coder``, else ``auto``.
    :class:`CodingError` when the sheet names several coders or another than ``coder``."""
    named = sorted({str(v).strip() for v in sheet.get("coder", ()) if not is_blank(v)})
    if len(named) > 1:
        raise CodingError(t("autocode.review.sheet_coders", coders=", ".join(named)),
                          path=path, hint=t("autocode.review.sheet_coders_hint"))
    if named and coder is not None and named[0] != coder:
        raise CodingError(t("autocode.review.sheet_other_coder", sheet=named[0], coder=coder),
                          path=path, hint=t("autocode.review.sheet_other_coder_hint",
                                            sheet=named[0]))
    return coder or (named[0] if named else "auto")


def review_summary(codings: pd.DataFrame) -> pd.DataFrame:
    """Per code of the auto codings among ``codings`` (the columns of
    ``Project.codings()``): how many await review (``suggested``), were ``accepted`` or
    ``rejected``, and the ``mean_score`` of those awaiting review."""
    auto = codings[codings["method"] == "auto"]
    counts = pd.crosstab(auto["code_id"], auto["status"]).reindex(
        columns=["suggested", "accepted", "rejected"], fill_value=0)
    waiting = auto[auto["status"] == "suggested"].groupby("code_id")["score"].mean()
    return counts.assign(mean_score=waiting.reindex(counts.index)).rename_axis(
        columns=None).reset_index()


def _unique(header: list[str]) -> list[str]:
    """Column names made unique: a blank or repeated header of a column the sheet does
    not need gets a ``_<n>`` suffix (a required one repeated stays, to be refused)."""
    required = {name for name, column in _headers().items() if column in REQUIRED}
    seen: dict[str, int] = {}
    names = []
    for name in header:
        name = name.strip() or "_"
        seen[name] = seen.get(name, 0) + 1
        keep = seen[name] == 1 or name.casefold() in required
        names.append(name if keep else f"{name}_{seen[name]}")
    return names


def _span(coding: dict[str, Any]) -> tuple[str, str, int, int]:
    return (coding["source_id"], coding["code_id"], int(coding["start"]), int(coding["end"]))
