"""Read a REFI-QDA ``project.qde`` tree into the neutral :class:`RefiProject`.

Vendor-tolerant: elements are matched by local name (any namespace), GUIDs in any
case, ``plainTextPath`` with or without ``internal://``, ``PlainTextContent`` inline,
selections without ``Coding`` (MAXQDA), positions in code points, UTF-16 code units
(NVivo) or with ``\\r\\n`` counted once (ATLAS.ti), detected per project. What cannot
be mapped is reported in :attr:`RefiProject.issues`, never raised.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

from ..i18n import t
from .model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiIssue,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    guid_key,
)
from .offsets import OFFSET_UNITS, Reading, VendorText, detect_reading
from .xmlwrite import rgb

FileLookup = Callable[[str], "tuple[str | None, str | None]"]
"""Resolves a ``plainTextPath`` to (decoded text or None, issue kind or None)."""

_NON_TEXT = {"PDFSource": "pdf", "PictureSource": "picture", "AudioSource": "audio",
             "VideoSource": "video"}
_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
               "DateTimeValue")


def local(tag: str) -> str:
    """The local name of a (possibly namespaced) tag."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element | None, name: str) -> list[Element]:
    """Direct children with local name ``name``."""
    if element is None:
        return []
    return [child for child in element if local(child.tag) == name]


def child(element: Element | None, name: str) -> Element | None:
    """The first direct child with local name ``name``."""
    found = children(element, name)
    return found[0] if found else None


def child_text(element: Element | None, name: str) -> str | None:
    """Text of the first child ``name``, or ``None``."""
    found = child(element, name)
    return None if found is None else (found.text or "")


def _bool(value: str | None, default: bool = True) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("true", "1")


def _value(element: Element) -> object:
    for tag in _VALUE_TAGS:
        found = child(element, tag)
        if found is None:
            continue
        text = (found.text or "").strip()
        try:
            if tag == "BooleanValue":
                return _bool(text, False)
            if tag == "IntegerValue":
                return int(text)
            if tag == "FloatValue":
                return float(text)
        except ValueError:
            return text
        return text
    return None


