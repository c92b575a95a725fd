"""Every piece of text inside an export file, with where it sits (for the leak check).

Supported: ``.docx`` (all XML parts: body, tables, headers, footers, footnotes,
endnotes, comments, text boxes, tracked deletions, document properties), ``.xlsx``
(every cell and comment of every sheet, headers/footers, document properties),
``.csv``, ``.txt``/``.md``, and ``.qdpx`` (every ``.qde`` XML element text and
attribute, every ``.txt`` source, nested ``.docx`` sources). Archives are opened
defensively (entry count, total size and compression ratio limited), XML is parsed
with defusedxml.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes
from defusedxml import ElementTree as SafeET

from ..errors import FileFormatError, UnsafeArchiveError, UnsupportedFormatError
from ..i18n import t

SUFFIXES = (".docx", ".xlsx", ".csv", ".qdpx", ".txt", ".md")
MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # small archives may compress well; only judge big ones

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_TAGS = {_W + "t", _W + "delText", _W + "instrText"}


@dataclass(frozen=True)
class Chunk:
    """A piece of text and its location: ``part`` (zip member, sheet) and ``where``."""

    text: str
    part: str
    where: str


def chunks(path: Path) -> Iterator[Chunk]:
    """The text pieces of the file at ``path`` (dispatch on the suffix)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedFormatError(
            t("privacy.leak.format", suffix=suffix or "-"),
            path=path,
            hint=t("privacy.leak.format_hint", suffixes=", ".join(SUFFIXES)),
        )
    if suffix in (".txt", ".md"):
        yield from _plain(path.read_bytes(), path.name, path)
    elif suffix == ".csv":
        yield from _csv(path.read_bytes(), path)
    elif suffix == ".docx":
        with _open_zip(path) as archive:
            yield from _docx(archive, "")
    elif suffix == ".xlsx":
        yield from _xlsx(path)
    else:
        with _open_zip(path) as archive:
            yield from _qdpx(archive, path)


# --- safe archives ----------------------------------------------------------------------
def _open_zip(source: Path | IO[bytes], label: Path | None = None) -> zipfile.ZipFile:
    where = label if label is not None else source
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileFormatError(
            t("privacy.leak.bad_zip"), path=where, hint=t("privacy.leak.bad_zip_hint")
        ) from exc
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    too_packed = total > RATIO_FLOOR and total / packed > MAX_RATIO
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL_BYTES or too_packed:
        archive.close()
        raise UnsafeArchiveError(
            t("privacy.leak.unsafe_zip"), path=where, hint=t("privacy.leak.unsafe_zip_hint")
        )
    return archive


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("latin-1")


def _xml(data: bytes, label: str, path: Path) -> object:
    try:
        return SafeET.fromstring(data)
    except SafeET.ParseError as exc:
        raise FileFormatError(t("privacy.leak.bad_xml", part=label), path=path) from exc


# --- plain text and CSV -------------------------------------------------------------------
def _plain(data: bytes, part: str, path: Path) -> Iterator[Chunk]:
    for number, line in enumerate(_decode(data).splitlines(), start=1):
        if line.strip():
            yield Chunk(line, part, t("privacy.where.line", line=number))


def _csv(data: bytes, path: Path) -> Iterator[Chunk]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    for row_no, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        for col_no, cell in enumerate(row, start=1):
            if cell.strip():
                yield Chunk(cell, path.name, t("privacy.where.csv", row=row_no, column=col_no))


# --- Word -----------------------------------------------------------------------------------
def _docx_parts(names: list[str]) -> list[str]:
    wanted = [
        n
        for n in names
        if n.startswith("word/")
        and n.endswith(".xml")
        and "/_rels/" not in n
        and not n.startswith(
            (
                "word/theme/",
                "word/fontTable",
                "word/styles",
                "word/settings",
                "word/webSettings",
                "word/numbering",
            )
        )
    ]
    wanted.sort(key=lambda n: (n != "word/document.xml", n))
    return wanted + [
        n for n in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml") if n in names
    ]


def _docx(archive: zipfile.ZipFile, prefix: str) -> Iterator[Chunk]:
    label = Path(archive.filename or "docx")
    for name in _docx_parts(archive.namelist()):
        root = _xml(archive.read(name), name, label)
        part = prefix + name
        if name.startswith("docProps/"):
            for element in root.iter():  # type: ignore[attr-defined]
                if element.text and element.text.strip():
                    field = element.tag.rsplit("}", 1)[-1]
                    yield Chunk(element.text, part, t("privacy.where.property", name=field))
            continue
        yield from _word_paragraphs(root, part)


