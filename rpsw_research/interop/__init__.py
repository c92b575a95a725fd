"""REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette.

- :func:`read_qdpx` reads any vendor's ``.qdpx`` (or bare ``.qde``) safely into a
  neutral :class:`RefiProject`, converting every selection to code-point offsets into
  the normalised text and listing what could not be mapped in ``project.issues``.
- :func:`import_qdc` / :func:`export_qdc` move a :class:`Codebook` through ``.qdc``.
- :func:`write_qdpx` writes a neutral :class:`RefiProject` as a schema-valid ``.qdpx``.

Untrusted archives are opened with limits (size, ratio, entry count), never extracted
by name, and all XML is parsed with defusedxml (no DTD, no entities).
"""

from __future__ import annotations

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
    "read_qdpx", "write_qdpx",
]
