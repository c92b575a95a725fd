"""Rule-based auto-coding: codebook rules -> candidate codings over sources.

The rules are compiled once into matchers (:class:`~.rules.CompiledRules`); this module
streams sources through the pipeline and turns rule hits into candidates.

A hit belongs to the unit (sentence, turn or paragraph) it starts in. A negator
(``tidak``/``nggak``/``belum``/``bukan``/``jangan``) up to three words before a hit
lowers its score (``negation: lower``) or blocks it (``block``). ``speaker_roles``
restrict a rule, within interview turns, to turns spoken by informants with those roles
(interviewer turns have role ``peneliti``; a turn by an informant of unknown role
qualifies only for rules open to every built-in informant role, see
:meth:`~rpsw_research.codebook.rule.Rule.allowed_roles`);
text outside turns (field notes, documents) has no speaker and is not restricted.
One candidate per (unit, code) carries the best hit's rule label
(``keyword:didata``) and score. At sentence level a :class:`~.scorer.StageScorer` then
weighs the stage suggestions (the shipped one by default): it drops those a coder is
unlikely to keep and scores the rest by the probability that a coder keeps them. Pure:
no persistence here (the store keeps codings).
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.tokens import Doc

from ..codebook.model import Codebook
from ..codebook.rule import UNKNOWN_ROLE
from ..corpus.model import Informant, Source
from ..i18n import t
from ..nlp import NEGATORS, get_nlp, iter_span_docs
from ..nlp.segment import UNITS
from ..nlp.sentences import bounds_from_cuts, columns, sentence_cuts
from . import parallel
from .context import (
    MinorUnits,
    boilerplate,
    compete,
    drop_record_structure,
    episodes,
    heading_or_signature,
    identity_field,
    lend,
    lend_question,
    lend_title,
    named_stages,
    title_stages,
)
from .rules import (
    NORM_COLUMN,
    PUNCT_COLUMN,
    TITLE_COLUMN,
    TOKEN_COLUMNS,
    CompiledRules,
)
from .scorer import SentenceInput, StageScorer, default_scorer

INTERVIEWER_ROLE = "peneliti"
"""Role of interviewer turns for ``speaker_roles`` restrictions."""
NEGATION_WINDOW = 3
"""Words before a hit searched for a negator."""
DEFAULT_CONTEXT = 2
"""Sentences around a stage hit that may take its stage (see :mod:`.context`)."""
NEGATION_FACTOR = 0.5
"""Score multiplier of a negated hit under ``negation: lower``."""


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
        self.default = (roles.get(single, UNKNOWN_ROLE) if single and source.kind == "wawancara"
                        else None)

    def at(self, offset: int) -> str | None:
        """The speaker's role; ``UNKNOWN_ROLE`` for an informant of unknown role; None
        outside any turn."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.turns[i].end:
            turn = self.turns[i]
            if turn.is_interviewer:
                return INTERVIEWER_ROLE
            return (self.roles.get(turn.informant, UNKNOWN_ROLE) if turn.informant
                    else UNKNOWN_ROLE)
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
    space, punct, norm = cols[1], cols[PUNCT_COLUMN], cols[NORM_COLUMN]
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
    scorer: StageScorer | str | None = "default",
) -> Iterator[Candidate]:
    """Candidate codings of ``sources`` by the codebook's rules, streamed.

    ``informants`` maps informant ids to roles (or :class:`Informant` objects) for
    ``speaker_roles``; ``unit`` is ``sentence``, ``turn`` or ``paragraph``; ``codes``
    restricts to some code ids; ``min_score`` drops weaker candidates; ``context`` is
    how many sentences away a stage code may be lent (0: none; see :mod:`.context`);
    ``scorer`` weighs the stage suggestions of sentence units (``"default"``: the
    shipped :func:`~.scorer.default_scorer`; None: the rules' own scores, nothing
    dropped; see :mod:`.scorer`; it was fitted with ``context=2`` and is not used with
    another context). ``min_score`` then compares a stage code's scorer score and any
    other code's rule weight;
    ``progress`` shows a tqdm bar (default: when coding more than one source);
    ``n_process`` is the number of processes (None: all CPUs for large inputs, else
    one; see :mod:`.parallel`), with the same result in the same order either way.
    Candidates come in source, unit and codebook order; docs are streamed through
    ``nlp.pipe`` and never all held.
    """
    if unit not in UNITS:
        from ..nlp.segment import unit_spans

        unit_spans(Source("", "dokumen", ""), unit)  # raises the catalogue error
    if scorer == "default":
        scorer = default_scorer()
    elif scorer is not None and not isinstance(scorer, StageScorer):
        raise TypeError(f"scorer must be 'default', None or a StageScorer, not {scorer!r}")
    if unit != "sentence" or context != DEFAULT_CONTEXT:
        scorer = None  # its weights are for sentences with the default context
    elif scorer is not None:
        scorer.prepare()  # once, before workers fork
    rules = codebook if isinstance(codebook, CompiledRules) else CompiledRules(codebook, codes)
    roles = informant_roles(informants)
    source_list = sources if isinstance(sources, (list, tuple)) else list(sources)
    show = len(source_list) > 1 if progress is None else progress
    workers, _ = parallel.plan(source_list, n_process)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(source_list), desc=t("autocode.progress"), unit="src",
               disable=not show)
    settings = (rules, roles, unit, min_score, context, batch_size, scorer)
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
                  scorer: StageScorer | None = None,
                  bar: Any = None) -> Iterator[tuple[Any, ...]]:
    """The candidates of ``sources`` in this process as :class:`Candidate` field tuples
    (``bar``: a tqdm bar to advance); a ``scorer`` weighs each source's candidates once
    the source is done (it reads the sentences around each one, and the stages that
    compete without being reported)."""
    reported = {code.id for code, shown in zip(rules.codes, rules.reported) if shown}
    for source, units, found, said in rule_candidates(
            sources, rules, roles, unit, context, batch_size, bar,
            None if scorer is None else "candidates"):
        if scorer is not None:
            found = scorer.rescore(source, found, units, said)
        for cand in found:
            if cand[5] >= min_score and cand[3] in reported:
                yield cand


