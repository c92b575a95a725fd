"""A neutral in-memory model of a REFI-QDA project, independent of any vendor.

The reader fills it from any vendor's ``.qdpx``/``.qde``; the writer serialises it.
Selection offsets are Unicode code points into :attr:`RefiSource.text` (the
normalised text: BOM removed, ``\\n`` line ends, NFC), half-open ``[start, end)``.
GUIDs are kept as written (case preserved); compare them with :func:`guid_key`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

GUID_RE = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)


def is_guid(value: str | None) -> bool:
    """True when ``value`` matches the REFI-QDA GUID pattern (either case, braces allowed)."""
    return bool(value) and bool(GUID_RE.match(value.strip()))


def guid_key(value: str | None) -> str:
    """A case- and brace-insensitive key for matching GUIDs across vendors."""
    return (value or "").strip().strip("{}").lower()


@dataclass
class RefiIssue:
    """Something in the file that could not be mapped: ``kind`` is a stable key
    (``missing_file``, ``non_text_source``, ``out_of_range``, ...), ``message`` the
    translated text, ``guid`` the element concerned."""

    kind: str
    message: str
    guid: str | None = None


@dataclass
class RefiUser:
    """A user (coder): ``guid``, display ``name`` and short ``id`` (initials)."""

    guid: str
    name: str | None = None
    id: str | None = None


@dataclass
class RefiCode:
    """A code of the code tree; ``parent`` is the parent's GUID, ``None`` at the top."""

    guid: str
    name: str
    parent: str | None = None
    is_codable: bool = True
    color: str | None = None
    description: str | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiCoding:
    """One code applied to a selection (or a whole source) by ``user`` (a user GUID)."""

    guid: str
    code: str
    user: str | None = None
    created: str | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    """A coded span of a text source. ``start``/``end`` are code points into the
    normalised text; ``raw_start``/``raw_end`` the positions as the vendor wrote them."""

    guid: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    name: str | None = None
    user: str | None = None
    created: str | None = None
    description: str | None = None
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiSource:
    """A source. ``kind`` is ``text`` for sources this toolkit maps; other kinds
    (``pdf``, ``picture``, ``audio``, ``video``) are kept for reporting only.
    ``text`` is ``None`` when the plain text was not available."""

    guid: str
    name: str
    kind: str = "text"
    text: str | None = None
    path: str | None = None
    description: str | None = None
    user: str | None = None
    created: str | None = None
    selections: list[RefiSelection] = field(default_factory=list)
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    variables: dict[str, object] = field(default_factory=dict)


@dataclass
class RefiNote:
    """A note (memo) with its plain text; ``targets`` are GUIDs of the elements that
    reference it through ``NoteRef``."""

    guid: str
    name: str | None = None
    text: str = ""
    description: str | None = None
    user: str | None = None
    created: str | None = None
    targets: list[str] = field(default_factory=list)


@dataclass
class RefiVariable:
    """A case/source variable: ``type`` is one of REFI's ``typeOfVariable`` values."""

    guid: str
    name: str
    type: str = "Text"
    description: str | None = None


@dataclass
class RefiCase:
    """A case (e.g. an informant) with variable values (by variable name) and the
    GUIDs of the sources it covers."""

    guid: str
    name: str | None = None
    description: str | None = None
    variables: dict[str, object] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


@dataclass
class RefiSet:
    """A named set of sources, codes and notes (member GUIDs)."""

    guid: str
    name: str
    description: str | None = None
    sources: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiProject:
    """Everything read from (or to be written to) a REFI-QDA project.

    ``reading`` records how selection positions were interpreted (``codepoint``,
    ``utf16``, with ``+crlf1`` for ATLAS.ti's CRLF-as-one) and ``reading_scores`` the
    boundary heuristic's score of each candidate.
    """

    name: str
    origin: str | None = None
    created: str | None = None
    modified: str | None = None
    creating_user: str | None = None
    description: str | None = None
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    variables: list[RefiVariable] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    issues: list[RefiIssue] = field(default_factory=list)
    reading: str = "codepoint"
    reading_scores: dict[str, float] = field(default_factory=dict)

    def text_sources(self) -> list[RefiSource]:
        """Sources of kind ``text`` whose plain text is available."""
        return [s for s in self.sources if s.kind == "text" and s.text is not None]

    def code_by_guid(self) -> dict[str, RefiCode]:
        """Codes keyed by :func:`guid_key`."""
        return {guid_key(code.guid): code for code in self.codes}

    def user_by_guid(self) -> dict[str, RefiUser]:
        """Users keyed by :func:`guid_key`."""
        return {guid_key(user.guid): user for user in self.users}

    def codings(self) -> list[tuple[RefiSource, RefiSelection, RefiCoding]]:
        """Every (source, selection, coding) triple of the text sources, in file order."""
        return [
            (source, selection, coding)
            for source in self.text_sources()
            for selection in source.selections
            for coding in selection.codings
        ]
