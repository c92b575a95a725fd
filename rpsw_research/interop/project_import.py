"""Create a new :class:`~rpsw_research.project.Project` from a REFI-QDA ``.qdpx``.

Everything is read and checked first; the project file is created only then, and
removed again if writing fails, so a bad file never leaves a half-written project.
A file exported by this toolkit (with its ``rpsw_research.json``) comes back with the
same code ids, sources and codings; a foreign file gets ids derived from its names,
informants from its cases, kinds from sets named after a source kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..codebook.model import Codebook
from ..coding.model import Coding
from ..corpus.model import SOURCE_KINDS, Informant, Segment, Source, Turn
from ..errors import InteropError
from ..i18n import t
from .model import RefiIssue, RefiProject, RefiSource, guid_key
from .project_export import DATE_VARIABLE, PLACE_VARIABLE, ROLE_VARIABLE
from .qdc import codebook_from_refi
from .qdpx import read_qdpx
from .safezip import DEFAULT_LIMITS, SafeZip
from .sidecar import SIDECAR_NAME, loads

DEFAULT_CODER = "refi"
"""Coder name for codings whose REFI user is unknown."""


@dataclass
class QdpxImport:
    """The result of :func:`import_qdpx`: the new open ``project``, counts of what was
    imported and the ``issues`` (what could not be mapped)."""

    project: Any
    sources: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    reading: str = "codepoint"
    issues: list[RefiIssue] = field(default_factory=list)


def _sidecar(path: Path) -> dict[str, Any] | None:
    if path.suffix.lower() != ".qdpx":
        return None
    with SafeZip(path, DEFAULT_LIMITS) as archive:
        member = archive.find(SIDECAR_NAME)
        return None if member is None else loads(archive.read(member))


def _source_id(name: str, used: set[str]) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-.") or "sumber"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


class _Plan:
    """Everything to write, computed before the project file exists."""

    def __init__(self, refi: RefiProject, sidecar: dict[str, Any] | None, coder: str,
                 lang: str) -> None:
        self.refi = refi
        self.issues = list(refi.issues)
        self.coder = coder
        known = {guid_key(c.guid) for c in refi.codes}
        side_guids = (sidecar or {}).get("code_guids") or {}
        if side_guids and {guid_key(g) for g in side_guids.values()} == known:
            self.codebook = Codebook.from_dict(sidecar["codebook"])  # type: ignore[index]
            self.code_ids = {guid_key(g): code_id for code_id, g in side_guids.items()}
        else:
            self.codebook = codebook_from_refi(refi.codes, name=refi.name, lang=lang)
            self.code_ids = {guid_key(r.guid): c.id for r, c in zip(refi.codes, self.codebook,
                                                                     strict=True)}
        self.side_sources = (sidecar or {}).get("sources", {})
        self.side_codings = (sidecar or {}).get("codings", {})
        self.users = {guid_key(u.guid): (u.name or u.id or u.guid) for u in refi.users}
        self.informants = self.make_informants()
        self.sources = self.make_sources()

    def user(self, guid: str | None) -> str:
        return self.users.get(guid_key(guid), self.coder) if guid else self.coder

    def make_informants(self) -> list[Informant]:
        informants = []
        # every case variable, in declaration order: a value a case lacks is None (as in a
        # register whose cell is empty)
        names = [v.name for v in self.refi.variables
                 if any(v.name in case.variables for case in self.refi.cases)]
        for case in self.refi.cases:
            if not case.name:
                continue
            values = {name: case.variables.get(name) for name in names}
            role = values.pop(ROLE_VARIABLE, None) or values.pop("role", None) or ""
            informants.append(Informant(case.name, str(role), values))
        return informants

    def make_sources(self) -> list[tuple[RefiSource, Source, int]]:
        kinds = {guid_key(g): s.name for s in self.refi.sets if s.name in SOURCE_KINDS
                 for g in s.sources}
        cases = {}
        for case in self.refi.cases:
            for ref in case.sources:
                if case.name:
                    cases.setdefault(guid_key(ref), []).append(case.name)
        used: set[str] = set()
        known = [informant.id for informant in self.informants]
        made = []
        for refi in self.refi.text_sources():
            side = self.side_sources.get(refi.guid)
            text = refi.text or ""
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if side:
                used.add(side["id"])
                source = Source(id=side["id"], kind=side["kind"], text=text,
                                informants=tuple(side.get("informants", ())),
                                date=side.get("date"), place=side.get("place"),
                                title=side.get("title"), metadata=side.get("metadata", {}),
                                turns=tuple(Turn(**u) for u in side.get("turns", ())),
                                paragraphs=tuple(Segment(**p)
                                                 for p in side.get("paragraphs", ())))
                if lead:  # spans moved with the stripped text: find them again
                    source = _with_units(source, known)
            else:
                source = Source(
                    id=_source_id(refi.name, used), kind=kinds.get(guid_key(refi.guid), "dokumen"),
                    text=text, informants=tuple(cases.get(guid_key(refi.guid), ())),
                    date=_str(refi.variables.get(DATE_VARIABLE)),
                    place=_str(refi.variables.get(PLACE_VARIABLE)), title=refi.name,
                    metadata={"refi_guid": refi.guid, "refi_origin": self.refi.origin or ""},
                )
            if not text:
                self.issues.append(RefiIssue("empty_text", t("interop.issue.empty_text",
                                                             name=refi.name), refi.guid))
                continue
                source = _with_units(source, known)
            made.append((refi, source, lead))
        return made


def _str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _with_units(source: Source, known_ids: list[str]) -> Source:
    """``source`` with turns and paragraphs found by the corpus reader, when available."""
    try:
        from ..corpus import split_paragraphs, split_turns
    except ImportError:
        return source
    turns = split_turns(source.text, informants=source.informants, known_ids=known_ids) \
        if source.kind == "wawancara" else ()
    return Source(**{**{f: getattr(source, f) for f in (
        "id", "kind", "text", "informants", "date", "place", "title", "metadata", "path")},
        "turns": turns, "paragraphs": split_paragraphs(source.text)})


def _write(proj: Any, plan: _Plan, result: QdpxImport) -> None:
    if plan.informants:
        proj.add_informants(plan.informants)
    if len(plan.codebook):
        proj.codebook = plan.codebook
        result.codes = len(plan.codebook)
    notes = {guid_key(n.guid): n for n in plan.refi.notes}
    used_notes: set[str] = set()
    auto: dict[str, list[Coding]] = {}
    for refi, source, lead in plan.sources:
        proj.add_source(source)
        result.sources += 1
        for selection in refi.selections:
            start = min(max(selection.start - lead, 0), len(source.text))
            end = min(max(selection.end - lead, 0), len(source.text))
            if end <= start:
                if selection.codings:
                    plan.issues.append(RefiIssue("empty_selection", t(
                        "interop.issue.empty_selection", name=refi.name), selection.guid))
                continue
            for coding in selection.codings:
                code_id = plan.code_ids[guid_key(coding.code)]
                coder = plan.user(coding.user or selection.user)
                memo = "\n\n".join(notes[guid_key(r)].text for r in coding.note_refs
                                   if guid_key(r) in notes) or None
                used_notes.update(guid_key(r) for r in coding.note_refs)
                side = plan.side_codings.get(coding.guid, {})
                if side.get("method") == "auto":
                    auto.setdefault(coder, []).append(Coding(
                        source.id, code_id, start, end, coder=coder, method="auto",
                        status=side.get("status", "suggested"), rule=side.get("rule"),
                        score=side.get("score"), memo=memo))
                    continue
                proj.code(source.id, code_id, start=start, end=end, coder=coder, memo=memo)
                result.codings += 1
        for ref in refi.note_refs:
            note = notes.get(guid_key(ref))
            if note is not None and note.text:
                proj.memo(note.text, source=source.id, coder=plan.user(note.user))
                used_notes.add(guid_key(ref))
                result.memos += 1
    for coder, codings in auto.items():
        proj.replace_auto_codings(coder, codings)
        result.codings += len(codings)
    for code in plan.refi.codes:
        for ref in code.note_refs:
            note = notes.get(guid_key(ref))
            if note is not None and note.text and guid_key(ref) not in used_notes:
                proj.memo(note.text, code=plan.code_ids[guid_key(code.guid)],
                          coder=plan.user(note.user))
                used_notes.add(guid_key(ref))
                result.memos += 1
    for note in plan.refi.notes:
        if guid_key(note.guid) not in used_notes and note.text:
            heading = f"{note.name}\n\n" if note.name else ""
            proj.memo(heading + note.text, coder=plan.user(note.user))
            result.memos += 1


def import_qdpx(path: str | PathLike[str], project_path: str | PathLike[str], *,
                offsets: str = "auto", coder: str = DEFAULT_CODER, lang: str = "id"
                ) -> QdpxImport:
    """Create a new project at ``project_path`` from the REFI-QDA file ``path``.

    ``offsets`` (``auto``|``codepoint``|``utf16``) is how selection positions are read
    (see :func:`read_qdpx`); ``coder`` names codings without a known user; ``lang`` is
    the language that foreign code names are filed under. Returns a
    :class:`QdpxImport` with the open project and the list of issues. Refuses to
    overwrite ``project_path``; on failure no project file is left behind.
    """
    from ..project import Project

    source_path = Path(path)
    refi = read_qdpx(source_path, offsets=offsets)
    plan = _Plan(refi, _sidecar(source_path), coder, lang)
    target = Path(project_path)
    proj = Project.create(target)
    result = QdpxImport(project=proj, reading=refi.reading)
    try:
        _write(proj, plan, result)
    except Exception as exc:
        proj.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        if isinstance(exc, InteropError):
            raise
        raise InteropError(t("interop.import.failed", error=exc), path=source_path) from exc
    result.issues = plan.issues
    return result
