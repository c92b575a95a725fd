"""Rebuild the sample's .docx and .pdf documents from their committed text sources.

The sources live in ``data/sample/_sumber/*.docsrc``: UTF-8 text with a YAML front
matter block (the source metadata, plus ``keluaran: docx`` or ``keluaran: pdf``) and
a small line-based markup for the body:

- ``# Judul`` / ``## Subjudul``: headings (level 1 / 2);
- ``| sel | sel | ...``: a table row; consecutive rows form one table;
- any other non-empty line: one paragraph.

Each document is written as a Flat ODF text file (``.fodt``) whose first element is
a two-column metadata table (``id``, ``jenis``, ``informan``, ``tanggal``,
``judul``, ``sintetis`` and any further keys), then converted with LibreOffice::

    soffice --headless --convert-to docx|pdf file.fodt

Usage (from the repository root)::

    python data/sample/build_documents.py            # rebuild all
    python data/sample/build_documents.py D-03       # rebuild one

LibreOffice stamps conversion times into the output, so the binary files differ
between runs; their extracted text does not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "_sumber"
OUT_DIR = HERE / "dokumen"
META_ORDER = ("id", "jenis", "informan", "tanggal", "judul", "sintetis")
FIXED_DATE = "2014-01-01T00:00:00"

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)

STYLES = """
 <office:font-face-decls>
  <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
   xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.15cm"/>
   <style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt"
    fo:language="id" fo:country="ID"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1"
   style:family="paragraph" style:default-outline-level="1">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0.2cm"/>
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2"
   style:family="paragraph" style:default-outline-level="2">
   <style:paragraph-properties fo:margin-top="0.3cm"/>
   <style:text-properties fo:font-size="11.5pt" fo:font-weight="bold"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="Cell" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000"/>
  </style:style>
 </office:automatic-styles>
"""


def read_docsrc(path: Path) -> tuple[dict, list[str]]:
    """Split a ``.docsrc`` file into its front-matter mapping and body lines."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise SystemExit(f"{path}: missing front matter (first line must be ---)")
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise SystemExit(f"{path}: front matter is not closed by a --- line")
    meta = yaml.safe_load(head) or {}
    for key in ("id", "jenis", "keluaran", "sintetis"):
        if key not in meta:
            raise SystemExit(f"{path}: front matter lacks '{key}'")
    if meta["keluaran"] not in ("docx", "pdf"):
        raise SystemExit(f"{path}: keluaran must be docx or pdf, not {meta['keluaran']!r}")
    return meta, body.strip().split("\n")


def _meta_value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(rows: list[list[str]], name: str) -> str:
    width = max(len(r) for r in rows)
    out = [f'<table:table table:name="{name}">',
           f'<table:table-column table:number-columns-repeated="{width}"/>']
    for row in rows:
        cells = row + [""] * (width - len(row))
        out.append("<table:table-row>")
        for cell in cells:
            out.append('<table:table-cell table:style-name="Cell" office:value-type="string">'
                       f"<text:p>{escape(cell)}</text:p></table:table-cell>")
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def to_fodt(meta: dict, lines: list[str]) -> str:
    """Render metadata and body lines as a Flat ODF text document."""
    keys = [k for k in META_ORDER if k in meta]
    keys += [k for k in meta if k not in META_ORDER and k != "keluaran"]
    parts = [_table([[k, _meta_value(meta[k])] for k in keys], "Metadata")]
    pending: list[list[str]] = []
    tables = 0

    def flush() -> None:
        nonlocal tables
        if pending:
            tables += 1
            parts.append(_table(list(pending), f"Tabel{tables}"))
            pending.clear()

    for raw in lines:
        line = raw.strip()
        if line.startswith("|"):
            pending.append([c.strip() for c in line.strip("|").split("|")])
            continue
        flush()
        if not line:
            continue
        if line.startswith("## "):
            parts.append('<text:h text:style-name="Heading_20_2" text:outline-level="2">'
                         f"{escape(line[3:])}</text:h>")
        elif line.startswith("# "):
            parts.append('<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                         f"{escape(line[2:])}</text:h>")
        else:
            parts.append(f'<text:p text:style-name="Standard">{escape(line)}</text:p>')
    flush()

    user_defined = "".join(
        f'<meta:user-defined meta:name="{escape(k)}">{escape(_meta_value(meta[k]))}'
        "</meta:user-defined>" for k in keys)
    meta_xml = (
        "<office:meta>"
        f"<dc:title>{escape(_meta_value(meta.get('judul', meta['id'])))}</dc:title>"
        f"<dc:subject>{escape(_meta_value(meta['id']))} (sintetis)</dc:subject>"
        "<meta:keyword>sintetis</meta:keyword>"
        f"<meta:creation-date>{FIXED_DATE}</meta:creation-date>"
        f"<dc:date>{FIXED_DATE}</dc:date>"
        f"{user_defined}</office:meta>"
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {NAMESPACES} office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f"{meta_xml}{STYLES}<office:body><office:text>{''.join(parts)}"
            "</office:text></office:body></office:document>\n")


def convert(fodt: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert ``fodt`` to ``fmt`` (docx or pdf) with headless LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed; cannot build documents")
    target = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}[fmt]
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(outdir), str(fodt)],
        check=True, capture_output=True, timeout=180)
    result = outdir / f"{fodt.stem}.{fmt}"
    if not result.exists():
        raise SystemExit(f"LibreOffice did not produce {result.name}")
    return result


def build(ids: list[str] | None = None) -> list[Path]:
    """Rebuild the documents (all, or those whose id is in ``ids``); return their paths."""
    built = []
    with tempfile.TemporaryDirectory(prefix="rpsw_docs_") as tmp:
        tmpdir = Path(tmp)
        for src in sorted(SOURCES.glob("*.docsrc")):
            meta, lines = read_docsrc(src)
            if ids and meta["id"] not in ids:
                continue
            fodt = tmpdir / f"{meta['id']}.fodt"
            fodt.write_text(to_fodt(meta, lines), encoding="utf-8")
            produced = convert(fodt, meta["keluaran"], tmpdir, tmpdir / "profile")
            dest = OUT_DIR / produced.name
            shutil.copyfile(produced, dest)
            built.append(dest)
    return built


if __name__ == "__main__":
    for path in build(sys.argv[1:] or None):
        print(path.relative_to(HERE.parent.parent))
