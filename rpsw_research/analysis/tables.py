"""The tidy tables every analysis reads, taken once from a project.

Analysis functions accept a ``Project`` or a :class:`StudyTables`; both give the same
four things: codings, sources, informants and the codebook. Nothing here touches
SQLite: the project hands over DataFrames and the analysis works on those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from ..codebook.model import Codebook
from ..coding.model import REVIEWED_STATUSES, STATUSES
from ..errors import AnalysisError
from ..i18n import t
from ..privacy.consent import (
    drop_withdrawn,
    mask_roles,
    quotable,
    role_hidden,
    withdrawn_informants,
)

REVIEWED = REVIEWED_STATUSES
"""Statuses that count as researcher-confirmed evidence."""


@runtime_checkable
class ProjectLike(Protocol):
    """What analysis needs from a project (``rpsw_research.Project`` provides it)."""

    codebook: Codebook

    def codings(self, coder: Any = None) -> pd.DataFrame: ...

    def sources_table(self) -> pd.DataFrame: ...

    def informants_table(self) -> pd.DataFrame: ...


@dataclass(frozen=True)
class StudyTables:
    """The tables of one study, filtered to the codings an analysis should count.

    ``codings`` has the columns of ``Project.codings()`` plus ``role`` (the role of the
    passage's informant), ``voice`` (the informant whose own words the passage is: set
    only inside her speaker turns) and ``voice_role``; :func:`word_counts` gives the
    words of its passages.
    """

    codings: pd.DataFrame
    sources: pd.DataFrame
    informants: pd.DataFrame
    codebook: Codebook
    project: Any = None
    withdrawn: tuple[str, ...] = ()
    """Informants who withdrew consent: their data are purged from every table."""
    unquotable: tuple[str, ...] = ()
    """Informants whose words may not be quoted (no quote consent, or withdrawn)."""
    consent_recorded: bool = False
    """Whether the project holds a consent register at all."""
    role_hidden: tuple[str, ...] = ()
    """Informants whose role may not be named (no consent to role disclosure)."""



def study_tables(
    data: ProjectLike | StudyTables,
    *,
    coder: str | Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    reviewed_only: bool = False,
) -> StudyTables:
    """Take the tables of ``data`` and keep the codings an analysis counts.

    By default every coding except ``rejected`` suggestions counts; ``reviewed_only``
    keeps manual and accepted codings only; ``statuses`` picks statuses explicitly.
    ``coder`` keeps one coder or several.
    """
    if isinstance(data, StudyTables):
        tables = data
    elif isinstance(data, ProjectLike):
        tables = _with_consent(data, StudyTables(
            codings=data.codings(),
            sources=data.sources_table(),
            informants=data.informants_table(),
            codebook=data.codebook,
            project=data,
        ))
    else:
        raise AnalysisError(t("analysis.not_a_project", kind=type(data).__name__))
    codings = tables.codings
    wanted = tuple(statuses) if statuses is not None else (
        REVIEWED if reviewed_only else ("manual", "accepted", "suggested"))
    unknown = set(wanted) - set(STATUSES)
    if unknown:
        raise AnalysisError(t("analysis.unknown_status", statuses=", ".join(sorted(unknown)),
                              known=", ".join(STATUSES)))
    keep = codings["status"].isin(wanted)
    if coder is not None:
        coders = [coder] if isinstance(coder, str) else list(coder)
        missing = sorted(set(coders) - set(codings["coder"]))
        if missing:
            raise AnalysisError(t("analysis.unknown_coder", coders=", ".join(missing),
                                  known=", ".join(sorted(set(codings["coder"])))))
        keep &= codings["coder"].isin(coders)
    codings = codings.loc[keep].copy()
    roles = dict(zip(tables.informants["informant_id"], tables.informants["role"], strict=True))
    codings["role"] = codings["informant"].map(roles)
    # whose words a passage is: only an informant's own turn is her voice (a case
    # document or field note about her is not)
    codings["voice"] = codings["informant"].where(codings["speaker"].notna(), None)
    codings["voice_role"] = codings["voice"].map(roles)
    return replace(tables, codings=codings.reset_index(drop=True))


def _with_consent(project: Any, tables: StudyTables) -> StudyTables:
    """Apply the project's consent register: purge withdrawn informants' data and
    note whose words may not be quoted."""
    consents = getattr(project, "consents", None)
    records = consents() if callable(consents) else []
    if not records:
        return tables
    withdrawn = tuple(withdrawn_informants(records))
    ids = list(tables.informants["informant_id"])
    unquotable = tuple(i for i in ids if not quotable(i, records))
    informants = tables.informants[~tables.informants["informant_id"].isin(withdrawn)]
    hidden = tuple(role_hidden(ids, records))
    informants = mask_roles(informants, hidden)  # every count and export then hides it
    return replace(tables, codings=drop_withdrawn(tables.codings, records),
                   sources=drop_withdrawn(tables.sources, records),
                   informants=informants.reset_index(drop=True), withdrawn=withdrawn,
                   unquotable=unquotable, consent_recorded=True, role_hidden=hidden)


def word_counts(codings: pd.DataFrame) -> pd.Series:
    """Whitespace-separated words in each coding's text (computed only where needed)."""
    return codings["text"].fillna("").str.split().str.len().astype("int64")


