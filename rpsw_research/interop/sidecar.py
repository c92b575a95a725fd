"""The toolkit's own lossless record inside an exported ``.qdpx`` (``rpsw_research.json``).

REFI-QDA has no place for a code's dotted id, its stage, rules or criteria, a source's
kind and front matter, or an auto-coding's rule and score. The exporter stores these
in one JSON member keyed by GUID; other tools ignore it, and the importer uses it only
when every GUID it describes is still in the project, so a file edited elsewhere
falls back to the standard content.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

SIDECAR_NAME = "rpsw_research.json"
SIDECAR_FORMAT = "rpsw_research-refi-sidecar"
SIDECAR_VERSION = 1
MAX_SIDECAR_BYTES = 64 << 20


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)  # dates and other scalars from front matter


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data (dataclasses, mappings and tuples converted)."""
    return _plain(value)


def dumps(content: Mapping[str, Any]) -> bytes:
    """Deterministic JSON bytes of the sidecar ``content``."""
    body = {"format": SIDECAR_FORMAT, "version": SIDECAR_VERSION, **plain(content)}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def loads(data: bytes) -> dict[str, Any] | None:
    """The sidecar content, or ``None`` when the bytes are not a sidecar this version reads."""
    if len(data) > MAX_SIDECAR_BYTES:
        return None
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(content, dict) or content.get("format") != SIDECAR_FORMAT:
        return None
    if content.get("version") != SIDECAR_VERSION:
        return None
    return content
