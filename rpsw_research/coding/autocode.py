"""Rule-based auto-coding: codebook rules -> candidate codings over sources.

Each code's :class:`~rpsw_research.codebook.model.Rule` is compiled once into spaCy
``PhraseMatcher`` s over the token attributes the rule names:

* ``keywords`` on LOWER and on NORM (informal forms normalised: ``nggak dikasih``
  matches the keyword ``tidak diberi`` and vice versa);
* ``lemmas`` on LEMMA (the pattern is lemmatised too: ``pemulangan`` -> ``pulang``);
* ``stems`` on the PySastrawi stem (``dipulangin`` -> ``pulang``);
* ``regex`` over the raw text, case-insensitive.

A hit belongs to the unit (sentence, turn or paragraph) it starts in. A negator
(``tidak``/``nggak``/``belum``/``bukan``/``jangan``) up to three words before a hit
lowers its score (``negation: lower``) or blocks it (``block``). ``speaker_roles``
restrict a rule, within interview turns, to turns spoken by informants with those roles
(interviewer turns have role ``peneliti``; a turn by an unknown speaker never qualifies);
text outside turns (field notes, documents) has no speaker and is not restricted.
One candidate per (unit, code) carries the best hit's rule label
(``keyword:didata``) and score. Pure: no persistence here (the store keeps codings).
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress
from typing import Any, NamedTuple

import numpy
from spacy.attrs import IS_PUNCT, LOWER, NORM
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..codebook.model import Code, Codebook
from ..corpus.model import Informant, Source
from ..errors import CodebookError, UnknownCodeError
from ..i18n import t
from ..nlp import NEGATORS, get_nlp, iter_span_docs, stem
from ..nlp.segment import UNITS
from ..nlp.sentences import COLUMNS as SENTENCE_COLUMNS
from ..nlp.sentences import bounds_from_cuts, columns, sentence_cuts
from . import parallel
from .context import (
    boilerplate,
    compete,
    episodes,
    heading_or_signature,
    identity_field,
    lend,
    lend_question,
    lend_title,
    minor_units,
    named_stages,
    title_stages,
)
from .regex_prefilter import literal_pattern
from .regex_rules import RegexRules, fill_missing

INTERVIEWER_ROLE = "peneliti"
"""Role of interviewer turns for ``speaker_roles`` restrictions."""
NEGATION_WINDOW = 3
"""Words before a hit searched for a negator."""
DEFAULT_CONTEXT = 2
"""Sentences around a stage hit that may take its stage (see :mod:`.context`)."""
NEGATION_FACTOR = 0.5
"""Score multiplier of a negated hit under ``negation: lower``."""
_NEGATION_MODES = ("block", "lower", "ignore")


@dataclass(frozen=True, init=False)
class Candidate:
    """A suggested coding: the unit ``[start, end)`` of ``source_id`` gets ``code_id``.

    ``rule`` is the best hit's label (``keyword:didata``, ``lemma:pulang``,
    ``stem:ungkap``, ``regex:...``); ``rules`` all labels that fired in the unit.
    """

    source_id: str
    start: int
    end: int
    code_id: str
    rule: str
    score: float
    unit: str = "sentence"
    unit_index: int = 0
    negated: bool = False
    rules: tuple[str, ...] = field(default=())

    def __init__(self, source_id: str, start: int, end: int, code_id: str, rule: str,
                 score: float, unit: str = "sentence", unit_index: int = 0,
                 negated: bool = False, rules: tuple[str, ...] = ()) -> None:
        # the fields go straight into the instance dict, once: three times faster than a
        # frozen dataclass's __init__ (one setattr call per field), for 100,000s of them
        self.__dict__.update(source_id=source_id, start=start, end=end, code_id=code_id,
                             rule=rule, score=score, unit=unit, unit_index=unit_index,
                             negated=negated, rules=rules)


class _Pattern(NamedTuple):
    """What a hit found: the index of its code and its rule label (a tuple, so hits
    ``(start, end, pattern)`` sort and dedupe as plain tuples)."""

    code: int
    label: str


_MAX_LEMMA_VARIANTS = 512
"""A multi-word lemma pattern with more inflected variants is matched on LEMMA instead."""


class CompiledRules:
    """The rules of a codebook (or a subset of codes) compiled into matchers.

    Keywords match on NORM (which is the lower-cased form with informal forms
    normalised, so it covers LOWER too). Lemma patterns are expanded through the
    inverse lemma table into NORM patterns (the same hits as lemmatising every token,
    at no per-token cost); stems match on Sastrawi stems cached per form.
    """

    def __init__(self, codebook: Codebook, codes: Iterable[str] | None = None) -> None:
        nlp = get_nlp()
        self.vocab = nlp.vocab
        selected = _select_codes(codebook, codes)
        wanted = {c.id for c in selected}
        # the other stages of a selected stage's process compete too (not reported), so
        # coding one stage gives the same result as coding all and keeping that stage
        processes = {c.parent for c in selected if c.stage is not None}
        selected += [c for c in codebook if c.id not in wanted and c.stage is not None
                     and c.parent in processes]
        self.codes: list[Code] = [c for c in selected if not c.rule.is_empty()]
        self.reported: list[bool] = [c.id in wanted for c in self.codes]
        # what a hit of each code needs: (speaker_roles, negation, weight)
        self.conditions: list[tuple[Any, str, float]] = [
            (c.rule.speaker_roles, c.rule.negation, c.rule.weight) for c in self.codes]
        first: dict[str | None, int] = {}
        for c in selected:  # every stage, a rule or not
            if c.stage is not None:
                first[c.parent] = min(first.get(c.parent, c.stage), c.stage)
        self.first_stages: set[int] = {  # the first stage of each process (the intake)
            i for i, c in enumerate(self.codes) if c.stage is not None
            and c.stage == first[c.parent]}  # (none when the intake has no rule)
        # stage codes form a process (one per parent); others are independent
        self.families: list[str | None] = [
            (c.parent or "") if c.stage is not None else None for c in self.codes]
        self._patterns: dict[int, list[_Pattern]] = {}
        self.norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")  # only for huge lemma patterns
        self.regex = RegexRules()
        self._stem_cache: dict[int, int] = {}
        self._titles: dict[str, dict[int, list[Any]]] = {}  # title -> stages (context.py)
        self._stem_cores: set[str] = set()
        self._stem_words: set[str] = set()  # the words of stem patterns
        # stem patterns as (word hashes, match key) by first word
        self._stem_patterns: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for index, code in enumerate(self.codes):
            self._compile(index, code)
        # finds a pattern root (see _stem_matches) in a form
        self._stem_core = literal_pattern(self._stem_cores)

    @property
    def needs_lemmas(self) -> bool:
        """Whether docs must be lemmatised (some lemma pattern has too many variants)."""
        return len(self.lemma) > 0

    def _key(self, index: int, label: str) -> str:
        key = f"{self.codes[index].id}|{label}"
        pattern = _Pattern(index, label)
        entries = self._patterns.setdefault(self.vocab.strings.add(key), [])
        if pattern not in entries:
            entries.append(pattern)
        return key

    def _compile(self, index: int, code: Code) -> None:
        nlp, rule = get_nlp(), code.rule
        if rule.negation not in _NEGATION_MODES:
            raise CodebookError(t("autocode.negation.invalid", value=rule.negation, code=code.id),
                                hint=t("autocode.negation.hint"))
        for text in _clean(rule.keywords):
            self.norm.add(self._key(index, f"keyword:{text}"), [nlp.make_doc(text)])
        for text in _clean(rule.lemmas):
            self._add_lemma(index, text)
        for text in _clean(rule.stems):
            words = [stem(tok.norm_) for tok in nlp.make_doc(text) if not tok.is_space]
            self._stem_words.update(words)
            key = self.vocab.strings.add(self._key(index, f"stem:{text}"))
            sequence = tuple(self.vocab.strings.add(word) for word in words)
            self._stem_patterns.setdefault(sequence[0], []).append((sequence, key))
            for word in words:  # what a form must contain to have this root as its stem
                self._stem_cores.add(word)
                if word[:1] in "kpst" and len(word) > 3:
                    self._stem_cores.add(word[1:])  # nasal prefix: me+tulis -> menulis
        for text in _clean(rule.regex):
            try:
                self.regex.add(text, _Pattern(index, f"regex:{text}"))
            except re.error as exc:
                raise CodebookError(
                    t("autocode.regex.invalid", pattern=text, code=code.id, error=exc),
                    hint=t("autocode.regex.hint")) from exc

    def _add_lemma(self, index: int, text: str) -> None:
        nlp = get_nlp()
        key = self._key(index, f"lemma:{text}")
        pattern = nlp(text)
        lemmatizer = nlp.get_pipe("lemmatizer")
        variants = [lemmatizer.forms_of(tok.lemma_) for tok in pattern if not tok.is_space]
        if math.prod(len(v) for v in variants) > _MAX_LEMMA_VARIANTS:
            self.lemma.add(key, [pattern])
            return
        docs = []
        for combo in itertools.product(*variants):
            doc = Doc(nlp.vocab, words=["x"] * len(combo))
            doc.from_array([NORM], numpy.asarray(combo, dtype="uint64").reshape(-1, 1))
            docs.append(doc)
        self.norm.add(key, docs)

    def _stem_matches(self, norms: list[int]) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of the stem patterns whose stems the forms ``norms`` have.

        Sastrawi is slow, so only forms containing a pattern root (or the root without
        its first letter, for nasal prefixes) are stemmed: affixes are added around a
        root, so no other form can have a pattern root as its stem.
        """
        cache, patterns = self._stem_cache, self._stem_patterns
        stems = list(map(cache.get, norms))  # the stem if it is a pattern word, else 0
        fill_missing(stems, norms, self._stem_of)
        found = []
        for start in compress(range(len(stems)), map(patterns.__contains__, stems)):
            for sequence, key in patterns[stems[start]]:
                end = start + len(sequence)
                if tuple(stems[start:end]) == sequence:
                    found.append((key, start, end))
        return found

    def _stem_of(self, norm: int) -> int:
        """The stem of the form ``norm`` (a hash) if it is a pattern word, else 0; cached."""
        strings = self.vocab.strings
        form = strings[norm]
        root = stem(form) if self._stem_core.search(form) else None
        value = self._stem_cache[norm] = strings.add(root) if root in self._stem_words else 0
        return value

    def hits(self, doc: Doc, text: str | None = None,
             bounds: list[tuple[int, int, int, int]] | None = None,
             ) -> list[tuple[int, int, _Pattern]]:
        """``(token_start, token_end, pattern)`` of every rule hit in ``doc``, sorted.

        ``text`` is ``doc.text`` when the caller has it; ``bounds`` the units of the doc
        (:func:`~rpsw_research.nlp.sentence_bounds`), default the whole doc. Regexes
        search within one unit at a time (see :mod:`.regex_rules`).
        """
        return self._hits(doc, columns(doc, _COLUMNS), text, bounds)

    def _hits(self, doc: Doc, cols: list[list[int]], text: str | None,
              bounds: list[tuple[int, int, int, int]] | None) -> list[tuple[int, int, _Pattern]]:
        patterns = self._patterns
        matches = [*self.norm(doc), *self.lemma(doc)] if len(self.lemma) else self.norm(doc)
        if self._stem_patterns:
            matches += self._stem_matches(cols[_NORM])
        result = [(s, e, p) for k, s, e in matches for p in patterns[k]]
        if len(self.regex) and len(doc):
            text = doc.text if text is None else text
            result.extend(self.regex.hits(text, cols, self.vocab.strings,
                                          bounds or [(0, len(doc), 0, len(text))]))
        return sorted(set(result))


