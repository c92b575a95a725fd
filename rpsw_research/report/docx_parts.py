"""Word building blocks on python-docx: thesis page setup, fields, captions, tables,
block quotes and native footnotes (python-docx has no footnote API, so the footnotes
part is added here through its OPC layer)."""

from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from matplotlib.figure import Figure

from ..i18n import format_number

FONT = "Times New Roman"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def new_document(lang: str = "id") -> DocumentObject:
    """An empty A4 document with thesis margins (left 4 cm, others 3 cm), Times New
    Roman 12 pt at 1.5 line spacing, page numbers in the footer, and no author."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.top_margin = Cm(4), Cm(3)
    section.right_margin, section.bottom_margin = Cm(3), Cm(3)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _set_language(normal, "id-ID" if lang == "id" else "en-GB")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.space_after = WD_LINE_SPACING.ONE_POINT_FIVE, Pt(6)
    for level, size in ((1, 14), (2, 12), (3, 12)):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = None
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:asciiTheme"), "")
        _clear_theme_fonts(style)
    caption = doc.styles["Caption"]
    caption.font.name, caption.font.size, caption.font.italic = FONT, Pt(11), False
    caption.font.bold, caption.font.color.rgb = True, None
    quote = doc.styles["Quote"]
    quote.font.name, quote.font.size, quote.font.italic = FONT, Pt(11), True
    quote.font.color.rgb = None
    qfmt = quote.paragraph_format
    qfmt.left_indent, qfmt.right_indent = Cm(1.25), Cm(1.0)
    qfmt.line_spacing_rule, qfmt.space_after = WD_LINE_SPACING.SINGLE, Pt(8)
    qfmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE", "1")
    props = doc.core_properties
    props.author, props.last_modified_by, props.comments = "", "", ""
    props.language = "id-ID" if lang == "id" else "en-GB"
    settings = doc.settings.element
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    return doc


def _set_language(style, tag: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _clear_theme_fonts(style) -> None:
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), FONT)
    fonts.set(qn("w:hAnsi"), FONT)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """Append a Word field (``PAGE``, ``TOC \\o "1-3"``, ``SEQ Tabel``) showing ``shown``
    until Word updates it."""
    def run_with(xml: str) -> None:
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{xml}</w:r>"))

    run_with('<w:fldChar w:fldCharType="begin" w:dirty="true"/>')
    run_with(f'<w:instrText xml:space="preserve"> {_escape(instruction)} </w:instrText>')
    run_with('<w:fldChar w:fldCharType="separate"/>')
    run_with(f'<w:t xml:space="preserve">{_escape(shown)}</w:t>')
    run_with('<w:fldChar w:fldCharType="end"/>')


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def add_toc(doc: DocumentObject, placeholder: str) -> None:
    """A table-of-contents field (headings 1-3) that Word fills when the file opens."""
    add_field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', placeholder)


class Captions:
    """Numbered captions per chapter: ``Tabel 4.1``, ``Gambar 4.2`` (SEQ fields)."""

    def __init__(self, chapter: int, table_label: str, figure_label: str) -> None:
        self.chapter = chapter
        self.labels = {"table": table_label, "figure": figure_label}
        self.counts = {"table": 0, "figure": 0}

    def add(self, doc: DocumentObject, kind: str, text: str) -> Paragraph:
        """Append the next caption of ``kind`` (``table`` above, ``figure`` below)."""
        self.counts[kind] += 1
        label = self.labels[kind]
        paragraph = doc.add_paragraph(style="Caption")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = kind == "table"
        paragraph.add_run(f"{label} {self.chapter}.")
        add_field(paragraph, f"SEQ {label} \\* ARABIC", str(self.counts[kind]))
        paragraph.add_run(f" {text}")
        return paragraph


def add_table(doc: DocumentObject, frame: pd.DataFrame, *, font_size: float = 9.5,
              widths: list[float] | None = None, lang: str = "id") -> None:
    """``frame`` as a Table Grid table with a bold, repeating header row."""
    table = doc.add_table(rows=1, cols=len(frame.columns), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for cell, name in zip(header.cells, frame.columns, strict=True):
        _fill(cell, str(name), font_size, bold=True)
    for values in frame.itertuples(index=False):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        for cell, value in zip(row.cells, values, strict=True):
            _fill(cell, _text(value, lang), font_size)
    if len(frame) <= KEEP_TOGETHER_ROWS:  # a short table never breaks across pages
        for row in table.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    widths = widths or auto_widths(frame, font_size)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


KEEP_TOGETHER_ROWS = 12
"""Tables with at most this many rows are kept on one page."""

TEXT_WIDTH_CM = 14.0
"""Width of the text block: A4 (21 cm) less the 4 cm and 3 cm side margins."""


def auto_widths(frame: pd.DataFrame, font_size: float,
                total: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths (cm) that keep every word whole where the page allows, and give
    the rest of the width to the columns with the most text.

    Word and LibreOffice otherwise make all columns equal, breaking short words such
    as "perempuan" over two lines in a narrow column.
    """
    char_cm = 0.62 * font_size / 28.35  # a glyph is about 0.6 em in bold Times
    padding = 0.5  # cell margins
    needs, weights = [], []
    for name in frame.columns:
        cells = [str(name)] + [_text(v) for v in frame[name]]
        longest_word = max(len(word) for cell in cells for word in (cell.split() or [""]))
        # a very long token (a dotted code id) may break rather than starve the rest
        needs.append(max(1.0, min(longest_word * char_cm + padding, 0.18 * total)))
        weights.append(sum(len(cell) for cell in cells) / len(cells))
    if sum(needs) >= total:
        return [round(n * total / sum(needs), 2) for n in needs]
    # share the width by text weight, but never below a column's longest word
    widths: list[float | None] = [None] * len(needs)
    while True:
        free = [i for i, w in enumerate(widths) if w is None]
        room = total - sum(w for w in widths if w is not None)
        weight = sum(weights[i] for i in free) or 1.0
        short = [i for i in free if room * weights[i] / weight < needs[i]]
        if not short:
            for i in free:
                widths[i] = room * weights[i] / weight
            return [round(w, 2) for w in widths]  # type: ignore[arg-type]
        for i in short:
            widths[i] = needs[i]


