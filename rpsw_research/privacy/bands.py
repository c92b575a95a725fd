"""Attributes that identify someone in a small sample, reported as bands.

With five informants an exact age, an exact date of arrival or a village pins a person
down. Reports and shared tables show bands instead: ages in the usual survey bands,
dates to the month. Values that are already bands (``"18-24"``) or plain text pass
through unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from ..i18n import format_date

QUASI_IDENTIFIER_WORDS = ("asal", "origin", "alamat", "address", "desa", "village",
                          "eksploitasi", "exploitation", "rujukan", "referral")
"""Informant attributes whose names hold these words stay out of shared tables and the
report unless asked for: with five informants, origin, exploitation type or referral
path next to age and stay can identify a survivor (never combine quasi-identifiers)."""

AGE_WORDS = ("usia", "umur", "age")
AGE_BANDS = ((0, 17, "<18"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"),
             (45, 54, "45-54"), (55, 120, "55+"))
_DATE = re.compile(r"^(\d{4}-\d{2})-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_LEADING_NUMBER = re.compile(r"^(\d+)(?:[.,]0+)?(?:\s*(?:tahun|thn|th|years?|yrs?))?$")


def age_band(value: Any) -> Any:
    """``23``, ``"23 tahun"`` or ``23.0`` -> ``"18-24"``; anything that is not an age in
    years (a band already, a missing-value code such as 999) passes through."""
    match = _LEADING_NUMBER.match(str(value).strip().lower())
    if match is None:
        return value
    age = int(match.group(1))
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), value)


def month_band(value: Any, lang: str = "id") -> Any:
    """An exact ISO date ``2014-03-12`` -> ``"Maret 2014"``; other values pass through."""
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()
    match = _DATE.match(str(value).strip())
    return format_date(match.group(1), lang) if match else value


def banded(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """``frame`` (an informants table) with exact ages and dates turned into bands."""
    out = frame.copy()
    for column in out.columns:
        if column in ("informant_id", "role"):
            continue
        values = out[column]
        if _words(column) & set(AGE_WORDS):
            out[column] = values.map(age_band)
        out[column] = out[column].map(lambda v: month_band(v, lang))
    return out


def quasi_identifiers(columns: list[str] | pd.Index) -> list[str]:
    """The attribute columns that identify in a small sample (see
    :data:`QUASI_IDENTIFIER_WORDS`)."""
    return [c for c in columns if any(word in part for part in _words(c)
                                      for word in QUASI_IDENTIFIER_WORDS)]


def _words(column: Any) -> set[str]:
    """The words of a column name (``kelompok_usia`` -> {"kelompok", "usia"})."""
    return set(re.split(r"[\s_\-]+", str(column).lower()))


def shareable(frame: pd.DataFrame, lang: str = "id", *, include_sensitive: bool = False
              ) -> pd.DataFrame:
    """An informants table fit to share: ages and dates banded, quasi-identifying
    attributes dropped unless ``include_sensitive``."""
    out = banded(frame, lang)
    return out if include_sensitive else out.drop(columns=quasi_identifiers(out.columns))
