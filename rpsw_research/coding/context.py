"""Process stages in context: the best stage per sentence, lent to its neighbours.

Codes with a ``stage`` number are the stages of one process (the seven RPSW stages);
codes sharing a parent form one process. These rules apply to them, per turn/paragraph:

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
  caller passes one span). Fillers and back-channels ("Udah, Kak.", "[tertawa]") take a
  stage only as answer openers: they carry no topic of their own.
* **document title**: a form or report records one stage (``Formulir registrasi``,
  ``Laporan perkembangan``); its lines without a stronger stage of their own take the
  title's stage (headings, signature lines and editorial ``[...]`` notes excepted).
* **question**: an answer is about what was asked. The stages an interviewer's question
  names (its turn read as one unit, speaker roles ignored) go, with a lower score
  (``QUESTION_FACTOR``) and the rule ``question:<rule>``, to the sentences of the next
  informant turn that have no stage of that process after the steps above.
* **record structure**: headings, signature lines and a letter's set formulae
  (:func:`heading_or_signature`) take no stage; a record's identity fields
  (``Kode klien: K7``) take a lent stage only when it is the first stage of the process
  (on a registration form they are the intake; elsewhere they are the record's header).

Codes without a stage (cross-cutting codes) are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any

from ..corpus.model import Source
from ..nlp import get_nlp, norm_form

CONTEXT_FACTOR = 0.5
"""Score multiplier of a code lent by a neighbouring sentence."""
QUESTION_FACTOR = 0.4
"""Score multiplier of a code lent by the interviewer's question to its answer."""
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


TIMESTAMP = re.compile(r"\s*\[?\(?\d{1,2}[.:]\d{2}(\s*(wib|wita|wit))?\b", re.IGNORECASE)
"""A field-note entry opening with a clock time (``08.15 —``) starts a new episode."""


def episodes(texts: Sequence[str], comment: re.Pattern[str]) -> tuple[list[int], set[int]]:
    """Episode number of each sentence of a field-note/document span and the sentences in
    the researcher's voice: a sentence opening with a clock time or a ``comment`` label
    (``Komentar peneliti:``) starts a new episode; a comment runs to the next clock time."""
    numbers, voiced, number, in_comment = [], set(), 0, False
    for i, text in enumerate(texts):
        stamped, commented = bool(TIMESTAMP.match(text)), bool(comment.match(text))
        if i and (stamped or commented):
            number += 1
        in_comment = commented or (in_comment and not stamped)
        if in_comment:
            voiced.add(i)
        numbers.append(number)
    return numbers, voiced


