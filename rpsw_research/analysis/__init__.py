"""Descriptive findings: pure functions over a project's tidy tables.

Every function takes a ``Project`` (or :class:`StudyTables`) and returns a pandas
DataFrame or a matplotlib Figure; filters such as ``coder=`` or ``reviewed_only=True``
choose which codings count (rejected suggestions never do).
"""

from .cooccurrence import cooccurrence, cooccurrence_cell
from .coverage import stage_coverage, triangulation
from .evidence import audit_summary, coding_summary, evidence, sources_by_informant
from .frequencies import frequencies
from .matrix import matrix, matrix_cell
from .plots import (
    code_bars,
    cooccurrence_heatmap,
    coverage_timeline,
    stage_heatmap,
    triangulation_chart,
)
from .quotes import citation, quotes
from .tables import StudyTables, study_tables
from .words import kwic, word_frequencies

__all__ = [
    "StudyTables", "audit_summary", "citation", "code_bars", "coding_summary", "cooccurrence",
    "cooccurrence_cell", "cooccurrence_heatmap", "coverage_timeline", "evidence", "frequencies",
    "kwic", "matrix", "matrix_cell", "quotes", "sources_by_informant", "stage_coverage",
    "stage_heatmap", "study_tables", "triangulation", "triangulation_chart", "word_frequencies",
]
