"""rpsw_research: qualitative research data analysis for coded studies.

Load transcripts, observation notes and documents, code them against a codebook,
compute descriptive findings and inter-coder reliability, and write Word reports.
Subpackages load lazily so that ``import rpsw_research`` stays fast (spaCy is only
imported when the NLP layer is used).
"""

from __future__ import annotations

import importlib
from typing import Any

from . import errors
from .i18n import get_language, set_language

__version__ = "0.1.0"

_LAZY_MODULES = {
    "corpus", "codebook", "nlp", "coding", "store", "analysis",
    "reliability", "report", "interop", "privacy", "cli",
}
_LAZY_NAMES: dict[str, str] = {
    "Informant": "corpus",
    "Source": "corpus",
    "Turn": "corpus",
    "Segment": "corpus",
    "read_source": "corpus",
    "load_corpus": "corpus",
    "Code": "codebook",
    "Codebook": "codebook",
    "CodebookChange": "codebook",
    "Rule": "codebook",
    "Corpus": "corpus",
    "LoadReport": "corpus",
    "Project": "project",
    "Coding": "coding",
    "export_qdpx": "interop",
    "import_qdpx": "interop",
    "export_qdc": "interop",
    "import_qdc": "interop",
    "PrivacyKey": "privacy",
    "pseudonymise": "privacy",
    "leak_check": "privacy",
    "guard_export": "privacy",
    "evaluate": "coding.evaluate",
}

__all__ = ["errors", "get_language", "set_language", "__version__",
           *sorted(_LAZY_MODULES), *sorted(_LAZY_NAMES)]


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY_NAMES:
        module = importlib.import_module(f".{_LAZY_NAMES[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
