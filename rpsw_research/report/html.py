"""Rich HTML display for notebooks: sources, coded sources, passages, styled tables.

Everything here lays out what other layers computed; all text is escaped with
:func:`html.escape` (a source containing ``<script>`` shows as text) and colours are
checked before they reach a ``style`` attribute. Styles are inline so the output
survives renderers that strip ``<style>`` blocks (GitHub, nbviewer, exported HTML).

- :func:`source_html`: a source with its speaker turns (``Source._repr_html_``).
- :class:`CodedSource`: a source with coded passages highlighted in their code
  colours, overlaps as stacked bands and underline layers, a tooltip per passage and
  a legend (``proj.show(source_id)``).
- :func:`passages` / :class:`Passages`: a table of passages (``proj.codings()``,
  ``analysis.matrix_cell``, ``analysis.quotes``) as a readable list.
- :func:`heatmap`, :func:`code_table`: pandas Stylers for matrices and codebooks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ReportError
from ..i18n import format_date, get_language, t
from .highlight import (
    Highlight,
    code_colors,
    code_label,
    highlight,
    highlights_from,
    render_span,
    safe_color,
)

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from ..codebook.model import Codebook
    from ..corpus.model import Source
    from ..project import Project

_SPACE = re.compile(r"\s+")
_BOX = ("font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
        "line-height:1.55;color:#222;max-width:60em")
_TEXT = ("max-height:34em;overflow-y:auto;border:1px solid #ddd;border-radius:4px;"
         "padding:6px 10px;background:#fff")
_BLOCK = "white-space:pre-wrap;margin:0 0 6px 0"


def _blocks(source: Source) -> list[tuple[int, int, Any]]:
    """``(start, end, turn or None)`` blocks covering the text in reading order:
    speaker turns (their labels left out), text outside turns, else paragraphs."""
    text = source.text

    def loose(start: int, end: int) -> list[tuple[int, int, Any]]:
        piece = text[start:end]
        if not piece.strip():
            return []
        lead = len(piece) - len(piece.lstrip())
        return [(start + lead, start + len(piece.rstrip()), None)]

    if source.turns:
        blocks: list[tuple[int, int, Any]] = []
        cursor = 0
        for turn in source.turns:
            label_start = max(cursor, text.rfind("\n", 0, turn.start) + 1)
            blocks += loose(cursor, label_start)
            blocks.append((turn.start, turn.end, turn))
            cursor = turn.end
        return blocks + loose(cursor, len(text))
    if source.paragraphs:
        return [(p.start, p.end, None) for p in source.paragraphs]
    return [(0, len(text), None)]


def _speaker_badge(turn: Any, lang: str | None) -> str:
    staff = turn.is_interviewer
    color = "#555" if staff else "#1f4e79"
    background = "#eee" if staff else "#dbe8f5"
    title = t("notebook.interviewer", lang) if staff else (turn.informant or turn.speaker)
    stamp = f' <span style="color:#888;font-weight:normal">{escape(turn.timestamp)}</span>' \
        if turn.timestamp else ""
    return (f'<span class="rr-speaker" title="{escape(title)}" style="display:inline-block;'
            f"min-width:2.6em;margin-right:6px;padding:0 5px;border-radius:3px;"
            f'font-weight:600;color:{color};background:{background}">'
            f"{escape(turn.speaker)}{stamp}</span>")


def text_html(source: Source, highlights: list[Highlight] | None = None,
              lang: str | None = None) -> str:
    """The body of a source: one block per turn (speaker styled) or paragraph."""
    highlights = highlights or []
    rows = []
    for start, end, turn in _blocks(source):
        body = render_span(source.text, start, end, highlights, lang)
        if turn is None:
            rows.append(f'<div class="rr-block" style="{_BLOCK};color:#555">{body}</div>')
        else:
            rows.append(f'<div class="rr-turn" data-speaker="{escape(turn.speaker)}" '
                        f'style="{_BLOCK}">{_speaker_badge(turn, lang)}{body}</div>')
    return f'<div class="rr-text" style="{_TEXT}">{"".join(rows)}</div>'


def _header(source: Source, lang: str | None) -> str:
    kind = t(f"notebook.kind.{source.kind}", lang) if source.kind in (
        "wawancara", "observasi", "dokumen") else source.kind
    facts = [kind]
    if source.informants:
        facts.append(f"{t('notebook.informants', lang)}: {', '.join(source.informants)}")
    if source.date:
        facts.append(format_date(source.date, lang))
    if source.place:
        facts.append(source.place)
    chars = f"{len(source.text):,}"
    if (lang or get_language()) == "id":
        chars = chars.replace(",", ".")
    facts.append(f"{chars} {t('notebook.chars', lang)}")
    if source.turns:
        facts.append(f"{len(source.turns)} {t('notebook.turns', lang)}")
    title = f"<b>{escape(source.id)}</b>"
    if source.title:
        title += f" — {escape(source.title)}"
    return (f'<div class="rr-header" style="margin-bottom:4px">{title}<br>'
            f'<span style="color:#666">{escape(" · ".join(facts))}</span></div>')


def source_html(source: Source, lang: str | None = None) -> str:
    """A source as HTML: header (id, kind, informants, date, place) and its text with
    speaker turns. Used by ``Source._repr_html_``."""
    return (f'<div class="rr-source" style="{_BOX}">{_header(source, lang)}'
            f"{text_html(source, lang=lang)}</div>")


def legend_html(entries: list[tuple[str, str, str, int]], coders: list[str],
                lang: str | None = None) -> str:
    """A legend: one swatch per ``(code_id, label, colour, count)`` and the coders."""
    items = "".join(
        f'<span class="rr-legend-item" data-code="{escape(code_id)}" '
        f'style="display:inline-block;margin:2px 10px 2px 0;white-space:nowrap">'
        f'<span style="display:inline-block;width:11px;height:11px;border-radius:2px;'
        f'vertical-align:middle;margin-right:4px;background:{safe_color(color)}"></span>'
        f"{escape(label)} <code style=\"color:#777\">{escape(code_id)}</code> "
        f'<span style="color:#777">({count})</span></span>'
        for code_id, label, color, count in entries)
    who = (f'<div style="color:#666">{escape(t("notebook.coders", lang))}: '
           f'{escape(", ".join(coders))}</div>') if coders else ""
    return (f'<div class="rr-legend" style="margin-top:6px"><b>{escape(t("notebook.legend", lang))}'
            f"</b>: {items}{who}</div>")


def _select_codes(codings: pd.DataFrame, codes: str | Iterable[str] | None,
                  codebook: Codebook | None) -> pd.DataFrame:
    """Codings of ``codes`` or any of their descendants (all codings when None)."""
    if codes is None:
        return codings
    wanted = {codes} if isinstance(codes, str) else set(codes)
    if codebook is not None:
        wanted = {codebook.resolve(c) for c in wanted}  # unknown -> UnknownCodeError
        wanted |= {d.id for c in list(wanted) for d in codebook.descendants(c)}
    return codings[codings["code_id"].isin(wanted)]


class CodedSource:
    """A source with its coded passages highlighted; shows itself in a notebook.

    ``codings`` is a codings table (``proj.codings()`` columns) of this source;
    rejected suggestions are left out. ``codes`` keeps codes (and their descendants).
    """

    def __init__(self, source: Source, codings: pd.DataFrame, codebook: Codebook | None,
                 *, codes: str | Iterable[str] | None = None, lang: str | None = None) -> None:
        self.source = source
        self.codebook = codebook
        self.lang = lang
        shown = codings[(codings["source_id"] == source.id)
                        & (codings.get("status", "manual") != "rejected")]
        self.codings = _select_codes(shown, codes, codebook).reset_index(drop=True)

    def highlights(self) -> list[Highlight]:
        """The passages drawn, one per coding."""
        return highlights_from(self.codings, self.codebook, self.lang)

    def legend(self) -> list[tuple[str, str, str, int]]:
        """``(code_id, label, colour, codings)`` per code shown, in codebook order."""
        counts = self.codings["code_id"].value_counts()
        order = list(self.codebook.ids) if self.codebook is not None else []
        ids = sorted(counts.index, key=lambda c: (order.index(c) if c in order
                                                 else len(order), c))
        colors = code_colors(self.codings["code_id"], self.codebook)
        return [(c, code_label(c, self.codebook, self.lang), colors[c], int(counts[c]))
                for c in ids]

    def to_html(self) -> str:
        """The full HTML: header, highlighted text and legend."""
        lang = self.lang
        if self.codings.empty:
            note = escape(t("notebook.no_codings", lang))
            legend = f'<div style="color:#666;margin-top:6px">{note}</div>'
        else:
            coders = sorted({str(c) for c in self.codings.get("coder", []) if c})
            legend = legend_html(self.legend(), coders, lang)
        return (f'<div class="rr-coded-source" style="{_BOX}">{_header(self.source, lang)}'
                f"{text_html(self.source, self.highlights(), lang)}{legend}</div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return (f"CodedSource({self.source.id!r}, codings={len(self.codings)}, "
                f"codes={self.codings['code_id'].nunique()})")


# --- passages ---------------------------------------------------------------------------
_NEEDED = ("source_id", "start", "end", "text")


class Passages:
    """A table of passages shown as a list: source, informant, code, coder and the
    highlighted text (with ``context`` characters around it when a project is given).
    ``frame`` keeps the table unchanged for pandas work."""

    def __init__(self, frame: pd.DataFrame, project: Project | None = None, *,
                 codebook: Codebook | None = None, context: int = 0,
                 lang: str | None = None) -> None:
        missing = [c for c in _NEEDED if c not in frame.columns]
        if missing:
            raise ReportError(t("notebook.passages_columns", columns=", ".join(missing)),
                              hint=t("notebook.passages_columns_hint"))
        self.frame = frame
        self.project = project
        self.codebook = codebook if codebook is not None else (
            project.codebook if project is not None else None)
        self.context = context if project is not None else 0
        self.lang = lang

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return f"Passages({len(self.frame)} rows)\n{self.frame!r}"

    def _row_html(self, row: dict, colors: dict[str, str], texts: dict[str, str]) -> str:
        lang = self.lang
        light = highlight(row, colors, self.codebook, lang)
        code_id = light.code_id
        if self.context and row["source_id"] in texts:
            full = texts[row["source_id"]]
            left, right = _context(full, light.start, light.end, self.context)
            body = ("…" if left else "") + render_span(full, left, right, [light], lang) + (
                "…" if right < len(full) else "")
        else:
            body = render_span(str(row["text"]), 0, len(str(row["text"])),
                               [replace(light, start=0, end=len(str(row["text"])))], lang)
        facts = [str(row["source_id"])]
        if row.get("informant") and pd.notna(row.get("informant")):
            facts.append(str(row["informant"]))
        if code_id:
            facts.append(f"{light.label} ({code_id})")
        if light.coder:
            facts.append(f"{t('notebook.coder', lang)}: {light.coder}")
        if isinstance(row.get("applied_by"), str):  # a row of reliability.disagreements
            facts.append(t("notebook.applied", lang, yes=row["applied_by"].replace(";", ", "),
                           no=str(row.get("not_applied_by") or "").replace(";", ", ")))
        cite = row.get("citation")
        cite_html = (f'<div style="color:#666;font-size:12px">{escape(str(cite))}</div>'
                     if isinstance(cite, str) and cite else "")
        return (f'<li class="rr-passage" data-source="{escape(str(row["source_id"]))}" '
                f'style="margin-bottom:8px"><div style="color:#444;font-size:12px">'
                f'{escape(" · ".join(facts))} <span style="color:#999">'
                f'[{int(row["start"])}:{int(row["end"])}]</span></div>'
                f'<div style="white-space:pre-wrap">{body}</div>{cite_html}</li>')

    def to_html(self) -> str:
        """The list as HTML."""
        lang = self.lang
        if self.frame.empty:
            return f'<div style="{_BOX};color:#666">{escape(t("notebook.no_passages", lang))}</div>'
        rows = self.frame.to_dict("records")
        colors = code_colors((str(r.get("code_id") or "") for r in rows), self.codebook)
        texts: dict[str, str] = {}
        if self.context and self.project is not None:
            texts = {sid: self.project.source(sid).text
                     for sid in dict.fromkeys(r["source_id"] for r in rows)}
        items = "".join(self._row_html(row, colors, texts) for row in rows)
        return (f'<div class="rr-passages" style="{_BOX}"><b>'
                f'{escape(t("notebook.passages", lang, n=len(rows)))}</b>'
                f'<ol style="padding-left:1.6em;margin-top:4px">{items}</ol></div>')

    def _repr_html_(self) -> str:
        return self.to_html()


def _context(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """About ``width`` characters around ``[start, end)``, cut at whitespace."""
    left, right = max(0, start - width), min(len(text), end + width)
    if left > 0 and (space := _SPACE.search(text, left, start)):
        left = space.end()
    if right < len(text):
        tail = [m.start() for m in _SPACE.finditer(text, end, right)]
        right = tail[-1] if tail else right
    return left, right


def passages(frame: pd.DataFrame, project: Project | None = None, *,
             codebook: Codebook | None = None, context: int = 0,
             lang: str | None = None) -> Passages:
    """Wrap a passages table (``proj.codings()``, ``analysis.matrix_cell``,
    ``analysis.quotes``) for display; the table itself is not changed."""
    return Passages(frame, project, codebook=codebook, context=context, lang=lang)


# --- styled tables ----------------------------------------------------------------------
def heatmap(frame: pd.DataFrame, cmap: str = "Blues", *, axis: int | None = None) -> Styler:
    """A numeric table (e.g. ``analysis.matrix``) with a colour gradient per cell;
    ``axis=None`` scales over the whole table, 0 per column, 1 per row."""
    return frame.style.background_gradient(cmap=cmap, axis=axis).format(precision=0)


def code_table(codebook: Codebook, codes: Iterable[str] | None = None,
               lang: str | None = None) -> Styler:
    """The codebook (or ``codes``) as a table with a colour swatch per code."""
    ids = list(codes) if codes is not None else list(codebook.ids)
    colors = code_colors(ids, codebook)
    frame = pd.DataFrame({
        t("notebook.column.id", lang): ids,
        t("notebook.column.name", lang): [codebook[c].name(lang or get_language()) for c in ids],
        t("notebook.column.stage", lang): pd.array([codebook[c].stage for c in ids],
                                                   dtype="Int64"),
        t("notebook.column.color", lang): [colors[c] for c in ids],
        t("notebook.column.definition", lang): [codebook[c].definition(lang or get_language())
                                                for c in ids],
    })
    column = t("notebook.column.color", lang)
    return frame.style.map(lambda c: f"background-color:{safe_color(c)};color:{safe_color(c)}",
                           subset=[column]).hide(axis="index")
