"""Evaluation of codings against a gold standard at the unit (sentence) level.

Gold and predicted codings are spans; each is mapped to the units (sentences by default)
it overlaps, and each (source, unit, code) is one decision. Per code: true positives,
false positives, false negatives, precision, recall and F1; macro averages over codes.
A code with neither gold nor predicted units has undefined scores (NaN) and is left out
of the macro average; otherwise an empty denominator gives 0.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import Any

import pandas as pd

from ..corpus.model import Segment
from ..errors import InputError
from ..i18n import t

GOLD_COLUMNS: tuple[str, ...] = ("source_id", "start", "end", "code_id")
_RESULT_COLUMNS = ["code_id", "support", "predicted", "tp", "fp", "fn",
                   "precision", "recall", "f1"]


@dataclass(frozen=True)
class Evaluation:
    """Per-code scores (``per_code`` DataFrame) and their macro and micro averages."""

    per_code: pd.DataFrame
    macro_precision: float
    macro_recall: float
    macro_f1: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    unit: str = "sentence"
    units: int = 0

    def __repr__(self) -> str:
        return (f"Evaluation(unit={self.unit!r}, units={self.units}, codes={len(self.per_code)}, "
                f"macro_f1={self.macro_f1:.3f}, micro_f1={self.micro_f1:.3f})")


def _rows(spans: pd.DataFrame | Iterable[Any]) -> list[tuple[str, int, int, str]]:
    if isinstance(spans, pd.DataFrame):
        missing = [c for c in GOLD_COLUMNS if c not in spans.columns]
        if missing:
            raise InputError(t("evaluate.gold.missing_columns", columns=", ".join(missing)),
                             hint=t("evaluate.gold.hint"))
        frame = spans[list(GOLD_COLUMNS)]
        return [(str(s), int(a), int(b), str(c)) for s, a, b, c in frame.itertuples(index=False)]
    rows = []
    for item in spans:
        if isinstance(item, Sequence) and not isinstance(item, str):
            s, a, b, c = item[:4]
        else:  # Candidate, Coding or any object with the four attributes
            s, a, b, c = item.source_id, item.start, item.end, item.code_id
        rows.append((str(s), int(a), int(b), str(c)))
    return rows


def span_units(spans: pd.DataFrame | Iterable[Any],
               units: Mapping[str, Sequence[Segment]]) -> set[tuple[str, int, str]]:
    """``{(source_id, unit_index, code_id)}``: the units each span overlaps.

    Spans of sources not in ``units`` are ignored (they cannot be scored).
    """
    starts = {sid: [u.start for u in segs] for sid, segs in units.items()}
    ends = {sid: [u.end for u in segs] for sid, segs in units.items()}
    result: set[tuple[str, int, str]] = set()
    for source_id, start, end, code_id in _rows(spans):
        if source_id not in units:
            continue
        segs = units[source_id]
        first = bisect_right(ends[source_id], start)  # first unit ending after start
        last = bisect_left(starts[source_id], max(end, start + 1))  # units starting before end
        for i in range(first, last):
            if min(end, segs[i].end) > max(start, segs[i].start) or (
                    start == end and segs[i].start <= start < segs[i].end):
                result.add((source_id, segs[i].index, code_id))
    return result


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate_spans(gold: pd.DataFrame | Iterable[Any], predicted: pd.DataFrame | Iterable[Any],
                   units: Mapping[str, Sequence[Segment]], *,
                   codes: Iterable[str] | None = None, unit: str = "sentence") -> Evaluation:
    """Precision, recall and F1 per code and averaged, over ``units`` of each source.

    ``gold``/``predicted``: DataFrames with ``source_id, start, end, code_id`` or
    iterables of 4-tuples / objects with those attributes. ``units``: the segments of
    each evaluated source (e.g. ``{sid: sentences(source)}``). ``codes`` fixes the codes
    scored (default: every code in gold or predictions).
    """
    gold_set = span_units(gold, units)
    pred_set = span_units(predicted, units)
    code_ids = (sorted({c for *_, c in gold_set | pred_set}) if codes is None
                else list(dict.fromkeys(codes)))
    records = []
    for code_id in code_ids:
        g = {k for k in gold_set if k[2] == code_id}
        p = {k for k in pred_set if k[2] == code_id}
        tp, fp, fn = len(g & p), len(p - g), len(g - p)
        if not g and not p:
            prec = rec = f1 = float("nan")
        else:
            prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
            f1 = _f1(prec, rec)
        records.append([code_id, len(g), len(p), tp, fp, fn, prec, rec, f1])
    table = pd.DataFrame(records, columns=_RESULT_COLUMNS)
    table = table.astype({"support": "int64", "predicted": "int64", "tp": "int64",
                          "fp": "int64", "fn": "int64"})
    scored = table.dropna(subset=["f1"])
    mean = (lambda col: float(scored[col].mean())) if len(scored) else (lambda col: float("nan"))
    tp, fp, fn = (int(scored[c].sum()) for c in ("tp", "fp", "fn"))
    micro_p, micro_r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return Evaluation(table, mean("precision"), mean("recall"), mean("f1"),
                      micro_p, micro_r, _f1(micro_p, micro_r), unit,
                      sum(len(v) for v in units.values()))


def read_gold(gold: str | PathLike[str] | pd.DataFrame, split: str | None = None) -> pd.DataFrame:
    """The gold-standard table (CSV path or DataFrame), optionally one ``split`` only."""
    frame = gold.copy() if isinstance(gold, pd.DataFrame) else pd.read_csv(
        gold, dtype={"source_id": str, "code_id": str}, keep_default_na=False)
    missing = [c for c in GOLD_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(t("evaluate.gold.missing_columns", columns=", ".join(missing)),
                         path=None if isinstance(gold, pd.DataFrame) else gold,
                         hint=t("evaluate.gold.hint"))
    if split is not None:
        available = sorted(frame["split"].astype(str).unique()) if "split" in frame else []
        if split not in available:
            raise InputError(t("evaluate.split.unknown", split=split,
                               available=", ".join(available) or "-"),
                             hint=t("evaluate.split.hint"))
        frame = frame[frame["split"].astype(str) == split]
    return frame.reset_index(drop=True)


def evaluate(project: Any, gold: str | PathLike[str] | pd.DataFrame, *, coder: str = "auto",
             split: str | None = None, unit: str = "sentence",
             codes: Iterable[str] | None = None,
             include_suggested: bool = True) -> Evaluation:
    """Score ``coder`` 's codings in ``project`` against ``gold`` at the ``unit`` level.

    Evaluated sources are those named in the (split-filtered) gold standard. Rejected
    codings never count; suggested ones count unless ``include_suggested=False``.
    """
    from ..errors import UnknownSourceError
    from ..nlp import units as source_units

    frame = read_gold(gold, split)
    segments: dict[str, list[Segment]] = {}
    for source_id in sorted(frame["source_id"].astype(str).unique()):
        try:
            source = project.source(source_id)
        except (KeyError, UnknownSourceError) as exc:
            raise InputError(t("evaluate.source.unknown", source=source_id),
                             hint=t("evaluate.source.hint")) from exc
        segments[source_id] = source_units(source, unit)
    predicted = project.codings(coder=coder)
    keep = predicted["status"] != "rejected"
    if not include_suggested:
        keep &= predicted["status"] != "suggested"
    predicted = predicted[keep & predicted["source_id"].isin(list(segments))]
    return evaluate_spans(frame, predicted, segments, codes=codes, unit=unit)
