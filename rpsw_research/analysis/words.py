"""Words in the data: keyword in context and word frequencies (Indonesian-aware).

Tokens come from the shared Indonesian pipeline (``rpsw_research.nlp``): a term can be
found by its surface form, its lemma or its stem (``dipulangkan`` finds ``pulang``,
``pemulangan``, ``dipulangin``), and informal forms count as their standard form
(``nggak`` is ``tidak``). In interviews only the informants' turns are read unless
``interviewer=True``: the researcher's questions are not data about the field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal

import pandas as pd
from spacy.lang.id.stop_words import STOP_WORDS

from ..errors import AnalysisError
from ..i18n import t
from ..nlp import get_nlp, stem
from .tables import ProjectLike, StudyTables, study_tables

Match = Literal["surface", "lemma", "stem"]
FILLERS = frozenset({"eh", "hmm", "hm", "ehm", "ya", "yah", "kak", "dek", "bu", "pak", "sih",
                     "deh", "dong", "kok", "kan", "nah", "gitu", "gini", "tuh", "nih", "aja",
                     "lah", "loh", "kah", "pun", "nya", "mbak", "mas", "oh", "ah", "iya"})
"""Speech fillers and address forms of transcripts, left out with the stop words."""


def _spans(tables: StudyTables, interviewer: bool, sources: list[str] | None
           ) -> Iterator[tuple[object, int, int, str | None, str | None]]:
    """(source, start, end, speaker, informant) of every stretch of text to read."""
    project = tables.project
    if project is None:
        raise AnalysisError(t("analysis.units_need_project", unit="word"))
    wanted = set(tables.sources["source_id"]) if sources is None else set(sources)
    for source in project.sources():
        if source.id not in wanted:
            continue
        single = source.informants[0] if len(source.informants) == 1 else None
        if source.turns:
            for turn in source.turns:
                if interviewer or not turn.is_interviewer:
                    yield source, turn.start, turn.end, turn.speaker, turn.informant or (
                        None if turn.is_interviewer else single)
        else:
            yield source, 0, len(source.text), None, single


def _docs(tables: StudyTables, interviewer: bool, sources: list[str] | None):
    spans = list(_spans(tables, interviewer, sources))
    texts = (source.text[start:end] for source, start, end, _, _ in spans)
    yield from zip(spans, get_nlp().pipe(texts, batch_size=64), strict=True)


def kwic(
    data: ProjectLike | StudyTables,
    term: str,
    *,
    window: int = 40,
    match: Match = "surface",
    interviewer: bool = False,
    sources: list[str] | None = None,
    **filters,
) -> pd.DataFrame:
    """Every occurrence of ``term`` with ``window`` characters of context each side.

    ``match``: ``surface`` (the word or phrase as written, case-insensitive, informal
    forms matched through their standard form), ``lemma`` or ``stem`` (one word: every
    inflection of it). Columns: ``source_id, kind, informant, speaker, start, end,
    left, keyword, right`` (offsets into the source text).
    """
    words = [w for w in term.lower().split() if w]
    if not words:
        raise AnalysisError(t("analysis.kwic.empty"))
    if match != "surface" and len(words) > 1:
        raise AnalysisError(t("analysis.kwic.one_word", match=match))
    if match not in ("surface", "lemma", "stem"):
        raise AnalysisError(t("analysis.bad_choice", name="match", value=match,
                              choices="surface, lemma, stem"))
    tables = study_tables(data, **filters)
    nlp = get_nlp()
    probe = nlp(term)
    target = {
        "surface": [tok.norm_.lower() for tok in probe],
        "lemma": [probe[0].lemma_.lower()],
        "stem": [stem(probe[0].norm_)],
    }[match]
    rows = []
    for (source, offset, _end, speaker, informant), doc in _docs(tables, interviewer, sources):
        keys = [(tok.norm_.lower() if match == "surface" else tok.lemma_.lower()
                 if match == "lemma" else stem(tok.norm_)) for tok in doc]
        for i in range(len(doc) - len(target) + 1):
            if keys[i : i + len(target)] != target:
                continue
            start = offset + doc[i].idx
            last = doc[i + len(target) - 1]
            end = offset + last.idx + len(last.text)
            text = source.text
            rows.append({
                "source_id": source.id, "kind": source.kind, "informant": informant,
                "speaker": speaker, "start": start, "end": end,
                "left": " ".join(text[max(0, start - window):start].split()),
                "keyword": text[start:end],
                "right": " ".join(text[end:end + window].split()),
            })
    columns = ["source_id", "kind", "informant", "speaker", "start", "end", "left",
               "keyword", "right"]
    return pd.DataFrame(rows, columns=columns)


def word_frequencies(
    data: ProjectLike | StudyTables,
    by: Literal["kind", "informant", "source"] | None = None,
    *,
    stems: bool = False,
    stopwords: bool = True,
    extra_stopwords: frozenset[str] | set[str] = frozenset(),
    min_length: int = 3,
    top: int | None = 50,
    interviewer: bool = False,
    sources: list[str] | None = None,
    **filters,
) -> pd.DataFrame:
    """How often each word occurs (standard forms; ``stems=True`` groups by stem).

    Transcriber notes in square brackets (``[tertawa]``) are not counted. Stop words
    (spaCy's Indonesian list), transcript fillers (:data:`FILLERS`) and
    ``extra_stopwords`` are left out unless ``stopwords=False``; words shorter than
    ``min_length`` and non-words always. ``by`` splits the counts by source kind,
    informant or source (tidy: one row per group and word). Columns: ``[group], word,
    count, sources, share`` (share of the group's counted words), most frequent first,
    ``top`` per group.
    """
    if by not in (None, "kind", "informant", "source"):
        raise AnalysisError(t("analysis.bad_choice", name="by", value=by,
                              choices="kind, informant, source"))
    tables = study_tables(data, **filters)
    leave_out = (set(STOP_WORDS) | FILLERS | set(extra_stopwords)) if stopwords else set()
    counts: dict[object, Counter] = {}
    where: dict[tuple[object, str], set[str]] = {}
    for (source, _start, _end, _speaker, informant), doc in _docs(tables, interviewer,
                                                                  sources):
        group = {None: None, "kind": source.kind, "informant": informant,
                 "source": source.id}[by]
        if by == "informant" and informant is None:
            continue
        bucket = counts.setdefault(group, Counter())
        inside = 0  # transcriber notes such as [tertawa] or [diam sejenak] are not speech
        for tok in doc:
            inside += (tok.text == "[") - (tok.text == "]")
            word = tok.norm_.lower()
            if inside > 0 or not tok.is_alpha or len(word) < min_length or word in leave_out:
                continue
            key = stem(word) if stems else word
            bucket[key] += 1
            where.setdefault((group, key), set()).add(source.id)
    rows = []
    for group, bucket in counts.items():
        total = sum(bucket.values()) or 1
        ranked = sorted(bucket.items(), key=lambda item: (-item[1], item[0]))
        for word, count in ranked[:top] if top else ranked:
            rows.append({"group": group, "word": word, "count": count,
                         "sources": len(where[(group, word)]), "share": count / total})
    frame = pd.DataFrame(rows, columns=["group", "word", "count", "sources", "share"])
    if by is None:
        return frame.drop(columns=["group"])
    return frame.rename(columns={"group": by}).sort_values(
        [by, "count", "word"], ascending=[True, False, True], kind="stable",
        ignore_index=True)