class _Reader:
    def __init__(self, root: Element, lookup: FileLookup, offsets: str) -> None:
        if offsets not in OFFSET_UNITS:
            raise ValueError(t("interop.offsets.unknown", value=offsets,
                               allowed=", ".join(OFFSET_UNITS)))
        self.root = root
        self.lookup = lookup
        self.offsets = offsets
        self.issues: list[RefiIssue] = []
        self.note_targets: dict[str, list[str]] = {}
        self.vendor_texts: dict[str, VendorText] = {}

    def issue(self, key: str, guid: str | None = None, /, **values: object) -> None:
        self.issues.append(RefiIssue(key, t(f"interop.issue.{key}", **values), guid))

    def note_refs(self, element: Element, owner: str) -> list[str]:
        refs = [ref.get("targetGUID", "") for ref in children(element, "NoteRef")]
        for ref in refs:
            self.note_targets.setdefault(guid_key(ref), []).append(owner)
        return refs

    # --- structure -------------------------------------------------------------------
    def read(self) -> RefiProject:
        root = self.root
        if local(root.tag) != "Project":
            raise ValueError(local(root.tag))
        project = RefiProject(
            name=root.get("name") or "",
            origin=root.get("origin"),
            created=root.get("creationDateTime"),
            modified=root.get("modifiedDateTime"),
            creating_user=root.get("creatingUserGUID"),
            description=child_text(root, "Description"),
        )
        project.users = [
            RefiUser(u.get("guid", ""), u.get("name"), u.get("id"))
            for u in children(child(root, "Users"), "User")
        ]
        codes_el = child(child(root, "CodeBook"), "Codes")
        project.codes = self.codes(codes_el, None)
        project.variables = [
            RefiVariable(v.get("guid", ""), v.get("name", ""), v.get("typeOfVariable", "Text"),
                         child_text(v, "Description"))
            for v in children(child(root, "Variables"), "Variable")
        ]
        variable_names = {guid_key(v.guid): v.name for v in project.variables}
        project.cases = [self.case(c, variable_names) for c in children(child(root, "Cases"),
                                                                        "Case")]
        sources_el = child(root, "Sources")
        source_els = [] if sources_el is None else list(sources_el)
        project.sources = [self.source(el, variable_names) for el in source_els]
        project.notes = [self.note(el) for el in children(child(root, "Notes"), "Note")]
        project.sets = [self.set(el) for el in children(child(root, "Sets"), "Set")]
        for note in project.notes:
            note.targets = self.note_targets.get(guid_key(note.guid), [])
        self.convert_positions(project)
        self.check_references(project)
        project.issues = self.issues
        return project

    def codes(self, parent_el: Element | None, parent: str | None) -> list[RefiCode]:
        found: list[RefiCode] = []
        for el in children(parent_el, "Code"):
            guid = el.get("guid", "")
            color = el.get("color")
            found.append(RefiCode(
                guid=guid, name=el.get("name", ""), parent=parent,
                is_codable=_bool(el.get("isCodable")), color=rgb(color),
                description=child_text(el, "Description"),
                note_refs=self.note_refs(el, guid),
            ))
            found.extend(self.codes(el, guid))
        return found

    def case(self, el: Element, variable_names: dict[str, str]) -> RefiCase:
        return RefiCase(
            guid=el.get("guid", ""), name=el.get("name"),
            description=child_text(el, "Description"),
            variables=self.variable_values(el, variable_names),
            sources=[ref.get("targetGUID", "") for ref in children(el, "SourceRef")],
            codes=[ref.get("targetGUID", "") for ref in children(el, "CodeRef")],
        )

    def variable_values(self, el: Element, names: dict[str, str]) -> dict[str, object]:
        values: dict[str, object] = {}
        for vv in children(el, "VariableValue"):
            ref = child(vv, "VariableRef")
            target = "" if ref is None else ref.get("targetGUID", "")
            values[names.get(guid_key(target), target)] = _value(vv)
        return values

    def codings(self, el: Element) -> list[RefiCoding]:
        found = []
        for coding in children(el, "Coding"):
            ref = child(coding, "CodeRef")
            guid = coding.get("guid", "")
            found.append(RefiCoding(
                guid=guid, code="" if ref is None else ref.get("targetGUID", ""),
                user=coding.get("creatingUser"), created=coding.get("creationDateTime"),
                note_refs=self.note_refs(coding, guid),
            ))
        return found

    def text_of(self, el: Element, guid: str, name: str) -> str | None:
        inline = child_text(el, "PlainTextContent")
        if inline is not None:
            return inline
        path = el.get("plainTextPath")
        if not path:
            self.issue("no_text", guid, name=name)
            return None
        text, problem = self.lookup(path)
        if text is None or problem:
            self.issue(problem or "missing_file", guid, name=name, path=path)
        return text

    def source(self, el: Element, variable_names: dict[str, str]) -> RefiSource:
        tag = local(el.tag)
        guid = el.get("guid", "")
        name = el.get("name") or el.get("plainTextPath") or el.get("path") or guid
        source = RefiSource(
            guid=guid, name=name, kind=_NON_TEXT.get(tag, "text" if tag == "TextSource"
                                                      else tag),
            path=el.get("plainTextPath") or el.get("path"),
            description=child_text(el, "Description"), user=el.get("creatingUser"),
            created=el.get("creationDateTime"), codings=self.codings(el),
            note_refs=self.note_refs(el, guid),
            variables=self.variable_values(el, variable_names),
        )
        if source.kind != "text":
            lost = sum(1 for _ in el.iter() if local(_.tag) == "Coding")
            self.issue("non_text_source", guid, name=name, kind=tag, codings=lost)
            return source
        raw = self.text_of(el, guid, name)
        if raw is not None:
            self.vendor_texts[guid] = VendorText(raw)
            source.text = self.vendor_texts[guid].text
        uncoded = 0
        for sel in children(el, "PlainTextSelection"):
            sguid = sel.get("guid", "")
            try:
                start = int(sel.get("startPosition", ""))
                end = int(sel.get("endPosition", ""))
            except ValueError:
                self.issue("bad_position", sguid, name=name)
                continue
            if start > end:
                self.issue("reversed", sguid, name=name, start=start, end=end)
                start, end = end, start
            selection = RefiSelection(
                guid=sguid, start=start, end=end, raw_start=start, raw_end=end,
                name=sel.get("name"), user=sel.get("creatingUser"),
                created=sel.get("creationDateTime"), description=child_text(sel, "Description"),
                codings=self.codings(sel), note_refs=self.note_refs(sel, sguid),
            )
            uncoded += not selection.codings
            source.selections.append(selection)
        if uncoded:
            self.issue("uncoded_selections", guid, name=name, count=uncoded)
        return source

    def note(self, el: Element) -> RefiNote:
        guid = el.get("guid", "")
        name = el.get("name") or guid
        raw = self.text_of(el, guid, name)
        return RefiNote(
            guid=guid, name=el.get("name"),
            text="" if raw is None else VendorText(raw).text,
            description=child_text(el, "Description"), user=el.get("creatingUser"),
            created=el.get("creationDateTime"),
        )

    def set(self, el: Element) -> RefiSet:
        def members(tag: str) -> list[str]:
            return [m.get("targetGUID", "") for m in children(el, tag)]

        return RefiSet(guid=el.get("guid", ""), name=el.get("name", ""),
                       description=child_text(el, "Description"),
                       sources=members("MemberSource"), codes=members("MemberCode"),
                       notes=members("MemberNote"))

    # --- positions and references ----------------------------------------------------
    def convert_positions(self, project: RefiProject) -> None:
        spans = [
            (self.vendor_texts[source.guid], sel.raw_start, sel.raw_end)
            for source in project.sources if source.guid in self.vendor_texts
            for sel in source.selections
        ]
        origin = (project.origin or "").lower()
        prior = (Reading("utf16") if "nvivo" in origin
                 else Reading("codepoint", True) if "atlas" in origin else None)
        reading, scores = detect_reading(spans, self.offsets, prior)
        project.reading, project.reading_scores = reading.label(), scores
        for source in project.sources:
            vt = self.vendor_texts.get(source.guid)
            if vt is None:
                continue
            kept = []
            limit = vt.length(reading)
            for sel in source.selections:
                if sel.raw_end > limit or sel.raw_start < 0:
                    self.issue("out_of_range", sel.guid, name=source.name,
                               start=sel.raw_start, end=sel.raw_end, length=limit)
                    continue
                sel.start = vt.to_text(sel.raw_start, reading)
                sel.end = vt.to_text(sel.raw_end, reading, end=True)
                kept.append(sel)
            source.selections = kept

    def check_references(self, project: RefiProject) -> None:
        codes = project.code_by_guid()
        for source in project.sources:
            if source.kind != "text":
                continue
            for sel in source.selections:
                valid = []
                for coding in sel.codings:
                    if guid_key(coding.code) in codes:
                        valid.append(coding)
                    else:
                        self.issue("unknown_code", coding.guid, name=source.name,
                                   code=coding.code)
                sel.codings = valid


def read_qde(root: Element, lookup: FileLookup, offsets: str = "auto") -> RefiProject:
    """Build a :class:`RefiProject` from a parsed ``.qde`` root element.

    ``lookup`` resolves ``plainTextPath`` values to decoded text; ``offsets`` is
    ``auto`` (detect per project), ``codepoint`` or ``utf16``.
    """
    return _Reader(root, lookup, offsets).read()
