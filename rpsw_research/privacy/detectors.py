"""Identifiers found without a key: NIK, phone, e-mail, passport, birth date, address, RT/RW.

Each detector returns :class:`Hit` spans over the text. Patterns follow Indonesian
formats; where a pattern alone would be ambiguous a validator checks the digits
(phone length, 16-digit NIK) or a context word (``lahir``, ``TTL``) is required.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

PLACEHOLDERS = {
    "nik": "[NIK]",
    "phone": "[TELEPON]",
    "email": "[EMAIL]",
    "passport": "[PASPOR]",
    "birth_date": "[TGL-LAHIR]",
    "address": "[ALAMAT]",
    "rt_rw": "[RT/RW]",
    "social_media": "[MEDSOS]",
}
DETECTORS: tuple[str, ...] = tuple(PLACEHOLDERS)


@dataclass(frozen=True)
class Hit:
    """An identifier found by a detector: ``kind`` and span ``[start, end)``."""

    kind: str
    start: int
    end: int


_SEP = r"[ .\-]"
_NIK = re.compile(rf"(?<![\w.\-])\d(?:{_SEP}?\d){{15}}(?!{_SEP}?\d|[^\W\d])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+[^\S\n]?62|62(?=[ .\-]?8)|\(0|0)"
    rf"(?:[ .\-)(]{{0,2}}\d){{7,13}}(?!{_SEP}?\d|[^\W\d])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PASSPORT = re.compile(r"(?<![\w-])[A-Z]{1,2}[^\S\n]?\d{7}(?![\w-])")

_MONTHS = (
    "januari|jan|februari|pebruari|feb|peb|maret|mar|march|april|apr|mei|may|juni|jun|june|"
    "juli|jul|july|agustus|agu|agt|ags|aug|august|september|sept|sep|oktober|okt|oct|october|"
    "november|nopember|nov|nop|desember|des|dec|december"
)
_DATE = (
    r"(?:\d{1,2}[ ]?[-/.][ ]?\d{1,2}[ ]?[-/.][ ]?(?:\d{4}|\d{2})"
    rf"|\d{{1,2}}[^\S\n]+(?i:{_MONTHS})\.?[^\S\n]*,?[^\S\n]+(?:\d{{4}}|'\d{{2}})"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?i:tahun)[^\S\n]+\d{4})"
)
_BIRTH_TRIGGER = re.compile(
    r"(?<![^\W_])(?i:(?:tempat[^\S\n]*[,/&]?[^\S\n]*)?(?:tgl\.?|tanggal)[^\S\n]*lahir"
    r"|lahir|kelahiran|dob|date[^\S\n]+of[^\S\n]+birth)(?![^\W_])|(?<![^\W_])TTL(?![^\W_])"
)
_DATE_RE = re.compile(_DATE)
_TTL_LINE = re.compile(
    r"(?<![^\W_])(?:TTL|(?i:tempat[^\S\n]*[,/&]?[^\S\n]*(?:tgl\.?|tanggal)[^\S\n]*lahir))"
    r"[^\S\n]*[:=][^\S\n]*(?P<value>[^\n;]+)"
)
_BIRTH_WINDOW = 60

_STREET_WORD = r"(?!(?:No|Nomor|Nomer|Blok|RT|RW|Kel|Kec|Kelurahan|Kecamatan)\b)[A-Z0-9][\w'’.\-]*"
_ADDRESS = re.compile(
    r"(?<![^\W_])(?:(?i:jl|jln|gg)\.?[^\S\n]*|(?:Jalan|JALAN|Gang|GANG)[^\S\n]+)"
    rf"{_STREET_WORD}(?:[^\S\n]+{_STREET_WORD}){{0,5}}"
    r"(?:[^\S\n]*,?[^\S\n]*(?i:no|nomor|nomer)\.?[^\S\n]*\d+[A-Za-z]?(?:[/-]\d+)?)?"
    r"(?:[^\S\n]*,?[^\S\n]*(?i:blok)[^\S\n]+[A-Z0-9]+(?:[/-]\d+)?)?"
)
# informal, lower-case addresses: only after the unambiguous abbreviations, and only
# when a house number closes them (``jl. kenari no 5``, ``gg. mawar 3``)
_ADDRESS_INFORMAL = re.compile(
    r"(?<![^\W_])(?i:jl|jln|gg)\.[^\S\n]*[^\W\d_][\w'’\-]*(?:[^\S\n]+[^\W\d_][\w'’\-]*){0,3}"
    r"[^\S\n]*,?[^\S\n]*(?:(?i:no|nomor|nomer)\.?[^\S\n]*)?\d+[A-Za-z]?(?:[/-]\d+)?(?![\w])"
)
_RT_RW = re.compile(
    r"(?<![^\W_])(?:"
    r"(?i:rt)[^\S\n]*/[^\S\n]*(?i:rw)[^\S\n]*[:.]?[^\S\n]*\d{1,3}[^\S\n]*/[^\S\n]*\d{1,3}"
    r"|(?i:rt)\.?[^\S\n]*\d{1,3}[^\S\n]*(?:[/,]|[^\S\n])[^\S\n]*(?:(?i:rw)\.?[^\S\n]*)?\d{1,3}"
    r"|(?i:r[tw])\.?[^\S\n]*\d{1,3}"
    r")(?!\d)"
)


def _nik(text: str) -> Iterable[Hit]:
    for m in _NIK.finditer(text):
        yield Hit("nik", *m.span())


def _phone(text: str) -> Iterable[Hit]:
    for m in _PHONE.finditer(text):
        value = m.group()
        digits = re.sub(r"\D", "", value)
        if digits.startswith("62"):
            national = digits[2:]
        elif digits.startswith("0"):
            national = digits[1:]
        else:
            continue
        if national.startswith("8"):
            ok = 9 <= len(national) <= 12  # mobile: 08xx-xxxx-xxx(x)(x)
        else:
            ok = national[:1] in "234567" and 8 <= len(national) <= 10  # landline (021) ...
        if ok and not _looks_like_date(value):
            yield Hit("phone", *m.span())


def _looks_like_date(value: str) -> bool:
    return re.fullmatch(r"\(?\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\)?", value.strip()) is not None


def _email(text: str) -> Iterable[Hit]:
    for m in _EMAIL.finditer(text):
        yield Hit("email", *m.span())


def _passport(text: str) -> Iterable[Hit]:
    for m in _PASSPORT.finditer(text):
        yield Hit("passport", *m.span())


def _birth_date(text: str) -> Iterable[Hit]:
    for m in _TTL_LINE.finditer(text):
        start, end = m.span("value")
        value = text[start:end]
        stripped = value.rstrip()
        if _DATE_RE.search(value):
            yield Hit("birth_date", start, start + len(stripped))
    for m in _BIRTH_TRIGGER.finditer(text):
        window = text[m.end() : m.end() + _BIRTH_WINDOW]
        cut = re.search(r"[\n.;!?](?!\d)", window)
        if cut:
            window = window[: cut.start()]
        date = _DATE_RE.search(window)
        if date:
            yield Hit("birth_date", m.end() + date.start(), m.end() + date.end())


def _address(text: str) -> Iterable[Hit]:
    yield from (Hit("address", *m.span()) for m in _ADDRESS_INFORMAL.finditer(text))
    for m in _ADDRESS.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,-":
            end -= 1
        yield Hit("address", m.start(), end)


_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]")
_SOCIAL_HOST = re.compile(
    r"(?i)^(?:https?://)?(?:[\w-]+\.)*(?:facebook\.com|fb\.com|fb\.me|instagram\.com|"
    r"tiktok\.com|twitter\.com|x\.com|wa\.me|api\.whatsapp\.com|t\.me|linkedin\.com|"
    r"youtube\.com|youtu\.be|threads\.net)(?:[/?#]|$)"
)


def _social_media(text: str) -> Iterable[Hit]:
    """Links to a personal social-media page or chat (Facebook, Instagram, WhatsApp...)."""
    for m in _URL.finditer(text):
        if _SOCIAL_HOST.match(m.group()):
            yield Hit("social_media", *m.span())


def _rt_rw(text: str) -> Iterable[Hit]:
    for m in _RT_RW.finditer(text):
        yield Hit("rt_rw", *m.span())


_FUNCTIONS: dict[str, Callable[[str], Iterable[Hit]]] = {
    "nik": _nik,
    "phone": _phone,
    "email": _email,
    "passport": _passport,
    "birth_date": _birth_date,
    "address": _address,
    "rt_rw": _rt_rw,
    "social_media": _social_media,
}


_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def detect(text: str, kinds: Iterable[str] | None = None) -> list[Hit]:
    """Identifier hits in ``text`` from the detectors named in ``kinds`` (default: all).

    Hits may overlap (an address containing an RT/RW); callers resolve overlaps.
    """
    names = DETECTORS if kinds is None else tuple(kinds)
    unknown = [k for k in names if k not in _FUNCTIONS]
    if unknown:
        raise ValueError(
            f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(DETECTORS)}"
        )
    hits = {(h.start, h.end, h.kind): h for name in names for h in _FUNCTIONS[name](text)}
    # numbers inside GUIDs (REFI-QDA, Word) or links (DOIs, post ids) are no identifiers;
    # a link to a personal social-media page is one (social_media).
    guids = [m.span() for m in _UUID.finditer(text)]
    links = [m.span() for m in _URL.finditer(text)]
    return [
        hits[k]
        for k in sorted(hits)
        if not any(k[0] < b and k[1] > a for a, b in guids)
        and (
            k[2] in ("social_media", "email") or not any(a <= k[0] and k[1] <= b for a, b in links)
        )
    ]
