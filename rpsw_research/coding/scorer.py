"""A learned confidence for the rules' stage suggestions: which ones a coder would keep.

The rules propose, the scorer weighs. For a sentence the rules suggest a stage code
for, a logistic model reads:

* the sentence's words (their normalised forms: lower case, informal forms replaced),
* the stage hits of the rules in it (direct, lent by a neighbour, lent by a question),
* the stage hits in the two sentences before and after it,
* the words of the interviewer's question it answers,
* the kind of source, where in the source the sentence lies (in a text too short to
  have a course, :data:`MIN_ARC`, the average position), and whether the interviewer
  (or an observer's comment) says it,

and gives the probability that a careful coder codes that sentence with that stage
(fitted without class weights, so it stays a probability; ``data/train_scorer.py --cv``
shows its calibration out of fold). Suggestions below the model's threshold (0.2) are
dropped. The rest keep their rule as provenance and take the probability as their
score. The scorer never suggests a code that no rule suggested, and it leaves alone
codes it has no weights for or that are no stage of the codebook (cross-cutting codes,
a custom codebook's own codes).

The weights are fitted by ``data/train_scorer.py`` on the gold sets a rule writer may
read: the sample's dev split and ``data/training``. They are shipped as
``default_scorer.json``; the held-out sets never enter the fit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy
from spacy.strings import hash_string

from ..corpus.model import Source
from ..nlp import get_nlp

RESOURCE = "default_scorer.json"
NEIGHBOURS = (-2, -1, 1, 2)
"""Sentences around a sentence whose stage hits are features of it."""
POSITIONS = 5
"""A source is cut into this many equal parts; the part a sentence lies in is a feature."""
MIN_ARC = 30
"""Sentences a source needs for its position feature. A shorter text (a passage, a
short note) has no course the scorer has learnt (the shortest fitted source has 32
sentences): each of its sentences takes every part at ``1 / POSITIONS``, the average
position, so that a one-turn passage is not read as an interview's opening."""

SentenceInput = tuple[Sequence[int], bool, Sequence[int]]
"""What the pipeline tells the scorer about a sentence: its tokens' NORM hashes (names
left out), whether the interviewer (or an observer's comment) says it, and the NORM
hashes of the interviewer's question it answers (empty outside an informant's answer)."""
Hits = Mapping[int, Mapping[str, float]]
"""Per sentence index, its stage hits: ``{"direct:rpsw.perencanaan": score, ...}``, the
kind being ``direct``, ``context`` (lent by a neighbour) or ``question``."""


KINDS = ("direct", "context", "question")
"""How a stage hit got to a sentence: a rule fired in it, a neighbour or a question
lent it (the rule label starts ``context:`` or ``question:``)."""


def hit_kind(rule: str) -> int:
    """The index in :data:`KINDS` of how a candidate with rule label ``rule`` got there."""
    head = rule[:rule.find(":")]
    return 1 if head == "context" else 2 if head == "question" else 0


def word_form(norm: str) -> str | None:
    """The feature form of a token's normalised form (lower case, informal forms
    replaced): itself; None for a token without a letter or with a digit (punctuation,
    numbers, codes such as an informant's ``K5``)."""
    if any(ch.isdigit() for ch in norm) or not any(ch.isalpha() for ch in norm):
        return None
    return norm


def stage_hits(candidates: Iterable[Sequence[Any]],
               codes: Iterable[str]) -> dict[int, dict[str, float]]:
    """:data:`Hits` of candidate field tuples (``Candidate`` field order) of ``codes``."""
    wanted = set(codes)
    hits: dict[int, dict[str, float]] = {}
    for cand in candidates:
        code, rule, score, index = cand[3], cand[4], cand[5], cand[7]
        if code in wanted:
            key = f"{KINDS[hit_kind(rule)]}:{code}"
            slot = hits.get(index)
            if slot is None:
                hits[index] = {key: float(score)}
            elif score > slot.get(key, 0.0):
                slot[key] = float(score)
    return hits


