"""Rich Text Format ``.rtf`` through striprtf."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ...errors import FileFormatError
from ...i18n import t
from .base import RawDocument

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(path: Path, data: bytes) -> RawDocument:
    """Text of an ``.rtf``; ``\\'xx`` escapes decoded in the file's ``\\ansicpg``."""
    if not data.lstrip().startswith(b"{\\rtf"):
        raise FileFormatError(t("corpus.format.not_rtf"), path=path,
                              hint=t("corpus.format.resave_hint", format="rtf"))
    match = _CODEPAGE.search(data[:4096])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf raises plain exceptions on broken groups
        raise FileFormatError(t("corpus.format.broken", format="rtf", reason=exc), path=path,
                              hint=t("corpus.format.resave_hint", format="rtf")) from exc
    # striprtf ends table cells with "|"; keep the toolkit's " | " cell separator.
    lines = []
    for line in text.split("\n"):
        if line.endswith("|") and line.count("|") >= 2:
            cells = [cell.strip() for cell in line.rstrip("|").split("|")]
            line = " | ".join(cells)
        lines.append(line.rstrip())
    return RawDocument(text=_paragraphs("\n".join(lines)))


def _paragraphs(text: str) -> str:
    """One RTF paragraph per line -> paragraphs separated by a blank line."""
    lines = [line for line in text.split("\n") if line.strip()]
    return "\n\n".join(lines)
