"""Replace names (from a key) and identifiers (from detectors) in texts and sources.

``pseudonymise(text, key)`` returns the new text and a :class:`RedactionLog`. The log
records, for every replacement, its kind, the placeholder and its span **in the new
text**; it never holds the original value, so it may be stored in the project.
For a :class:`~rpsw_research.corpus.model.Source` the title, place, string metadata and
turn speaker labels are pseudonymised too, and turn/paragraph offsets are remapped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, is_dataclass, replace
from typing import TYPE_CHECKING, Any, overload

from .detectors import DETECTORS, PLACEHOLDERS, detect
from .key import PrivacyKey
from .names import NameMatcher

if TYPE_CHECKING:  # the core model is only duck-typed here (same layer as corpus/)
    from ..corpus.model import Segment, Source

# Which span wins when two overlap: the longer one; at equal length the key before
# the detectors, then this order.
_PRIORITY = {
    "person": 0,
    "place": 1,
    "organisation": 2,
    **{kind: 3 + i for i, kind in enumerate(DETECTORS)},
}


@dataclass(frozen=True)
class Span:
    """A span of the original text to replace by ``replacement``."""

    start: int
    end: int
    kind: str
    replacement: str


@dataclass(frozen=True)
class Redaction:
    """One replacement: ``kind``, ``placeholder`` and its span in the NEW text.

    ``field`` is ``text`` or the pseudonymised attribute (``title``, ``place``,
    ``metadata.<key>``, ``turn.<index>.speaker``); ``source_id`` the source, if any.
    """

    kind: str
    placeholder: str
    start: int
    end: int
    field: str = "text"
    source_id: str | None = None


class RedactionLog(Sequence[Redaction]):
    """The replacements made, in order; holds no original value."""

    def __init__(self, entries: Iterable[Redaction] = ()) -> None:
        self._entries = tuple(entries)

    def __getitem__(self, index: Any) -> Any:
        return self._entries[index]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Redaction]:
        return iter(self._entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RedactionLog) and self._entries == other._entries

    def __repr__(self) -> str:
        return f"RedactionLog({len(self)} entries: {dict(sorted(self.counts().items()))})"

    def counts(self) -> dict[str, int]:
        """Number of replacements per kind."""
        return dict(Counter(entry.kind for entry in self._entries))

    def records(self) -> list[dict[str, Any]]:
        """The entries as plain dicts (for storage or a DataFrame)."""
        return [entry.__dict__.copy() for entry in self._entries]

    def to_frame(self) -> Any:
        """A tidy DataFrame: kind, placeholder, start, end, field, source_id."""
        import pandas as pd

        columns = ["kind", "placeholder", "start", "end", "field", "source_id"]
        return pd.DataFrame(self.records(), columns=columns)

    def __add__(self, other: RedactionLog) -> RedactionLog:
        return RedactionLog((*self._entries, *other._entries))


class Pseudonymiser:
    """A key and detector choice compiled once, applied to many texts."""

    def __init__(
        self, key: PrivacyKey | None = None, detectors: Iterable[str] | None = None
    ) -> None:
        self.key = key
        self.matcher = NameMatcher(key) if key is not None and len(key) else None
        self.detectors = DETECTORS if detectors is None else tuple(detectors)
        detect("", self.detectors)  # validates the names early

    def spans(self, text: str) -> list[Span]:
        """Non-overlapping spans to replace, sorted by position (deterministic)."""
        candidates = []
        if self.matcher is not None:
            candidates += [
                Span(h.start, h.end, h.entry.kind, h.entry.replacement)
                for h in self.matcher.find(text)
            ]
        candidates += [
            Span(h.start, h.end, h.kind, PLACEHOLDERS[h.kind]) for h in detect(text, self.detectors)
        ]
        candidates.sort(key=lambda s: (-(s.end - s.start), _PRIORITY.get(s.kind, 99), s.start))
        chosen: list[Span] = []
        taken: list[tuple[int, int]] = []
        for span in candidates:
            if all(span.end <= a or span.start >= b for a, b in taken):
                chosen.append(span)
                taken.append((span.start, span.end))
        return sorted(chosen, key=lambda s: s.start)

    def text(
        self, text: str, *, field: str = "text", source_id: str | None = None
    ) -> tuple[str, RedactionLog, list[tuple[int, int, int, int]]]:
        """The new text, its log, and the (old_start, old_end, new_start, new_end) map."""
        out: list[str] = []
        log: list[Redaction] = []
        moves: list[tuple[int, int, int, int]] = []
        cursor = length = 0
        for span in self.spans(text):
            out.append(text[cursor : span.start])
            length += span.start - cursor
            out.append(span.replacement)
            log.append(
                Redaction(
                    span.kind,
                    span.replacement,
                    length,
                    length + len(span.replacement),
                    field,
                    source_id,
                )
            )
            moves.append((span.start, span.end, length, length + len(span.replacement)))
            length += len(span.replacement)
            cursor = span.end
        out.append(text[cursor:])
        return "".join(out), RedactionLog(log), moves

    def source(self, source: Source) -> tuple[Source, RedactionLog]:
        """A new Source with its id (often a file name), original path, text, title,
        place, metadata and speakers pseudonymised."""
        sid, id_log, _ = self.text(source.id, field="id")
        log = RedactionLog(replace(entry, source_id=sid) for entry in id_log)
        path = source.path
        if path is not None:
            path, extra, _ = self.text(path, field="path", source_id=sid)
            log += extra
        text, extra, moves = self.text(source.text, source_id=sid)
        log += extra
        title, place = source.title, source.place
        if title is not None:
            title, extra, _ = self.text(title, field="title", source_id=sid)
            log += extra
        if place is not None:
            place, extra, _ = self.text(place, field="place", source_id=sid)
            log += extra
        metadata = {}
        for name in sorted(source.metadata):
            metadata[name], extra = self._value(source.metadata[name], f"metadata.{name}", sid)
            log += extra
        turns = []
        for turn in source.turns:
            speaker, extra, _ = self.text(
                turn.speaker, field=f"turn.{turn.index}.speaker", source_id=sid
            )
            log += extra
            turns.append(replace(turn, speaker=speaker, **_remap(turn, moves)))
        paragraphs = [replace(p, **_remap(p, moves)) for p in source.paragraphs]
        warnings = []
        for i, warning in enumerate(source.warnings):  # reader messages may quote names
            new_warning, extra, _ = self.text(warning, field=f"warning.{i}", source_id=sid)
            warnings.append(new_warning)
            log += extra
        new = replace(
            source,
            id=sid,
            path=path,
            text=text,
            title=title,
            place=place,
            metadata={k: metadata[k] for k in source.metadata},
            turns=tuple(turns),
            paragraphs=tuple(paragraphs),
            warnings=tuple(warnings),
        )
        return new, log

    def _value(self, value: Any, field: str, sid: str | None) -> tuple[Any, RedactionLog]:
        if isinstance(value, str):
            new, log, _ = self.text(value, field=field, source_id=sid)
            return new, log
        if isinstance(value, (list, tuple)):
            items, log = [], RedactionLog()
            for i, item in enumerate(value):
                new, extra = self._value(item, f"{field}.{i}", sid)
                items.append(new)
                log += extra
            return type(value)(items), log
        if isinstance(value, Mapping):
            out, log = {}, RedactionLog()
            for k in value:  # keys may be names too (``penutur: {Bu Rina: K1}``)
                new_k = k
                if isinstance(k, str):
                    new_k, extra, _ = self.text(k, field=f"{field}.<key>", source_id=sid)
                    log += extra
                out[new_k], extra = self._value(value[k], f"{field}.{new_k}", sid)
                log += extra
            return out, log
        return value, RedactionLog()


def remap_offset(
    offset: int, moves: Sequence[tuple[int, int, int, int]], *, end: bool = False
) -> int:
    """Map an offset of the old text to the new text (inside a replacement: its edge)."""
    shift = 0
    for old_start, old_end, new_start, new_end in moves:
        if offset <= old_start:
            break
        if offset < old_end:
            return new_end if end else new_start
        shift = new_end - old_end
    return offset + shift


def _remap(segment: Segment, moves: Sequence[tuple[int, int, int, int]]) -> dict[str, int]:
    return {
        "start": remap_offset(segment.start, moves),
        "end": remap_offset(segment.end, moves, end=True),
    }


@overload
def pseudonymise(
    target: str, key: PrivacyKey | None = ..., *, detectors: Iterable[str] | None = ...
) -> tuple[str, RedactionLog]: ...
@overload
def pseudonymise(
    target: Source, key: PrivacyKey | None = ..., *, detectors: Iterable[str] | None = ...
) -> tuple[Source, RedactionLog]: ...
def pseudonymise(
    target: str | Source, key: PrivacyKey | None = None, *, detectors: Iterable[str] | None = None
) -> tuple[str | Source, RedactionLog]:
    """Replace every key name and detected identifier in a text or a Source.

    ``detectors``: names from :data:`~rpsw_research.privacy.detectors.DETECTORS`
    (default: all; ``()`` for key names only). Returns the new text or Source and the
    :class:`RedactionLog` whose offsets are those of the new text. Deterministic.
    """
    worker = Pseudonymiser(key, detectors)
    if isinstance(target, str):
        new, log, _ = worker.text(target)
        return new, log
    if is_dataclass(target) and isinstance(getattr(target, "text", None), str):
        return worker.source(target)
    raise TypeError(f"pseudonymise() takes a str or a Source, not {type(target).__name__}")


def pseudonymise_sources(
    sources: Iterable[Any], key: PrivacyKey | None, *, detectors: Iterable[str] | None = None
) -> tuple[list[Any], RedactionLog]:
    """Pseudonymise many Sources with one compiled key (for an import).

    Returns the new sources in the same order and one log for all of them (each entry
    carries its ``source_id``). The raw files are left untouched where they are.
    """
    worker = Pseudonymiser(key, detectors)
    out, log = [], RedactionLog()
    for source in sources:
        new, extra = worker.source(source)
        out.append(new)
        log += extra
    return out, log


def pseudonymise_informants(
    informants: Iterable[Any], key: PrivacyKey | None, *, detectors: Iterable[str] | None = None
) -> tuple[list[Any], RedactionLog]:
    """Pseudonymise the string attributes of register rows (``Informant`` objects).

    Log entries use ``field="informant.<id>.<attribute>"``; ids themselves must already
    be pseudonymous codes (K1, MK) and are not changed.
    """
    worker = Pseudonymiser(key, detectors)
    out, log = [], RedactionLog()
    for informant in informants:
        attributes = {}
        for name in informant.attributes:
            field = f"informant.{informant.id}.{name}"
            attributes[name], extra = worker._value(informant.attributes[name], field, None)
            log += extra
        out.append(replace(informant, attributes=attributes))
    return out, log