def features(unit: int, units: int, said: SentenceInput, hits: Hits, kind: str
             ) -> dict[str, float]:
    """The features of sentence ``unit`` of a source of ``kind`` with ``units``
    sentences, from its :data:`SentenceInput` and the source's stage :data:`Hits`: the
    definition the scorer is fitted on (:meth:`StageScorer.rescore` computes the same,
    faster)."""
    strings = get_nlp().vocab.strings
    norms, interviewer, question = said
    found: dict[str, float] = {}
    for prefix, hashes in (("w:", norms), ("q:", question)):
        for h in hashes:
            form = word_form(strings[h])
            if form is not None:
                found[prefix + form] = 1.0
    for key, score in hits.get(unit, {}).items():
        found[f"r:{key}"] = score
        found[f"r:any:{key.split(':', 1)[1]}"] = 1.0
    for step in NEIGHBOURS:
        for key, score in hits.get(unit + step, {}).items():
            if key.startswith("direct:"):
                found[f"n{step}:r:{key}"] = score
            found[f"n{step}:r:any:{key.split(':', 1)[1]}"] = 1.0
    found[f"kind:{kind}"] = 1.0
    if units >= MIN_ARC:
        found[f"pos:{kind}:{POSITIONS * unit // units}"] = 1.0
    else:
        found.update((f"pos:{kind}:{part}", 1 / POSITIONS) for part in range(POSITIONS))
    if interviewer:
        found["interviewer"] = 1.0
    return found


@dataclass(frozen=True)
class StageScorer:
    """Per-code logistic weights over :func:`features`, and the keep threshold."""

    codes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    threshold: float
    about: str = ""

    def probability(self, found: Mapping[str, float], code: str) -> float:
        """The probability that a coder codes a sentence with features ``found``
        (:func:`features`) with ``code``."""
        k = self.codes.index(code)
        z = self.intercepts[k]
        for name, value in found.items():
            w = self.weights.get(name)
            if w is not None:
                z += w[k] * value
        return _sigmoid(z)

    @cached_property
    def _fast(self) -> _Fast:
        return _Fast(self)

    def prepare(self) -> None:
        """Lay the weights out for :meth:`rescore` now (it would on first use)."""
        self._fast  # noqa: B018

    def rescore(self, source: Source, candidates: list[tuple[Any, ...]], units: int,
                inputs: Mapping[int, SentenceInput]) -> list[tuple[Any, ...]]:
        """``candidates`` of ``source`` (``Candidate`` field tuples, sentence units; the
        source has ``units`` sentences, ``inputs`` holds the :data:`SentenceInput` of
        those with a stage candidate) with the scores of the codes it weighs replaced by
        the model's, those below the threshold dropped; order kept. A code it has no
        weights for, or that is no stage of the codebook (no input), is left alone.

        Gives :meth:`probability` of :func:`features` (up to float rounding), computed
        for a whole source at once with numpy."""
        fast = self._fast
        column = fast.column
        # the candidates it weighs: (position, sentence, kind of hit, code, rule score)
        mine = [(i, c[7], hit_kind(c[4]), column[c[3]], c[5])
                for i, c in enumerate(candidates) if c[3] in column and c[7] in inputs]
        if not mine:
            return candidates
        # stage hits (as stage_hits): per sentence (padded), kind and code, the best score
        pad = max(map(abs, NEIGHBOURS))
        position, unit, kind, code, score = numpy.array(mine).T
        unit = unit.astype(int) + pad
        code = code.astype(int)
        hits = numpy.zeros((units + 2 * pad, len(KINDS), len(self.codes)))
        numpy.maximum.at(hits, (unit, kind.astype(int), code), score)
        near = hits.any(axis=1).astype(float)  # any hit of a code
        at = numpy.unique(unit)
        sentences = (at - pad).tolist()
        around = at[:, None] + numpy.asarray(NEIGHBOURS)
        count = len(sentences)
        x = numpy.concatenate([hits[at].reshape(count, -1), near[at],  # as fast.hit_names
                               near[around].reshape(count, -1),
                               hits[around, 0].reshape(count, -1)], axis=1)
        z = numpy.asarray(self.intercepts) + x @ fast.hit_weights
        place = fast.place(source.kind)
        z += (place[POSITIONS * numpy.asarray(sentences) // units] if units >= MIN_ARC
              else place.mean(axis=0))
        # words, the question's words and the speaker: rows of the vocabulary matrix
        rows, starts = [], []
        asked: dict[int, set[int]] = {}  # the sentences of a turn share its question
        for sentence in sentences:
            norms, interviewer, question = inputs[sentence]
            starts.append(len(rows))
            rows.append(fast.blank)  # every sentence has a row (reduceat needs one)
            rows += fast.rows(norms, "w:")  # (blank rows add nothing)
            if question:
                heard = asked.get(id(question))
                if heard is None:
                    heard = asked[id(question)] = fast.rows(question, "q:")
                rows += heard
            if interviewer:
                rows.append(fast.interviewer)
        z += numpy.add.reduceat(fast.vocabulary[rows], starts, axis=0)
        z = z[numpy.searchsorted(at, unit), code]  # per candidate weighed
        probabilities = (1.0 / (1.0 + numpy.exp(-numpy.clip(z, -500, 500)))).tolist()
        kept: list[tuple[Any, ...] | None] = list(candidates)
        threshold = self.threshold
        for i, p in zip(position.astype(int).tolist(), probabilities):
            cand = candidates[i]
            kept[i] = (*cand[:5], round(p, 6), *cand[6:]) if p >= threshold else None
        return [cand for cand in kept if cand is not None]

    def to_json(self) -> str:
        """The scorer as JSON (see :func:`load_scorer`), one feature per line."""
        head = {"about": self.about, "codes": list(self.codes),
                "intercepts": list(self.intercepts), "threshold": self.threshold}
        lines = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(list(v))}"
                 for k, v in sorted(self.weights.items())]
        return (json.dumps(head, ensure_ascii=False, indent=1)[:-2]
                + ',\n "weights": {\n' + ",\n".join(lines) + "\n}}\n")


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


