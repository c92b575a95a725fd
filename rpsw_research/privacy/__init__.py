"""Privacy: re-identification key, pseudonymisation, leak check, consent register.

Real names live only in a key file kept outside the project (:class:`PrivacyKey`).
:func:`pseudonymise` replaces key names and detected identifiers (NIK, phone, e-mail,
passport, birth date, address, RT/RW) and returns a :class:`RedactionLog` that holds
no original value. :func:`leak_check` scans texts, projects and export files;
:func:`guard_export` makes exports fail closed. :mod:`.consent` holds the consent
register (:func:`quotable`).
"""

from __future__ import annotations

from .consent import (
    Consent,
    consent_from_mapping,
    current_consent,
    drop_withdrawn,
    load_consents,
    mask_roles,
    missing_consent,
    quotable,
    role_hidden,
    withdrawn_informants,
)
from .detectors import DETECTORS, PLACEHOLDERS, detect
from .key import KeyEntry, PrivacyKey, ensure_outside, resolve_key
from .leakcheck import LeakFinding, LeakReport, guard_export, leak_check, mask
from .names import NameMatcher, is_common_word, spelling_variants
from .pseudonymise import (
    Pseudonymiser,
    Redaction,
    RedactionLog,
    pseudonymise,
    pseudonymise_informants,
    pseudonymise_sources,
)

__all__ = [
    "Consent",
    "DETECTORS",
    "KeyEntry",
    "LeakFinding",
    "LeakReport",
    "NameMatcher",
    "PLACEHOLDERS",
    "PrivacyKey",
    "Pseudonymiser",
    "Redaction",
    "RedactionLog",
    "consent_from_mapping",
    "current_consent",
    "detect",
    "drop_withdrawn",
    "ensure_outside",
    "guard_export",
    "is_common_word",
    "leak_check",
    "load_consents",
    "mask_roles",
    "mask",
    "missing_consent",
    "pseudonymise",
    "pseudonymise_informants",
    "pseudonymise_sources",
    "quotable",
    "role_hidden",
    "resolve_key",
    "spelling_variants",
    "withdrawn_informants",
]
