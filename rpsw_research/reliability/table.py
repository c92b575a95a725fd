"""The table a project-level comparison returns: its columns and how a row is filled.

Every comparison (:func:`.compare.compare`, :func:`.spans.unitizing`) returns one row
per code (and per code and source where the unit asks for it) and an overall row,
with the same columns:

``scope`` (``code`` | ``code_source`` | ``overall``), ``code_id`` (None on the
overall row), ``code_name``, ``source_id`` (None unless the row is one source),
``unit``, ``coders`` (";"-joined), ``n_units`` (units, documents or characters),
``n_decisions`` (coding decisions the values rest on: units x codes on the overall
row), ``n_coded_by_<coder>`` one column per coder, ``n_coded_all`` (decisions where
every coder applied the code: "by both" for two coders), ``n_coded_none`` (no coder
did: "by neither"), ``n_disagree`` (some but not all did), ``percent_agreement``,
``kappa`` (Cohen's for two coders, Fleiss' for more, NVivo's per character),
``kappa_bp`` (Brennan-Prediger, two coders), ``alpha`` (Krippendorff's, nominal or
unitizing), ``kappa_interpretation``, ``alpha_interpretation``, ``method`` (exactly
what was computed) and ``note`` (why a value is empty). A value is never NaN without
a note saying why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ReliabilityError, UndefinedAgreementError
from ..i18n import get_language, t
from .interpret import interpret
from .result import Agreement

VALUE_COLUMNS: tuple[str, ...] = ("percent_agreement", "kappa", "kappa_bp", "alpha")
_TEXT_COLUMNS = ("code_id", "source_id", "kappa_interpretation", "alpha_interpretation",
                 "note")


def columns(coders: Sequence[str]) -> list[str]:
    """The columns of a comparison table for ``coders``, in order."""
    return ["scope", "code_id", "code_name", "source_id", "unit", "coders", "n_units",
            "n_decisions", *(coded_by(c) for c in coders), "n_coded_all", "n_coded_none",
            "n_disagree", *VALUE_COLUMNS, "kappa_interpretation", "alpha_interpretation",
            "method", "note"]


def coded_by(coder: str) -> str:
    """The count column of one coder."""
    return f"n_coded_by_{coder}"


def counts(matrix: np.ndarray, coders: Sequence[str]) -> dict[str, int]:
    """Count columns of a coders x decisions 0/1 matrix."""
    coded = matrix.astype(bool)
    every, some = coded.all(axis=0), coded.any(axis=0)
    row = {coded_by(c): int(coded[i].sum()) for i, c in enumerate(coders)}
    row.update(n_decisions=int(coded.shape[1]), n_coded_all=int(every.sum()),
               n_coded_none=int((~some).sum()), n_disagree=int((some & ~every).sum()))
    return row


class Row:
    """One row under construction: values are set through :meth:`value`, which turns an
    undefined coefficient into NaN plus a note."""

    def __init__(self, lang: str | None, **fields: Any) -> None:
        self.lang = lang
        self.fields: dict[str, Any] = {name: math.nan for name in VALUE_COLUMNS}
        self.fields.update(fields)
        self.notes: list[str] = []

    def value(self, column: str, compute: Callable[[], Agreement]) -> None:
        """Set ``column`` to ``compute()``; an undefined value becomes NaN with a note."""
        try:
            result = compute()
        except UndefinedAgreementError as exc:
            observed = "-" if exc.observed is None else f"{exc.observed:.3f}"
            self.empty(t("reliability.compare.note.undefined",
                         self.lang, column=t(f"reliability.compare.column.{column}", self.lang),
                         observed=observed))
            return
        except ReliabilityError as exc:
            self.empty(f"{t(f'reliability.compare.column.{column}', self.lang)}: {exc.message}")
            return
        self.fields[column] = float(result)

    def empty(self, note: str) -> None:
        """Leave values empty for the reason ``note`` (kept once)."""
        if note not in self.notes:
            self.notes.append(note)

    def finish(self, method: str) -> dict[str, Any]:
        """The finished row with interpretations, ``method`` and ``note``."""
        kappa, alpha = self.fields["kappa"], self.fields["alpha"]
        self.fields["kappa_interpretation"] = (
            None if math.isnan(kappa) else interpret(kappa, "landis_koch", self.lang))
        self.fields["alpha_interpretation"] = (
            None if math.isnan(alpha) else interpret(alpha, "krippendorff", self.lang))
        self.fields["method"] = method
        self.fields["note"] = "; ".join(self.notes) or None
        return self.fields


def frame(rows: list[dict[str, Any]], coders: Sequence[str]) -> pd.DataFrame:
    """The comparison table from finished rows, with its fixed columns and dtypes."""
    table = pd.DataFrame(rows, columns=columns(coders))
    ints = ["n_units", "n_decisions", *(coded_by(c) for c in coders), "n_coded_all",
            "n_coded_none", "n_disagree"]
    table[ints] = table[ints].astype("int64")
    table[list(VALUE_COLUMNS)] = table[list(VALUE_COLUMNS)].astype(float)
    for name in _TEXT_COLUMNS:
        column = table[name].astype(object)
        table[name] = column.where(column.notna(), None)
    return table


def code_name(proj: Any, code_id: str, lang: str | None) -> str:
    """The code's name in ``lang`` (the id itself if the codebook lacks it)."""
    book = proj.codebook
    if book is None or code_id not in book:
        return code_id
    return book.get(code_id).name(lang or get_language())