_COLUMNS = [*SENTENCE_COLUMNS, LOWER, NORM, IS_PUNCT]
"""ORTH, IS_SPACE, IS_TITLE, IS_UPPER, SPACY, IDX, LENGTH, LOWER, NORM, IS_PUNCT."""
_LOWER, _NORM, _PUNCT = 7, 8, 9


def _clean(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = str(value).strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _select_codes(codebook: Codebook, codes: Iterable[str] | None) -> list[Code]:
    if codes is None:
        return list(codebook)
    if isinstance(codes, str):
        codes = [codes]
    codes = list(dict.fromkeys(codes))
    selected = []
    for code_id in codes:
        if code_id not in codebook:
            raise UnknownCodeError(t("autocode.code.unknown", code=code_id),
                                   hint=t("autocode.code.hint"))
        selected.append(codebook[code_id])
    return selected


def informant_roles(informants: Mapping[str, Any] | Iterable[Informant] | None) -> dict[str, str]:
    """``{informant id: role}`` from a mapping (id -> role or Informant) or Informants."""
    if informants is None:
        return {}
    if isinstance(informants, Mapping):
        items = informants.items()
    else:
        items = ((inf.id, inf) for inf in informants)
    return {str(k): (v.role if isinstance(v, Informant) else str(v)) for k, v in items}


class _Roles:
    """Speaker role at an offset of one source."""

    def __init__(self, source: Source, roles: Mapping[str, str]) -> None:
        self.turns = sorted(source.turns, key=lambda tr: tr.start)
        self.starts = [tr.start for tr in self.turns]
        self.roles = roles
        single = source.informants[0] if len(source.informants) == 1 else None
        self.default = roles.get(single) if single and source.kind == "wawancara" else None

    def at(self, offset: int) -> str | None:
        """The speaker's role; ``""`` for an unknown speaker; None outside any turn."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.turns[i].end:
            turn = self.turns[i]
            if turn.is_interviewer:
                return INTERVIEWER_ROLE
            return self.roles.get(turn.informant, "") if turn.informant else ""
        return None if self.turns else self.default


RESEARCHER_NOTE = re.compile(
    r"\s*(\[\s*)?((komentar|catatan|refleksi|memo|tafsiran)\s+(peneliti|pengamat)|kp|oc|o\.c\.)"
    r"\s*[:.\-\u2013\u2014]", re.IGNORECASE)
"""A field-note paragraph in the researcher's own voice (observer comment): role peneliti."""
_NOTE = re.compile(r"\[[^\[\]]*\]")


def _silent_units(text: str, bounds: list[tuple[int, int, int, int]], cols: list[list[int]],
                  hits: list[tuple[int, int, Any]]) -> dict[Any, Any]:
    """Units whose hits do not count: headings (letters, none lower-case); under the key
    ``"notes"`` the ``[...]`` editorial notes (transcriber remarks) of the span.
    ``hits`` come sorted by their first token."""
    silent: dict[Any, Any] = {}
    hit_units, u, last = set(), 0, len(bounds) - 1
    for start, *_ in hits:  # the unit a hit starts in (the first unit for any before it)
        while u < last and bounds[u + 1][0] <= start:
            u += 1
        hit_units.add(u)
    for u in hit_units:
        piece = text[bounds[u][2]:bounds[u][3]]
        if not any(map(str.islower, piece)) and sum(map(str.isalpha, piece)) > 1:
            silent[u] = True
    if "[" in text:
        notes = [(m.start(), m.end()) for m in _NOTE.finditer(text)]
        if notes:
            silent["notes"] = notes
    return silent


def _in_note(char: int, silent: dict[Any, Any]) -> bool:
    return any(a <= char < b for a, b in silent.get("notes", ()))


def _negated(start: int, floor: int, cols: list[list[int]], negators: set[int]) -> bool:
    """A negator among the ``NEGATION_WINDOW`` words before token ``start`` (in its unit)."""
    space, punct, norm = cols[1], cols[_PUNCT], cols[_NORM]
    seen, i = 0, start - 1
    while i >= floor and seen < NEGATION_WINDOW:
        if not (space[i] or punct[i]):
            if norm[i] in negators:
                return True
            seen += 1
        i -= 1
    return False


def autocode_sources(
    sources: Iterable[Source],
    codebook: Codebook | CompiledRules,
    *,
    informants: Mapping[str, Any] | Iterable[Informant] | None = None,
    unit: str = "sentence",
    codes: Iterable[str] | None = None,
    min_score: float = 0.0,
    context: int = DEFAULT_CONTEXT,
    progress: bool | None = None,
    batch_size: int = 256,
    n_process: int | None = None,
) -> Iterator[Candidate]:
    """Candidate codings of ``sources`` by the codebook's rules, streamed.

    ``informants`` maps informant ids to roles (or :class:`Informant` objects) for
    ``speaker_roles``; ``unit`` is ``sentence``, ``turn`` or ``paragraph``; ``codes``
    restricts to some code ids; ``min_score`` drops weaker candidates; ``context`` is
    how many sentences away a stage code may be lent (0: none; see :mod:`.context`);
    ``progress`` shows a tqdm bar (default: when coding more than one source);
    ``n_process`` is the number of processes (None: all CPUs for large inputs, else
    one; see :mod:`.parallel`), with the same result in the same order either way.
    Candidates come in source, unit and codebook order; docs are streamed through
    ``nlp.pipe`` and never all held.
    """
    if unit not in UNITS:
        from ..nlp.segment import unit_spans

        unit_spans(Source("", "dokumen", ""), unit)  # raises the catalogue error
    rules = codebook if isinstance(codebook, CompiledRules) else CompiledRules(codebook, codes)
    roles = informant_roles(informants)
    source_list = sources if isinstance(sources, (list, tuple)) else list(sources)
    show = len(source_list) > 1 if progress is None else progress
    workers, _ = parallel.plan(source_list, n_process)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(source_list), desc=t("autocode.progress"), unit="src",
               disable=not show)
    settings = (rules, roles, unit, min_score, context, batch_size)
    try:
        if workers > 1:
            for count, found in parallel.map_chunks(_code_chunk, source_list, workers,
                                                    settings):
                bar.update(count)
                yield from itertools.starmap(Candidate, found)
        else:
            yield from itertools.starmap(Candidate, _code_sources(source_list, *settings,
                                                                  bar=bar))
    finally:
        bar.close()


