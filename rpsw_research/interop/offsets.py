"""Position units of REFI-QDA selections and their mapping to normalised text.

REFI-QDA §10.2 counts Unicode code points, but vendors differ: NVivo counts UTF-16
code units, ATLAS.ti counts ``\\r\\n`` as one character, and every vendor's ``.txt``
may carry a BOM or CRLF line ends. :class:`VendorText` takes the plain text as the
vendor wrote it and converts a vendor position (in a given :class:`Reading`) into a
code-point offset into the toolkit's normalised text (BOM removed, ``\\r\\n``/``\\r`` ->
``\\n``, Unicode NFC), mapping through every change the normalisation makes.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

OFFSET_UNITS = ("auto", "codepoint", "utf16")
_BOM = "\ufeff"
_NEWLINES = re.compile(r"\r\n|\r")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class Reading:
    """How a vendor counts positions: ``unit`` (``codepoint``/``utf16``) and whether a
    ``\\r\\n`` pair counts as one position (``crlf_as_one``, ATLAS.ti)."""

    unit: str = "codepoint"
    crlf_as_one: bool = False

    def label(self) -> str:
        """Short label, e.g. ``utf16`` or ``codepoint+crlf1``."""
        return self.unit + ("+crlf1" if self.crlf_as_one else "")


@lru_cache(maxsize=1)
def _composing_starters() -> frozenset[str]:
    """Characters of combining class 0 that NFC may compose with a preceding starter
    (Hangul vowel/trailing jamo, some Indic two-part vowel signs)."""
    found = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = decomposition.split()
        if len(parts) == 2:
            second = chr(int(parts[1], 16))
            if unicodedata.combining(second) == 0:
                found.add(second)
    return frozenset(found)


def _nfc_chunks(line: str) -> list[str]:
    """Split ``line`` into chunks that NFC normalises independently."""
    starters = _composing_starters()
    chunks: list[str] = []
    current = ""
    for ch in line:
        if current and unicodedata.combining(ch) == 0 and ch not in starters:
            chunks.append(current)
            current = ch
        else:
            current += ch
    if current:
        chunks.append(current)
    return chunks


def normalise_text(raw: str) -> str:
    """The toolkit's normalisation of a plain text: BOM removed, newlines to ``\\n``, NFC."""
    if raw.startswith(_BOM):
        raw = raw[1:]
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", raw))


class _PiecewiseMap:
    """Monotone map from positions in one string to positions in another.

    Built from segments ``(a0, a1, b0, b1)``; inside a segment of equal lengths the map
    is linear, inside a segment whose length changed a start snaps to ``b0`` and an end
    to ``b1`` (so a selection never loses covered text).
    """

    def __init__(self, length_a: int, length_b: int) -> None:
        self.length_a = length_a
        self.length_b = length_b
        self._starts: list[int] = []
        self._segments: list[tuple[int, int, int, int]] = []

    def add(self, a0: int, a1: int, b0: int, b1: int) -> None:
        """Declare that ``[a0, a1)`` maps onto ``[b0, b1)``."""
        if a1 - a0 == b1 - b0 and self._segments:
            p0, p1, q0, q1 = self._segments[-1]
            if p1 == a0 and q1 == b0 and p1 - p0 == q1 - q0:
                self._segments[-1] = (p0, a1, q0, b1)
                return
        self._starts.append(a0)
        self._segments.append((a0, a1, b0, b1))

    def __call__(self, pos: int, *, end: bool = False) -> int:
        if pos >= self.length_a:
            return self.length_b + (pos - self.length_a)
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        a0, a1, b0, b1 = self._segments[i]
        if a1 - a0 == b1 - b0:
            return b0 + (pos - a0)
        if pos == a0:
            return b0
        return b1 if end else b0