def rule_candidates(sources: Iterable[Source], rules: CompiledRules,
                    roles: Mapping[str, str], unit: str = "sentence",
                    context: int = DEFAULT_CONTEXT, batch_size: int = 256, bar: Any = None,
                    inputs: Literal["candidates", "all"] | None = None,
                    ) -> Iterator[tuple[Source, int, list[tuple[Any, ...]],
                                        dict[int, SentenceInput]]]:
    """Per source with text: the source, its number of units, the rules' candidates
    as :class:`Candidate` field tuples (those of stages that compete without being
    reported included), and the scorer's :data:`~.scorer.SentenceInput` of its units
    with a stage candidate (``inputs="candidates"``), of all its units (``"all"``, for
    fitting a scorer) or of none. ``roles`` as :func:`informant_roles` gives them."""
    if inputs not in (None, "candidates", "all"):
        raise ValueError(f"inputs must be 'candidates', 'all' or None, not {inputs!r}")
    strings = get_nlp().vocab.strings
    negators = {strings.add(n) for n in NEGATORS}
    current: Source | None = None
    speaker: _Roles | None = None
    index = 0
    found: list[tuple[Any, ...]] = []
    said: dict[int, SentenceInput] = {}
    asked: dict[str, Any] = {}  # the stages the interviewer's last question named
    # sentences are cut from the same token arrays the matchers read (no extra pass)
    disable = ["sentences"] + ([] if rules.needs_lemmas else ["lemmatizer"])
    for source, offset, end, doc in iter_span_docs(_advancing(sources, bar), unit,
                                                   batch_size=batch_size, disable=disable):
        if source is not current:
            if current is not None:
                yield current, index, found, said
            current, speaker, index, found = source, _Roles(source, roles), 0, []
            asked, said = {}, {}
        if not len(doc):
            continue
        cols = columns(doc, TOKEN_COLUMNS)
        if unit == "sentence":
            bounds = bounds_from_cuts(sentence_cuts(doc, cols), cols)
        else:
            bounds = [(0, len(doc), 0, end - offset)]  # spans come trimmed
        if not bounds:
            continue
        found.extend(_code_doc(rules, source, offset, end, doc, cols, bounds,
                               index, unit, speaker, negators, context, asked,
                               None if inputs is None else said, inputs == "all"))
        index += len(bounds)
    if current is not None:
        yield current, index, found, said


def _advancing(sources: Iterable[Source], bar: Any) -> Iterator[Source]:
    for source in sources:
        yield source
        if bar is not None:
            bar.update(1)


