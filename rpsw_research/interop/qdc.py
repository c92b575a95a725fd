"""REFI-QDA codebooks (``.qdc``): import into and export from :class:`Codebook`.

Import is tolerant of what real tools write: Taguette's empty ``<Sets/>`` and
openqda's non-GUID ids (``guid="c001"``) are accepted with a warning
(:class:`RefiWarning`); malformed XML raises :class:`InteropError` naming the file
and line. Export writes only schema-valid XML (``Codebook.xsd``): GUIDs kept from an
import or derived stably from the code id, no empty ``Sets``.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from .. import __version__
from ..codebook.model import Code, Codebook
from ..errors import InteropError
from ..files import write_atomic
from ..i18n import t
from .model import RefiCode, RefiIssue, guid_key, is_guid
from .qde_read import child, child_text, children, local
from .safezip import read_xml_file
from .xmlwrite import guid_or_stable, rgb, sub, xml_bytes

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
REFI_GUID = "refi_guid"
"""Key in :attr:`Code.extra` that keeps a code's REFI GUID across import and export."""
REFI_CODABLE = "refi_codable"
"""Key in :attr:`Code.extra` set to ``False`` for codes that are not codable."""


class RefiWarning(UserWarning):
    """A REFI-QDA file was read, but something in it was tolerated or dropped."""


@dataclass
class QdcContent:
    """What a ``.qdc`` holds: its ``origin``, the code tree and any issues."""

    origin: str | None
    codes: list[RefiCode] = field(default_factory=list)
    issues: list[RefiIssue] = field(default_factory=list)


def read_qdc(path: str | PathLike[str]) -> QdcContent:
    """Read a ``.qdc`` into its neutral code tree, collecting tolerated problems."""
    file = Path(path)
    root = read_xml_file(file)
    if local(root.tag) != "CodeBook":
        raise InteropError(t("interop.qdc.not_codebook", tag=local(root.tag)), path=file,
                           hint=t("interop.qdc.not_codebook_hint"))
    content = QdcContent(origin=root.get("origin"))

    def issue(key: str, element: str | None = None, /, **values: object) -> None:
        content.issues.append(RefiIssue(key, t(f"interop.qdc.{key}", file=file.name, **values),
                                        element))

    codes_el = child(root, "Codes")
    if codes_el is None or not children(codes_el, "Code"):
        raise InteropError(t("interop.qdc.no_codes"), path=file)
    seen: set[str] = set()
    not_guids: list[str] = []

    def walk(parent_el: ET.Element, parent: str | None) -> None:
        for el in children(parent_el, "Code"):
            guid = (el.get("guid") or "").strip()
            name = el.get("name") or ""
            if not is_guid(guid):
                not_guids.append(guid)
            elif guid_key(guid) in seen:
                issue("duplicate_guid", guid, guid=guid, name=name)
            seen.add(guid_key(guid))
            color = el.get("color")
            if color and rgb(color) is None:
                issue("bad_color", guid, color=color, name=name)
            content.codes.append(RefiCode(
                guid=guid, name=name, parent=parent, is_codable=el.get("isCodable",
                                                                       "true").strip().lower()
                in ("true", "1"), color=rgb(color), description=child_text(el, "Description"),
            ))
            walk(el, guid)

    walk(codes_el, None)
    if not_guids:
        issue("bad_guid", None, count=len(not_guids),
              examples=", ".join(repr(g) for g in not_guids[:3]))
    sets_el = child(root, "Sets")
    if sets_el is not None and not children(sets_el, "Set"):
        issue("empty_sets")
    return content


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return slug or "kode"


def codebook_from_refi(codes: list[RefiCode], *, name: str = "", lang: str = "id") -> Codebook:
    """Build a :class:`Codebook` from a neutral code tree.

    Ids are dotted slugs of the names along the tree (``parent.child``), made unique;
    names and descriptions go under language ``lang``; GUIDs are kept in
    ``Code.extra["refi_guid"]`` so that a re-export keeps them.
    """
    ids: dict[str, str] = {}
    used: set[str] = set()
    built: list[Code] = []
    for index, code in enumerate(codes):
        parent_id = ids.get(guid_key(code.parent)) if code.parent else None
        base = _slug(code.name)
        if parent_id:
            base = f"{parent_id}.{base}"
        code_id, n = base, 2
        while code_id in used:
            code_id, n = f"{base}_{n}", n + 1
        used.add(code_id)
        ids[guid_key(code.guid) or f"#{index}"] = code_id
        extra: dict[str, object] = {}
        if is_guid(code.guid):
            extra[REFI_GUID] = code.guid.strip()
        if not code.is_codable:
            extra[REFI_CODABLE] = False
        built.append(Code(
            id=code_id, names={lang: code.name or code_id}, parent=parent_id,
            definitions={lang: code.description.strip()} if code.description else {},
            color=code.color, extra=extra,
        ))
    return Codebook(built, name=name)


def import_qdc(path: str | PathLike[str], *, lang: str = "id") -> Codebook:
    """Read a REFI-QDA ``.qdc`` codebook into a :class:`Codebook`.

    Tolerated problems (non-GUID ids, empty ``<Sets/>``, bad colours) are emitted as
    :class:`RefiWarning`; malformed XML raises :class:`InteropError` with file and line.
    """
    content = read_qdc(path)
    for item in content.issues:
        warnings.warn(item.message, RefiWarning, stacklevel=2)
    return codebook_from_refi(content.codes, name=content.origin or Path(path).stem, lang=lang)


def code_children(codebook: Codebook) -> dict[str | None, list[Code]]:
    """Codes grouped by parent id in codebook order; unknown parents count as top level."""
    tree: dict[str | None, list[Code]] = {}
    for code in codebook:
        parent = code.parent if code.parent in codebook else None
        tree.setdefault(parent, []).append(code)
    return tree


def code_guid(code: Code) -> str:
    """The REFI GUID of ``code``: the one kept from an import, else a stable one."""
    return guid_or_stable(code.extra.get(REFI_GUID), "code", code.id)


def append_codes(parent: ET.Element, codebook: Codebook, lang: str) -> None:
    """Append the ``Code`` tree of ``codebook`` under ``parent`` (a ``Codes`` element)."""
    tree = code_children(codebook)

    def add(under: ET.Element, parent_id: str | None) -> None:
        for code in tree.get(parent_id, []):
            el = sub(under, "Code", {
                "guid": code_guid(code), "name": code.name(lang),
                "isCodable": "false" if code.extra.get(REFI_CODABLE) is False else "true",
                "color": rgb(code.color),
            })
            definition = code.definition(lang)
            if definition:
                sub(el, "Description", text=definition)
            add(el, code.id)

    add(parent, None)


def qdc_bytes(codebook: Codebook, *, lang: str = "id") -> bytes:
    """The ``.qdc`` XML of ``codebook`` (valid against ``Codebook.xsd``)."""
    if not len(codebook):
        raise InteropError(t("interop.qdc.empty_export"))
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"rpsw_research {__version__}"})
    append_codes(sub(root, "Codes"), codebook, lang)
    return xml_bytes(root)


def export_qdc(codebook: Codebook, path: str | PathLike[str], *, lang: str = "id") -> Path:
    """Write ``codebook`` as a REFI-QDA ``.qdc`` file (atomically); returns the path.

    Names and descriptions are written in ``lang``; colours as ``#RRGGBB``.
    """
    target = Path(path)
    write_atomic(target, qdc_bytes(codebook, lang=lang))
    return target
