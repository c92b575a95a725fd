"""Where coders differ, side by side, and recording the agreed coding.

:func:`disagreements` lists every unit (sentence, turn, paragraph) and code that some
but not all compared coders applied, with the unit's text and each coder's codes on
it, to discuss and resolve. :func:`resolve` records the outcome under a consensus
coder through the Project's coding API (so the store audits it), with a memo saying
it is a resolution.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ReliabilityError
from ..i18n import language, t
from .inputs import check_choice
from .scope import DEFAULT_STATUSES, SEGMENT_UNITS, presence, select, units_table
from .table import code_name

if TYPE_CHECKING:
    from ..project import Project

CONSENSUS_CODER = "konsensus"
"""The default coder name under which resolutions are recorded."""

BASE_COLUMNS: list[str] = ["source_id", "unit", "unit_index", "start", "end", "text",
                           "code_id", "code_name", "applied_by", "not_applied_by"]


def codes_column(coder: str) -> str:
    """The column holding the codes ``coder`` applied to the unit."""
    return f"codes_{coder}"


def disagreements(proj: Project, coders: Sequence[str], code: str | None = None,
                  unit: str = "sentence", *, sources: str | Iterable[str] | None = None,
                  statuses: str | Iterable[str] = DEFAULT_STATUSES,
                  lang: str | None = None) -> pd.DataFrame:
    """The units where ``coders`` differ: one row per unit and disputed code.

    Columns: ``source_id, unit, unit_index, start, end`` (the unit's span), ``text``,
    ``code_id``, ``code_name``, ``applied_by`` / ``not_applied_by`` (";"-joined
    coders), then ``codes_<coder>`` per coder: every code that coder applied to the
    unit (";"-joined, codebook order), for context. ``code`` limits the rows to one
    code. Units and scope as in :func:`.compare.compare` (a unit counts as coded when
    a coding overlaps it). Sorted by source, position and codebook order.
    """
    check_choice(unit, "unit", SEGMENT_UNITS)
    with language(lang) if lang else contextlib.nullcontext():
        scope = select(proj, coders, sources=sources, statuses=statuses)
        if code is not None:
            book = proj.codebook
            if book is None or code not in book:
                raise ReliabilityError(t("reliability.compare.error.unknown_code", code=code))
            code = book.get(code).id
        units = units_table(proj, unit, scope.sources)
        array = presence(scope, units)
    texts = {s: proj.source(s).text for s in scope.sources}
    names = {c: code_name(proj, c, lang) for c in scope.codes}
    rows: list[dict[str, Any]] = []
    for position, item in enumerate(units.itertuples(index=False)):
        applied = array[:, :, position]  # codes x coders
        disputed = [i for i, c in enumerate(scope.codes)
                    if 0 < applied[i].sum() < len(scope.coders) and code in (None, c)]
        if not disputed:
            continue
        context = {codes_column(coder): ";".join(c for i, c in enumerate(scope.codes)
                                                 if applied[i, k])
                   for k, coder in enumerate(scope.coders)}
        for i in disputed:
            rows.append({
                "source_id": item.source_id, "unit": unit, "unit_index": int(item.unit_index),
                "start": int(item.start), "end": int(item.end),
                "text": texts[item.source_id][item.start:item.end],
                "code_id": scope.codes[i], "code_name": names[scope.codes[i]],
                "applied_by": ";".join(c for k, c in enumerate(scope.coders) if applied[i, k]),
                "not_applied_by": ";".join(c for k, c in enumerate(scope.coders)
                                           if not applied[i, k]),
                **context})
    columns = BASE_COLUMNS + [codes_column(c) for c in scope.coders]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"unit_index": "int64", "start": "int64", "end": "int64"})


def resolve(proj: Project, source: str | None = None, start: int | None = None,
            end: int | None = None, code: str | None = None, *,
            row: Mapping[str, Any] | pd.Series | None = None, apply: bool = True,
            coder: str = CONSENSUS_CODER, memo: str | None = None) -> int | None:
    """Record the agreed outcome of a disagreement under the consensus ``coder``.

    Give the passage as ``source, start, end, code`` or as a ``row`` of
    :func:`disagreements` (its unit span and code). With ``apply=True`` the code is
    applied to the passage through ``proj.code`` (audited by the store) with a memo
    saying it is a resolution (plus ``memo``) and the coding id is returned; an
    identical coding of ``coder`` already present is reused, not duplicated. With
    ``apply=False`` (the coders agree the code does not apply) nothing is coded: a
    memo on the source records the decision and None is returned.
    """
    who: tuple[str, str] = ("", "")
    if row is not None:
        if any(v is not None for v in (source, start, end, code)):
            raise ReliabilityError(t("reliability.resolve.error.both"))
        source, start, end, code = (row["source_id"], int(row["start"]), int(row["end"]),
                                    row["code_id"])
        who = (str(row.get("applied_by") or ""), str(row.get("not_applied_by") or ""))
    if source is None or start is None or end is None or code is None:
        raise ReliabilityError(t("reliability.resolve.error.missing"),
                               hint=t("reliability.resolve.hint.missing"))
    start, end = _integer(start), _integer(end)
    decision = t("reliability.resolve.applied" if apply else "reliability.resolve.not_applied")
    text = t("reliability.resolve.memo", decision=decision, code=code, source=source,
             start=start, end=end)
    if any(who):
        text += " " + t("reliability.resolve.memo_coders", applied=who[0] or "-",
                        not_applied=who[1] or "-")
    if memo:
        text += " " + memo
    if not apply:
        proj.memo(text, source=source, coder=coder)
        return None
    existing = proj.codings(coder=coder, code=code, source=source)
    same = existing[(existing["start"] == start) & (existing["end"] == end)]
    if not same.empty:
        return int(same["coding_id"].iloc[0])
    return proj.code(source, code, start=start, end=end, coder=coder, memo=text)


def _integer(value: Any) -> Any:
    """NumPy integers (from a table) as ``int``; anything else is left to ``proj.code``."""
    try:
        return operator.index(value)
    except TypeError:
        return value
