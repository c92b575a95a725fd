"""OpenDocument ``.odt``: ``content.xml`` parsed with defusedxml, no extra dependency."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ...errors import FileFormatError, UnsafeArchiveError
from ...i18n import t
from ..archive import open_zip, read_member
from .base import Block, RawDocument

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MAX_REPEAT = 50


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


_SKIP = {_q(_TEXT, "note"), _q(_OFFICE, "annotation"), _q(_TEXT, "tracked-changes"),
         _q(_TEXT, "sequence-decls"), _q(_OFFICE, "forms")}


def read_odt(path: Path, data: bytes) -> RawDocument:
    """Read the body of an ``.odt``: paragraphs, headings, lists and tables in order."""
    archive = open_zip(data, path, "odt", ("content.xml",))
    content = read_member(archive, "content.xml", path, "odt")
    archive.close()
    try:
        root = SafeET.fromstring(content)
    except DefusedXmlException as exc:
        raise UnsafeArchiveError(t("corpus.format.unsafe_xml", reason=exc), path=path) from exc
    except SafeET.ParseError as exc:
        raise FileFormatError(t("corpus.format.broken", format="odt", reason=exc), path=path,
                              hint=t("corpus.format.resave_hint", format="odt")) from exc
    body = root.find(f"{_q(_OFFICE, 'body')}/{_q(_OFFICE, 'text')}")
    if body is None:
        raise FileFormatError(t("corpus.format.missing_part", format="odt", parts="office:text"),
                              path=path, hint=t("corpus.format.resave_hint", format="odt"))
    blocks: list[Block] = []
    _collect(body, blocks)
    return RawDocument(blocks=blocks)


def _collect(element: Element, blocks: list[Block]) -> None:
    for child in element:
        if child.tag in _SKIP:
            continue
        if child.tag in (_q(_TEXT, "p"), _q(_TEXT, "h")):
            text = _inline(child)
            if text.strip():
                blocks.append(Block(text=text))
        elif child.tag == _q(_TABLE, "table"):
            rows = _table(child)
            if rows:
                blocks.append(Block(rows=rows))
        else:  # lists, list items, sections, table of contents bodies...
            _collect(child, blocks)


def _inline(element: Element) -> str:
    """The text of a paragraph: spans, links, spaces, tabs, line breaks; no footnotes."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == _q(_TEXT, "s"):
            parts.append(" " * int(child.get(_q(_TEXT, "c"), "1")))
        elif child.tag == _q(_TEXT, "tab"):
            parts.append("\t")
        elif child.tag == _q(_TEXT, "line-break"):
            parts.append("\n")
        elif child.tag not in _SKIP:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _table(table: Element) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.iter(_q(_TABLE, "table-row")):
        cells: list[str] = []
        for cell in row:
            if cell.tag != _q(_TABLE, "table-cell"):
                continue
            paragraphs: list[Block] = []
            _collect(cell, paragraphs)
            text = " ".join(" ".join(b.render().split("\n")) for b in paragraphs).strip()
            repeat = min(int(cell.get(_q(_TABLE, "number-columns-repeated"), "1")), _MAX_REPEAT)
            cells.extend([text] * repeat)
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(cells)
    return rows
