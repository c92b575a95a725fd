"""Transactional file writing: an output is written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError
from .i18n import t


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (same suffix); on success it replaces
    ``path``.

    If the body raises (a failed write, or an export check that refuses the file), the
    temporary file is removed and an existing ``path`` is left untouched, so a reader
    never sees a half-written or refused file. The result gets the mode of the file it
    replaces, or for a new file the usual ``0o666`` less the umask (a temporary file
    alone would be private to the user).
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise OutputError(t("files.no_folder", folder=target.parent), path=target,
                          hint=t("files.no_folder_hint"))
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                                         dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def _mode_for(target: Path) -> int:
    """The permission bits the written file should get (see :func:`atomic_path`)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask (read by setting it and restoring it at once)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