def ancestors_map(codebook: Codebook) -> dict[str, tuple[str, ...]]:
    """Code id -> the code itself followed by its ancestors up to the root."""
    result: dict[str, tuple[str, ...]] = {}
    for code in codebook:
        chain, current = [code.id], code.parent
        while current is not None and current in codebook and current not in chain:
            chain.append(current)
            current = codebook[current].parent
        result[code.id] = tuple(chain)
    return result


def rolled_up(codings: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per (coding, code or ancestor): a parent counts its children's passages.

    The column ``counted_as`` holds the code a row counts toward; ``code_id`` stays the
    code actually applied. Count distinct passages per ``counted_as`` to avoid counting
    one passage twice when two children of one parent code it.
    """
    chains = ancestors_map(codebook)
    rolled = codings.assign(counted_as=codings["code_id"].map(chains))
    rolled = rolled.explode("counted_as")
    rolled["counted_as"] = rolled["counted_as"].fillna(rolled["code_id"])
    return rolled


PASSAGE = ["source_id", "start", "end"]
"""Columns that identify a passage: two codings with the same span are one passage."""

_STATUS_RANK = {"manual": 0, "accepted": 0, "suggested": 1, "rejected": 2}


def distinct_passages(frame: pd.DataFrame, by: Iterable[str] = ()) -> pd.DataFrame:
    """One row per passage (and ``by`` key), keeping a researcher-confirmed coding of it
    when there is one, so a passage both suggested and coded by hand counts as reviewed."""
    ranked = frame.assign(_rank=frame["status"].map(_STATUS_RANK)).sort_values(
        "_rank", kind="stable")
    return ranked.drop_duplicates([*by, *PASSAGE]).drop(columns="_rank").sort_index()


def code_labels(codebook: Codebook, code_ids: Iterable[str], lang: str = "id") -> list[str]:
    """Readable labels for code ids: their names, with the id added to a name that
    two codes of the codebook share (so a label always identifies one code)."""
    all_names = [code.name(lang) for code in codebook]
    labels = []
    for code_id in code_ids:
        name = codebook[code_id].name(lang)
        labels.append(f"{name} ({code_id})" if all_names.count(name) > 1 else name)
    return labels


def overlapping(passages: pd.DataFrame, others: pd.DataFrame) -> pd.Series:
    """For each passage (``source_id, start, end``), whether any of ``others`` overlaps it."""
    hit = pd.Series(False, index=passages.index)
    for source_id, group in others.groupby("source_id"):
        mine = passages.index[passages["source_id"] == source_id]
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        for index in mine:
            a, b = passages.at[index, "start"], passages.at[index, "end"]
            hit[index] = bool(((starts < b) & (ends > a)).any())
    return hit
