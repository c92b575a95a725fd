"""Outputs for readers: the Word chapter (Bab IV), Excel and CSV tables, review sheets.

The report lays out what ``analysis`` and ``reliability`` compute; it computes no
statistic itself.
"""

from .chapter import ReportOptions, write_docx
from .review import review_table, write_review_sheet
from .tables import analysis_tables, write_csv, write_xlsx

__all__ = ["ReportOptions", "analysis_tables", "review_table", "write_csv", "write_docx",
           "write_review_sheet", "write_xlsx"]
