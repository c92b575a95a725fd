"""Stage coverage and triangulation: the case-flow and keabsahan-data views."""

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
    distinct_passages,
    rolled_up,
    study_tables,
)

VERDICTS = ("both", "technique", "source", "single", "none")


def stage_coverage(
    data: ProjectLike | StudyTables,
    by: Literal["survivor", "source"] = "survivor",
    *,
    role: str = "korban",
    lang: str = "id",
    **filters,
) -> pd.DataFrame:
    """Which of the stages are evidenced for each survivor (or source), in stage order.

    For a survivor, the evidence is every stage-coded passage in a source that concerns
    her (she is among the source's informants): her own interviews, observations and
    case documents about her. One row per survivor (or source) and stage, with
    ``evidenced``, the number of ``passages``, the ``sources`` and ``kinds`` it comes
    from, ``voices`` (the informants whose words it is), the ``first_date`` of the
    evidence, and ``gap`` (not evidenced although a later stage is).
    """
    tables = study_tables(data, **filters)
    stages = tables.codebook.stages()
    if not stages:
        raise AnalysisError(t("analysis.no_stages"))
    stage_of = {code.id: code.stage for code in stages}
    rolled = rolled_up(tables.codings, tables.codebook)
    rolled = rolled[rolled["counted_as"].isin(stage_of)].assign(
        stage=lambda f: f["counted_as"].map(stage_of))
    dates = dict(zip(tables.sources["source_id"], tables.sources["date"], strict=True))
    rolled["date"] = rolled["source_id"].map(dates)
    if by == "survivor":
        who = tables.informants.loc[tables.informants["role"] == role, "informant_id"]
        subjects = list(who)
        concerned = rolled.assign(subject=rolled["source_informants"].fillna("").str.split(";"))
        concerned = concerned.explode("subject")
        concerned = concerned[concerned["subject"].isin(subjects)]
    elif by == "source":
        subjects = list(tables.sources["source_id"])
        concerned = rolled.assign(subject=rolled["source_id"])
    else:
        raise AnalysisError(t("analysis.bad_choice", name="by", value=by,
                              choices="survivor, source"))
    rows = []
    for subject in subjects:
        mine = concerned[concerned["subject"] == subject]
        evidenced = set(mine["stage"])
        last = max(evidenced, default=0)
        for code in stages:
            here = mine[mine["stage"] == code.stage]
            rows.append({
                "subject": subject, "stage": code.stage, "stage_name": code.name(lang),
                "evidenced": code.stage in evidenced,
                "passages": len(here.drop_duplicates(PASSAGE)),
                "sources": ";".join(sorted(set(here["source_id"]))),
                "kinds": ";".join(k for k in SOURCE_KINDS if k in set(here["source_kind"])),
                "voices": ";".join(sorted(set(here["voice"].dropna()))),
                "first_date": min(here["date"].dropna(), default=None),
                "gap": code.stage not in evidenced and code.stage < last,
            })
    columns = ["subject", "stage", "stage_name", "evidenced", "passages", "sources", "kinds",
               "voices", "first_date", "gap"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns={"subject": "survivor" if by == "survivor" else "source_id"})


def triangulation(
    data: ProjectLike | StudyTables,
    level: Literal["stage", "code"] = "stage",
    *,
    codes: list[str] | None = None,
    lang: str = "id",
    **filters,
) -> pd.DataFrame:
    """Evidence per stage (or code) by technique and by informant role, with a verdict.

    Technique columns count passages per source kind (wawancara, observasi, dokumen);
    role columns count passages in the words of informants of each role: an
    informant's own interview turns, not documents or field notes about her. ``verdict``:
    ``both`` (two or more techniques and two or more roles), ``technique``, ``source``,
    ``single`` (one technique and at most one role) or ``none`` (no evidence);
    ``verdict_label`` gives it in words for the report.
    """
    tables = study_tables(data, **filters)
    if level == "stage":
        rows = list(tables.codebook.stages())
    elif level == "code":
        rows = [tables.codebook[c] for c in codes] if codes else list(tables.codebook)
    else:
        raise AnalysisError(t("analysis.bad_choice", name="level", value=level,
                              choices="stage, code"))
    rolled = rolled_up(tables.codings, tables.codebook)
    rolled = rolled[rolled["counted_as"].isin({c.id for c in rows})]
    passages = distinct_passages(rolled, by=["counted_as"])
    roles = list(dict.fromkeys(tables.informants["role"]))
    by_kind = passages.groupby(["counted_as", "source_kind"]).size().unstack(fill_value=0)
    by_role = passages.groupby(["counted_as", "voice_role"]).size().unstack(fill_value=0)
    out = pd.DataFrame({"code_id": [c.id for c in rows], "name": [c.name(lang) for c in rows]})
    if level == "stage":
        out.insert(1, "stage", [c.stage for c in rows])
    for kind in SOURCE_KINDS:
        out[kind] = out["code_id"].map(by_kind.get(kind, {})).fillna(0).astype("int64")
    for role in roles:
        out[role] = out["code_id"].map(by_role.get(role, {})).fillna(0).astype("int64")
    techniques = (out[list(SOURCE_KINDS)] > 0).sum(axis=1)
    voices = (out[roles] > 0).sum(axis=1) if roles else pd.Series(0, index=out.index)
    out["techniques"], out["roles"] = techniques, voices
    out["verdict"] = [
        "none" if k == 0 else "both" if k >= 2 and r >= 2 else "technique" if k >= 2
        else "source" if r >= 2 else "single"
        for k, r in zip(techniques, voices, strict=True)
    ]
    out["verdict_label"] = [t(f"analysis.verdict.{v}", lang) for v in out["verdict"]]
    return out
