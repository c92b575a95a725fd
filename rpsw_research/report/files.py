"""Transactional file writing: a report is written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import ReportError
from ..i18n import t


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    If writing fails, the temporary file is removed and an existing ``path`` is left
    untouched, so a reader never sees a half-written file.
    """
    target = Path(path)
    if not target.parent.exists():
        raise ReportError(t("report.no_folder", folder=target.parent), path=target,
                          hint=t("report.no_folder_hint"))
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                         dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
