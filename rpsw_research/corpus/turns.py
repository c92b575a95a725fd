"""Splitting interview text into speaker turns, and text into paragraphs.

A line that starts with a *known* speaker label and a colon starts a turn (``P:``,
``I:``, ``T:``, ``J:``, ``Peneliti:``, ``Pewawancara:``, ``Penanya:``, ``Penulis:``,
``Informan:``, ``Narasumber:``, ``Responden:``, numbered ones such as ``Informan 2:``,
the pairs ``Tanya:``/``Jawab:``, ``Pertanyaan:``/``Jawaban:``, ``Q:``/``A:`` when both
occur, informant ids like ``K1:``, labels declared in ``penutur``), optionally
bracketed (``[K1]:``), bold (``**K1:**``) and with a timestamp before or after the
label (``[00:12:31] K1:``, ``K1 (00:12):``). Other labels start a turn only when they
look like a speaker and answer the interviewer (:func:`answering_labels`); words such
as ``Catatan:`` or ``Nama:`` never do. Lines without a label continue the current turn.
A turn's span covers the spoken text only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import Segment, Turn

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_BRACKETED = rf"(?:\[{_CLOCK}\]|\({_CLOCK}\))"
_TS_ANY = rf"(?:{_TS_BRACKETED}|{_CLOCK})"
LABEL_LINE = re.compile(
    rf"[ \t]*(?:(?P<ts1>{_TS_ANY})[ \t]*(?:[-–][ \t]*)?)?"
    r"(?P<b1>\*\*|__)?(?P<ob>\[)?(?P<label>[^\W\d_][\w.'’ -]{0,40}?)(?(ob)\])"
    rf"(?:[ \t]*(?P<ts2>{_TS_BRACKETED}))?[ \t]*(?P<b2>\*\*|__)?:(?!//)(?P<b3>\*\*|__)?"
    rf"(?:[ \t]*(?P<ts3>{_TS_BRACKETED}))?[ \t]*"
)
"""A candidate speaker-label line; the label still has to be known to start a turn."""

INTERVIEWER_WORDS = frozenset({"peneliti", "pewawancara", "penanya", "penulis", "interviewer",
                               "researcher"})
INFORMANT_WORDS = frozenset({"informan", "narasumber", "responden", "partisipan", "penjawab",
                             "informant", "interviewee", "respondent", "participant"})
PAIRED_LABELS: dict[str, tuple[bool, str]] = {
    "tanya": (True, "jawab"), "jawab": (False, "tanya"),
    "pertanyaan": (True, "jawaban"), "jawaban": (False, "pertanyaan"),
    "question": (True, "answer"), "answer": (False, "question"),
    "q": (True, "a"), "a": (False, "q")}
"""Labels that are speakers only as a pair (question: is it the interviewer's; the
other label): "Jawaban:" inside an answer is speech unless the transcript also uses
"Pertanyaan:"."""
_NUMBERED = re.compile(r"(?P<word>[^\W\d_]+)[ _-]*(?:\d{1,3}|[A-Z])")
"""A generic label with a number or letter: ``Informan 1``, ``Narasumber B``, ``Peneliti 2``."""
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class Speaker:
    """Who a label stands for: the interviewer, an informant id, or neither."""

    is_interviewer: bool
    informant: str | None


class SpeakerResolver:
    """Decides whether a label is a known speaker, and whom it maps to.

    Known labels: ``penutur`` mapping keys, the declared interviewer label, informant
    ids (of the source and of the register), the built-in words and letters, and
    labels the format declares (WebVTT voices).
    """

    def __init__(self, *, informants: Iterable[str] = (), known_ids: Iterable[str] = (),
                 speakers: Mapping[str, str] | None = None, interviewer: str | None = None,
                 declared: Iterable[str] = (), i_is_informant: bool = False,
                 labels: Iterable[str] = ()) -> None:
        self.source_informants = tuple(informants)
        self.ids = {i.casefold(): i for i in [*known_ids, *self.source_informants]}
        self.speakers = {k.casefold(): v for k, v in (speakers or {}).items()}
        self.interviewer = interviewer.casefold() if interviewer else None
        self.declared = {d.casefold() for d in declared}
        self.i_is_informant = i_is_informant
        self.labels = {label.casefold() for label in labels}
        numbered = {label for label in self.labels if self._numbered(label) is False}
        # one numbered informant is the source's informant; several are not known apart
        self.numbered_informant = self.single_informant if len(numbered) <= 1 else None
        self.answering: set[str] = set()  # see answering_labels

    @property
    def single_informant(self) -> str | None:
        return self.source_informants[0] if len(self.source_informants) == 1 else None

    def resolve(self, label: str) -> Speaker | None:
        """The speaker behind ``label``, or ``None`` if the label is not a known one."""
        key = label.casefold()
        if key in self.speakers:
            target = self.speakers[key]
            if target.casefold() in INTERVIEWER_WORDS:
                return Speaker(True, None)
            return Speaker(False, self.ids.get(target.casefold(), target))
        if self.interviewer is not None and key == self.interviewer:
            return Speaker(True, None)
        if key in self.ids:
            return Speaker(False, self.ids[key])
        if key in INTERVIEWER_WORDS or label in ("P", "T"):
            return Speaker(True, None)
        if key in INFORMANT_WORDS or label == "J":
            return Speaker(False, self.single_informant)
        paired = PAIRED_LABELS.get(key)
        if paired is not None and paired[1] in self.labels and (len(key) > 1 or label.isupper()):
            return Speaker(True, None) if paired[0] else Speaker(False, self.single_informant)
        if label == "I":
            if self.i_is_informant:
                return Speaker(False, self.single_informant)
            return Speaker(True, None)
        if key in self.declared or key in self.answering:  # who it is: see penutur
            return Speaker(False, None)
        numbered = self._numbered(key)  # one of several interviewers or informants
        if numbered is not None:
            return Speaker(True, None) if numbered else Speaker(False, self.numbered_informant)
        return None

    @staticmethod
    def _numbered(key: str) -> bool | None:
        """True for a numbered interviewer label (``peneliti 2``), False for a numbered
        informant label (``informan 1``), None for anything else (casefolded ``key``)."""
        found = _NUMBERED.fullmatch(key.upper())
        word = found.group("word").casefold() if found else None
        if word in INTERVIEWER_WORDS:
            return True
        return False if word in INFORMANT_WORDS else None


SPEAKER_HEADERS = frozenset({"penutur", "pembicara", "speaker", "nama"})
TEXT_HEADERS = frozenset({"transkrip", "transkripsi", "transcript", "teks", "text", "isi",
                          "ucapan", "percakapan", "dialog", "pernyataan"})
TIME_HEADERS = frozenset({"waktu", "time", "menit", "timestamp", "durasi"})
NUMBER_HEADERS = frozenset({"no", "nomor", "#", "baris"})
_QUESTION_HEADERS = INTERVIEWER_WORDS | {k for k, (asks, _) in PAIRED_LABELS.items()
                                         if asks and len(k) > 1}
_ANSWER_HEADERS = INFORMANT_WORDS | {k for k, (asks, _) in PAIRED_LABELS.items()
                                     if not asks and len(k) > 1}
_SPEAKER_CELL = re.compile(r"\s*(?P<label>[^:(\[]*?)\s*(?:[(\[].*)?:?\s*")
"""A speaker cell: its label without a trailing colon or a bracketed note
(``Peneliti (P):`` -> ``Peneliti``)."""


def transcript_table(rows: list[list[str]]) -> str | None:
    """A transcript kept as a table, as label lines :func:`split_turns` reads; None for
    a table that is no transcript. The header row tells:

    * a speaker column and a text column (``No | Waktu | Penutur | Transkrip``) give
      ``speaker: text`` per row (a row without a speaker continues the turn; a time
      column becomes the turn's timestamp ``[00:05] speaker: text``);
    * question and answer columns (``Pertanyaan | Jawaban``, ``Peneliti | Informan``)
      give ``Pertanyaan: ...`` then ``Jawaban: ...``.

    Further columns (``Keterangan``: ``menangis``) follow their row's text as
    ``[...]`` notes; a numbering column (``No``) is left out."""
    if len(rows) < 2:
        return None
    header = [_clean_label(cell).casefold() for cell in rows[0]]

    def column(words: frozenset[str]) -> int | None:
        return next((i for i, name in enumerate(header) if name in words), None)

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    speaker, spoken = column(SPEAKER_HEADERS), column(TEXT_HEADERS)
    asked, answered = column(_QUESTION_HEADERS), column(_ANSWER_HEADERS)
    if speaker is not None and spoken is not None:
        used = {speaker, spoken, column(TIME_HEADERS)}
    elif asked is not None and answered is not None:
        used = {asked, answered}
    else:
        return None
    used |= {i for i, name in enumerate(header) if name in NUMBER_HEADERS}
    extra = [i for i in range(len(header)) if i not in used]
    lines = []
    for row in rows[1:]:
        notes = "".join(f" [{cell(row, i)}]" for i in extra if cell(row, i))
        if speaker is not None and spoken is not None:
            said, time = cell(row, spoken), cell(row, column(TIME_HEADERS))
            match = _SPEAKER_CELL.fullmatch(cell(row, speaker))
            label = match.group("label") if match else cell(row, speaker)
            if not (said or notes):
                continue
            stamp = f"[{time}] " if time and label else ""
            lines.append(f"{stamp}{label}: {said}{notes}" if label else f"{said}{notes}")
            continue
        for label, i in ((_clean_label(rows[0][asked]), asked),
                         (_clean_label(rows[0][answered]), answered)):
            if cell(row, i):
                lines.append(f"{label}: {cell(row, i)}" + (notes if i == answered else ""))
    return "\n".join(lines)


def _clean_label(raw: str) -> str:
    return " ".join(raw.split()).rstrip(".").strip()


def _clean_stamp(raw: str | None) -> str | None:
    return raw.strip("[]()") if raw else None


def _label_lines(text: str) -> Iterable[tuple[int, int, str, str | None]]:
    """(line start, content start, label, timestamp) for every label-shaped line."""
    start = 0
    for line in text.split("\n"):
        match = LABEL_LINE.match(line)
        if match:
            label = _clean_label(match.group("label"))
            stamp = match.group("ts1") or match.group("ts2") or match.group("ts3")
            if label:
                yield start, start + match.end(), label, _clean_stamp(stamp)
        start += len(line) + 1


def split_turns(text: str, *, informants: Iterable[str] = (), known_ids: Iterable[str] = (),
                speakers: Mapping[str, str] | None = None, interviewer: str | None = None,
                declared: Iterable[str] = ()) -> tuple[Turn, ...]:
    """Speaker turns of an interview ``text`` (see the module docstring for labels).

    ``informants`` are the source's informant ids (the single one receives ``J``,
    ``Informan`` ...), ``known_ids`` the register's ids, ``speakers`` the ``penutur``
    mapping, ``interviewer`` the declared interviewer label, ``declared`` further
    speaker names (WebVTT voices). Spans exclude label and timestamp and are stripped.
    """
    candidates = list(_label_lines(text))
    labels = {label for _, _, label, _ in candidates}
    # "I" is the informant when the interviewer writes "P"; with "J" it is the interviewer.
    i_is_informant = "P" in labels and (interviewer or "").casefold() != "i"
    resolver = SpeakerResolver(informants=informants, known_ids=known_ids, speakers=speakers,
                               interviewer=interviewer, declared=declared,
                               i_is_informant=i_is_informant, labels=labels)
    resolver.answering = answering_labels([c[2] for c in candidates], resolver)
    accepted = [(c, s) for c in candidates if (s := resolver.resolve(c[2])) is not None]
    turns: list[Turn] = []
    for number, ((_, content, label, stamp), speaker) in enumerate(accepted):
        end = accepted[number + 1][0][0] if number + 1 < len(accepted) else len(text)
        start, stop = _strip_span(text, content, end)
        if start >= stop:
            continue
        turns.append(Turn(index=len(turns), start=start, end=stop, speaker=label,
                          informant=speaker.informant, is_interviewer=speaker.is_interviewer,
                          timestamp=stamp))
    return tuple(turns)


SPEAKER_SHAPE = re.compile(
    r"[A-Z]{1,3}\d{1,3}|[A-Z]{2,3}"  # an informant id or initials: K10, N2, MK, PS
    r"|(?:Bu|Ibu|Pak|Bapak|Mbak|Mba|Mas|Kak|Bang|Teh|Dik|Ny|Sdr|Sdri)\.?"
    r"(?: [A-Z][a-z]+)+")  # a name after an honorific: Bu Ani, Ibu Siti Aminah
"""What an unknown speaker label looks like: an id, initials, or a name after an
honorific; never an answer option (``A:``) or a word of the speech (``Pertama:``)."""
ABBREVIATIONS = frozenset({
    "OC", "KP", "NB", "CAT", "KET", "TTD", "TGL", "NO", "RT", "RW", "HP", "WA", "SD",
    "SMP", "SMA", "SMK", "KK", "KTP", "NIK", "PT", "CV", "UD", "TKI", "TKW", "PMI", "BAP",
    "RS", "WIB", "WIT", "DLL", "DSB", "SOP", "LSM", "BPJS", "ATM", "TV", "PR", "UN", "OK"})
"""Upper-case abbreviations that open lines of notes and speech (``OC:`` an observer's
comment, ``KTP:``, ``SD:``), never taken for a speaker's initials."""
ANSWERS_NEEDED = 2


