"""Decoding and normalising source text: encodings, line ends, NFC, mojibake.

Every reader hands its raw text (or bytes) through :func:`normalise` once; after that
the text of a source never changes. Steps: decode (BOM dropped), repair mojibake
(UTF-8 bytes read as cp1252/latin-1), ``\\r\\n``/``\\r`` to ``\\n``, Unicode NFC.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from ..errors import EmptySourceError, EncodingError
from ..i18n import t

REPLACEMENT_CHAR = "\ufffd"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


@dataclass
class Decoded:
    """Text decoded from bytes, with the encoding used and reading warnings."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, path: str | Path | None = None) -> Decoded:
    """Decode ``data``: BOM first, then strict UTF-8, then a detected legacy encoding.

    Raises :class:`EmptySourceError` for no bytes and :class:`EncodingError` for bytes
    that are not text (binary garbage) or cannot be decoded.
    """
    if not data.strip():
        raise EmptySourceError(t("corpus.empty_file"), path=path, hint=t("corpus.empty_hint"))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    t("corpus.encoding.bad_bom", encoding=encoding, position=exc.start),
                    path=path, hint=t("corpus.encoding.hint"),
                ) from exc
            return _checked(Decoded(text, encoding), path)
    bomless = _utf16_without_bom(data)
    if bomless is not None:
        try:
            return _checked(Decoded(data.decode(bomless), bomless), path)
        except UnicodeDecodeError:
            pass
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), path)
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data, path), path)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes fill one byte position of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, path: str | Path | None) -> Decoded:
    """Bytes that are not UTF-8: UTF-16 without BOM, else cp1252/latin-1 and kin."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise EncodingError(t("corpus.encoding.binary"), path=path,
                            hint=t("corpus.encoding.hint"))
    guess = codecs.lookup(best.encoding).name
    if not guess.startswith(("utf-16", "utf-32")):
        # Indonesian text is Latin script: legacy files are Windows-1252 in practice,
        # and charset-normalizer often calls short cp1252 texts cp1250 or mac_roman.
        try:
            text = data.decode("cp1252")
            guess = "cp1252"
        except UnicodeDecodeError:
            text = str(best)
    else:
        text = str(best)
    warning = t("corpus.warning.legacy_encoding", encoding=guess)
    return Decoded(text, guess, [warning])


def _checked(decoded: Decoded, path: str | Path | None) -> Decoded:
    """Reject decodings that are mostly control characters (a binary file)."""
    text = decoded.text
    controls = len(_CONTROL.findall(text))
    if text and (controls / len(text) > _MAX_CONTROL_SHARE or "\x00" in text):
        raise EncodingError(t("corpus.encoding.binary"), path=path,
                            hint=t("corpus.encoding.hint"))
    return decoded


# --- mojibake --------------------------------------------------------------------------
def _sloppy_cp1252() -> dict[str, int]:
    """Character -> byte for cp1252, with latin-1 filling cp1252's five holes."""
    table: dict[str, int] = {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            char = chr(byte)
        table[char] = byte
    for byte in range(0x80, 0xA0):  # UTF-8 read as latin-1 leaves C1 controls
        table.setdefault(chr(byte), byte)
    return table


_TO_BYTE = _sloppy_cp1252()


def _chars(lo: int, hi: int) -> str:
    chars = {c for c, b in _TO_BYTE.items() if lo <= b <= hi}
    return "".join(sorted(re.escape(c) for c in chars))


_CONT = f"[{_chars(0x80, 0xBF)}]"
_MOJIBAKE = re.compile(
    f"[{_chars(0xC2, 0xDF)}]{_CONT}"
    f"|[{_chars(0xE0, 0xEF)}]{_CONT}{{2}}"
    f"|[{_chars(0xF0, 0xF4)}]{_CONT}{{3}}"
)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 text that was decoded as cp1252/latin-1 (``â€™`` -> ``’``).

    Each suspicious run is re-encoded to bytes and decoded as UTF-8; it is replaced
    only when that round-trips strictly, so ordinary accented text is left alone.
    Returns the repaired text and the number of repairs.
    """
    repairs = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal repairs
        raw = bytes(_TO_BYTE[c] for c in match.group())
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        repairs += 1
        return fixed

    repaired = _MOJIBAKE.sub(fix, text)
    return repaired, repairs


def normalise(text: str, warnings: list[str] | None = None) -> str:
    """Repair mojibake, unify line ends to ``\\n``, drop a BOM, compose to NFC.

    Found problems (repairs, replacement characters) are appended to ``warnings``.
    """
    text = text.lstrip("\ufeff")
    text, repairs = repair_mojibake(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if warnings is not None:
        if repairs:
            warnings.append(t("corpus.warning.mojibake", count=repairs))
        replacements = text.count(REPLACEMENT_CHAR)
        if replacements:
            warnings.append(t("corpus.warning.replacement_char", count=replacements))
    return text
