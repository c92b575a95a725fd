"""Open a REFI-QDA project exchange file (``.qdpx``, or a bare ``.qde``) safely.

The archive is checked by :class:`SafeZip` before anything is read; the single
``*.qde`` inside is found under any name and case (``project.qde``, ATLAS.ti's
``Project.qde``/``Trial.qde``); plain texts are looked up in ``sources/`` or
``Sources/``, with or without ``internal://``, GUID file names in any case.
"""

from __future__ import annotations

import codecs
from os import PathLike
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from charset_normalizer import from_bytes

from ..errors import InteropError
from ..i18n import t
from .model import RefiProject
from .qde_read import FileLookup, local, read_qde
from .safezip import (
    DEFAULT_LIMITS,
    SafeZip,
    ZipLimits,
    parse_xml,
    read_xml_file,
    safe_member_name,
)

_SCHEMES_INTERNAL = ("internal://",)
_SCHEMES_EXTERNAL = ("relative://", "absolute://", "file://", "http://", "https://")
_MAX_TEXT_BYTES = 256 << 20


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode a vendor's plain-text file: UTF-8 (with or without BOM), UTF-16 with a
    BOM, else the encoding charset-normalizer finds (reported as ``encoding_guessed``).
    A UTF-8 BOM is kept as U+FEFF so that position mapping can account for it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            return data.decode("utf-8", errors="replace"), "encoding_guessed"
        return str(best), "encoding_guessed"


def split_path(path: str) -> tuple[str | None, bool]:
    """The file name part of a ``plainTextPath`` and whether it is inside the archive."""
    lowered = path.lower()
    for scheme in _SCHEMES_INTERNAL:
        if lowered.startswith(scheme):
            return path[len(scheme):].lstrip("/"), True
    if lowered.startswith(_SCHEMES_EXTERNAL):
        return None, False
    return path, True  # no scheme at all (qc 1.3.2): treat as an internal file


class _ArchiveLookup:
    def __init__(self, archive: SafeZip, qde_name: str) -> None:
        self.archive = archive
        self.base = str(PurePosixPath(qde_name).parent)

    def __call__(self, path: str) -> tuple[str | None, str | None]:
        name, internal = split_path(path)
        if not internal:
            return None, "external_file"
        if not name or safe_member_name(name) is None:
            return None, "missing_file"
        prefix = "" if self.base in ("", ".") else self.base + "/"
        for candidate in (f"{prefix}sources/{name}", f"sources/{name}", f"{prefix}{name}",
                          name):
            member = self.archive.find(candidate)
            if member is not None:
                return decode_text(self.archive.read(member, _MAX_TEXT_BYTES))
        return None, "missing_file"


class _FolderLookup:
    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def __call__(self, path: str) -> tuple[str | None, str | None]:
        name, internal = split_path(path)
        if not internal:
            return None, "external_file"
        clean = safe_member_name(name or "")
        if clean is None:
            return None, "missing_file"
        for sub in ("sources", "Sources", ""):
            candidate = (self.folder / sub / clean).resolve()
            if candidate.is_relative_to(self.folder) and candidate.is_file():
                if candidate.stat().st_size > _MAX_TEXT_BYTES:
                    return None, "missing_file"
                return decode_text(candidate.read_bytes())
        return None, "missing_file"


def find_qde(archive: SafeZip) -> str:
    """The one ``*.qde`` member of the archive (``project.qde`` wins over others)."""
    found = [name for name in archive.names() if name.lower().endswith(".qde")]
    if len(found) > 1:
        preferred = [n for n in found if PurePosixPath(n).name.lower() == "project.qde"]
        top = [n for n in preferred if "/" not in n]
        found = top or preferred or found
    if not found:
        raise InteropError(t("interop.qdpx.no_qde"), path=archive.path,
                           hint=t("interop.qdpx.no_qde_hint"))
    if len(found) > 1:
        raise InteropError(t("interop.qdpx.many_qde", names=", ".join(found)),
                           path=archive.path)
    return found[0]


def read_qdpx(
    path: str | PathLike[str], offsets: str = "auto", limits: ZipLimits = DEFAULT_LIMITS
) -> RefiProject:
    """Read a ``.qdpx`` (or a bare ``.qde`` with its ``sources/`` folder) into a
    :class:`RefiProject`.

    ``offsets``: ``auto`` detects the vendor's position unit (code points or NVivo's
    UTF-16 code units, and ATLAS.ti's CRLF-as-one) with the word-boundary heuristic;
    ``codepoint`` or ``utf16`` fixes the unit. Unmappable content is listed in
    ``project.issues``; malformed or unsafe files raise :class:`InteropError`.
    """
    file = Path(path)
    if file.suffix.lower() == ".qde":
        root = read_xml_file(file, limits.max_member_bytes)
        return _read(root, _FolderLookup(file.parent), offsets, file)
    with SafeZip(file, limits) as archive:
        qde = find_qde(archive)
        root = parse_xml(archive.read(qde), f"{file}!{qde}")
        return _read(root, _ArchiveLookup(archive, qde), offsets, file)


def _read(root: Element, lookup: FileLookup, offsets: str, file: Path) -> RefiProject:
    if local(root.tag) != "Project":
        raise InteropError(t("interop.qdpx.not_project", tag=local(root.tag)), path=file,
                           hint=t("interop.qdpx.not_project_hint"))
    return read_qde(root, lookup, offsets)
