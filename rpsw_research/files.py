"""Transactional file writing: an output is written whole or not at all."""

from __future__ import annotations

import contextlib
import os
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
    never sees a half-written or refused file.
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
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
