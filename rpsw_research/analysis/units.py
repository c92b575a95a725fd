"""Units of analysis (sentences, turns, paragraphs) and which units a coding touches."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..i18n import t
from .tables import StudyTables

Unit = Literal["sentence", "turn", "paragraph"]
UNITS = ("sentence", "turn", "paragraph")


def units_table(tables: StudyTables, unit: Unit) -> pd.DataFrame:
    """Every unit of every source: ``source_id, unit_index, start, end``.

    Turns and paragraphs come with the sources; sentences from the project's cached
    sentence segmentation (the NLP layer computes them once per source).
    """
    if unit not in UNITS:
        raise AnalysisError(t("analysis.bad_choice", name="unit", value=unit,
                              choices=", ".join(UNITS)))
    project = tables.project
    if project is None:
        raise AnalysisError(t("analysis.units_need_project", unit=unit))
    return project.segments_table(unit)


def units_of_codings(codings: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One row per (coding, unit it overlaps): ``coding_id, source_id, unit_index``.

    Vectorised over all sources: units are laid on one global axis by source so a
    single ``searchsorted`` finds the first and last unit each coding touches. A
    coding outside every unit (e.g. an interviewer label) touches none.
    """
    if codings.empty or units.empty:
        return pd.DataFrame({"coding_id": pd.Series(dtype="int64"),
                             "source_id": pd.Series(dtype="object"),
                             "unit_index": pd.Series(dtype="int64")})
    units = units.sort_values(["source_id", "start"]).reset_index(drop=True)
    sources = pd.Index(units["source_id"].unique())
    span = int(max(units["end"].max(), codings["end"].max())) + 1
    unit_base = sources.get_indexer(units["source_id"]).astype("int64") * span
    starts = unit_base + units["start"].to_numpy("int64")
    ends = unit_base + units["end"].to_numpy("int64")
    position = sources.get_indexer(codings["source_id"]).astype("int64")
    known = position >= 0
    coding_base = position * span
    c_start = coding_base + codings["start"].to_numpy("int64")
    c_end = coding_base + codings["end"].to_numpy("int64")
    first = np.searchsorted(ends, c_start, side="right")     # first unit ending after start
    last = np.searchsorted(starts, c_end, side="left") - 1   # last unit starting before end
    count = np.where(known, np.maximum(last - first + 1, 0), 0)
    rows = np.repeat(np.arange(len(codings)), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    unit_rows = np.repeat(first, count) + offsets
    return pd.DataFrame({
        "coding_id": codings["coding_id"].to_numpy()[rows],
        "source_id": units["source_id"].to_numpy()[unit_rows],
        "unit_index": units["unit_index"].to_numpy()[unit_rows],
    })
