"""Write a neutral :class:`RefiProject` as REFI-QDA XML and as a ``.qdpx`` archive.

Output follows the standard strictly (valid against ``Project.xsd``): ``project.qde``
plus a flat ``sources/`` folder of UTF-8 ``.txt`` files named ``<GUID>.txt`` and
referenced as ``internal://<GUID>.txt``; selection offsets in Unicode code points
(§10.2); empty containers left out (an empty ``Sets`` is schema-invalid). The archive
is deterministic for the same project and written atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
from os import PathLike
from pathlib import Path

from ..files import write_atomic
from .model import RefiCoding, RefiProject, RefiSource, guid_key
from .xmlwrite import rgb, sub, xml_bytes

PROJECT_NS = "urn:QDA-XML:project:1.0"
QDE_NAME = "project.qde"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip member timestamps: fixed, for identical bytes


def xsd_datetime(value: str | None) -> str | None:
    """``value`` as an ``xsd:dateTime`` in UTC (``YYYY-MM-DDTHH:MM:SSZ``), or ``None``."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def _value_element(value: object, declared: str) -> tuple[str, str]:
    if declared == "Boolean":
        return "BooleanValue", "true" if value else "false"
    if declared == "Integer":
        return "IntegerValue", str(int(value))  # type: ignore[call-overload]
    if declared == "Float":
        return "FloatValue", repr(float(value))  # type: ignore[arg-type]
    if declared == "Date":
        return "DateValue", str(value)
    return "TextValue", str(value)


def variable_type(values: list[object]) -> str:
    """The REFI ``typeOfVariable`` that fits every non-empty value in ``values``."""
    present = [v for v in values if v is not None and v != ""]
    if present and all(isinstance(v, bool) for v in present):
        return "Boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       for v in present):
        return "Float"
    return "Text"


