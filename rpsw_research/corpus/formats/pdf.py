"""PDF: the text layer through pypdf; a scan without text is an EmptySourceError."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from ...errors import EmptySourceError, FileFormatError
from ...i18n import t
from ..metadata import KEY_ALIASES
from .base import Block, RawDocument


def read_pdf(path: Path, data: bytes) -> RawDocument:
    """Text of every page, pages separated by a blank line."""
    if not data.lstrip()[:1024].startswith(b"%PDF"):
        raise FileFormatError(t("corpus.format.not_pdf"), path=path,
                              hint=t("corpus.format.resave_hint", format="pdf"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileFormatError(t("corpus.format.encrypted_pdf"), path=path,
                                  hint=t("corpus.format.encrypted_pdf_hint"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileFormatError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise FileFormatError(t("corpus.format.broken", format="pdf", reason=exc), path=path,
                              hint=t("corpus.format.resave_hint", format="pdf")) from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text.strip():
        raise EmptySourceError(t("corpus.format.pdf_no_text", pages=len(pages)), path=path,
                               hint=t("corpus.format.pdf_no_text_hint"))
    rows, body = leading_key_rows(text)
    if rows:
        return RawDocument(blocks=[Block(rows=rows), Block(text=body)])
    return RawDocument(text=text)


_KEY_LINE = re.compile(r"^([a-z][a-z_]*)[ \t]+(\S.*)$")


def leading_key_rows(text: str) -> tuple[list[list[str]], str]:
    """A metadata table flattened by the PDF text layer (``id D-05`` lines) at the top.

    A leading run of ``key value`` lines whose first key is a known metadata key becomes
    two-column rows (read like the first table of a ``.docx``); the rest is the body.
    """
    lines = text.split("\n")
    rows: list[list[str]] = []
    for line in lines:
        match = _KEY_LINE.match(line.strip())
        if match is None or (not rows and match.group(1) not in KEY_ALIASES):
            break
        rows.append([match.group(1), match.group(2).strip()])
    if not any(row[0] in KEY_ALIASES for row in rows[:1]):
        return [], text
    return rows, "\n".join(lines[len(rows):])
