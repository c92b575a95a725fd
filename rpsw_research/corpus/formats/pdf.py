"""PDF: the text layer through pypdf; a scan without text is an EmptySourceError."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from ...errors import EmptySourceError, FileFormatError
from ...i18n import t
from .base import RawDocument


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
    return RawDocument(text=text)
