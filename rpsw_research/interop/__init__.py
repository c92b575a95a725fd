"""REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette.

- :func:`read_qdpx` reads any vendor's ``.qdpx`` (or bare ``.qde``) safely into a
  neutral :class:`RefiProject`, converting every selection to code-point offsets into
  the normalised text and listing what could not be mapped in ``project.issues``.
- :func:`import_qdc` / :func:`export_qdc` move a :class:`Codebook` through ``.qdc``.
- :func:`write_qdpx` writes a neutral :class:`RefiProject` as a schema-valid ``.qdpx``.
- :func:`export_qdpx` writes a Project as ``.qdpx``; :func:`import_qdpx` creates a new
  Project from one.

Untrusted archives are opened with limits (size, ratio, entry count), never extracted
by name, and all XML is parsed with defusedxml (no DTD, no entities).
"""

from __future__ import annotations

import importlib
from typing import Any

from .model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiIssue,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
)
from .qdc import RefiWarning, export_qdc, import_qdc, read_qdc
from .qde_write import qde_bytes, write_qdpx
from .qdpx import read_qdpx
from .safezip import SafeZip, ZipLimits

__all__ = [
    "RefiCase", "RefiCode", "RefiCoding", "RefiIssue", "RefiNote", "RefiProject",
    "RefiSelection", "RefiSet", "RefiSource", "RefiUser", "RefiVariable", "RefiWarning",
    "SafeZip", "ZipLimits", "export_qdc", "import_qdc", "qde_bytes", "read_qdc",
    "read_qdpx", "write_qdpx", "export_qdpx", "import_qdpx", "QdpxImport",
    "project_to_refi",
]

# Names that need the Project (store layer) load on first use.
_LAZY = {"export_qdpx": "project_export", "project_to_refi": "project_export",
         "import_qdpx": "project_import", "QdpxImport": "project_import"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
