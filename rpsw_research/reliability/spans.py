"""Agreement on the characters of a project's sources: NVivo's comparison and uα.

- :func:`character_table` (``compare(..., unit="character")``): NVivo's Coding
  Comparison for two coders, per code and source, from
  :func:`.continuum.character_counts`, with one pooled row per code (the 2x2 counts
  summed over sources) and an overall row (summed over codes and sources).
- :func:`unitizing` (``compare(..., unit="span")``): Krippendorff's unitizing alpha
  (:func:`.unitizing.u_alpha`) per code and overall, over the compared sources' texts
  laid end to end as one continuum.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ReliabilityError, UndefinedAgreementError
from ..i18n import language, status_words, t
from .coefficients import bennett_s
from .continuum import (
    CharacterCounts,
    character_counts,
    character_kappa,
    character_percent_agreement,
)
from .inputs import Span
from .scope import DEFAULT_STATUSES, Scope, select
from .table import Row, code_name, coded_by, counts, frame
from .unitizing import u_alpha

if TYPE_CHECKING:
    from ..project import Project


def _spans(codings: pd.DataFrame, coder: str) -> list[tuple[int, int]]:
    mine = codings[codings["coder"] == coder]
    return list(zip(mine["start"].astype(int), mine["end"].astype(int), strict=True))


def _character_row(found: CharacterCounts, names: Sequence[str], lang: str | None,
                   **fields: Any) -> Row:
    a, b = names
    row = Row(lang, **fields)
    row.fields.update({coded_by(a): found.both + found.a_only,
                       coded_by(b): found.both + found.b_only,
                       "n_coded_all": found.both, "n_coded_none": found.neither,
                       "n_disagree": found.a_only + found.b_only})
    row.value("percent_agreement", lambda: character_percent_agreement(found))
    row.value("kappa", lambda: character_kappa(found))
    row.value("kappa_bp", lambda: bennett_s(found.table))
    row.empty(t("reliability.compare.note.alpha_character", lang))
    return row


def _add(x: CharacterCounts, y: CharacterCounts) -> CharacterCounts:
    return CharacterCounts(x.both + y.both, x.a_only + y.a_only, x.b_only + y.b_only,
                           x.neither + y.neither)


def character_table(proj: Project, scope: Scope, *, exclude_uncoded: bool = False,
                    lang: str | None = None) -> pd.DataFrame:
    """NVivo's coding comparison of two coders: per code and source, per code, overall.

    ``exclude_uncoded`` leaves out the code x source combinations neither coder coded
    (NVivo lists them with 100% agreement); pooled rows then sum the remaining ones.
    """
    if len(scope.coders) != 2:
        raise ReliabilityError(t("reliability.compare.error.character_coders",
                                 n=len(scope.coders)),
                               hint=t("reliability.compare.hint.character_coders"))
    a, b = scope.coders
    lengths = {s: len(proj.source(s).text) for s in scope.sources}
    groups = dict(tuple(scope.codings.groupby(["code_id", "source_id"], sort=False)))
    base = {"unit": "character", "coders": f"{a};{b}"}
    method = t("reliability.compare.method.character", lang, sources=len(scope.sources),
               n=sum(lengths.values()),
               which=t("reliability.compare.method.sources_"
                       + ("given" if scope.sources_given else "common"), lang),
               statuses=status_words(scope.statuses))
    rows: list[dict[str, Any]] = []
    total = CharacterCounts(0, 0, 0, 0)
    n_total = n_combinations = 0
    for code in scope.codes:
        name = code_name(proj, code, lang)
        pooled = CharacterCounts(0, 0, 0, 0)
        n_pooled = 0
        for source_id, length in lengths.items():
            mine = groups.get((code, source_id))
            if mine is None and exclude_uncoded:
                continue
            mine = mine if mine is not None else scope.codings.iloc[:0]
            found = character_counts(_spans(mine, a), _spans(mine, b), length=length)
            rows.append(_character_row(found, scope.coders, lang, scope="code_source",
                                       code_id=code, code_name=name, source_id=source_id,
                                       n_units=length, n_decisions=length, **base
                                       ).finish(method))
            pooled, n_pooled = _add(pooled, found), n_pooled + 1
        total, n_combinations = _add(total, pooled), n_combinations + n_pooled
        n_total += pooled.total
        row = _character_row(pooled, scope.coders, lang, scope="code", code_id=code,
                             code_name=name, source_id=None, n_units=pooled.total,
                             n_decisions=pooled.total, **base)
        rows.append(_finish_pooled(row, pooled, n_pooled, method, lang))
    overall = _character_row(total, scope.coders, lang, scope="overall", code_id=None,
                             code_name=t("reliability.compare.overall", lang),
                             source_id=None, n_units=sum(lengths.values()),
                             n_decisions=n_total, **base)
    rows.append(_finish_pooled(overall, total, n_combinations, method, lang))
    return frame(rows, scope.coders)


def _finish_pooled(row: Row, found: CharacterCounts, n: int, method: str,
                   lang: str | None) -> dict[str, Any]:
    if found.total == 0:
        row.empty(t("reliability.compare.note.nothing_pooled", lang))
    return row.finish(method + "; " + t("reliability.compare.method.character_pooled",
                                        lang, n=n))


def _continuum(proj: Project, scope: Scope) -> tuple[int, dict[str, int]]:
    """Length of the sources laid end to end, and each source's offset in it."""
    offsets, cursor = {}, 0
    for source_id in scope.sources:
        offsets[source_id] = cursor
        cursor += len(proj.source(source_id).text)
    return cursor, offsets


