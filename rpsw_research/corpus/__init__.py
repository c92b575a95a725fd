"""Reading a study: sources of every format, metadata, turns and the informant register.

>>> from rpsw_research.corpus import read_source, load_corpus  # doctest: +SKIP
>>> corpus, report = load_corpus("data/sample")                # doctest: +SKIP
"""

from __future__ import annotations

from .formats import SUPPORTED_SUFFIXES
from .informants import BUILTIN_ROLES, Role, RoleSet, read_register, read_roles
from .loader import Corpus, FileIssue, LoadReport, load_corpus
from .model import SOURCE_KINDS, Informant, Segment, Source, Turn
from .source import read_source
from .text import decode_bytes, normalise, repair_mojibake
from .turns import split_paragraphs, split_turns

__all__ = [
    "BUILTIN_ROLES", "SOURCE_KINDS", "SUPPORTED_SUFFIXES", "Corpus", "FileIssue", "Informant",
    "LoadReport", "Role", "RoleSet", "Segment", "Source", "Turn", "decode_bytes",
    "load_corpus", "normalise", "read_register", "read_roles", "read_source",
    "repair_mojibake", "split_paragraphs", "split_turns",
]