class VendorText:
    """A vendor's plain text with converters from vendor positions to normalised offsets.

    ``raw`` is the decoded file content (a leading BOM is dropped: no vendor counts it).
    ``text`` is the normalised text the toolkit stores.
    """

    def __init__(self, raw: str) -> None:
        if raw.startswith(_BOM):
            raw = raw[1:]
        self.raw = raw
        self.has_crlf = "\r\n" in raw
        self._astral = [m.start() for m in _ASTRAL.finditer(raw)] if not raw.isascii() else []
        self.has_astral = bool(self._astral)
        # UTF-16 position of each astral character's high surrogate.
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral)]
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)] if self.has_crlf else []
        # Position of each CRLF in the CRLF-collapsed counting.
        self._crlf_collapsed = [p - k for k, p in enumerate(self._crlf)]
        self._astral_c = [cp - bisect.bisect_left(self._crlf, cp) for cp in self._astral]
        self._astral_c_u16 = [cp + k for k, cp in enumerate(self._astral_c)]
        self.text, self._to_norm = self._normalise(raw)

    @staticmethod
    def _normalise(raw: str) -> tuple[str, _PiecewiseMap]:
        pieces: list[str] = []
        segments: list[tuple[int, int, int, int]] = []
        a = b = 0
        # NFC never composes across a line end; an NFC text only needs its CRs mapped.
        splitter = r"(\r\n|\r)" if unicodedata.is_normalized("NFC", raw) else r"(\r\n|\r|\n)"
        for line in re.split(splitter, raw):
            if not line:
                continue
            if line in ("\r\n", "\r", "\n"):
                segments.append((a, a + len(line), b, b + 1))
                pieces.append("\n")
                a += len(line)
                b += 1
                continue
            nfc = unicodedata.normalize("NFC", line)
            if nfc == line:
                segments.append((a, a + len(line), b, b + len(line)))
            else:
                for chunk in _nfc_chunks(line):
                    out = unicodedata.normalize("NFC", chunk)
                    segments.append((a, a + len(chunk), b, b + len(out)))
                    a += len(chunk)
                    b += len(out)
                pieces.append(nfc)
                continue
            pieces.append(line)
            a += len(line)
            b += len(line)
        text = "".join(pieces)
        mapping = _PiecewiseMap(len(raw), len(text))
        for segment in segments:
            mapping.add(*segment)
        return text, mapping

    def length(self, reading: Reading) -> int:
        """Length of the raw text counted in ``reading``."""
        n = len(self.raw)
        if reading.unit == "utf16":
            n += len(self._astral)
        if reading.crlf_as_one:
            n -= len(self._crlf)
        return n

    def to_raw(self, pos: int, reading: Reading, *, end: bool = False) -> tuple[int, bool]:
        """Code-point index into ``raw`` of vendor position ``pos``, and whether ``pos``
        fell inside a character (between two UTF-16 surrogates or inside ``\\r\\n``)."""
        inside = False
        astral, astral_u16 = (
            (self._astral_c, self._astral_c_u16) if reading.crlf_as_one
            else (self._astral, self._astral_u16)
        )
        if reading.unit == "utf16" and astral_u16:
            k = bisect.bisect_left(astral_u16, pos)
            if k and astral_u16[k - 1] + 1 == pos:
                inside = True
                pos = astral[k - 1] + (1 if end else 0)
            else:
                pos -= k
        if reading.crlf_as_one and self._crlf:
            # every CRLF before ``pos`` (in collapsed counting) adds one raw position
            pos += bisect.bisect_left(self._crlf_collapsed, pos)
        elif self._crlf and 0 < pos < len(self.raw) and self.raw[pos - 1] == "\r" \
                and self.raw[pos] == "\n":
            inside = True
        return pos, inside

    def to_text(self, pos: int, reading: Reading, *, end: bool = False) -> int:
        """Code-point offset into ``text`` (normalised) of vendor position ``pos``."""
        raw_pos, _ = self.to_raw(pos, reading, end=end)
        return self._to_norm(raw_pos, end=end)

    def raw_slice(self, start: int, end: int, reading: Reading) -> str:
        """The vendor's own text between two vendor positions (no normalisation)."""
        return self.raw[self.to_raw(start, reading)[0]: self.to_raw(end, reading, end=True)[0]]


def candidate_readings(texts: list[VendorText], unit: str) -> list[Reading]:
    """Readings worth trying for ``texts`` under the requested ``unit`` option."""
    units = ["codepoint", "utf16"] if unit == "auto" else [unit]
    if unit == "auto" and not any(text.has_astral for text in texts):
        units = ["codepoint"]
    crlf = [False, True] if any(text.has_crlf for text in texts) else [False]
    return [Reading(u, c) for u in units for c in crlf]


def _is_boundary(raw: str, pos: int) -> bool:
    if pos <= 0 or pos >= len(raw):
        return 0 <= pos <= len(raw)
    return not (raw[pos - 1].isalnum() and raw[pos].isalnum())


def boundary_score(
    spans: list[tuple[VendorText, int, int]], reading: Reading
) -> float:
    """Share of selections whose both ends fall on word boundaries under ``reading``
    (out of range or inside a character counts as a miss). NOTES §C heuristic."""
    if not spans:
        return 0.0
    hits = 0
    for vt, start, end in spans:
        limit = vt.length(reading)
        if not (0 <= start <= end <= limit):
            continue
        s, s_inside = vt.to_raw(start, reading)
        e, e_inside = vt.to_raw(end, reading, end=True)
        if s_inside or e_inside:
            continue
        if _is_boundary(vt.raw, s) and _is_boundary(vt.raw, e):
            hits += 1
    return hits / len(spans)


def detect_reading(
    spans: list[tuple[VendorText, int, int]], unit: str = "auto", prior: Reading | None = None
) -> tuple[Reading, dict[str, float]]:
    """Choose the reading that puts the most selection ends on word boundaries.

    Ties go to ``prior`` (the vendor's known habit), then to plain code points (§10.2).
    Returns the reading and the score of every candidate.
    """
    if unit not in OFFSET_UNITS:
        raise ValueError(unit)
    texts = list({id(vt): vt for vt, _, _ in spans}.values())
    candidates = candidate_readings(texts, unit)
    scores = {reading.label(): boundary_score(spans, reading) for reading in candidates}

    def rank(reading: Reading) -> tuple[float, int, int]:
        return (scores[reading.label()], int(reading == prior),
                -candidates.index(reading))

    best = max(candidates, key=rank)
    return best, scores
