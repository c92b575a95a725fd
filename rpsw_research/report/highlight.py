"""Highlighting coded passages: code colours, highlight spans and their HTML.

The building blocks of the notebook display (:mod:`.html`): overlapping codings are
cut into pieces, each piece drawn with one colour band and one underline layer per
code. All text is escaped; colours are checked before they reach a ``style``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..i18n import get_language, t

if TYPE_CHECKING:
    from ..codebook.model import Codebook


PALETTE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
           "#EE8866", "#44BB99", "#99DDFF")
"""Fallback colours (Paul Tol) for codes without one, in order of first appearance."""

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LAYER = 3  # px per underline layer
_STATUS_ALPHA = {"suggested": 0.14}


@dataclass(frozen=True)
class Highlight:
    """One coded passage to draw: its span, code, colour and tooltip facts."""

    start: int
    end: int
    code_id: str
    label: str
    color: str
    coder: str = ""
    status: str = "manual"
    coding_id: int | None = None

    def tooltip(self, lang: str | None = None) -> str:
        """``name (id) · pengode: X`` plus the review status of a suggestion."""
        text = f"{self.label} ({self.code_id})"
        if self.coder:
            text += f" · {t('notebook.coder', lang)}: {self.coder}"
        if self.status in ("suggested", "accepted"):
            text += f" · {t('notebook.' + self.status, lang)}"
        return text


# --- colours --------------------------------------------------------------------------
def safe_color(color: Any, fallback: str = "#BBBBBB") -> str:
    """``color`` when it is a ``#RGB``/``#RRGGBB`` hex colour, else ``fallback``."""
    return color if isinstance(color, str) and _HEX.match(color) else fallback


def rgba(color: str, alpha: float) -> str:
    """A hex colour as ``rgba(r,g,b,alpha)``."""
    value = safe_color(color).lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


def code_colors(code_ids: Iterable[str], codebook: Codebook | None) -> dict[str, str]:
    """Each code's colour (its own or its nearest ancestor's); codes without one get
    the :data:`PALETTE` in order of first appearance (deterministic)."""
    colors: dict[str, str] = {}
    spare = iter(PALETTE * 100)
    for code_id in dict.fromkeys(code_ids):
        own = None
        if codebook is not None and code_id in codebook:
            own = codebook.color(code_id)
        colors[code_id] = safe_color(own, "") or next(spare)
    return colors


def code_label(code_id: str, codebook: Codebook | None, lang: str | None = None) -> str:
    """The code's name in ``lang`` (the id when the codebook does not know it)."""
    if codebook is not None and code_id in codebook:
        return codebook[code_id].name(lang or get_language())
    return code_id


# --- text rendering ---------------------------------------------------------------------
def _style(active: list[Highlight]) -> str:
    """Background bands (one per overlapping code) and stacked underline layers."""
    fills = [rgba(h.color, _STATUS_ALPHA.get(h.status, 0.32)) for h in active]
    if len(fills) == 1:
        background = f"background:{fills[0]}"
    else:
        step = 100 / len(fills)
        stops = ",".join(f"{fill} {i * step:.4g}% {(i + 1) * step:.4g}%"
                         for i, fill in enumerate(fills))
        background = f"background:linear-gradient(to bottom,{stops})"
    lines = ",".join(f"inset 0 -{(i + 1) * _LAYER}px 0 {safe_color(h.color)}"
                     for i, h in enumerate(active))
    pad = f"padding-bottom:{max(0, len(active) - 1) * _LAYER}px"
    dotted = ";text-decoration:underline dotted" if any(
        h.status == "suggested" for h in active) else ""
    return f"{background};box-shadow:{lines};{pad};border-radius:2px{dotted}"


def render_span(text: str, start: int, end: int, highlights: list[Highlight],
                lang: str | None = None) -> str:
    """``text[start:end]`` as escaped HTML, every piece covered by highlights wrapped
    in a ``<mark>`` whose style layers all the codes active on it."""
    inside = [h for h in highlights if h.start < end and h.end > start]
    cuts = sorted({start, end, *(max(start, min(end, x)) for h in inside
                                 for x in (h.start, h.end))})
    parts: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        piece = escape(text[left:right])
        active = sorted((h for h in inside if h.start <= left and h.end >= right),
                        key=lambda h: (h.start, -h.end, h.code_id, h.coding_id or 0))
        if not active:
            parts.append(piece)
            continue
        codes = " ".join(dict.fromkeys(h.code_id for h in active))
        ids = " ".join(str(h.coding_id) for h in active if h.coding_id is not None)
        title = "\n".join(h.tooltip(lang) for h in active)
        parts.append(f'<mark class="rr-hl" data-codes="{escape(codes)}" '
                     f'data-codings="{escape(ids)}" title="{escape(title)}" '
                     f'style="color:inherit;{_style(active)}">{piece}</mark>')
    return "".join(parts)


def highlight(row: Any, colors: dict[str, str], codebook: Codebook | None,
              lang: str | None = None) -> Highlight:
    """The highlight of one row of a passages table (``start, end``; optional
    ``code_id``, ``coder``, ``status``, ``coding_id``)."""
    code_id = str(row.get("code_id") or "")
    coding_id = row.get("coding_id")
    return Highlight(int(row["start"]), int(row["end"]), code_id,
                     code_label(code_id, codebook, lang), colors.get(code_id, PALETTE[0]),
                     str(row.get("coder") or ""), str(row.get("status") or "manual"),
                     int(coding_id) if coding_id is not None and pd.notna(coding_id) else None)


def highlights_from(codings: pd.DataFrame, codebook: Codebook | None,
                    lang: str | None = None) -> list[Highlight]:
    """Highlights for the rows of a codings table, one per row."""
    colors = code_colors(codings["code_id"].astype(str), codebook)
    return [highlight(row, colors, codebook, lang) for row in codings.to_dict("records")]
