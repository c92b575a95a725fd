"""Source metadata: YAML front matter, key aliases and validated values.

Keys are accepted in Indonesian or English (``jenis``/``kind``, ``tanggal``/``date``,
...) and normalised to the English names below; any further key is kept as written.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Container, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..errors import MetadataError
from ..i18n import t
from .model import SOURCE_KINDS

KEY_ALIASES: dict[str, str] = {
    "id": "id",
    "jenis": "kind", "kind": "kind",
    "informan": "informants", "informants": "informants", "informant": "informants",
    "tanggal": "date", "date": "date",
    "tempat": "place", "place": "place", "lokasi": "place",
    "judul": "title", "title": "title",
    "sintetis": "synthetic", "synthetic": "synthetic",
    "pewawancara": "interviewer", "interviewer": "interviewer",
    "penutur": "speakers", "speakers": "speakers",
}
"""Accepted metadata keys (lower case) -> canonical key."""

KIND_ALIASES: dict[str, str] = {
    "wawancara": "wawancara", "interview": "wawancara",
    "observasi": "observasi", "observation": "observasi", "pengamatan": "observasi",
    "dokumen": "dokumen", "document": "dokumen", "dokumentasi": "dokumen",
}
_TRUE = {"true", "ya", "yes", "y", "1", "benar"}
_FALSE = {"false", "tidak", "no", "n", "0", "salah"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FENCE = re.compile(r"^---[ \t]*$")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written, so ``2014-02-30`` gets our own error."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def canonical_key(key: str) -> str:
    """The canonical name of a metadata key (unknown keys come back stripped)."""
    stripped = str(key).strip()
    return KEY_ALIASES.get(stripped.lower(), stripped)


def split_front_matter(text: str, path: str | Path | None = None) -> tuple[dict[str, Any], str]:
    """Split a leading ``---`` YAML block from normalised ``text``.

    Returns the parsed mapping (empty if there is no block) and the rest of the text.
    Raises :class:`MetadataError` (with the line) for unclosed or invalid YAML.
    """
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return {}, text
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            break
    else:
        raise MetadataError(t("corpus.meta.unclosed"), path=path, line=1,
                            hint=t("corpus.meta.unclosed_hint"))
    block = "\n".join(lines[1:index])
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MetadataError(t("corpus.meta.yaml", problem=problem), path=path, line=line,
                            hint=t("corpus.meta.yaml_hint")) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MetadataError(t("corpus.meta.not_mapping"), path=path, line=2,
                            hint=t("corpus.meta.yaml_hint"))
    return data, "\n".join(lines[index + 1:])


def normalise_metadata(raw: Mapping[str, Any], path: str | Path | None = None,
                       where: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Map aliases to canonical keys and validate their values.

    ``where`` optionally gives the line of each raw key for error messages.
    Unknown keys are kept as written. Values of ``None`` are dropped.
    """
    result: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        name = canonical_key(key)
        line = None if where is None else where.get(str(key))
        result[name] = _value(name, value, path, line)
    return result


def _value(name: str, value: Any, path: str | Path | None, line: int | None) -> Any:
    if name == "kind":
        return parse_kind(value, path, line)
    if name == "date":
        return parse_date(value, path, line)
    if name == "informants":
        return parse_informants(value)
    if name == "synthetic":
        return parse_bool(value, name, path, line)
    if name == "speakers":
        return parse_speakers(value, path, line)
    if name in ("id", "place", "title", "interviewer"):
        text = str(value).strip()
        if name == "id" and (not text or "\n" in text):
            raise MetadataError(t("corpus.meta.bad_id", value=value), path=path, line=line)
        return text
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def parse_kind(value: Any, path: str | Path | None = None, line: int | None = None) -> str:
    """``wawancara``/``observasi``/``dokumen`` (English names accepted)."""
    kind = KIND_ALIASES.get(str(value).strip().lower())
    if kind is None:
        raise MetadataError(t("corpus.meta.bad_kind", value=value), path=path, line=line,
                            hint=t("corpus.meta.bad_kind_hint", kinds=", ".join(SOURCE_KINDS)))
    return kind


def parse_date(value: Any, path: str | Path | None = None, line: int | None = None) -> str:
    """An ISO ``YYYY-MM-DD`` date string; a real calendar date."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise MetadataError(t("corpus.meta.bad_date", value=value), path=path, line=line,
                            hint=t("corpus.meta.bad_date_hint")) from None


def parse_informants(value: Any) -> tuple[str, ...]:
    """A list, or a comma/semicolon separated string, of informant ids (deduplicated)."""
    items: Iterable[Any]
    if isinstance(value, str):
        items = re.split(r"[,;]", value)
    elif isinstance(value, Iterable):
        items = value
    else:
        items = [value]
    ids: list[str] = []
    for item in items:
        text = str(item).strip()
        if text and text not in ids:
            ids.append(text)
    return tuple(ids)


def canonical_keys(row: Mapping[Any, Any], aliases: Mapping[str, str],
                   unknown: Callable[[str, str], Exception],
                   skip: Container[Any] = ()) -> dict[str, Any]:
    """``row`` under canonical names: each key, trimmed and lower-cased, is looked up in
    ``aliases`` (Indonesian and English column names); an unknown key raises
    ``unknown(key, the accepted names)``. Keys in ``skip`` are left out."""
    named: dict[str, Any] = {}
    for raw, value in row.items():
        if raw in skip:
            continue
        name = aliases.get(str(raw).strip().lower())
        if name is None:
            raise unknown(str(raw), ", ".join(sorted(set(aliases.values()))))
        named[name] = value
    return named


def parse_bool(value: Any, name: str, path: str | Path | None = None,
               line: int | None = None) -> bool:
    """``true``/``ya``/``yes``... or ``false``/``tidak``/``no``..."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise MetadataError(t("corpus.meta.bad_bool", key=name, value=value), path=path, line=line)


def parse_speakers(value: Any, path: str | Path | None = None,
                   line: int | None = None) -> dict[str, str]:
    """Speaker label -> informant id, from a mapping or ``"Ibu R=K1; Bu M=MK"``."""
    if isinstance(value, Mapping):
        pairs = [(str(k), str(v)) for k, v in value.items()]
    else:
        pairs = []
        for part in re.split(r"[,;]", str(value)):
            if not part.strip():
                continue
            label, sep, ident = part.partition("=")
            if not sep:
                raise MetadataError(t("corpus.meta.bad_speakers", value=value), path=path,
                                    line=line, hint=t("corpus.meta.bad_speakers_hint"))
            pairs.append((label, ident))
    mapping = {label.strip(): ident.strip() for label, ident in pairs}
    if any(not k or not v for k, v in mapping.items()):
        raise MetadataError(t("corpus.meta.bad_speakers", value=value), path=path, line=line,
                            hint=t("corpus.meta.bad_speakers_hint"))
    return mapping


def key_lines(text: str) -> dict[str, int]:
    """Line numbers (1-based) of top-level keys in a front matter block of ``text``."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if _FENCE.match(line):
            break
        match = re.match(r"^([^\s:#][^:]*):", line)
        if match:
            lines.setdefault(match.group(1).strip(), number)
    return lines
