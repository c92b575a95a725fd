"""One reader per format behind a small registry; content is sniffed before reading.

``reader_for(path, data)`` picks the reader by suffix and checks that the bytes fit it
(a ``.docx`` that is a PDF, a ``.txt`` that is a zip, an old binary ``.doc``...).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...errors import FileFormatError, UnsupportedFormatError
from ...i18n import t
from .base import Block, RawDocument
from .opendoc import read_odt
from .pdf import read_pdf
from .plain import read_text
from .rtf import read_rtf
from .subtitles import read_subtitles
from .word import read_docx

Reader = Callable[[Path, bytes], RawDocument]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".docx": read_docx,
    ".odt": read_odt,
    ".rtf": read_rtf,
    ".pdf": read_pdf,
    ".srt": read_subtitles,
    ".vtt": read_subtitles,
}
"""Suffix (lower case) -> reader. Add an entry to support a further format."""

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"%PDF", "pdf"),
    (b"{\\rtf", "rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
_EXPECTED = {".docx": "zip", ".odt": "zip", ".pdf": "pdf", ".rtf": "rtf"}
_FORMAT_NAMES = {"zip": "zip (docx/odt)", "pdf": "PDF", "rtf": "RTF", "ole": "Word 97-2003 (.doc)"}


def sniff(data: bytes) -> str:
    """``zip``, ``pdf``, ``rtf``, ``ole`` (old Office) or ``text`` from the first bytes."""
    head = data[:1024].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic) or data.startswith(magic):
            return kind
    return "text"


def reader_for(path: Path, data: bytes) -> Reader:
    """The reader for ``path`` after checking its bytes match the suffix."""
    suffix = path.suffix.lower()
    if suffix == ".doc" or (suffix not in READERS and sniff(data) == "ole"):
        raise UnsupportedFormatError(t("corpus.format.old_doc"), path=path,
                                     hint=t("corpus.format.old_doc_hint"))
    if suffix not in READERS:
        raise UnsupportedFormatError(
            t("corpus.format.unsupported", suffix=suffix or "-"), path=path,
            hint=t("corpus.format.unsupported_hint", formats=", ".join(SUPPORTED_SUFFIXES)))
    found = sniff(data)
    expected = _EXPECTED.get(suffix, "text")
    if data and found != expected:
        if found == "ole":
            raise UnsupportedFormatError(t("corpus.format.old_doc"), path=path,
                                         hint=t("corpus.format.old_doc_hint"))
        raise FileFormatError(
            t("corpus.format.mismatch", suffix=suffix, found=_FORMAT_NAMES.get(found, found)),
            path=path, hint=t("corpus.format.mismatch_hint"))
    return READERS[suffix]


__all__ = ["Block", "RawDocument", "READERS", "SUPPORTED_SUFFIXES", "reader_for", "sniff"]
