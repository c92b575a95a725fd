"""Code frequencies: codings, passages, sources and informants per code."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..errors import AnalysisError
from ..i18n import t
from .tables import PASSAGE, ProjectLike, StudyTables, rolled_up, study_tables

By = Literal["coder", "kind", "informant", "role"]
_BY_COLUMN = {"coder": "coder", "kind": "source_kind", "informant": "informant", "role": "role"}


def frequencies(
    data: ProjectLike | StudyTables,
    by: By | None = None,
    *,
    rollup: bool = True,
    lang: str = "id",
    **filters,
) -> pd.DataFrame:
    """Codings and distinct passages, sources and informants per code.

    With ``rollup`` a parent counts its descendants' passages, each passage once
    (two children coding the same span add one passage to the parent). ``codings`` is
    always the number of codings applied with exactly that code. ``by`` splits every
    count by coder, source kind, informant or role (tidy: one row per code and group).
    ``filters`` go to :func:`study_tables` (``coder=``, ``reviewed_only=``...).

    Columns: ``code_id, code_name, parent, depth, stage, [group], codings, passages,
    sources, informants``, in codebook order; codes without codings show zeros.
    """
    tables = study_tables(data, **filters)
    codings, codebook = tables.codings, tables.codebook
    group = []
    if by is not None:
        if by not in _BY_COLUMN:
            raise AnalysisError(t("analysis.bad_choice", name="by", value=by,
                                  choices=", ".join(_BY_COLUMN)))
        group = [_BY_COLUMN[by]]
    counted = rolled_up(codings, codebook) if rollup else codings.assign(
        counted_as=codings["code_id"])
    keys = ["counted_as", *group]
    passages = counted.drop_duplicates([*keys, *PASSAGE])
    stats = pd.DataFrame({
        "passages": passages.groupby(keys, dropna=False).size(),
        "sources": counted.groupby(keys, dropna=False)["source_id"].nunique(),
        "informants": counted.groupby(keys, dropna=False)["informant"].nunique(),
    })
    direct = codings.groupby(["code_id", *group], dropna=False).size().rename("codings")
    direct.index = direct.index.set_names(keys)
    stats = stats.join(direct, how="outer")

    frame = _code_frame(codebook, lang)
    if group:
        values = sorted(codings[group[0]].dropna().unique())
        frame = frame.merge(pd.DataFrame({group[0]: pd.Series(values, dtype=object)}),
                            how="cross")
    stats = stats.reset_index().rename(columns={"counted_as": "code_id"})
    stats = stats.astype({column: object for column in ("code_id", *group)})
    out = frame.merge(stats, on=["code_id", *group], how="left")
    for column in ("codings", "passages", "sources", "informants"):
        out[column] = out[column].fillna(0).astype("int64")
    return out[["code_id", "code_name", "parent", "depth", "stage", *group,
                "codings", "passages", "sources", "informants"]]


def _code_frame(codebook, lang: str) -> pd.DataFrame:
    """One row per code in codebook order with name, parent, depth and stage."""
    rows = []
    for code in codebook:
        depth, parent = 0, code.parent
        while parent is not None and parent in codebook:
            depth += 1
            parent = codebook[parent].parent
        rows.append({"code_id": code.id, "code_name": code.name(lang), "parent": code.parent,
                     "depth": depth, "stage": code.stage})
    frame = pd.DataFrame(rows, columns=["code_id", "code_name", "parent", "depth", "stage"])
    frame["stage"] = frame["stage"].astype("Int64")
    return frame