def _code_doc(rules: CompiledRules, source: Source, offset: int, end: int, doc: Doc,
              cols: list[list[int]], bounds: list[tuple[int, int, int, int]],
              first_index: int, unit: str, speaker: _Roles | None, negators: set[int],
              context: int = 0, asked: dict[str, Any] | None = None,
              inputs: dict[int, SentenceInput] | None = None, every_unit: bool = False,
              ) -> Iterator[tuple[Any, ...]]:
    """The candidates of one span (turn or paragraph) as :class:`Candidate` field tuples,
    those of unreported competing stages included; ``asked`` carries the stages and
    words of the interviewer's last question to the next turn. ``inputs`` receives the
    :data:`~.scorer.SentenceInput` of the units with a stage candidate (of every unit
    with ``every_unit``), for a scorer."""
    text = source.text[offset:end]
    hits = rules._hits(doc, cols, text, bounds)
    title = title_stages(rules, source) if unit == "sentence" and context > 0 else {}
    role = speaker.at(offset) if speaker else None
    question = asked.pop("stages", {}) if asked is not None else {}
    question_words = asked.pop("words", ()) if asked is not None else ()
    if asked is not None and role == INTERVIEWER_ROLE and unit == "sentence":
        if context > 0:
            notes = [(m.start(), m.end()) for m in _NOTE.finditer(text)] if "[" in text else []
            asked["stages"] = named_stages(rules, [  # what was asked, not a transcriber's note
                h for h in hits if not any(a <= cols[5][h[0]] < b for a, b in notes)])
        if inputs is not None:  # every sentence of the question, as the scorer reads it
            asked["words"] = [n for b in bounds for n in _plain_words(cols, b[0], b[1])]
    if role is None and RESEARCHER_NOTE.match(text):
        role = INTERVIEWER_ROLE  # an observer's comment in a field note
    if inputs is not None and every_unit:
        _record(inputs, range(len(bounds)), first_index, bounds, cols, role, question_words)
    if not hits and not title and not question:
        return
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
    negatable = not negators.isdisjoint(cols[NORM_COLUMN])  # some hit may be negated
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
        minor = MinorUnits(pieces) if context > 0 else set()
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
            drop_record_structure(best, muted, [
                u for u, piece in enumerate(pieces) if identity_field(piece)],
                rules.first_stages)
    else:
        compete(best, rules.families)
    if inputs is not None and not every_unit and best:  # the units a scorer weighs
        families = rules.families
        _record(inputs, {u for u, c in best if families[c] is not None}, first_index,
                bounds, cols, role, question_words)
    reported = rules.reported
    for (u, code_index), (score, label, negated, labels, *_) in sorted(best.items()):
        if score <= 0 or not (reported[code_index] or rules.families[code_index]):
            continue  # an unreported stage still goes to the scorer (its neighbours)
        _, _, cstart, cend = bounds[u]
        yield (source.id, offset + cstart, offset + cend, rules.codes[code_index].id,
               label, round(score, 6), unit, first_index + u, negated,
               tuple(sorted(labels)))


def _record(inputs: dict[int, SentenceInput], units: Iterable[int], first_index: int,
            bounds: list[tuple[int, int, int, int]], cols: list[list[int]],
            role: str | None, question: Sequence[int]) -> None:
    """Store the :data:`~.scorer.SentenceInput` of ``units`` of a span in ``inputs``."""
    interviewer = role == INTERVIEWER_ROLE
    asked = question if role not in (None, INTERVIEWER_ROLE) else ()
    for u in units:
        inputs[first_index + u] = (_plain_words(cols, bounds[u][0], bounds[u][1]),
                                   interviewer, asked)


def _plain_words(cols: list[list[int]], first: int, end: int) -> list[int]:
    """NORM hashes of the tokens ``[first, end)`` of a sentence but the capitalised ones
    after its first word: a capitalised word inside a sentence is a name (of a person,
    a place, a month), no evidence about other texts and nothing a scorer should carry."""
    norms, punct = cols[NORM_COLUMN], cols[PUNCT_COLUMN]
    lead = first
    while lead < end - 1 and punct[lead]:  # an opening quote or bullet
        lead += 1
    return [*norms[first:lead + 1], *itertools.compress(
        norms[lead + 1:end], map(operator.not_, cols[TITLE_COLUMN][lead + 1:end]))]


def as_codings(candidates: Iterable[Candidate]) -> Iterator[dict[str, Any]]:
    """Candidates as rows for the store's ``replace_auto_codings`` (status suggested)."""
    for c in candidates:
        yield {"source_id": c.source_id, "code_id": c.code_id, "start": c.start,
               "end": c.end, "rule": c.rule, "score": c.score, "status": "suggested"}
