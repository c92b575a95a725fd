"""Codebooks: a validated tree of codes with stable dotted ids, rules for auto-coding,
the shipped RPSW default, YAML/CSV files, appendix tables and pure editing operations.

>>> from rpsw_research.codebook import Codebook
>>> cb = Codebook.default()
>>> [c.id for c in cb.stages()][:2]
['rpsw.registrasi', 'rpsw.pengungkapan_masalah']
"""

from __future__ import annotations

from .default import STAGE_IDS, default_codebook, default_path
from .edit import CodebookChange, compose_mappings
from .model import BASIS_KINDS, Code, Codebook, Rule, compile_pattern
from .validate import validate_codes

__all__ = [
    "BASIS_KINDS", "STAGE_IDS", "Code", "Codebook", "CodebookChange", "Rule",
    "compile_pattern", "compose_mappings", "default_codebook", "default_path",
    "validate_codes",
]
