"""Shared helpers for writing REFI-QDA files: stable GUIDs, XML bytes, atomic writes."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

from .model import is_guid

GUID_NAMESPACE = uuid.UUID("4f1f6c2e-9a57-5d0e-8b43-72b5c1a0d9e3")
"""Fixed namespace of every GUID this toolkit derives (uuid5)."""

_RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def stable_guid(kind: str, key: str) -> str:
    """A GUID derived from an entity's kind and stable key: the same input always gives
    the same GUID, so exporting a project twice gives identical GUIDs."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def guid_or_stable(existing: object, kind: str, key: str) -> str:
    """``existing`` when it is a valid GUID (kept from an import), else a stable GUID."""
    if isinstance(existing, str) and is_guid(existing):
        return existing.strip()
    return stable_guid(kind, key)


def rgb(color: str | None) -> str | None:
    """``color`` as ``#RRGGBB`` (``#RGB`` expanded, case kept) when it is a REFI RGB
    value, else ``None``."""
    if not color or not _RGB.match(color.strip()):
        return None
    value = color.strip()[1:]
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return "#" + value


def sub(parent: ET.Element, tag: str, attrib: dict[str, str | None] | None = None,
        text: str | None = None) -> ET.Element:
    """Append a child element; attributes whose value is ``None`` are left out."""
    element = ET.SubElement(parent, tag, {k: v for k, v in (attrib or {}).items()
                                          if v is not None})
    if text is not None:
        element.text = text
    return element


def xml_bytes(root: ET.Element) -> bytes:
    """Indented UTF-8 XML with a declaration, deterministic for the same tree."""
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