def _text(value: object, lang: str = "id") -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return format_number(value, 3, lang) if value % 1 else f"{int(value)}"
    return str(value)


def _fill(cell, text: str, size: float, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.space_after, fmt.space_before = (
        WD_LINE_SPACING.SINGLE, Pt(1), Pt(1))
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold


def add_figure(doc: DocumentObject, figure: Figure, width_cm: float = 14.5) -> None:
    """Embed a matplotlib figure as a 200 dpi PNG, centred."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    buffer.seek(0)
    doc.add_picture(buffer, width=Cm(width_cm))
    picture_paragraph = doc.paragraphs[-1]
    picture_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture_paragraph.paragraph_format.keep_with_next = True


class Footnotes:
    """Native Word footnotes: a footnotes part and ``footnoteReference`` runs."""

    def __init__(self, doc: DocumentObject) -> None:
        document_part = doc.part
        xml = (f'<w:footnotes {nsdecls("w")}>'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
               '</w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               '<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
        self._element = parse_xml(xml)
        self._part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, b"",
                          document_part.package)
        document_part.relate_to(self._part, RT.FOOTNOTES)
        self._next = 1
        self._ensure_styles(doc)

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Put a footnote mark at the end of ``paragraph`` with ``text``; its number."""
        number = self._next
        self._next += 1
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'))
        self._element.append(parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr>'
            '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'))
        return number

    def finish(self) -> None:
        """Serialise the footnotes into their part (call once, before saving)."""
        from lxml import etree

        self._part._blob = etree.tostring(self._element, xml_declaration=True,
                                          encoding="UTF-8", standalone=True)

    @staticmethod
    def _ensure_styles(doc: DocumentObject) -> None:
        styles = doc.styles.element
        if "FootnoteText" not in {style.style_id for style in doc.styles}:
            styles.append(parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
                '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
                '<w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="0" w:line="240" '
                'w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'))
            styles.append(parse_xml(
                f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
                '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/>'
                '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'))