class _Writer:
    def __init__(self, project: RefiProject) -> None:
        self.project = project
        self.variables = {v.name: v for v in project.variables}

    def values(self, parent: ET.Element, values: dict[str, object]) -> None:
        for name, value in values.items():
            if value is None or value == "" or name not in self.variables:
                continue
            variable = self.variables[name]
            holder = sub(parent, "VariableValue")
            sub(holder, "VariableRef", {"targetGUID": variable.guid})
            tag, text = _value_element(value, variable.type)
            sub(holder, tag, text=text)

    def coding(self, parent: ET.Element, coding: RefiCoding) -> None:
        el = sub(parent, "Coding", {"guid": coding.guid, "creatingUser": coding.user,
                                    "creationDateTime": xsd_datetime(coding.created)})
        sub(el, "CodeRef", {"targetGUID": coding.code})
        self.note_refs(el, coding.note_refs)

    def note_refs(self, parent: ET.Element, refs: list[str]) -> None:
        for ref in refs:
            sub(parent, "NoteRef", {"targetGUID": ref})

    def source(self, parent: ET.Element, source: RefiSource) -> None:
        el = sub(parent, "TextSource", {
            "guid": source.guid, "name": source.name,
            "plainTextPath": f"internal://{source.guid}.txt",
            "creatingUser": source.user, "creationDateTime": xsd_datetime(source.created),
        })
        if source.description:
            sub(el, "Description", text=source.description)
        for selection in source.selections:
            sel = sub(el, "PlainTextSelection", {
                "guid": selection.guid, "name": selection.name,
                "startPosition": str(selection.start), "endPosition": str(selection.end),
                "creatingUser": selection.user,
                "creationDateTime": xsd_datetime(selection.created),
            })
            if selection.description:
                sub(sel, "Description", text=selection.description)
            for coding in selection.codings:
                self.coding(sel, coding)
            self.note_refs(sel, selection.note_refs)
        for coding in source.codings:
            self.coding(el, coding)
        self.note_refs(el, source.note_refs)
        self.values(el, source.variables)

    def codes(self, parent: ET.Element) -> None:
        tree: dict[str | None, list] = {}
        known = {guid_key(code.guid) for code in self.project.codes}
        for code in self.project.codes:
            key = guid_key(code.parent) if code.parent and guid_key(code.parent) in known \
                else None
            tree.setdefault(key, []).append(code)

        def add(under: ET.Element, key: str | None) -> None:
            for code in tree.get(key, []):
                el = sub(under, "Code", {"guid": code.guid, "name": code.name,
                                         "isCodable": "true" if code.is_codable else "false",
                                         "color": rgb(code.color)})
                if code.description:
                    sub(el, "Description", text=code.description)
                self.note_refs(el, code.note_refs)
                add(el, guid_key(code.guid))

        add(parent, None)

    def root(self) -> ET.Element:
        p = self.project
        root = ET.Element("Project", {"xmlns": PROJECT_NS})
        for key, value in (("name", p.name), ("origin", p.origin),
                           ("creatingUserGUID", p.creating_user),
                           ("creationDateTime", xsd_datetime(p.created)),
                           ("modifiedDateTime", xsd_datetime(p.modified))):
            if value is not None:
                root.set(key, value)
        if p.users:
            users = sub(root, "Users")
            for user in p.users:
                sub(users, "User", {"guid": user.guid, "name": user.name, "id": user.id})
        if p.codes:
            self.codes(sub(sub(root, "CodeBook"), "Codes"))
        if p.variables:
            variables = sub(root, "Variables")
            for variable in p.variables:
                el = sub(variables, "Variable", {"guid": variable.guid, "name": variable.name,
                                                 "typeOfVariable": variable.type})
                if variable.description:
                    sub(el, "Description", text=variable.description)
        if p.cases:
            cases = sub(root, "Cases")
            for case in p.cases:
                el = sub(cases, "Case", {"guid": case.guid, "name": case.name})
                if case.description:
                    sub(el, "Description", text=case.description)
                for code in case.codes:
                    sub(el, "CodeRef", {"targetGUID": code})
                self.values(el, case.variables)
                for source in case.sources:
                    sub(el, "SourceRef", {"targetGUID": source})
        sources = [s for s in p.sources if s.kind == "text" and s.text is not None]
        if sources:
            el = sub(root, "Sources")
            for source in sources:
                self.source(el, source)
        if p.notes:
            notes = sub(root, "Notes")
            for note in p.notes:
                el = sub(notes, "Note", {"guid": note.guid, "name": note.name,
                                         "creatingUser": note.user,
                                         "creationDateTime": xsd_datetime(note.created)})
                if note.description:
                    sub(el, "Description", text=note.description)
                sub(el, "PlainTextContent", text=note.text)
        written = {guid_key(s.guid) for s in sources}

        def members(refs: list[str], known: set[str] | None = None) -> list[str]:
            return [ref for ref in refs if known is None or guid_key(ref) in known]

        sets = [(s, members(s.codes), members(s.sources, written), members(s.notes))
                for s in p.sets]
        sets = [entry for entry in sets if any(entry[1:])]  # an empty Set is pointless
        if sets:
            el = sub(root, "Sets")
            for member_set, codes, set_sources, notes in sets:
                set_el = sub(el, "Set", {"guid": member_set.guid, "name": member_set.name})
                if member_set.description:
                    sub(set_el, "Description", text=member_set.description)
                for tag, refs in (("MemberCode", codes), ("MemberSource", set_sources),
                                  ("MemberNote", notes)):
                    for ref in refs:
                        sub(set_el, tag, {"targetGUID": ref})
        if p.description:
            sub(root, "Description", text=p.description)
        return root


def qde_bytes(project: RefiProject) -> bytes:
    """The ``project.qde`` XML of ``project`` (UTF-8, valid against ``Project.xsd``)."""
    return xml_bytes(_Writer(project).root())


def qdpx_bytes(project: RefiProject, extra: dict[str, bytes] | None = None) -> bytes:
    """The ``.qdpx`` archive of ``project``: ``project.qde``, one ``sources/<GUID>.txt``
    (UTF-8, no BOM, ``\\n``) per text source, and any ``extra`` members."""
    members = {QDE_NAME: qde_bytes(project)}
    for source in project.sources:
        if source.kind == "text" and source.text is not None:
            members[f"sources/{source.guid}.txt"] = source.text.encode("utf-8")
    members.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_qdpx(project: RefiProject, path: str | PathLike[str],
               extra: dict[str, bytes] | None = None) -> Path:
    """Write ``project`` as a ``.qdpx`` archive at ``path`` (atomically)."""
    target = Path(path)
    write_atomic(target, qdpx_bytes(project, extra))
    return target
