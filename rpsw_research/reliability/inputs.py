"""Turning the inputs of the coefficients into arrays, and tidy tables into inputs.

Accepted shapes (documented once here, referred to by every coefficient):

- **label sequences**: two equal-length sequences, one label per unit for coder A and
  coder B; ``None``/``NaN``/``pd.NA`` is a missing value and drops that unit.
- **contingency table**: square counts, rows = coder A's category, columns = coder
  B's, as a nested list, a NumPy array or a DataFrame (whose index gives the labels).
- **coders x units matrix**: rows = coders, columns = units (nested list, array or
  DataFrame); ``None``/``NaN`` is missing. :func:`ratings_matrix` builds one from a
  long table (one row per unit and coder), :func:`presence_matrix` builds the 0/1
  matrix of one code over given units from a codings table.
- **spans** for unitizing: ``(coder, category, start, length)`` rows;
  :func:`spans_from_codings` builds them from a codings table (``start``/``end``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..errors import ReliabilityError
from ..i18n import t


class Span(NamedTuple):
    """A unit a coder marked on a continuum: ``[start, start + length)`` for ``category``."""

    coder: Any
    category: Any
    start: int
    length: int

    @property
    def end(self) -> int:
        """The first position after the span."""
        return self.start + self.length


def is_missing(value: object) -> bool:
    """True for ``None``, float NaN and ``pd.NA``/``pd.NaT`` (a missing rating)."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def ordered_labels(labels: Iterable[Any]) -> list[Any]:
    """The distinct labels, sorted (numbers numerically; mixed types by text)."""
    unique = list(dict.fromkeys(labels))
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=lambda v: (type(v).__name__, str(v)))


def check_choice(value: object, name: str, choices: Sequence[object]) -> None:
    if value not in choices:
        raise ReliabilityError(t("reliability.error.choice", value=value, name=name,
                                 choices=", ".join(map(str, choices))))


def pair_table(a: Any, b: Any = None,
               categories: Sequence[Any] | None = None) -> tuple[np.ndarray, list[Any]]:
    """Counts table (float array) and its labels from two sequences or from a table."""
    if b is None:
        return _square_table(a, categories)
    seq_a, seq_b = list(a), list(b)
    if len(seq_a) != len(seq_b):
        raise ReliabilityError(t("reliability.error.length_mismatch", a=len(seq_a), b=len(seq_b)))
    pairs = [(x, y) for x, y in zip(seq_a, seq_b, strict=True)
             if not is_missing(x) and not is_missing(y)]
    labels = _labels_for(categories, [v for p in pairs for v in p])
    index = {label: i for i, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)))
    for x, y in pairs:
        table[index[x], index[y]] += 1
    return table, labels


def _labels_for(categories: Sequence[Any] | None, seen: Iterable[Any]) -> list[Any]:
    seen = list(seen)
    if categories is None:
        return ordered_labels(seen)
    labels = list(dict.fromkeys(categories))
    known = set(labels)
    for value in seen:
        if value not in known:
            raise ReliabilityError(t("reliability.error.unknown_label", label=value,
                                     categories=", ".join(map(str, labels))))
    return labels


