"""Transcripts as subtitles (``.srt``, ``.vtt``): cues become lines of an interview.

A cue with a speaker (WebVTT ``<v K1>`` or a leading ``K1:``) starts a new paragraph
written as ``[hh:mm:ss] K1: text``, so the ordinary turn splitter reads it; a cue
without a speaker continues the previous one on a new line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...errors import FileFormatError
from ...i18n import t
from ..text import decode_bytes
from .base import RawDocument

_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:[\d:.]+>")
_LABEL = re.compile(r"^[^\W\d_][\w .'-]{0,40}:\s")


def read_subtitles(path: Path, data: bytes) -> RawDocument:
    """Read ``.srt``/``.vtt`` cues into interview text (kind defaults to wawancara)."""
    decoded = decode_bytes(data, path)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    cues = list(_cues(text))
    if not cues:
        raise FileFormatError(t("corpus.format.no_cues"), path=path,
                              hint=t("corpus.format.no_cues_hint"))
    parts: list[str] = []
    voices: set[str] = set()
    for start, lines in cues:
        voice_match = _VOICE.search(lines[0])
        first = _TAG.sub("", _VOICE.sub("", lines[0])).strip()
        rest = [_TAG.sub("", line).strip() for line in lines[1:]]
        body = "\n".join(line for line in [first, *rest] if line)
        if not body:
            continue
        stamp = "[" + _seconds(start) + "] "
        if voice_match:
            voice = voice_match.group(1).strip()
            voices.add(voice)
            parts.append("\n\n" + stamp + voice + ": " + body)
        elif _LABEL.match(body):
            parts.append("\n\n" + stamp + body)
        else:
            parts.append(("\n" if parts else "") + body)
    return RawDocument(text="".join(parts).strip(), warnings=list(decoded.warnings),
                       default_kind="wawancara", speaker_labels=voices)


def _cues(text: str) -> Iterator[tuple[str, list[str]]]:
    """(start time, text lines) for every cue; WEBVTT headers and NOTE blocks skipped."""
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            match = _TIMING.match(line)
            if match:
                if lines[index + 1:]:
                    yield match.group("start"), lines[index + 1:]
                break


def _seconds(stamp: str) -> str:
    """``00:01:02,500`` -> ``00:01:02`` (hours added when missing)."""
    whole = re.split(r"[.,]", stamp)[0]
    if whole.count(":") == 1:
        whole = "00:" + whole
    hours, minutes, seconds = whole.split(":")
    return f"{int(hours):02d}:{minutes}:{seconds}"
