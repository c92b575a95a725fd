"""Plain text and Markdown: bytes decoded (encoding detected), nothing else."""

from __future__ import annotations

from pathlib import Path

from ..text import decode_bytes
from .base import RawDocument


def read_text(path: Path, data: bytes) -> RawDocument:
    """Decode a ``.txt``/``.md`` file; the warnings tell about legacy encodings."""
    decoded = decode_bytes(data, path)
    return RawDocument(text=decoded.text, warnings=list(decoded.warnings))
