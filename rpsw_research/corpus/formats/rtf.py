"""Rich Text Format ``.rtf`` through striprtf."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ...errors import FileFormatError
from ...i18n import t
from .base import Block, RawDocument

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
    return RawDocument(blocks=_blocks(text))


def _blocks(text: str) -> list[Block]:
    """One block per RTF paragraph; striprtf's ``a|b|`` row lines grouped into tables."""
    blocks: list[Block] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line.rstrip().endswith("|") and line.count("|") >= 2:
            cells = [cell.strip() for cell in line.rstrip().rstrip("|").split("|")]
            if blocks and blocks[-1].rows is not None:
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block(rows=[cells]))
        else:
            blocks.append(Block(text=line.rstrip()))
    return blocks
