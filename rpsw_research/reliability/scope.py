"""What a project-level comparison looks at: coders, sources, codes, codings and units.

:func:`select` checks the coders, codes, sources and review statuses a comparison
names and returns a :class:`Scope` holding the matching codings. :func:`units_table`
gives the coding units (turns, paragraphs, sentences) of the compared sources, and
:func:`presence` the codes x coders x units 0/1 array the coefficients run on.

Default scope: the sources every compared coder coded (a second coder usually codes a
sample: sources they never saw would count as disagreement otherwise), the codes any
compared coder applied there, codings with status ``manual`` or ``accepted``
(suggested or rejected auto codings are not a coder's decision).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..coding.model import REVIEWED_STATUSES, STATUSES
from ..errors import ReliabilityError
from ..i18n import status_words, t
from ..privacy.consent import drop_withdrawn
from .inputs import check_choice, presence_matrix

if TYPE_CHECKING:
    from ..project import Project

DEFAULT_STATUSES: tuple[str, ...] = REVIEWED_STATUSES
"""Codings that count as a coder's decision: hand codings and accepted suggestions."""

SEGMENT_UNITS: tuple[str, ...] = ("sentence", "turn", "paragraph")
UNIT_COLUMNS: list[str] = ["source_id", "unit_index", "start", "end"]


@dataclass(frozen=True)
class Scope:
    """The coders, sources and codes compared and the codings among them.

    ``sources_given`` tells whether the caller named the sources (else they are the
    sources every coder coded). ``codings`` is the project's codings table filtered to
    the coders, sources, codes and statuses.
    """

    coders: tuple[str, ...]
    sources: tuple[str, ...]
    codes: tuple[str, ...]
    statuses: tuple[str, ...]
    sources_given: bool
    codings: pd.DataFrame


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(dict.fromkeys(value))


def _check_coders(coders: Sequence[str] | str) -> tuple[str, ...]:
    names = [coders] if isinstance(coders, str) else list(coders)
    if len(set(names)) != len(names):
        raise ReliabilityError(t("reliability.compare.error.duplicate_coder",
                                 coders=", ".join(map(str, names))))
    if len(names) < 2:
        raise ReliabilityError(t("reliability.error.one_coder", n=len(names)),
                               hint=t("reliability.hint.one_coder"))
    return tuple(str(name) for name in names)


def _check_statuses(statuses: str | Iterable[str]) -> tuple[str, ...]:
    chosen = _as_list(statuses) or []
    for status in chosen:
        check_choice(status, "statuses", STATUSES)
    if not chosen:
        check_choice(None, "statuses", STATUSES)
    return tuple(chosen)


def _code_order(proj: Project, used: Iterable[str]) -> list[str]:
    """Codes in codebook order (unknown ones after, sorted)."""
    wanted = set(used)
    book = proj.codebook
    ordered = [code.id for code in book if code.id in wanted] if book is not None else []
    return ordered + sorted(wanted - set(ordered))