def _word_paragraphs(root: object, part: str) -> Iterator[Chunk]:
    """Paragraph texts (runs joined), with the table/row/cell they sit in."""
    counter = {"p": 0, "tbl": 0}

    def walk(node: object, cell: tuple[int, int, int] | None) -> Iterator[Chunk]:
        for child in node:  # type: ignore[attr-defined]
            tag = child.tag
            if tag == _W + "p":
                counter["p"] += 1
                text = "".join(e.text or "" for e in child.iter() if e.tag in _TEXT_TAGS)
                if text.strip():
                    where = t("privacy.where.paragraph", index=counter["p"])
                    if cell is not None:
                        where = (
                            t("privacy.where.cell", table=cell[0], row=cell[1], column=cell[2])
                            + ", "
                            + where
                        )
                    yield Chunk(text, part, where)
                yield from walk_nested(child, cell)
            elif tag == _W + "tbl":
                counter["tbl"] += 1
                table = counter["tbl"]
                rows = [r for r in child if r.tag == _W + "tr"]
                for r_i, row in enumerate(rows, start=1):
                    cells = [c for c in row if c.tag == _W + "tc"]
                    for c_i, tc in enumerate(cells, start=1):
                        yield from walk(tc, (table, r_i, c_i))
            else:
                yield from walk(child, cell)

    def walk_nested(paragraph: object, cell: tuple[int, int, int] | None) -> Iterator[Chunk]:
        # text boxes (w:txbxContent) hold their own paragraphs inside a run
        for box in paragraph.iter(_W + "txbxContent"):  # type: ignore[attr-defined]
            yield from walk(box, cell)

    yield from walk(root, None)


# --- Excel ----------------------------------------------------------------------------------
def _xlsx(path: Path) -> Iterator[Chunk]:
    import openpyxl

    with _open_zip(path):
        pass  # size/ratio checks before openpyxl unpacks anything
    try:
        book = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise FileFormatError(t("privacy.leak.bad_xlsx"), path=path) from exc
    try:
        props = book.properties
        for field in (
            "creator",
            "lastModifiedBy",
            "title",
            "subject",
            "description",
            "keywords",
            "category",
        ):
            value = getattr(props, field, None)
            if isinstance(value, str) and value.strip():
                yield Chunk(value, "docProps", t("privacy.where.property", name=field))
        for sheet in book.worksheets:
            yield Chunk(sheet.title, sheet.title, t("privacy.where.sheet_name"))
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.strip():
                        yield Chunk(
                            cell.value,
                            sheet.title,
                            t("privacy.where.xlsx_cell", cell=cell.coordinate),
                        )
                    elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                        text = _number_text(cell.value)
                        if len(text) >= 8:  # long numbers: NIK or phone typed as numbers
                            yield Chunk(
                                text,
                                sheet.title,
                                t("privacy.where.xlsx_cell", cell=cell.coordinate),
                            )
                    if cell.comment is not None and cell.comment.text:
                        yield Chunk(
                            cell.comment.text,
                            sheet.title,
                            t("privacy.where.xlsx_comment", cell=cell.coordinate),
                        )
            for kind in (
                "oddHeader",
                "oddFooter",
                "evenHeader",
                "evenFooter",
                "firstHeader",
                "firstFooter",
            ):
                block = getattr(sheet, kind, None)
                for side in ("left", "center", "right"):
                    text = getattr(getattr(block, side, None), "text", None)
                    if text:
                        yield Chunk(text, sheet.title, t("privacy.where.xlsx_header", part=kind))
    finally:
        book.close()


def _number_text(value: float) -> str:
    """A number cell as the digits a person typed (Excel drops a phone's leading 0)."""
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    digits = str(int(value))
    if digits.startswith("8") and 9 <= len(digits) <= 12:
        return "0" + digits  # 081234567890 typed into a number cell
    return digits


# --- REFI-QDA -------------------------------------------------------------------------------
def _qdpx(archive: zipfile.ZipFile, path: Path) -> Iterator[Chunk]:
    for name in sorted(archive.namelist()):
        lower = name.lower()
        if lower.endswith(".qde") or lower.endswith(".xml"):
            root = _xml(archive.read(name), name, path)
            yield from _xml_texts(root, name)
        elif lower.endswith(".txt"):
            yield from _plain(archive.read(name), name, path)
        elif lower.endswith(".docx"):
            with _open_zip(io.BytesIO(archive.read(name)), path) as inner:
                yield from _docx(inner, name + "!")


def _xml_texts(root: object, part: str) -> Iterator[Chunk]:
    """Every element text and attribute value of an XML tree, with an element path."""

    def walk(node: object, here: str) -> Iterator[Chunk]:
        for attr, value in sorted(node.attrib.items()):  # type: ignore[attr-defined]
            if value.strip():
                yield Chunk(value, part, f"{here}@{attr.rsplit('}', 1)[-1]}")
        text = node.text  # type: ignore[attr-defined]
        if text and text.strip():
            yield Chunk(text, part, here)
        counts: dict[str, int] = {}
        for child in node:  # type: ignore[attr-defined]
            tag = child.tag.rsplit("}", 1)[-1]
            counts[tag] = counts.get(tag, 0) + 1
            yield from walk(child, f"{here}/{tag}[{counts[tag]}]")
            if child.tail and child.tail.strip():
                yield Chunk(child.tail, part, here)

    yield from walk(root, "/" + root.tag.rsplit("}", 1)[-1])  # type: ignore[attr-defined]