class MinorUnits:
    """The indices of the minor sentences among ``texts``: every word (outside ``[...]``
    notes) a filler ("Udah, Kak.", "Eh... gimana ya.", "[tertawa]"). Each sentence is
    read when first asked about (most never are)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._known: dict[int, bool] = {}

    def __contains__(self, index: object) -> bool:
        known = self._known.get(index)  # type: ignore[call-overload]
        if known is None:
            if not isinstance(index, int) or not 0 <= index < len(self._texts):
                return False
            known = self._known[index] = _minor(self._texts[index])
        return known


def _minor(text: str) -> bool:
    if "[" in text:
        text = _NOTE.sub(" ", text)
    return all(word.group().lower() in FILLERS or norm_form(word.group()) in FILLERS
               for word in _WORD.finditer(text))


def compete(best: dict[tuple[int, int], list[Any]], families: list[str | None]) -> None:
    """Keep only the best stage codes of each process per sentence, in place.

    Best is the highest score; among equal scores, the code named by more distinct words
    of the sentence (``slot[4]``, the hit start tokens, when present): "diserahkan kepada
    dinas sosial daerah ... kasusnya ditutup" is a handover (two words) more than a
    return home (one). Codes still tied are all kept (a sentence may carry two stages).
    """
    top: dict[tuple[int, str], tuple[float, int]] = {}
    for (unit, code), slot in best.items():
        family = families[code]
        if family is not None:
            key = (unit, family)
            top[key] = max(top.get(key, (0.0, 0)), (slot[0], _evidence(slot)))
    for (unit, code), slot in list(best.items()):
        family = families[code]
        if family is not None and (slot[0], _evidence(slot)) < top[(unit, family)]:
            del best[(unit, code)]


def _evidence(slot: list[Any]) -> int:
    return len(slot[4]) if len(slot) > 4 else 1


def _near(coded: Container[int], unit: int, context: int) -> list[int]:
    """Coded sentences within ``context`` of ``unit``, nearest first, earlier first."""
    return [u for d in range(1, context + 1) for u in (unit - d, unit + d) if u in coded]


def lend(best: dict[tuple[int, int], list[Any]], units: int, families: list[str | None],
         context: int, minor: Container[int] = frozenset(),
         episodes: Sequence[int] | None = None) -> None:
    """Lend stage codes to neighbouring sentences of one span, in place.

    ``best`` maps ``(unit, code)`` to ``[score, rule, negated, rules]`` after
    :func:`compete`. A sentence takes the stages of a sentence at most ``context`` away
    when the lent score (``CONTEXT_FACTOR`` x that sentence's score) beats its own best
    stage score (0 when it has none); the strongest such neighbour wins, then the
    nearest, then the earlier one. ``minor`` sentences (fillers, back-channels, bare
    non-verbal notes: "Eh... gimana ya.", "Udah, Kak.", "[tertawa]") carry no topic of
    their own: they take a stage only as answer openers, i.e. from a following sentence
    when nothing substantive precedes them in the span. ``episodes`` (one number per
    sentence) splits the span further: nothing is lent across a new episode (a
    time-stamped entry of a field note, a researcher's comment).
    """
    if context <= 0 or units < 2 or not best:
        return
    direct: dict[str, dict[int, list[tuple[int, float, str]]]] = {}
    for (unit, code), slot in best.items():
        family = families[code]
        if family is not None and slot[0] > 0 and not slot[2]:
            direct.setdefault(family, {}).setdefault(unit, []).append((code, slot[0], slot[1]))
    for by_unit in direct.values():
        coded = by_unit.keys()
        strength = {u: max(score for _, score, _ in by_unit[u]) for u in coded}

        # a sentence whose own stage is outweighed by a neighbour's lends nothing itself
        sources = {u for u in coded
                   if all(strength[v] * CONTEXT_FACTOR <= strength[u]
                       for v in _near(coded, u, context)
                       if episodes is None or episodes[v] == episodes[u])}
        for unit in range(units):
            chosen, value = None, strength.get(unit, 0.0)
            near = _near(coded, unit, context)
            if episodes is not None:
                near = [u for u in near if episodes[u] == episodes[unit]]
            if near and unit in minor:  # an answer opener takes from what follows
                opener = all(u in minor for u in range(unit))
                near = [u for u in near if u > unit and opener]
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


def lend_title(best: dict[tuple[int, int], list[Any]], units: Iterable[int],
               families: list[str | None], title: Mapping[int, list[Any]]) -> None:
    """Lend a document title's stages to ``units`` of the document, in place.

    A form or report records one stage of the process (``Formulir registrasi``,
    ``Laporan perkembangan``): its field lines and notes belong to that stage unless they
    name a stronger one. ``title`` maps code index to its slot in the title; a unit takes
    the title's stages (``CONTEXT_FACTOR`` x their score) when that beats its own best
    stage of the process (an equal stage lent by a neighbouring line included).
    """
    by_family: dict[str, list[int]] = {}
    for code in title:
        family = families[code]
        if family is not None:
            by_family.setdefault(family, []).append(code)
    # a title naming two stages equally ("Notulen pembahasan kasus") does not say which
    # one a line records: only a title with one best stage of a process lends it
    by_family = {family: codes for family, codes in by_family.items() if len(codes) == 1}
    if not by_family:
        return
    own: dict[tuple[int, str], tuple[float, bool]] = {}
    for (unit, code), slot in best.items():
        family = families[code]
        if family is not None:
            held = (slot[0], not str(slot[1]).startswith("context:"))
            own[(unit, family)] = max(own.get((unit, family), (0.0, False)), held)
    for unit in units:
        for family, codes in by_family.items():
            lent = max(title[c][0] for c in codes) * CONTEXT_FACTOR
            # the title beats an equally strong stage lent by a neighbouring line
            if (lent, True) <= own.get((unit, family), (0.0, False)):
                continue
            for key in [k for k in best if k[0] == unit and families[k[1]] == family]:
                del best[key]
            for code in codes:
                rule = f"context:{title[code][1]}"
                best[(unit, code)] = [title[code][0] * CONTEXT_FACTOR, rule, False, [rule]]


_SIGNATURE = re.compile(
    r"\b(tanda\s+tangan|ttd|tertanda|mengetahui|cap\s+lembaga|paraf)\b"
    r"|^\s*[^\W\d_][\w .]*,\s*\d{1,2}\s+\w+\s+\d{4}\s*$", re.IGNORECASE)


def boilerplate(piece: str) -> bool:
    """A document heading (no lower-case letter) or signature/place-and-date line."""
    return not any(ch.islower() for ch in piece) or bool(_SIGNATURE.search(piece))


HEADING_WORDS = 8
"""A line of a document or field note with at most this many words may be a heading."""
_SIGNATURE_LINE = re.compile(
    r"\((tanda\s+tangan|ttd|paraf|cap)\)|^\s*(paraf\b|ttd\b|mengetahui\s*,?\s*$)"
    r"|bertanda\s+tangan\s+di\s+bawah\s+ini|sebagaimana\s+mestinya|dibuat\s+rangkap",
    re.IGNORECASE)
"""Signature lines and the set formulae of an official letter ("yang bertanda tangan di
bawah ini", "untuk dipergunakan sebagaimana mestinya")."""


IDENTITY_FIELD = re.compile(
    r"\s*(kode|nama|nomor|no\.?|tanggal|tgl\.?|usia|umur|kelompok\s+usia|jenis\s+kelamin|agama|"
    r"pendidikan|alamat|asal|daerah\s+asal|tempat|jabatan|pekerja\s+sosial|manajer\s+kasus|"
    r"periode|lama\s+tinggal|status|petugas|penyusun)\b[^:\n]{0,30}:", re.IGNORECASE)
"""A record's identity field ("Kode klien: K6.", "Tanggal masuk: ...", "Manajer kasus: MK2.")."""


_ITEM = re.compile(r"\s*([-*\u2022\u2013\u2014\u00b7]|\d+[.)]|[a-z][.)]\s)")
"""A list item: a bullet, or a number or letter with a dot or parenthesis."""


def identity_field(piece: str) -> bool:
    """Whether a sentence is one line that is an identity field of a record: it belongs to
    the intake (the first stage) on a registration form and to no stage elsewhere."""
    return "\n" not in piece and bool(IDENTITY_FIELD.match(piece))


def drop_record_structure(best: dict[tuple[int, int], list[Any]], muted: Iterable[int],
                          fields: Iterable[int], first_stages: set[int]) -> None:
    """Drop, in place, every stage of the ``muted`` units (headings, signature lines) and
    the lent stages of identity ``fields`` but the process's first one (the intake)."""
    muted, fields = set(muted), set(fields)
    for key in [k for k, slot in best.items() if k[0] in muted or (
            k[0] in fields and slot[1].startswith("context:") and k[1] not in first_stages)]:
        del best[key]


def heading_or_signature(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (``text``: the whole source) is a whole line that is a
    heading (short, no colon, no sentence-final punctuation, more text below:
    "Rencana pelayanan") or a signature line ("Klien: K7 (tanda tangan)", "Paraf klien:
    K7"). Outside interview turns only."""
    if (start and text[start - 1] != "\n") or (end < len(text) and text[end] != "\n"):
        return False
    line = text[start:end].strip()
    if _SIGNATURE_LINE.search(line):
        return True
    # a heading heads something: more lines follow; list items and timed entries are not
    return (end < len(text) and bool(line) and line[-1] not in ".?!;:,)]\"'"
            and ":" not in line and not _ITEM.match(line) and not TIMESTAMP.match(line)
            and len(line.split()) <= HEADING_WORDS)


def title_stages(rules: Any, source: Source) -> dict[int, list[Any]]:
    """The best stage codes of ``rules`` (a ``CompiledRules``) named by a document's
    title and ``jenis_dokumen``: ``{code index: [score, rule, False, rules, words]}``;
    empty for other source kinds (a field note's title names an event, not a record)."""
    if source.kind != "dokumen":
        return {}
    title = " ".join(str(v) for v in (source.title, source.metadata.get("jenis_dokumen")) if v)
    cached = rules._titles.get(title)
    if cached is None:
        hits = rules.hits(get_nlp()(title), title) if title else []
        cached = rules._titles[title] = named_stages(rules, hits)
    return cached


def named_stages(rules: Any, hits: Sequence[tuple[int, int, Any]]) -> dict[int, list[Any]]:
    """The best stage codes ``hits`` name, read as one unit with speaker roles ignored (an
    interviewer's question, a document's title): ``{code index: [score, rule, False,
    rules, words]}``."""
    slots: dict[tuple[int, int], list[Any]] = {}
    for start, _end, pattern in hits:
        if rules.families[pattern.code] is None:
            continue
        weight = float(rules.codes[pattern.code].rule.weight)
        slot = slots.setdefault((0, pattern.code), [weight, pattern.label, False, [], set()])
        slot[3].append(pattern.label)
        slot[4].add(start)
    compete(slots, rules.families)
    return {code: slot for (_, code), slot in slots.items()}


def lend_question(best: dict[tuple[int, int], list[Any]], units: Iterable[int],
                  families: list[str | None], question: Mapping[int, list[Any]]) -> None:
    """Lend the stages a question named to the sentences of its answer that have no stage
    of that process, in place (an answer is about what was asked)."""
    held = {(unit, families[code]) for unit, code in best if families[code] is not None}
    for unit in units:
        for code, slot in question.items():
            if (unit, families[code]) in held:
                continue
            rule = f"question:{slot[1]}"
            best[(unit, code)] = [slot[0] * QUESTION_FACTOR, rule, False, [rule]]
