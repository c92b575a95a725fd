"""Code co-occurrence: which codes are applied together, and where."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..i18n import t
from .tables import ProjectLike, StudyTables, code_labels, study_tables
from .units import units_of_codings, units_table

Relation = Literal["overlap", "exact", "inclusion", "proximity"]
RELATIONS = ("overlap", "exact", "inclusion", "proximity")


def cooccurrence(
    data: ProjectLike | StudyTables,
    unit: str = "sentence",
    relation: Relation = "overlap",
    *,
    codes: list[str] | None = None,
    jaccard: bool = False,
    window: int = 1,
    labels: Literal["name", "id"] = "name",
    lang: str = "id",
    **filters,
) -> pd.DataFrame:
    """Code x code co-occurrence counts (symmetric; the diagonal counts each code).

    A coding is first widened to the units it touches (``sentence``, ``turn``,
    ``paragraph``; ``source`` = the whole source). Two codes co-occur when codings of
    them are, on those units: ``overlap`` — share a unit; ``exact`` — cover the same
    units; ``inclusion`` — one's units lie within the other's; ``proximity`` — are at
    most ``window`` units apart (overlap included). Cells count the distinct units
    (sources for ``unit="source"``) holding a co-occurring pair; with ``jaccard`` a
    cell is that count divided by the units holding either code.
    """
    if jaccard and relation != "overlap":
        raise AnalysisError(t("analysis.jaccard_overlap", relation=relation))
    tables = study_tables(data, **filters)
    touched = touched_units(tables, unit, codes)
    pairs = cooccurring_pairs(tables, unit, relation, codes=codes, window=window,
                              one_per_unit=True, touched=touched)
    code_ids = _code_ids(tables, codes)
    per_code = touched.drop_duplicates(["code_id", "source_id", "unit_index"]).groupby(
        "code_id").size()
    counts = pairs.drop_duplicates(["a", "b", "source_id", "unit_index"]).groupby(
        ["a", "b"]).size()
    table = counts.unstack("b") if len(counts) else pd.DataFrame()
    table = table.reindex(index=code_ids, columns=code_ids).fillna(0)
    table = table.add(table.T.where(~np.eye(len(code_ids), dtype=bool), 0), fill_value=0)
    for code_id in code_ids:
        table.loc[code_id, code_id] = per_code.get(code_id, 0)
    if jaccard:
        either = per_code.reindex(code_ids).fillna(0).to_numpy()
        union = either[:, None] + either[None, :] - table.to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            table = pd.DataFrame(np.where(union > 0, table.to_numpy() / union, 0.0),
                                 index=code_ids, columns=code_ids)
    else:
        table = table.astype("int64")
    shown = code_labels(tables.codebook, code_ids, lang) if labels == "name" else code_ids
    table.index = pd.Index(shown, name="code")
    table.columns = pd.Index(shown, name="code")
    return table


def cooccurrence_cell(
    data: ProjectLike | StudyTables,
    code_a: str,
    code_b: str,
    unit: str = "sentence",
    relation: Relation = "overlap",
    *,
    window: int = 1,
    **filters,
) -> pd.DataFrame:
    """The pairs of codings behind one co-occurrence cell, side by side."""
    tables = study_tables(data, **filters)
    pairs = cooccurring_pairs(tables, unit, relation, codes=[code_a, code_b], window=window)
    pairs = pairs[(pairs["a"] == code_a) & (pairs["b"] == code_b)
                  | (pairs["a"] == code_b) & (pairs["b"] == code_a)]
    info = tables.codings.set_index("coding_id")[["source_id", "code_id", "start", "end",
                                                   "text", "informant", "coder"]]
    out = pairs.drop_duplicates(["coding_a", "coding_b"])[["coding_a", "coding_b"]]
    out = out.join(info.add_suffix("_a"), on="coding_a").join(info.add_suffix("_b"),
                                                                on="coding_b")
    return out.sort_values(["source_id_a", "start_a", "start_b"]).reset_index(drop=True)


def cooccurring_pairs(
    tables: StudyTables,
    unit: str,
    relation: Relation,
    *,
    codes: list[str] | None = None,
    window: int = 1,
    one_per_unit: bool = False,
    touched: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pairs of codings of different codes that co-occur: ``a, b, coding_a, coding_b,
    source_id, unit_index``, one row per place (unit, or source) where the pair meets.

    Candidates are found by joining codings on the units they share (widened by
    ``window`` for proximity), so the work grows with codings per unit, not with
    codings per source. ``one_per_unit`` keeps one coding per code and unit (enough
    for counting places with ``overlap`` or ``proximity``, much cheaper); ``touched``
    passes :func:`touched_units` when the caller has it already.
    """
    if relation not in RELATIONS:
        raise AnalysisError(t("analysis.bad_choice", name="relation", value=relation,
                              choices=", ".join(RELATIONS)))
    if touched is None:
        touched = touched_units(tables, unit, codes)
    extent = touched.groupby("coding_id")["unit_index"].agg(["min", "max"])
    if one_per_unit and relation in ("overlap", "proximity"):
        touched = touched.drop_duplicates(["source_id", "unit_index", "code_id"])
    reach = touched
    if relation == "proximity" and unit != "source":
        shifts = np.arange(-window, window + 1)
        reach = touched.loc[touched.index.repeat(len(shifts))].assign(
            unit_index=lambda f: f["unit_index"] + np.tile(shifts, len(touched)))
        reach = reach.drop_duplicates(["coding_id", "unit_index"])
    pairs = reach.merge(touched, on=["source_id", "unit_index"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["code_id_a"] < pairs["code_id_b"]]
    fa, la = (extent[c].reindex(pairs["coding_id_a"]).to_numpy() for c in ("min", "max"))
    fb, lb = (extent[c].reindex(pairs["coding_id_b"]).to_numpy() for c in ("min", "max"))
    if relation == "exact":
        pairs = pairs[(fa == fb) & (la == lb)]
    elif relation == "inclusion":
        pairs = pairs[((fa <= fb) & (lb <= la)) | ((fb <= fa) & (la <= lb))]
    return pd.DataFrame({
        "a": pairs["code_id_a"].to_numpy(), "b": pairs["code_id_b"].to_numpy(),
        "coding_a": pairs["coding_id_a"].to_numpy(), "coding_b": pairs["coding_id_b"].to_numpy(),
        "source_id": pairs["source_id"].to_numpy(), "unit_index": pairs["unit_index"].to_numpy(),
    })


def _selected(tables: StudyTables, codes: list[str] | None) -> pd.DataFrame:
    codings = tables.codings
    if codes is not None:
        for code_id in codes:
            tables.codebook[code_id]  # unknown ids raise UnknownCodeError
        codings = codings[codings["code_id"].isin(codes)]
    return codings


def _code_ids(tables: StudyTables, codes: list[str] | None) -> list[str]:
    if codes is not None:
        return list(codes)
    used = set(tables.codings["code_id"])
    return [code.id for code in tables.codebook if code.id in used]


def touched_units(tables: StudyTables, unit: str, codes: list[str] | None) -> pd.DataFrame:
    """``coding_id, source_id, unit_index, code_id`` for each unit a selected coding
    touches (the whole source counts as unit 0 for ``unit="source"``)."""
    codings = _selected(tables, codes)
    if unit == "source":
        touched = codings[["coding_id", "source_id"]].assign(unit_index=0)
    else:
        touched = units_of_codings(codings, units_table(tables, unit))
    return touched.join(codings.set_index("coding_id")["code_id"], on="coding_id")
