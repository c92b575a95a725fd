"""The consent register: who agreed to what, when, and who withdrew.

One :class:`Consent` per informant and consent event (a re-consent on a newer form
is a new record; the latest by date applies). Pure model and validation: the
project stores the records, exports ask :func:`quotable` before quoting anyone.
Fields (Indonesian column names accepted when reading a register file):

``informant`` (``informan``), ``date`` (``tanggal``, ISO), ``form_version``
(``versi_formulir``), ``method`` (``cara``: ``tertulis`` written | ``lisan`` verbal),
``recording`` (``rekaman``), ``quotes`` (``kutipan``), ``archiving`` (``arsip``),
``role_disclosure`` (``sebut_peran``: may the informant's role be named — small-N
staff), ``minor`` (``anak``), ``guardian_consent`` (``izin_wali``), ``assent``
(``persetujuan_anak``), ``withdrawn`` (``ditarik``: date of withdrawal, empty if none).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from os import PathLike
from pathlib import Path
from typing import Any

import yaml

from ..corpus.metadata import canonical_keys, parse_bool
from ..errors import MetadataError
from ..i18n import t

METHODS = ("tertulis", "lisan")
_METHOD_ALIASES = {
    "tertulis": "tertulis",
    "written": "tertulis",
    "tulis": "tertulis",
    "lisan": "lisan",
    "verbal": "lisan",
    "oral": "lisan",
}
_COLUMNS = {
    "informant": "informant",
    "informan": "informant",
    "informant_id": "informant",
    "date": "date",
    "tanggal": "date",
    "form_version": "form_version",
    "versi_formulir": "form_version",
    "versi": "form_version",
    "method": "method",
    "cara": "method",
    "recording": "recording",
    "rekaman": "recording",
    "quotes": "quotes",
    "kutipan": "quotes",
    "archiving": "archiving",
    "arsip": "archiving",
    "role_disclosure": "role_disclosure",
    "sebut_peran": "role_disclosure",
    "minor": "minor",
    "anak": "minor",
    "guardian_consent": "guardian_consent",
    "izin_wali": "guardian_consent",
    "assent": "assent",
    "persetujuan_anak": "assent",
    "withdrawn": "withdrawn",
    "ditarik": "withdrawn",
}


@dataclass(frozen=True)
class Consent:
    """One consent record of one informant (see the module docstring for fields)."""

    informant: str
    date: dt.date
    form_version: str
    method: str
    recording: bool = False
    quotes: bool = False
    archiving: bool = False
    role_disclosure: bool = False
    minor: bool = False
    guardian_consent: bool = False
    assent: bool = False
    withdrawn: dt.date | None = None

    def __post_init__(self) -> None:
        problems = validate_consent(self)
        if problems:
            raise MetadataError(problems[0], hint=t("privacy.consent.hint"))

    def active_on(self, day: dt.date | None = None) -> bool:
        """True if this consent stands on ``day`` (default: not withdrawn at all)."""
        if self.withdrawn is None:
            return day is None or day >= self.date
        return day is not None and self.date <= day < self.withdrawn

    def to_record(self) -> dict[str, Any]:
        """A plain dict with ISO dates (for storage)."""
        record = {f.name: getattr(self, f.name) for f in fields(self)}
        record["date"] = self.date.isoformat()
        record["withdrawn"] = None if self.withdrawn is None else self.withdrawn.isoformat()
        return record


def validate_consent(consent: Consent) -> list[str]:
    """Problems of one record (empty list: valid)."""
    who = consent.informant
    problems = []
    if not isinstance(who, str) or not who.strip():
        problems.append(t("privacy.consent.no_informant"))
    if not isinstance(consent.date, dt.date):
        problems.append(t("privacy.consent.bad_date", informant=who, value=consent.date))
    if not str(consent.form_version or "").strip():
        problems.append(t("privacy.consent.no_form", informant=who))
    if consent.method not in METHODS:
        problems.append(t("privacy.consent.bad_method", informant=who, value=consent.method))
    if consent.withdrawn is not None and (
        not isinstance(consent.withdrawn, dt.date)
        or (isinstance(consent.date, dt.date) and consent.withdrawn < consent.date)
    ):
        problems.append(t("privacy.consent.bad_withdrawal", informant=who))
    if consent.minor and not (consent.guardian_consent and consent.assent):
        problems.append(t("privacy.consent.minor", informant=who))
    return problems


def consent_from_mapping(
    row: Mapping[str, Any], *, path: str | None = None, line: int | None = None
) -> Consent:
    """Build a :class:`Consent` from a register row (Indonesian or English keys)."""
    values = canonical_keys(row, _COLUMNS, lambda raw, accepted: MetadataError(
        t("privacy.consent.column", column=raw), path=path, line=line,
        hint=t("privacy.consent.column_hint", columns=accepted)))
    try:
        kwargs: dict[str, Any] = {
            "informant": str(values.get("informant") or "").strip(),
            "date": _date(values.get("date"), "date"),
            "form_version": str(values.get("form_version") or "").strip(),
            "method": _METHOD_ALIASES.get(
                str(values.get("method") or "").strip().lower(),
                str(values.get("method") or "").strip(),
            ),
            "withdrawn": _date(values.get("withdrawn"), "withdrawn", optional=True),
        }
        for flag in (
            "recording",
            "quotes",
            "archiving",
            "role_disclosure",
            "minor",
            "guardian_consent",
            "assent",
        ):
            kwargs[flag] = _bool(values.get(flag), flag)
        return Consent(**kwargs)
    except MetadataError as exc:
        raise MetadataError(exc.message, path=path, line=line, hint=exc.hint) from None


def load_consents(path: str | PathLike[str]) -> list[Consent]:
    """Read a consent register (``.csv`` or ``.yaml``) into validated records."""
    p = Path(path)
    if not p.is_file():
        raise MetadataError(t("privacy.consent.missing"), path=p)
    raw = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() == ".csv":
        rows = [
            (n, r)
            for n, r in enumerate(csv.DictReader(io.StringIO(raw)), start=2)
            if any((v or "").strip() for v in r.values() if isinstance(v, str))
        ]
    elif p.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(raw) or []
        except yaml.YAMLError as exc:
            raise MetadataError(t("privacy.consent.yaml"), path=p) from exc
        if isinstance(data, dict):
            data = data.get("consents", data.get("persetujuan", []))
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise MetadataError(t("privacy.consent.shape"), path=p)
        rows = [(None, r) for r in data]
    else:
        raise MetadataError(t("privacy.consent.format", suffix=p.suffix or "-"), path=p)
    return [consent_from_mapping(row, path=str(p), line=line) for line, row in rows]


def current_consent(informant_id: str, consents: Iterable[Consent]) -> Consent | None:
    """The informant's latest consent record (by date, then form version), if any."""
    own = [c for c in consents if c.informant == informant_id]
    return max(own, key=lambda c: (c.date, c.form_version)) if own else None


