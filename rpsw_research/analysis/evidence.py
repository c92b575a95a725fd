"""Where the evidence for a code comes from: sources, reviewed share, voices; and the
data set in numbers (sources per informant and technique, codings per coder)."""

from __future__ import annotations

import pandas as pd

from ..corpus.model import SOURCE_KINDS
from .tables import REVIEWED, ProjectLike, StudyTables, distinct_passages, rolled_up, study_tables


def evidence(data: ProjectLike | StudyTables, code: str, **filters) -> pd.DataFrame:
    """The sources behind ``code`` (a parent counts its descendants), one row each:
    ``source_id, kind, informants, date, passages, unreviewed, voices`` — passages
    counted once (a passage also coded by hand counts as reviewed), ``voices`` the
    informants whose own words the passages are. Sorted by source id."""
    tables = study_tables(data, **filters)
    tables.codebook[code]  # unknown code -> UnknownCodeError
    rolled = rolled_up(tables.codings, tables.codebook)
    passages = distinct_passages(rolled[rolled["counted_as"] == code])
    meta = tables.sources.set_index("source_id")
    rows = []
    for source_id, group in passages.groupby("source_id", sort=True):
        rows.append({
            "source_id": source_id, "kind": meta.loc[source_id, "kind"],
            "informants": meta.loc[source_id, "informants"] or "",
            "date": meta.loc[source_id, "date"], "passages": len(group),
            "unreviewed": int((~group["status"].isin(REVIEWED)).sum()),
            "voices": ";".join(sorted(set(group["voice"].dropna()))),
        })
    columns = ["source_id", "kind", "informants", "date", "passages", "unreviewed", "voices"]
    return pd.DataFrame(rows, columns=columns)


def sources_by_informant(data: ProjectLike | StudyTables) -> pd.DataFrame:
    """Sources per informant and technique (rows: informants in register order;
    columns: wawancara, observasi, dokumen). One source may concern several informants,
    so the ``total`` row counts distinct sources, not the column sum."""
    tables = study_tables(data)
    sources = tables.sources.assign(informant=tables.sources["informants"].fillna("")
                                    .astype(str).str.split(";")).explode("informant")
    counts = sources.groupby(["informant", "kind"]).size().unstack(fill_value=0)
    table = counts.reindex(index=list(tables.informants["informant_id"]),
                           columns=list(SOURCE_KINDS)).fillna(0).astype("int64")
    total = tables.sources["kind"].value_counts().reindex(list(SOURCE_KINDS)).fillna(0)
    table.loc["total"] = total.astype("int64").to_numpy()
    return table


def coding_summary(data: ProjectLike | StudyTables, **filters) -> pd.DataFrame:
    """Codings per coder: ``coder, codings, reviewed, suggested, manual`` (reviewed =
    manual or accepted; manual = coded by hand), coders sorted by name."""
    codings = study_tables(data, **filters).codings
    reviewed = codings["status"].isin(REVIEWED)
    frame = pd.DataFrame({"coder": codings["coder"], "reviewed": reviewed.astype(int),
                          "suggested": (~reviewed).astype(int),
                          "manual": (codings["method"] == "manual").astype(int)})
    summary = frame.groupby("coder").agg(codings=("reviewed", "size"),
                                         reviewed=("reviewed", "sum"),
                                         suggested=("suggested", "sum"),
                                         manual=("manual", "sum"))
    return summary.reset_index().astype({"codings": "int64", "reviewed": "int64",
                                         "suggested": "int64", "manual": "int64"})


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """An audit trail (``Project.audit()``) summarised: changes per person, object and
    action with the first and last time."""
    if audit.empty:
        return pd.DataFrame(columns=["who", "entity", "action", "n", "first", "last"])
    return (audit.groupby(["who", "entity", "action"])
            .agg(n=("audit_id", "size"), first=("at", "min"), last=("at", "max"))
            .reset_index())
