"""Krippendorff's unitizing alpha (uα) for coded text spans.

The formulas of Krippendorff (1995, 2004) as coded in DKPro's
``KrippendorffAlphaUnitizingAgreement`` (see ``reference/icr/METHODS.md`` §4).
The continuum is ``[begin, begin + length)`` (character offsets of one source);
each coder's units of a category split it into units and gaps ("sections").

For a category c with m coders and continuum length L:

- distance between sections g and h of two coders: overlapping units
  (b_g - b_h)^2 + (e_g - e_h)^2; a unit lying inside a gap l_unit^2; otherwise 0;
- D_o = 2 / (m (m-1) L^2) * sum over coder pairs of all section distances;
- D_e = (2/L) * sum over units g of [(N_c - 1)(2l^3 - 3l^2 + l)/3
  + l^2 * sum over gaps h with l_h >= l of (l_h - l + 1)]
  / [mL(mL - 1) - sum over units of l(l - 1)], N_c = units of c over all coders;
- alpha_c = 1 - D_o / D_e; overall alpha = 1 - mean_c(D_o) / mean_c(D_e)
  ("micro"); ``macro`` is the mean of the alpha_c.

Overlapping units of the same coder and category are merged into one unit first
(their union); adjacent units stay separate. Offsets are integers.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from ..errors import ReliabilityError
from ..i18n import t
from .coefficients import chance_corrected
from .inputs import Span, ordered_labels
from .result import Agreement, UnitizingAgreement

Section = tuple[int, int, bool]  # (start, end, is_unit)


def _check_span(span: Span, begin: int, end: int) -> Span:
    start, length = int(span.start), int(span.length)
    if length <= 0 or start < begin or start + length > end:
        raise ReliabilityError(
            t("reliability.error.span", coder=span.coder, category=span.category, start=start,
              length=length, begin=begin, end=end), hint=t("reliability.hint.span"))
    return Span(span.coder, span.category, start, length)


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted(intervals):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _sections(units: list[tuple[int, int]], begin: int, end: int) -> list[Section]:
    sections: list[Section] = []
    cursor = begin
    for start, stop in units:
        if start > cursor:
            sections.append((cursor, start, False))
        sections.append((start, stop, True))
        cursor = stop
    if cursor < end:
        sections.append((cursor, end, False))
    return sections


def _distance(g: Section, h: Section) -> int:
    (bg, eg, unit_g), (bh, eh, unit_h) = g, h
    if not (bg < eh and bh < eg):
        return 0
    if unit_g and unit_h:
        return (bg - bh) ** 2 + (eg - eh) ** 2
    if unit_g and not unit_h and bh <= bg and eg <= eh:
        return (eg - bg) ** 2
    if unit_h and not unit_g and bg <= bh and eh <= eg:
        return (eh - bh) ** 2
    return 0


def _pair_disagreement(a: list[Section], b: list[Section]) -> int:
    """Sum of distances over intersecting sections (others contribute 0): one sweep."""
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        total += _distance(a[i], b[j])
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _expected(unit_lengths: list[int], gap_lengths: list[int], m: int, length: int) -> float:
    gaps = sorted(gap_lengths)
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    n_c = len(unit_lengths)
    numerator = 0.0
    for ln in unit_lengths:
        first = bisect.bisect_left(gaps, ln)
        over_gaps = suffix[first] - (ln - 1) * (len(gaps) - first)
        numerator += (n_c - 1) * (2 * ln**3 - 3 * ln**2 + ln) / 3 + ln**2 * over_gaps
    denominator = m * length * (m * length - 1) - sum(ln * (ln - 1) for ln in unit_lengths)
    return 2.0 / length * numerator / denominator if denominator else 0.0


def _category(spans: list[Span], coders: Sequence[Any], begin: int, end: int
              ) -> tuple[float, float]:
    length, m = end - begin, len(coders)
    per_coder = {c: _merged((s.start, s.end) for s in spans if s.coder == c) for c in coders}
    sections = {c: _sections(units, begin, end) for c, units in per_coder.items()}
    observed = sum(_pair_disagreement(sections[a], sections[b])
                   for a, b in combinations(coders, 2))
    d_o = 2.0 * observed / (m * (m - 1) * length**2)
    unit_lengths = [e - s for units in per_coder.values() for s, e in units]
    gap_lengths = [e - s for secs in sections.values() for s, e, unit in secs if not unit]
    return d_o, _expected(unit_lengths, gap_lengths, m, length)


def u_alpha(spans: Iterable[Sequence[Any]], *, begin: int, length: int,
            coders: Sequence[Any] | None = None,
            categories: Sequence[Any] | None = None) -> UnitizingAgreement:
    """Krippendorff's unitizing alpha over a continuum ``[begin, begin + length)``.

    ``spans`` are ``(coder, category, start, length)`` rows (:class:`Span` or any
    4-sequence; :func:`.inputs.spans_from_codings` builds them from a codings table of
    one source). ``coders`` lists the coders compared (default: those in ``spans``;
    give it when a coder marked nothing, that coder still counts). ``categories``
    restricts the result (default: every category in ``spans``); a category no coder
    marked is left out (it carries no information and its alpha would be 0/0).

    Returns the overall alpha with D_o/D_e, the macro mean and one :class:`Agreement`
    per category (``observed`` = D_o, ``expected`` = D_e). ``n_units`` is ``length``.
    Raises :class:`ReliabilityError` for fewer than two coders or a span outside the
    continuum, :class:`UndefinedAgreementError` when an expected disagreement is 0.
    """
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ReliabilityError(t("reliability.error.continuum", length=length))
    end = begin + length
    rows = [_check_span(Span(*row), begin, end) for row in spans]
    coder_list = list(coders) if coders is not None else ordered_labels(r.coder for r in rows)
    known = set(coder_list)
    for row in rows:
        if row.coder not in known:
            raise ReliabilityError(t("reliability.error.unknown_label", label=row.coder,
                                     categories=", ".join(map(str, coder_list))))
    if len(coder_list) < 2:
        raise ReliabilityError(t("reliability.error.one_coder", n=len(coder_list)),
                               hint=t("reliability.hint.one_coder"))
    cats = list(categories) if categories is not None else ordered_labels(r.category for r in rows)
    results: list[Agreement] = []
    for cat in cats:
        mine = [r for r in rows if r.category == cat]
        if not mine:  # nobody marked it: no information, and alpha_c would be 0/0
            continue
        d_o, d_e = _category(mine, coder_list, begin, end)
        one = chance_corrected(1.0 - d_o, 1.0 - d_e, "u_alpha", length, len(coder_list))
        results.append(Agreement(value=one.value, method="u_alpha", n_units=length,
                                 n_coders=len(coder_list), observed=d_o, expected=d_e,
                                 category=str(cat)))
    if not results:
        raise ReliabilityError(t("reliability.error.no_overlap"),
                               hint=t("reliability.hint.no_overlap"))
    mean_o = sum(r.observed or 0.0 for r in results) / len(results)
    mean_e = sum(r.expected or 0.0 for r in results) / len(results)
    overall = chance_corrected(1.0 - mean_o, 1.0 - mean_e, "u_alpha", length, len(coder_list))
    return UnitizingAgreement(
        value=overall.value, method="u_alpha", n_units=length, n_coders=len(coder_list),
        observed=mean_o, expected=mean_e,
        macro=sum(r.value for r in results) / len(results), per_category=tuple(results))