def _code_chunk(sources: list[Source], *settings: Any) -> list[tuple[Any, ...]]:
    """The candidates of a worker's chunk as field tuples (plain tuples pickle fast)."""
    return list(_code_sources(sources, *settings))


def _code_sources(sources: Iterable[Source], rules: CompiledRules, roles: Mapping[str, str],
                  unit: str, min_score: float, context: int, batch_size: int,
                  bar: Any = None) -> Iterator[tuple[Any, ...]]:
    """The candidates of ``sources`` in this process as :class:`Candidate` field tuples
    (``bar``: a tqdm bar to advance)."""
    strings = get_nlp().vocab.strings
    negators = {strings.add(n) for n in NEGATORS}
    current: Source | None = None
    speaker: _Roles | None = None
    index = 0
    asked: dict[str, Any] = {}  # the stages the interviewer's last question named
    # sentences are cut from the same token arrays the matchers read (no extra pass)
    disable = ["sentences"] + ([] if rules.needs_lemmas else ["lemmatizer"])
    for source, offset, end, doc in iter_span_docs(_advancing(sources, bar), unit,
                                                   batch_size=batch_size, disable=disable):
        if source is not current:
            current, speaker, index = source, _Roles(source, roles), 0
            asked = {}
        if not len(doc):
            continue
        cols = columns(doc, _COLUMNS)
        if unit == "sentence":
            bounds = bounds_from_cuts(sentence_cuts(doc, cols), cols)
        else:
            bounds = [(0, len(doc), 0, end - offset)]  # spans come trimmed
        if not bounds:
            continue
        yield from _code_doc(rules, source, offset, end, doc, cols, bounds,
                             index, unit, speaker, negators, min_score, context, asked)
        index += len(bounds)


