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
  candidate has a lower score and the rule ``context:<rule>``; it also replaces a
  weaker stage of the sentence (a generic service word inside a planning passage is
  planning). Negated hits lend nothing. Never crosses a turn or paragraph boundary (the
  caller passes one span).

Codes without a stage (cross-cutting codes) are left as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

CONTEXT_FACTOR = 0.5
"""Score multiplier of a code lent by a neighbouring sentence."""
FILLERS = frozenset("""
    iya iyah ya yah yaa ye enggak nggak ngga gak ga tidak tak bukan belum sudah udah udh dah
    ada pernah bisa boleh betul benar bener oke ok okay baik baiklah sip siap
    eh ehm em emm hmm hm mm oh ooh oo ah aduh wah nah lho loh kok sih deh dong kan tuh tu
    lah pun kah toh gitu begitu gini begini gimana bagaimana apa ya-ya iya-iya
    kak kakak mbak mba teh teteh bu ibu pak bapak mas bang dik dek neng sis
    silakan silahkan terima kasih makasih sama-sama maaf permisi amin aamiin alhamdulillah
    lanjut aja saja juga lagi terus trus jadi yaudah ya udah
    """.split())
"""Back-channels, particles, address terms and interjections: a sentence made only of
these (or of ``[...]`` notes) carries no topic of its own (Indonesian, incl. informal)."""
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NOTE = re.compile(r"\[[^\[\]]*\]")


def minor_units(texts: Sequence[str]) -> set[int]:
    """Indices of the minor sentences among ``texts``: every word (outside ``[...]``
    notes) a filler ("Udah, Kak.", "Eh... gimana ya.", "[tertawa]")."""
    return {i for i, text in enumerate(texts)
            if all(w.lower() in FILLERS for w in _WORD.findall(_NOTE.sub(" ", text)))}


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


def _near(coded: list[int], unit: int, context: int) -> list[int]:
    """Coded sentences within ``context`` of ``unit``, nearest first, earlier first."""
    lo, hi = bisect_left(coded, unit - context), bisect_right(coded, unit + context)
    return sorted((u for u in coded[lo:hi] if u != unit), key=lambda u: (abs(u - unit), u > unit))


def lend(best: dict[tuple[int, int], list[Any]], units: int, families: list[str | None],
         context: int, minor: set[int] | frozenset[int] = frozenset()) -> None:
    """Lend stage codes to neighbouring sentences of one span, in place.

    ``best`` maps ``(unit, code)`` to ``[score, rule, negated, rules]`` after
    :func:`compete`. A sentence takes the stages of a sentence at most ``context`` away
    when the lent score (``CONTEXT_FACTOR`` x that sentence's score) beats its own best
    stage score (0 when it has none); the strongest such neighbour wins, then the
    nearest, then the earlier one. ``minor`` sentences (fillers, back-channels, bare
    non-verbal notes: "Eh... gimana ya.", "Udah, Kak.", "[tertawa]") carry no topic of
    their own: they take a stage only as answer openers, i.e. from a following sentence
    when nothing substantive precedes them in the span.
    """
    if context <= 0 or units < 2 or not best:
        return
    direct: dict[str, dict[int, list[tuple[int, float, str]]]] = {}
    for (unit, code), slot in best.items():
        family = families[code]
        if family is not None and slot[0] > 0 and not slot[2]:
            direct.setdefault(family, {}).setdefault(unit, []).append((code, slot[0], slot[1]))
    for by_unit in direct.values():
        coded = sorted(by_unit)
        strength = {u: max(score for _, score, _ in by_unit[u]) for u in coded}

        # a sentence whose own stage is outweighed by a neighbour's lends nothing itself
        sources = {u for u in coded
                   if all(strength[v] * CONTEXT_FACTOR <= strength[u]
                       for v in _near(coded, u, context))}
        opening = next((u for u in range(units) if u not in minor), units)
        for unit in range(units):
            chosen, value = None, strength.get(unit, 0.0)
            near = _near(coded, unit, context)
            if unit in minor:
                near = [u for u in near if u > unit and unit < opening]
            for source in near:
                if source in sources and strength[source] * CONTEXT_FACTOR > value:
                    chosen, value = source, strength[source] * CONTEXT_FACTOR
            if chosen is None:
                continue
            for code, _, _ in by_unit.get(unit, ()):
                best.pop((unit, code), None)
            for code, score, label in by_unit[chosen]:
                if score == strength[chosen]:
                    rule = f"context:{label}"
                    best[(unit, code)] = [score * CONTEXT_FACTOR, rule, False, [rule]]