def select(proj: Project, coders: Sequence[str] | str, *,
           codes: str | Iterable[str] | None = None,
           sources: str | Iterable[str] | None = None,
           statuses: str | Iterable[str] = DEFAULT_STATUSES) -> Scope:
    """Check the arguments of a comparison and collect its codings.

    Codings of informants who withdrew consent are left out. Raises
    :class:`ReliabilityError` for fewer than two coders, a coder without any
    coding in the compared sources, no source coded by every coder, or a code that is
    not in the codebook; :class:`UnknownSourceError` for an unknown source.
    """
    names = _check_coders(coders)
    chosen = _check_statuses(statuses)
    table = proj.codings(coder=list(names))
    table = table[table["status"].isin(chosen)]
    consents = getattr(proj, "consents", None)
    if callable(consents):  # informants who withdrew are purged from every output
        table = drop_withdrawn(table, consents())
    given = _as_list(sources)
    if given is None:
        sets = [set(table.loc[table["coder"] == name, "source_id"]) for name in names]
        for name, found in zip(names, sets, strict=True):
            if not found:
                raise _no_codings(proj, name, chosen)
        common = sorted(set.intersection(*sets))
        if not common:
            raise ReliabilityError(
                t("reliability.compare.error.no_common_source", coders=", ".join(names)),
                hint=t("reliability.compare.hint.no_common_source"))
        source_ids = common
    else:
        source_ids = sorted(proj.source(source_id).id for source_id in given)
        table = table[table["source_id"].isin(source_ids)]
        for name in names:
            if not (table["coder"] == name).any():
                raise _no_codings(proj, name, chosen)
    table = table[table["source_id"].isin(source_ids)]
    wanted = _as_list(codes)
    if wanted is None:
        code_ids = _code_order(proj, table["code_id"])
    else:
        book = proj.codebook
        for code in wanted:
            if book is None or code not in book:
                raise ReliabilityError(t("reliability.compare.error.unknown_code", code=code))
        code_ids = [book.get(code).id for code in wanted]  # type: ignore[union-attr]
        table = table[table["code_id"].isin(code_ids)]
    return Scope(coders=names, sources=tuple(source_ids), codes=tuple(code_ids),
                 statuses=chosen, sources_given=given is not None,
                 codings=table.reset_index(drop=True))


def _no_codings(proj: Project, coder: str, statuses: tuple[str, ...]) -> ReliabilityError:
    known = proj.coders()
    with_codings = known.loc[known["codings"] > 0, "coder"].tolist()
    return ReliabilityError(
        t("reliability.compare.error.no_codings", coder=coder, statuses=status_words(statuses),
          known=", ".join(with_codings) or "-"),
        hint=t("reliability.compare.hint.no_codings"))


def units_table(proj: Project, unit: str, sources: Iterable[str]) -> pd.DataFrame:
    """The units of kind ``unit`` of ``sources``: ``source_id, unit_index, start, end``,
    from ``proj.segments_table`` (sentences come from the NLP layer, cached in the
    project). Sorted by source and start.
    """
    check_choice(unit, "unit", SEGMENT_UNITS)
    table = proj.segments_table(unit)
    table = table.loc[table["source_id"].isin(list(sources)), UNIT_COLUMNS]
    table = table.astype({"start": "int64", "end": "int64"})
    return table.sort_values(["source_id", "start", "end"], kind="stable").reset_index(drop=True)


def presence(scope: Scope, units: pd.DataFrame) -> np.ndarray:
    """codes x coders x units 0/1 array: did the coder apply the code to the unit?

    A unit counts as coded when one of the coder's codings of the code overlaps it by
    at least one character (:func:`.inputs.presence_matrix`). ``units`` is a units
    table (rows in the order of the result's last axis).
    """
    out = np.zeros((len(scope.codes), len(scope.coders), len(units)), dtype=np.int8)
    by_source = dict(tuple(scope.codings.groupby("source_id", sort=False)))
    for source_id, rows in units.groupby("source_id", sort=False):
        mine = by_source.get(source_id)
        if mine is None:
            continue
        positions = rows.index.to_numpy()
        spans = list(zip(rows["start"], rows["end"], strict=True))
        for i, code in enumerate(scope.codes):
            matrix = presence_matrix(mine, spans, code=code, coders=scope.coders)
            out[i][:, positions] = matrix.to_numpy()
    return out


def document_presence(scope: Scope) -> np.ndarray:
    """codes x coders x sources 0/1 array: did the coder apply the code in the source?"""
    out = np.zeros((len(scope.codes), len(scope.coders), len(scope.sources)), dtype=np.int8)
    index = {name: i for i, name in enumerate(scope.sources)}
    codes = {code: i for i, code in enumerate(scope.codes)}
    coders = {name: i for i, name in enumerate(scope.coders)}
    pairs = scope.codings[["code_id", "coder", "source_id"]].drop_duplicates()
    for code, coder, source_id in pairs.itertuples(index=False):
        out[codes[code], coders[coder], index[source_id]] = 1
    return out

