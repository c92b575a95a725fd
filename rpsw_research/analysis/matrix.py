"""Matrix coding query: rows (informants, sources, kinds, roles, attributes) x codes.

The analogue of NVivo's matrix coding query; each cell can be opened as the passages
behind it with :func:`matrix_cell`.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..corpus.model import SOURCE_KINDS
from ..errors import AnalysisError
from ..i18n import t
from .tables import (
    PASSAGE,
    ProjectLike,
    StudyTables,
    code_labels,
    rolled_up,
    study_tables,
    word_counts,
)

Columns = Literal["code", "stage", "moxley"]
Value = Literal["codings", "sources", "words", "presence"]
_ROW_COLUMN = {"informant": "informant", "source": "source_id", "kind": "source_kind",
               "role": "role"}


def matrix(
    data: ProjectLike | StudyTables,
    rows: str = "informant",
    columns: Columns = "stage",
    value: Value = "codings",
    *,
    labels: Literal["name", "id"] = "name",
    lang: str = "id",
    **filters,
) -> pd.DataFrame:
    """Counts of coded passages with ``rows`` down and ``columns`` across.

    ``rows``: ``informant``, ``source``, ``kind``, ``role`` or an informant attribute
    column. ``columns``: ``code`` (every code, a parent counting its descendants),
    ``stage`` (the seven stage codes in order) or ``moxley`` (the Moxley functions:
    a passage counts toward a function when coded with it, or with a stage mapped to
    it). ``value``: ``codings`` (distinct passages), ``sources`` (distinct sources),
    ``words`` (words in distinct passages) or ``presence`` (1/0). Every row and column
    of the study appears, with 0 where nothing was coded; passages whose row is
    unknown (e.g. an observation with several informants, by informant) are left out.
    """
    tables = study_tables(data, **filters)
    long = cell_table(tables, rows, columns)
    distinct = long.drop_duplicates(["row", "column", *PASSAGE])
    if value == "codings":
        cells = distinct.groupby(["row", "column"]).size()
    elif value == "sources":
        cells = long.groupby(["row", "column"])["source_id"].nunique()
    elif value == "words":
        cells = distinct.assign(words=word_counts(distinct)).groupby(
            ["row", "column"])["words"].sum()
    elif value == "presence":
        cells = (distinct.groupby(["row", "column"]).size() > 0).astype("int64")
    else:
        raise AnalysisError(t("analysis.bad_choice", name="value", value=value,
                              choices="codings, sources, words, presence"))
    row_keys = _row_keys(tables, rows)
    column_keys = _column_keys(tables, columns)
    table = cells.unstack("column") if len(cells) else pd.DataFrame()
    table = table.reindex(index=row_keys, columns=column_keys).fillna(0).astype("int64")
    table.index.name = rows
    table.columns.name = columns
    if labels == "name":
        table.columns = pd.Index(_column_labels(tables, columns, column_keys, lang),
                                 name=columns)
    return table


def matrix_cell(
    data: ProjectLike | StudyTables,
    row: str,
    column: str | int,
    rows: str = "informant",
    columns: Columns = "stage",
    **filters,
) -> pd.DataFrame:
    """The codings behind one cell of :func:`matrix` (``column``: code id or stage)."""
    tables = study_tables(data, **filters)
    long = cell_table(tables, rows, columns)
    if columns == "stage" and isinstance(column, int):
        stage_codes = {code.stage: code.id for code in tables.codebook if code.stage}
        column = stage_codes.get(column, str(column))
    picked = long[(long["row"] == row) & (long["column"] == column)]
    return picked.drop(columns=["row", "column", "counted_as"]).drop_duplicates(
        "coding_id").reset_index(drop=True)


def cell_table(tables: StudyTables, rows: str, columns: Columns) -> pd.DataFrame:
    """Codings with their ``row`` key and every ``column`` key they count toward."""
    codings = tables.codings
    if rows in _ROW_COLUMN:
        row_values = codings[_ROW_COLUMN[rows]]
    elif rows in tables.informants.columns:
        attribute = dict(zip(tables.informants["informant_id"], tables.informants[rows],
                             strict=True))
        row_values = codings["informant"].map(attribute)
    else:
        raise AnalysisError(t("analysis.bad_rows", rows=rows,
                              attributes=", ".join(tables.informants.columns[2:])))
    long = rolled_up(codings.assign(row=row_values), tables.codebook)
    if columns == "code":
        long["column"] = long["counted_as"]
    elif columns == "stage":
        stage_ids = {code.id for code in tables.codebook if code.stage}
        long = long[long["counted_as"].isin(stage_ids)]
        long["column"] = long["counted_as"]
    elif columns == "moxley":
        functions = moxley_functions(tables)
        via_stage = {code.id: code.moxley for code in tables.codebook if code.moxley}
        long["column"] = long["counted_as"].map(
            lambda c: (c,) if c in functions else via_stage.get(c, ()))
        long = long.explode("column")
        long = long[long["column"].isin(functions)]
    else:
        raise AnalysisError(t("analysis.bad_choice", name="columns", value=columns,
                              choices="code, stage, moxley"))
    return long.dropna(subset=["row"]).drop_duplicates(["coding_id", "column"])


def moxley_functions(tables: StudyTables) -> list[str]:
    """Moxley function code ids: those the stage codes map to, in codebook order."""
    referenced = {f for code in tables.codebook for f in code.moxley}
    return [code.id for code in tables.codebook if code.id in referenced]


def _row_keys(tables: StudyTables, rows: str) -> list:
    informants = tables.informants
    if rows == "informant":
        return list(informants["informant_id"])
    if rows == "source":
        return list(tables.sources["source_id"])
    if rows == "kind":
        present = set(tables.sources["kind"])
        return [k for k in SOURCE_KINDS if k in present] + sorted(present - set(SOURCE_KINDS))
    if rows == "role":
        return list(dict.fromkeys(informants["role"]))
    return list(dict.fromkeys(informants[rows].dropna()))


def _column_keys(tables: StudyTables, columns: Columns) -> list[str]:
    codebook = tables.codebook
    if columns == "stage":
        return [c.id for c in codebook.stages()]
    if columns == "moxley":
        return moxley_functions(tables)
    return [code.id for code in codebook]


def _column_labels(tables: StudyTables, columns: Columns, keys: list[str],
                   lang: str) -> list[str]:
    if columns == "stage":
        return [f"{tables.codebook[k].stage}. {tables.codebook[k].name(lang)}" for k in keys]
    return code_labels(tables.codebook, keys, lang)
