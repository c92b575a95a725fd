"""Inter-coder agreement of a project: ``compare(proj, coders=[...], unit=...)``.

The project-level half of reliability: it takes the coders' codings from a
:class:`~rpsw_research.project.Project`, turns them into the inputs of the plain-data
coefficients of this package (no coefficient is computed twice) and returns one tidy
table (columns in :mod:`.table`): one row per code and an overall row.

Units:

- ``"sentence"``, ``"turn"``, ``"paragraph"``: presence/absence of each code per unit.
  A unit counts as coded with code c by coder X when one of X's codings with c
  overlaps it. Units no coder coded are agreement on absence (the NVivo/Cohen
  convention); ``exclude_uncoded=True`` drops the units no coder coded with any
  compared code. The overall row pools every unit x code decision.
- ``"document"``: presence of each code per source (MAXQDA's "code existence in the
  document", variation 1), with Brennan-Prediger's kappa beside Cohen's.
- ``"character"``: NVivo's coding comparison per code and source on characters, with
  a pooled row per code and overall (:mod:`.spans`).
- ``"span"``: Krippendorff's unitizing alpha per code and overall
  (:func:`.spans.unitizing`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ReliabilityError
from ..i18n import language, status_words, t
from .coefficients import bennett_s, cohen_kappa, percent_agreement
from .inputs import check_choice
from .multi import fleiss_kappa, krippendorff_alpha, pairwise_agreement
from .scope import (
    DEFAULT_STATUSES,
    SEGMENT_UNITS,
    Scope,
    document_presence,
    presence,
    select,
    units_table,
)
from .table import Row, code_name, counts, frame

if TYPE_CHECKING:
    from ..project import Project

UNITS: tuple[str, ...] = (*SEGMENT_UNITS, "document", "character", "span")
_BINARY = [0, 1]


def compare(proj: Project, coders: Sequence[str], unit: str = "sentence", *,
            codes: str | Iterable[str] | None = None,
            sources: str | Iterable[str] | None = None,
            statuses: str | Iterable[str] = DEFAULT_STATUSES,
            exclude_uncoded: bool = False, lang: str | None = None) -> pd.DataFrame:
    """Agreement of ``coders`` per code and overall, as a tidy DataFrame.

    ``unit`` is ``"sentence"``, ``"turn"``, ``"paragraph"``, ``"document"``,
    ``"character"`` (NVivo) or ``"span"`` (unitizing alpha). ``codes`` and ``sources``
    restrict the comparison (default: the codes the coders applied, in codebook order,
    on the sources every coder coded); ``statuses`` the codings that count (default
    ``manual`` and ``accepted``). Text (method, notes, interpretations, errors) is in
    ``lang`` (default: the current language).

    Raises :class:`ReliabilityError` for fewer than two coders, a coder without
    codings, no common source or fewer than two units. A coefficient that is undefined
    on the data (no variation) is NaN and the row's ``note`` says why, with the
    observed agreement.
    """
    check_choice(unit, "unit", UNITS)
    with language(lang) if lang else contextlib.nullcontext():
        scope = select(proj, coders, codes=codes, sources=sources, statuses=statuses)
        if unit in ("character", "span"):
            from .spans import character_table, span_table

            if unit == "character":
                return character_table(proj, scope, exclude_uncoded=exclude_uncoded,
                                       lang=lang)
            if exclude_uncoded:
                raise ReliabilityError(t("reliability.compare.error.exclude_span"))
            return span_table(proj, scope, lang=lang)
        return _presence_table(proj, scope, unit, exclude_uncoded, lang)


def _presence_table(proj: Project, scope: Scope, unit: str, exclude_uncoded: bool,
                    lang: str | None) -> pd.DataFrame:
    if unit == "document":
        array = document_presence(scope)
    else:
        units = units_table(proj, unit, scope.sources)
        if units.empty:
            raise ReliabilityError(t("reliability.compare.error.no_units",
                                     unit=t(f"reliability.compare.unit.{unit}")),
                                   hint=t("reliability.compare.hint.no_units"))
        array = presence(scope, units)
    n_all = array.shape[2]
    if exclude_uncoded:
        array = array[:, :, array.any(axis=(0, 1))]
    if array.shape[2] < 2:
        raise ReliabilityError(t("reliability.error.few_units", n=array.shape[2]),
                               hint=t("reliability.hint.few_units"))
    method = _method(scope, unit, array.shape[2], n_all - array.shape[2], exclude_uncoded,
                     lang)
    base = {"unit": unit, "source_id": None, "coders": ";".join(scope.coders),
            "n_units": array.shape[2]}
    rows = [_row(array[i], scope.coders, lang, scope="code", code_id=code,
                 code_name=code_name(proj, code, lang), **base).finish(method)
            for i, code in enumerate(scope.codes)]
    pooled = np.concatenate(list(array), axis=1) if len(scope.codes) else array[:, :, :0]
    overall = _row(pooled, scope.coders, lang, scope="overall", code_id=None,
                   code_name=t("reliability.compare.overall", lang), **base)
    if not len(scope.codes):
        overall.empty(t("reliability.compare.note.no_codes", lang))
    rows.append(overall.finish(method + "; " + t(
        "reliability.compare.method.pooled", lang, n=pooled.shape[1], codes=len(scope.codes))))
    return frame(rows, scope.coders)


def _row(matrix: np.ndarray, names: Sequence[str], lang: str | None, **fields: Any) -> Row:
    """A row of coefficients on one coders x decisions 0/1 matrix (coders ``names``)."""
    row = Row(lang, **fields, **counts(matrix, names))
    if matrix.shape[1] == 0:
        return row
    values = matrix.tolist()
    if len(names) == 2:
        a, b = values
        row.value("percent_agreement", lambda: percent_agreement(a, b, categories=_BINARY))
        row.value("kappa", lambda: cohen_kappa(a, b, categories=_BINARY))
        row.value("kappa_bp", lambda: bennett_s(a, b, categories=_BINARY))
    else:
        row.value("percent_agreement", lambda: pairwise_agreement(values))
        row.value("kappa", lambda: fleiss_kappa(values))
        row.empty(t("reliability.compare.note.bp_two_coders", lang))
    row.value("alpha", lambda: krippendorff_alpha(values, "nominal"))
    return row


def _method(scope: Scope, unit: str, n_units: int, n_dropped: int, exclude_uncoded: bool,
            lang: str | None) -> str:
    """What was computed, in words (one text for every row of the table)."""
    two = len(scope.coders) == 2
    kappa = "cohen_kappa" if two else "fleiss_kappa"
    parts = [
        t("reliability.compare.method.units", lang, n=n_units,
          unit=t(f"reliability.compare.unit.{unit}", lang), sources=len(scope.sources),
          which=t("reliability.compare.method.sources_"
                  + ("given" if scope.sources_given else "common"), lang)),
        t("reliability.compare.method.presence_" + ("document" if unit == "document"
                                                    else "segment"), lang),
        (t("reliability.compare.method.uncoded_excluded", lang, n=n_dropped)
         if exclude_uncoded else t("reliability.compare.method.uncoded_included", lang)),
        t("reliability.compare.method.coefficients", lang,
          percent=t("reliability.method.percent_agreement", lang)
          + ("" if two else " " + t("reliability.compare.method.pairwise", lang)),
          kappa=t(f"reliability.method.{kappa}", lang),
          alpha=t("reliability.method.krippendorff_alpha_nominal", lang)),
    ]
    if two:
        parts.append(t("reliability.compare.method.bp", lang,
                       bp=t("reliability.method.bennett_s", lang)))
    parts.append(t("reliability.compare.method.statuses", lang,
                   statuses=status_words(scope.statuses)))
    return "; ".join(parts)
