"""Process stages in context: the best stage per sentence, lent to its neighbours.

Codes with a ``stage`` number are the stages of one process (the seven RPSW stages);
codes sharing a parent form one process. Two rules apply to them, per turn/paragraph:

* **competition**: in a sentence only the best-scoring stage codes of a process are
  kept (ties are kept, so a sentence can still carry two stages). A rule's ``weight``
  thus says how specific its words are: generic service words (``kelas``) yield to a
  planning or monitoring marker in the same sentence.
* **context**: human coders code passages, not isolated sentences: an answer about the
  intake keeps being about the intake in sentences that do not name it ("Dia harus
  mau."). A sentence without a stage of the process takes the stages of the nearest
  sentence that has one, looking back first (the topic continues until another stage is
  named), then forward (an answer opener), at most ``context`` sentences away. The lent
  candidate has a lower score and the rule ``context:<rule>``; negated hits lend
  nothing. Never crosses a turn or paragraph boundary (the caller passes one span).

Codes without a stage (cross-cutting codes) are left as they are.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

CONTEXT_FACTOR = 0.5
"""Score multiplier of a code lent by a neighbouring sentence."""


def compete(best: dict[tuple[int, int], list[Any]], families: list[str | None]) -> None:
    """Keep only the best-scoring stage codes of each process per sentence, in place."""
    top: dict[tuple[int, str], float] = {}
    for (unit, code), slot in best.items():
        family = families[code]
        if family is not None:
            key = (unit, family)
            top[key] = max(top.get(key, 0.0), slot[0])
    for (unit, code), slot in list(best.items()):
        family = families[code]
        if family is not None and slot[0] < top[(unit, family)]:
            del best[(unit, code)]


def lend(best: dict[tuple[int, int], list[Any]], units: int, families: list[str | None],
         context: int) -> None:
    """Add context candidates to ``best`` (``(unit, code) -> [score, rule, negated,
    rules]``) for ``units`` sentences of one span, in place."""
    if context <= 0 or units < 2 or not best:
        return
    hits: dict[str, dict[int, list[int]]] = {}
    for (unit, code), slot in best.items():
        family = families[code]
        if family is not None and slot[0] > 0 and not slot[2]:
            hits.setdefault(family, {}).setdefault(unit, []).append(code)
    for by_unit in hits.values():
        coded = sorted(by_unit)
        for unit in range(units):
            if unit in by_unit:
                continue
            i = bisect_left(coded, unit)
            source = None
            if i > 0 and unit - coded[i - 1] <= context:
                source = coded[i - 1]
            elif i < len(coded) and coded[i] - unit <= context:
                source = coded[i]
            if source is None:
                continue
            for code in by_unit[source]:
                score, label = best[(source, code)][0], best[(source, code)][1]
                rule = label if label.startswith("context:") else f"context:{label}"
                best[(unit, code)] = [score * CONTEXT_FACTOR, rule, False, [rule]]
