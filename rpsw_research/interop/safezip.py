"""Safe reading of untrusted archives (``.qdpx``) and XML (``.qde``/``.qdc``).

Nothing is ever extracted by entry name. :class:`SafeZip` checks the central
directory before anything is read (entry count, declared total size, compression
ratio, unsafe names, encrypted or symlink entries) and reads members into memory
with a hard byte limit, so a lying header cannot inflate past it. All XML goes
through :mod:`defusedxml` with DTDs forbidden: no entity expansion, no external
entities, no network.
"""

from __future__ import annotations

import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import InteropError, UnsafeArchiveError
from ..i18n import t

_CHUNK = 1 << 16


@dataclass(frozen=True)
class ZipLimits:
    """Limits applied to an untrusted archive.

    ``max_entries``: entries in the central directory; ``max_total_bytes``: sum of the
    declared uncompressed sizes; ``max_member_bytes``: bytes read from one member;
    ``max_ratio``: uncompressed/compressed size of a member larger than
    ``ratio_floor_bytes`` (small members may compress very well legitimately).
    """

    max_entries: int = 20_000
    max_total_bytes: int = 4 << 30
    max_member_bytes: int = 512 << 20
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 << 20


DEFAULT_LIMITS = ZipLimits()


def safe_member_name(name: str) -> str | None:
    """The entry name as a clean relative POSIX path, or ``None`` when it is unsafe.

    Unsafe: absolute paths, drive letters, ``..`` components, NUL or control
    characters. Backslashes (written by some Windows tools) count as separators.
    """
    if not name or any(unicodedata.category(ch) == "Cc" for ch in name):
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts):
        return None
    if not parts:
        return None
    return "/".join(parts) + ("/" if name.endswith("/") else "")


class SafeZip:
    """A read-only view of an untrusted zip archive, checked before any read.

    >>> with SafeZip("project.qdpx") as archive:  # doctest: +SKIP
    ...     data = archive.read(archive.find("project.qde"))
    """

    def __init__(
        self, path: str | PathLike[str] | IO[bytes], limits: ZipLimits = DEFAULT_LIMITS
    ) -> None:
        self.path = str(path) if isinstance(path, (str, PathLike)) else "<stream>"
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError as exc:
            raise InteropError(t("interop.zip.missing"), path=self.path) from exc
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InteropError(
                t("interop.zip.bad", error=exc), path=self.path, hint=t("interop.zip.bad_hint")
            ) from exc
        try:
            self._members = self._check()
        except BaseException:
            self._zip.close()
            raise

    def _fail(self, message: str) -> UnsafeArchiveError:
        return UnsafeArchiveError(message, path=self.path, hint=t("interop.zip.unsafe_hint"))

    def _check(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        limits = self.limits
        if len(infos) > limits.max_entries:
            raise self._fail(t("interop.zip.entries", count=len(infos), limit=limits.max_entries))
        total = sum(info.file_size for info in infos)
        if total > limits.max_total_bytes:
            raise self._fail(t("interop.zip.total", size=total, limit=limits.max_total_bytes))
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            clean = safe_member_name(info.filename)
            if clean is None:
                raise self._fail(t("interop.zip.traversal", name=info.filename))
            if info.flag_bits & 0x1:
                raise self._fail(t("interop.zip.encrypted", name=info.filename))
            if stat.S_ISLNK(info.external_attr >> 16):
                raise self._fail(t("interop.zip.symlink", name=info.filename))
            if info.file_size > limits.ratio_floor_bytes:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_ratio:
                    raise self._fail(
                        t("interop.zip.ratio", name=info.filename, ratio=round(ratio),
                          limit=round(limits.max_ratio))
                    )
            if clean.endswith("/"):
                continue
            if clean in members:
                raise self._fail(t("interop.zip.duplicate", name=clean))
            members[clean] = info
        return members

    def names(self) -> list[str]:
        """Sanitised names of the file members, in archive order."""
        return list(self._members)

    def find(self, name: str) -> str | None:
        """The member called ``name``, matched exactly, else case-insensitively."""
        clean = safe_member_name(name)
        if clean is None:
            return None
        if clean in self._members:
            return clean
        folded = clean.casefold()
        hits = [member for member in self._members if member.casefold() == folded]
        return hits[0] if len(hits) == 1 else None

    def size(self, name: str) -> int:
        """Declared uncompressed size of member ``name``."""
        return self._members[name].file_size

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        """The bytes of member ``name``, refusing to read past the byte limit."""
        info = self._members[name]
        limit = self.limits.max_member_bytes if max_bytes is None else max_bytes
        if info.file_size > limit:
            raise self._fail(t("interop.zip.member", name=name, size=info.file_size, limit=limit))
        chunks: list[bytes] = []
        read = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
                    if read > limit or read > info.file_size:
                        raise self._fail(t("interop.zip.lying", name=name))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise InteropError(t("interop.zip.member_bad", name=name, error=exc),
                               path=self.path) from exc
        return b"".join(chunks)

    def close(self) -> None:
        """Close the underlying archive."""
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_xml(data: bytes, path: str | PathLike[str] | None = None) -> Element:
    """Parse untrusted XML bytes safely (no DTD, no entities) into an Element tree.

    Raises :class:`InteropError` naming the file and line for malformed XML and for
    any DTD or entity declaration.
    """
    where = None if path is None else str(path)
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException as exc:
        raise InteropError(t("interop.xml.dtd", error=type(exc).__name__), path=where,
                           hint=t("interop.xml.dtd_hint")) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InteropError(t("interop.xml.bad", error=exc), path=where, line=line,
                           hint=t("interop.xml.bad_hint")) from exc


def read_xml_file(path: str | PathLike[str], max_bytes: int = DEFAULT_LIMITS.max_member_bytes
                  ) -> Element:
    """Read and safely parse an XML file from disk, with a size limit."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise UnsafeArchiveError(t("interop.xml.too_big", size=size, limit=max_bytes),
                                     path=file)
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise InteropError(t("interop.zip.missing"), path=file) from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise InteropError(t("interop.xml.unreadable", error=exc), path=file) from exc
    return parse_xml(data, file)
