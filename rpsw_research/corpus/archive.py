"""Opening zip-based documents (.docx, .odt) safely: limits checked before parsing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import FileFormatError, UnsafeArchiveError
from ..i18n import t

MAX_ENTRIES = 5_000
MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024
MAX_ENTRY_RATIO = 150
RATIO_FLOOR = 1024 * 1024
"""Compression ratios are only judged for entries larger than this (small XML is fine)."""


def open_zip(data: bytes, path: str | Path, fmt: str, required: tuple[str, ...]) -> zipfile.ZipFile:
    """A :class:`zipfile.ZipFile` over ``data`` after checking it is safe and complete.

    Raises :class:`FileFormatError` if ``data`` is not a (complete) zip holding
    ``required`` members, :class:`UnsafeArchiveError` for zip-bomb-like archives
    (too many entries, too large uncompressed, extreme compression ratio, unsafe names).
    """
    hint = t("corpus.format.resave_hint", format=fmt)
    if not data.startswith(b"PK"):
        raise FileFormatError(t("corpus.format.not_zip", format=fmt), path=path, hint=hint)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise FileFormatError(t("corpus.format.broken_zip", format=fmt, reason=exc),
                              path=path, hint=hint) from exc
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchiveError(t("corpus.archive.entries", count=len(infos),
                                   limit=MAX_ENTRIES), path=path)
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in Path(name).parts:
            raise UnsafeArchiveError(t("corpus.archive.name", name=name), path=path)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            raise UnsafeArchiveError(t("corpus.archive.ratio", name=name, ratio=int(ratio),
                                       limit=MAX_ENTRY_RATIO), path=path)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafeArchiveError(t("corpus.archive.size", size=total // (1024 * 1024),
                                   limit=MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)), path=path)
    names = {info.filename for info in infos}
    missing = [name for name in required if name not in names]
    if missing:
        raise FileFormatError(t("corpus.format.missing_part", format=fmt,
                                parts=", ".join(missing)), path=path, hint=hint)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path: str | Path, fmt: str) -> bytes:
    """Bytes of one archive member; a CRC or truncation problem is a FileFormatError."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise FileFormatError(t("corpus.format.broken_zip", format=fmt, reason=exc), path=path,
                              hint=t("corpus.format.resave_hint", format=fmt)) from exc