def answering_labels(labels: Sequence[str], resolver: SpeakerResolver) -> set[str]:
    """Labels (casefolded) no convention knows that answer the interviewer: shaped like a
    speaker (:data:`SPEAKER_SHAPE`: ``K10``, ``Bu Ani``) and, of the label lines in order
    (``labels``), at least :data:`ANSWERS_NEEDED` and at least half of their own come
    after an interviewer's line with no other speaker between (a transcript read without
    its informant list). Label lines that are no speaker (``Catatan:``) do not count."""
    after: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    previous: Speaker | None = None
    for label in labels:
        speaker = resolver.resolve(label)
        if speaker is not None:
            previous = speaker
        elif SPEAKER_SHAPE.fullmatch(label) and label not in ABBREVIATIONS:
            key = label.casefold()
            seen[key] += 1
            after[key] += bool(previous and previous.is_interviewer)
            previous = Speaker(False, None)
    return {key for key, count in after.items()
            if count >= ANSWERS_NEEDED and 2 * count >= seen[key]}


def transcript_speakers(rows: list[list[str]]) -> set[str]:
    """The speaker labels of a transcript table's speaker column (see
    :func:`transcript_table`): its header says they are speakers, known or not."""
    header = [_clean_label(cell).casefold() for cell in rows[0]] if rows else []
    speaker = next((i for i, name in enumerate(header) if name in SPEAKER_HEADERS), None)
    if speaker is None or next((i for i, name in enumerate(header)
                                if name in TEXT_HEADERS), None) is None:
        return set()
    labels = set()
    for row in rows[1:]:
        match = _SPEAKER_CELL.fullmatch(row[speaker]) if speaker < len(row) else None
        if match and match.group("label"):
            labels.add(match.group("label"))
    return labels


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` narrowed to exclude leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_paragraphs(text: str) -> tuple[Segment, ...]:
    """Paragraphs separated by one or more blank lines; spans exact and stripped."""
    segments: list[Segment] = []
    position = 0
    for chunk_end, next_start in [*((m.start(), m.end()) for m in
                                    _PARAGRAPH_BREAK.finditer(text)), (len(text), len(text))]:
        start, stop = _strip_span(text, position, chunk_end)
        if start < stop:
            segments.append(Segment(kind="paragraph", index=len(segments), start=start, end=stop))
        position = next_start
    return tuple(segments)
