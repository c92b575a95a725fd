"""Representative quotes with full citation data, spread across informants."""

from __future__ import annotations

import pandas as pd

from ..corpus.informants import BUILTIN_ROLES
from ..corpus.model import SOURCE_KINDS
from ..i18n import format_date, t
from .tables import (
    ProjectLike,
    StudyTables,
    distinct_passages,
    overlapping,
    rolled_up,
    study_tables,
    word_counts,
)

_STATUS_RANK = {"manual": 0, "accepted": 0, "suggested": 1}
_IDEAL_WORDS = (12, 80)


def quotes(
    data: ProjectLike | StudyTables,
    code: str,
    n: int = 3,
    *,
    per_informant: int = 1,
    max_chars: int = 400,
    kinds: tuple[str, ...] | None = None,
    exclude_codes: tuple[str, ...] | list[str] = (),
    lang: str = "id",
    **filters,
) -> pd.DataFrame:
    """Up to ``n`` passages coded ``code`` (or a descendant) to quote in a report.

    Researcher-confirmed codings (manual, accepted) come before unreviewed suggestions;
    interviews before observations and documents; passages of a quotable length (about
    12 to 80 words) before very short or long ones. Informants are taken in turn, at
    most ``per_informant`` each, so the quotes spread across voices; if that leaves
    fewer than ``n``, further passages fill up. Text longer than ``max_chars`` is cut
    at a word boundary with an ellipsis. Each row carries its citation
    (``citation``) in the thesis style. Informants whose consent register entry does
    not allow quotes (or who withdrew) are never quoted, nor are the interviewer's own
    questions. Passages overlapping a coding of ``exclude_codes`` (or their
    descendants) are left out: a report that hides sensitive codes passes them here.
    """
    tables = study_tables(data, **filters)
    tables.codebook[code]  # unknown code -> UnknownCodeError naming it
    rolled = rolled_up(tables.codings, tables.codebook)
    found = distinct_passages(rolled[rolled["counted_as"] == code])
    if kinds is not None:
        found = found[found["source_kind"].isin(kinds)]
    interviewer = found["speaker"].notna() & found["voice"].isna()
    found = found[found["status"].isin(_STATUS_RANK) & ~interviewer
                  & ~found["informant"].isin(tables.unquotable)]
    if len(exclude_codes):
        found = found[~overlapping(found, rolled[rolled["counted_as"].isin(exclude_codes)])]
    if found.empty:
        return _empty()
    kind_rank = {kind: i for i, kind in enumerate(SOURCE_KINDS)}
    low, high = _IDEAL_WORDS
    found = found.assign(
        _status=found["status"].map(_STATUS_RANK),
        _kind=found["source_kind"].map(kind_rank).fillna(len(kind_rank)),
        _length=((word_counts(found) < low) | (word_counts(found) > high)).astype(int),
        _voice=found["informant"].fillna(found["source_id"]),
    ).sort_values(["_status", "_kind", "_length", "source_id", "start"], kind="stable")
    found["_rank"] = found.groupby("_voice").cumcount()
    spread = found[found["_rank"] < per_informant].sort_values(
        ["_rank", "_status", "_kind", "_length", "source_id", "start"], kind="stable")
    chosen = pd.concat([spread, found.drop(spread.index)]).head(n)
    return _with_citations(chosen, tables, max_chars, lang)


def citation(row: dict, lang: str = "id") -> str:
    """The thesis-style citation of a passage (footnote text), e.g.
    ``K1, perempuan korban trafiking, Wawancara Pribadi, RPSW Jakarta, 12 Maret 2014.``"""
    date = format_date(row.get("date"), lang)
    place = row.get("place") or ""
    if row.get("source_kind") == "wawancara" and row.get("informant"):
        text = t("analysis.cite.interview", lang, informant=row["informant"],
                 role=row.get("role_label") or role_label(row.get("role"), lang),
                 place=place, date=date)
    elif row.get("source_kind") == "observasi":
        text = t("analysis.cite.observation", lang, title=row.get("title") or row["source_id"],
                 place=place, date=date)
    else:
        text = t("analysis.cite.document", lang, title=row.get("title") or row["source_id"],
                 date=date)
    return ", ".join(part for part in text.split(", ") if part.strip()) .rstrip(", .") + "."


def role_label(role: str | None, lang: str = "id") -> str:
    """The readable label of a role id (``korban`` -> ``perempuan korban trafiking``)."""
    if not role:
        return ""
    known = {r.id: r for r in BUILTIN_ROLES}
    if role in known:
        return known[role].label_id if lang == "id" else known[role].label_en
    return role.replace("_", " ")


def shorten(text: str, max_chars: int) -> str:
    """``text`` cut at a word boundary to at most ``max_chars`` with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _with_citations(chosen: pd.DataFrame, tables: StudyTables, max_chars: int,
                    lang: str) -> pd.DataFrame:
    meta = tables.sources.set_index("source_id")[["date", "place", "title"]]
    out = chosen.join(meta, on="source_id")
    out["quote"] = out["text"].map(lambda s: shorten(s, max_chars))
    out["citation"] = [citation(row, lang) for row in out.to_dict("records")]
    return out[_COLUMNS].reset_index(drop=True)


_COLUMNS = ["coding_id", "code_id", "informant", "role", "source_id", "source_kind", "date",
            "place", "title", "status", "coder", "start", "end", "text", "quote", "citation"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=_COLUMNS)