def _square_table(data: Any, categories: Sequence[Any] | None) -> tuple[np.ndarray, list[Any]]:
    labels: list[Any] | None = None
    if isinstance(data, pd.DataFrame):
        if list(data.index) != list(data.columns):
            raise ReliabilityError(t("reliability.error.table_labels"))
        labels = list(data.index)
        data = data.to_numpy()
    try:
        table = np.asarray(data, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ReliabilityError(t("reliability.error.table_values")) from exc
    if table.ndim != 2 or table.shape[0] != table.shape[1]:
        raise ReliabilityError(t("reliability.error.table_shape", shape=table.shape),
                               hint=t("reliability.hint.table_shape"))
    if not np.all(np.isfinite(table)) or np.any(table < 0):
        raise ReliabilityError(t("reliability.error.table_values"))
    if categories is not None:
        if len(categories) != table.shape[0]:
            raise ReliabilityError(t("reliability.error.table_labels"))
        labels = list(categories)
    return table, labels if labels is not None else list(range(table.shape[0]))


def coder_unit_matrix(data: Any) -> tuple[np.ndarray, list[Any]]:
    """An object array (coders x units, ``None`` = missing) and the coder labels."""
    if isinstance(data, pd.DataFrame):
        coders = list(data.index)
        values = data.astype(object).to_numpy()
    elif isinstance(data, np.ndarray):
        values = data.astype(object)
        coders = list(range(values.shape[0])) if values.ndim >= 1 else []
    else:
        try:
            rows = [list(row) for row in data]
        except TypeError as exc:
            raise ReliabilityError(t("reliability.error.matrix_shape", shape="1D")) from exc
        values = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=object)
        if any(len(row) != values.shape[1] for row in rows):
            raise ReliabilityError(t("reliability.error.matrix_shape",
                                     shape=[len(row) for row in rows]))
        for i, row in enumerate(rows):
            values[i, :] = row
        coders = list(range(len(rows)))
    if values.ndim != 2:
        raise ReliabilityError(t("reliability.error.matrix_shape", shape=values.shape))
    out = np.empty(values.shape, dtype=object)
    for idx, value in np.ndenumerate(values):
        out[idx] = None if is_missing(value) else value
    return out, coders


def check_columns(table: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise :class:`ReliabilityError` naming the columns ``table`` lacks."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReliabilityError(t("reliability.error.columns", columns=", ".join(missing)))


def ratings_matrix(table: pd.DataFrame, *, unit: str = "unit", coder: str = "coder",
                   value: str = "value") -> pd.DataFrame:
    """A coders x units DataFrame from a long table (one row per unit and coder).

    Rows are the coders, columns the units (both sorted); a unit a coder did not
    rate is NaN. Two rows for the same unit and coder are an error.
    """
    check_columns(table, [unit, coder, value])
    dupes = table.duplicated([unit, coder])
    if dupes.any():
        row = table[dupes].iloc[0]
        raise ReliabilityError(t("reliability.error.duplicate_rating", unit=row[unit],
                                 coder=row[coder]))
    wide = table.pivot(index=coder, columns=unit, values=value)
    return wide.reindex(index=ordered_labels(wide.index), columns=ordered_labels(wide.columns))


def spans_from_codings(codings: pd.DataFrame, *, coder: str = "coder",
                       category: str = "code_id", start: str = "start",
                       end: str = "end") -> list[Span]:
    """Unitizing spans ``(coder, category, start, length)`` from a codings table.

    Feed it the codings of ONE source (filter ``proj.codings()`` by ``source_id``):
    offsets of different sources are different continua.
    """
    check_columns(codings, [coder, category, start, end])
    return [Span(row[coder], row[category], int(row[start]), int(row[end]) - int(row[start]))
            for row in codings[[coder, category, start, end]].to_dict("records")]


def presence_matrix(codings: pd.DataFrame, units: Sequence[tuple[int, int]], *,
                    code: Any, coders: Sequence[Any], coder: str = "coder",
                    category: str = "code_id", start: str = "start",
                    end: str = "end") -> pd.DataFrame:
    """0/1 coders x units matrix: did each coder apply ``code`` to each unit?

    ``units`` are ``(start, end)`` spans of one source (sentences, paragraphs,
    turns); a unit counts as coded when one of the coder's codings of ``code``
    overlaps it by at least one character. Coders with no coding get a row of 0.
    """
    check_columns(codings, [coder, category, start, end])
    rows = codings[codings[category] == code]
    unit_start = np.array([s for s, _ in units], dtype=np.int64)
    unit_end = np.array([e for _, e in units], dtype=np.int64)
    matrix = np.zeros((len(coders), len(units)), dtype=int)
    for i, name in enumerate(coders):
        mine = rows[rows[coder] == name]
        for s, e in zip(mine[start].astype(int), mine[end].astype(int), strict=True):
            matrix[i] |= (s < unit_end) & (unit_start < e)
    return pd.DataFrame(matrix, index=list(coders),
                        columns=[f"{s}-{e}" for s, e in units])
