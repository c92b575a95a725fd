"""Word ``.docx``: body paragraphs and tables in document order (headers/footers ignored)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ...errors import FileFormatError
from ...i18n import t
from ..archive import open_zip
from .base import Block, RawDocument

_REQUIRED = ("[Content_Types].xml", "word/document.xml")


def read_docx(path: Path, data: bytes) -> RawDocument:
    """Read a ``.docx`` after the archive passed the safety limits."""
    open_zip(data, path, "docx", _REQUIRED).close()
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                text = item.text
                if text.strip():
                    blocks.append(Block(text=text))
            elif isinstance(item, Table):
                rows = table_rows(item)
                if rows:
                    blocks.append(Block(rows=rows))
    except Exception as exc:  # python-docx/lxml raise many types on corrupt XML
        raise FileFormatError(t("corpus.format.broken", format="docx", reason=exc), path=path,
                              hint=t("corpus.format.resave_hint", format="docx")) from exc
    return RawDocument(blocks=blocks)


def table_rows(table: Table) -> list[list[str]]:
    """Cell texts per row; a horizontally merged cell counts once; empty rows dropped."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append(" ".join(cell.text.split("\n")).strip())
        if any(cells):
            rows.append(cells)
    return rows