class _Fast:
    """A scorer's weights as numpy arrays for :meth:`StageScorer.rescore`."""

    def __init__(self, scorer: StageScorer) -> None:
        codes, weights = scorer.codes, scorer.weights
        width = len(codes)
        zero = (0.0,) * width
        self.column = {code: k for k, code in enumerate(codes)}

        def matrix(names: Iterable[str]) -> numpy.ndarray:
            return numpy.array([weights.get(name, zero) for name in names]).reshape(-1, width)

        # a sentence's stage-hit features in one row: its hits of each kind, whether each
        # code hit it and each neighbour, the direct hits of each neighbour
        self.hit_names = ([f"r:{kind}:{c}" for kind in KINDS for c in codes]
                          + [f"r:any:{c}" for c in codes]
                          + [f"n{step}:r:any:{c}" for step in NEIGHBOURS for c in codes]
                          + [f"n{step}:r:direct:{c}" for step in NEIGHBOURS for c in codes])
        self.hit_weights = matrix(self.hit_names)
        self._weights, self._places = weights, {}
        # words of the sentence ("w:") and of its question ("q:"), the interviewer flag
        # and a blank row: one vocabulary matrix
        names = sorted(n for n in weights if n[:2] in ("w:", "q:"))
        self.vocabulary = matrix([*names, "interviewer", ""])
        self.row = {name: i for i, name in enumerate(names)}
        self.interviewer, self.blank = len(names), len(names) + 1
        # per prefix: the NORM hash of each weighted form -> its vocabulary row (a token's
        # NORM is a weighted form exactly when its hash is one of these)
        self._rows = {prefix: {hash_string(name[2:]): row for name, row in self.row.items()
                               if name.startswith(prefix)} for prefix in ("w:", "q:")}

    def place(self, kind: str) -> numpy.ndarray:
        """Weights of "kind:<kind>" plus "pos:<kind>:<part>", one row per part."""
        found = self._places.get(kind)
        if found is None:
            zero = (0.0,) * len(self.column)
            base = numpy.asarray(self._weights.get(f"kind:{kind}", zero))
            found = self._places[kind] = base + numpy.array([
                self._weights.get(f"pos:{kind}:{p}", zero) for p in range(POSITIONS)])
        return found

    def rows(self, norms: Sequence[int], prefix: str) -> set[int]:
        """The vocabulary rows of ``prefix`` + form of the tokens ``norms`` (NORM
        hashes), each once; a token without weight gives the blank row."""
        return set(map(self._rows[prefix].get, norms, repeat(self.blank)))


def default_scorer_path() -> Path:
    """The path of the shipped scorer's weights."""
    return Path(str(resources.files("rpsw_research.codebook") / RESOURCE))


def load_scorer(path: str | Path) -> StageScorer:
    """A :class:`StageScorer` from its JSON (as :meth:`StageScorer.to_json` writes it)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return StageScorer(codes=tuple(data["codes"]),
                       intercepts=tuple(float(x) for x in data["intercepts"]),
                       weights={k: tuple(float(x) for x in v)
                                for k, v in data["weights"].items()},
                       threshold=float(data["threshold"]), about=data.get("about", ""))


@lru_cache(maxsize=1)
def default_scorer() -> StageScorer:
    """The shipped scorer for the default codebook's seven stage codes (loaded once)."""
    return load_scorer(default_scorer_path())