def span_table(proj: Project, scope: Scope, *, lang: str | None = None) -> pd.DataFrame:
    """Krippendorff's unitizing alpha per code and overall for a checked :class:`Scope`."""
    length, offsets = _continuum(proj, scope)
    codings = scope.codings
    shifted = (codings["source_id"].map(offsets) + codings["start"]).astype(int).to_numpy()
    ends = (codings["source_id"].map(offsets) + codings["end"]).astype(int).to_numpy()
    spans = [Span(coder, code, int(s), int(e - s)) for coder, code, s, e in
             zip(codings["coder"], codings["code_id"], shifted, ends, strict=True)]
    result, problem = None, None
    try:
        result = u_alpha(spans, begin=0, length=length, coders=list(scope.coders),
                         categories=list(scope.codes))
    except UndefinedAgreementError as exc:
        problem = exc.message
    except ReliabilityError as exc:  # no code marked at all
        problem = exc.message
    masks = {}
    for code in scope.codes:
        mask = np.zeros((len(scope.coders), length), dtype=bool)
        mine = codings["code_id"].to_numpy() == code
        for i, coder in enumerate(scope.coders):
            pick = mine & (codings["coder"].to_numpy() == coder)
            for s, e in zip(shifted[pick], ends[pick], strict=True):
                mask[i, s:e] = True
        masks[code] = mask
    base = {"unit": "span", "source_id": None, "coders": ";".join(scope.coders),
            "n_units": length}
    method = t("reliability.compare.method.span", lang, sources=len(scope.sources), n=length,
               which=t("reliability.compare.method.sources_"
                       + ("given" if scope.sources_given else "common"), lang),
               statuses=status_words(scope.statuses))
    rows = []
    by_code = result.by_category if result is not None else {}
    for code in scope.codes:
        row = _span_row(masks[code], scope, lang, scope="code", code_id=code,
                        code_name=code_name(proj, code, lang), **base)
        if code in by_code:
            row.fields["alpha"] = by_code[code].value
        else:
            row.empty(problem or t("reliability.compare.note.not_marked", lang))
        rows.append(row.finish(method))
    pooled = (np.concatenate(list(masks.values()), axis=1) if masks
              else np.zeros((len(scope.coders), 0), dtype=bool))
    overall = _span_row(pooled, scope, lang, scope="overall", code_id=None,
                        code_name=t("reliability.compare.overall", lang), **base)
    if result is not None:
        overall.fields["alpha"] = result.value
        method += "; " + t("reliability.compare.method.span_overall", lang,
                           codes=len(result.per_category), macro=f"{result.macro:.3f}")
    else:
        overall.empty(problem or t("reliability.compare.note.no_codes", lang))
    rows.append(overall.finish(method))
    return frame(rows, scope.coders)


def _span_row(mask: np.ndarray, chosen: Scope, lang: str | None, **fields: Any) -> Row:
    row = Row(lang, **fields, **counts(mask, chosen.coders))
    row.empty(t("reliability.compare.note.span_only_alpha", lang))
    return row


def unitizing(proj: Project, coders: Sequence[str], *,
              codes: str | Iterable[str] | None = None,
              sources: str | Iterable[str] | None = None,
              statuses: str | Iterable[str] = DEFAULT_STATUSES,
              lang: str | None = None) -> pd.DataFrame:
    """Krippendorff's unitizing alpha (uα) of ``coders`` per code and overall.

    The sources (default: those every coder coded) are laid end to end as one
    continuum of characters; each coder's codings of a code are that coder's units
    (overlapping ones merged). Per-code rows hold uα of the code, the overall row
    1 - mean D_o / mean D_e over the codes (the macro mean is in ``method``). Same
    columns as :func:`.compare.compare`; ``n_coded_*`` count characters.
    """
    with language(lang) if lang else contextlib.nullcontext():
        scope = select(proj, coders, codes=codes, sources=sources, statuses=statuses)
        return span_table(proj, scope, lang=lang)