def quotable(informant_id: str, consents: Iterable[Consent], *, on: dt.date | None = None) -> bool:
    """True if the informant's words may be quoted: consent to quotes, not withdrawn.

    A withdrawal recorded on any record withdraws the informant (from that date; with
    ``on=None`` withdrawal is final whatever its date).
    """
    records = [c for c in consents if c.informant == informant_id]
    latest = current_consent(informant_id, records)
    if latest is None or not latest.quotes:
        return False
    if any(c.withdrawn is not None and (on is None or c.withdrawn <= on) for c in records):
        return False
    return on is None or latest.date <= on


def withdrawn_informants(consents: Iterable[Consent]) -> list[str]:
    """Sorted ids of informants who withdrew (their data must be purged from outputs)."""
    return sorted({c.informant for c in consents if c.withdrawn is not None})


def missing_consent(informant_ids: Sequence[str], consents: Iterable[Consent]) -> list[str]:
    """Informant ids without any consent record, in the order given."""
    have = {c.informant for c in consents}
    return [i for i in informant_ids if i not in have]


def _date(value: Any, field: str, *, optional: bool = False) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise MetadataError(t("privacy.consent.no_date", field=field))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise MetadataError(t("privacy.consent.bad_iso", field=field, value=value)) from None


def _bool(value: Any, field: str) -> bool:
    """A yes/no cell of the register; an empty cell means no."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    return parse_bool(value, field)


def drop_withdrawn(table: Any, consents: Iterable[Consent]) -> Any:
    """A tidy table (codings, sources) without rows of informants who withdrew.

    A row goes when its ``informant`` withdrew or when any id in ``source_informants``
    / ``informants`` (";"-joined) withdrew: the whole interview is purged, the
    interviewer's turns included. Pure: returns a new DataFrame.
    """
    gone = set(withdrawn_informants(consents))
    if not gone or len(table) == 0:
        return table.copy()
    keep = [True] * len(table)
    for column in ("informant", "source_informants", "informants"):
        if column not in table.columns:
            continue
        for i, value in enumerate(table[column].tolist()):
            ids = set(str(value).split(";")) if isinstance(value, str) else set()
            if ids & gone:
                keep[i] = False
    return table.loc[keep].reset_index(drop=True)


HIDDEN_ROLE = "informan"
"""The neutral role shown for informants who did not consent to their role being named."""


def role_hidden(informant_ids: Sequence[str], consents: Iterable[Consent]) -> list[str]:
    """Informants whose latest consent record does not allow naming their role."""
    consents = list(consents)
    return [i for i in informant_ids
            if (latest := current_consent(i, consents)) is not None
            and not latest.role_disclosure]


def mask_roles(informants: Any, hidden: Iterable[str]) -> Any:
    """An informants table with the role (and a ``label`` column) of ``hidden``
    informants replaced by :data:`HIDDEN_ROLE`, so no export or count names it."""
    out = informants.copy()
    rows = out["informant_id"].isin(list(hidden))
    out.loc[rows, "role"] = HIDDEN_ROLE
    if "label" in out.columns:
        out.loc[rows, "label"] = None
    return out