def _advancing(sources: Iterable[Source], bar: Any) -> Iterator[Source]:
    for source in sources:
        yield source
        if bar is not None:
            bar.update(1)


def _code_doc(rules: CompiledRules, source: Source, offset: int, end: int, doc: Doc,
              cols: list[list[int]], bounds: list[tuple[int, int, int, int]],
              first_index: int, unit: str, speaker: _Roles | None, negators: set[int],
              min_score: float, context: int = 0,
              asked: dict[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:
    """The candidates of one span (turn or paragraph) as :class:`Candidate` field tuples;
    ``asked`` carries the stages of the interviewer's last question to the next turn."""
    text = source.text[offset:end]
    hits = rules._hits(doc, cols, text, bounds)
    title = title_stages(rules, source) if unit == "sentence" and context > 0 else {}
    role = speaker.at(offset) if speaker else None
    question = asked.pop("stages", {}) if asked is not None else {}
    if asked is not None and role == INTERVIEWER_ROLE and unit == "sentence" and context > 0:
        notes = [(m.start(), m.end()) for m in _NOTE.finditer(text)] if "[" in text else []
        asked["stages"] = named_stages(rules, [  # what was asked, not a transcriber's note
            h for h in hits if not any(a <= cols[5][h[0]] < b for a, b in notes)])
    if not hits and not title and not question:
        return
    if role is None and RESEARCHER_NOTE.match(text):
        role = INTERVIEWER_ROLE  # an observer's comment in a field note
    sent_starts = [b[0] for b in bounds]
    silent = _silent_units(text, bounds, cols, hits)
    pieces = [text[b[2]:b[3]] for b in bounds]
    episode = None
    muted: set[int] = set()  # headings and signature lines: no stage at all
    if role is None and unit == "sentence":  # field notes and documents
        episode, voiced = episodes(pieces, RESEARCHER_NOTE)
        silent.update(dict.fromkeys(voiced, True))  # the researcher's comments
        muted = {u for u, b in enumerate(bounds)
                 if heading_or_signature(source.text, offset + b[2], offset + b[3])}
        silent.update(dict.fromkeys(muted, True))
    idx, conditions = cols[5], rules.conditions
    negatable = not negators.isdisjoint(cols[_NORM])  # some hit may be negated
    best: dict[tuple[int, int], list[Any]] = {}
    u, last = 0, len(bounds) - 1
    for start, _end, (code, label) in hits:
        while u < last and sent_starts[u + 1] <= start:
            u += 1  # the unit the hit starts in (hits come sorted)
        roles, negation, weight = conditions[code]
        if roles and role is not None and role not in roles:
            continue  # a turn by another role (text outside turns has no speaker)
        if u in silent or (silent and _in_note(idx[start], silent)):
            continue
        negated = (negatable and negation != "ignore"
                   and _negated(start, bounds[u][0], cols, negators))
        if negated and negation == "block":
            continue
        score = float(weight) * (NEGATION_FACTOR if negated else 1.0)
        slot = best.get((u, code))
        if slot is None:
            best[(u, code)] = [score, label, negated, [label], {start}]
        else:
            if score > slot[0]:
                slot[0], slot[1], slot[2] = score, label, negated
            if label not in slot[3]:
                slot[3].append(label)
            slot[4].add(start)  # the words that evidence the code (see compete)
    if unit == "sentence":
        compete(best, rules.families)
        minor = minor_units(pieces) if context > 0 else set()
        lend(best, len(bounds), rules.families, context, minor, episode)
        if question and role not in (None, INTERVIEWER_ROLE):
            lend_question(best, [u for u in range(len(bounds)) if u not in minor
                                 and u not in silent], rules.families, question)
        if title:
            notes = [(m.start(), m.end()) for m in _NOTE.finditer(text)]
            lend_title(best, [u for u, (_, _, a, b) in enumerate(bounds) if u not in minor
                              and not boilerplate(text[a:b])
                              and not any(x <= a and b <= y for x, y in notes)],
                       rules.families, title)
        if role is None and best:
            # a record's identity fields take only the intake's stage from elsewhere
            fields = {u for u, b in enumerate(bounds) if identity_field(text[b[2]:b[3]])}
            for key in [k for k, slot in best.items() if k[0] in muted or (
                    k[0] in fields and slot[1].startswith("context:")
                    and k[1] not in rules.first_stages)]:
                del best[key]
    else:
        compete(best, rules.families)
    for (u, code_index), (score, label, negated, labels, *_) in sorted(best.items()):
        if score <= 0 or score < min_score or not rules.reported[code_index]:
            continue
        _, _, cstart, cend = bounds[u]
        yield (source.id, offset + cstart, offset + cend, rules.codes[code_index].id,
               label, round(score, 6), unit, first_index + u, negated,
               tuple(sorted(labels)))


def as_codings(candidates: Iterable[Candidate]) -> Iterator[dict[str, Any]]:
    """Candidates as rows for the store's ``replace_auto_codings`` (status suggested)."""
    for c in candidates:
        yield {"source_id": c.source_id, "code_id": c.code_id, "start": c.start,
               "end": c.end, "rule": c.rule, "score": c.score, "status": "suggested"}
