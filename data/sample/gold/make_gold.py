"""Build ``gold_stages.csv`` from the human annotations in ``annotations.yaml``.

Annotations name a passage by its words, not by offsets:

- ``[code_id, "exact quote"]``: the quote must occur exactly once in the source text;
- ``[code_id, "first words", "last words"]``: the span from the start of the (unique)
  first-words match to the end of the first last-words match after it, which must lie
  in the same paragraph (no blank line in between).

Offsets are Unicode code points into the source text as the corpus defines it (decode,
drop a BOM, ``\\r\\n``/``\\r`` -> ``\\n``, NFC, remove the YAML front matter, then
``strip()``), half-open ``[start, end)``. Offsets are therefore right by construction.

The script fails loudly (exit status 1, one message per problem) when a quote is
missing or ambiguous, when a span does not start and end on a sentence boundary (the
gold standard codes whole sentences), when a span crosses a speaker label, or when a
code id or split is unknown. Run it from anywhere::

    python data/sample/gold/make_gold.py          # writes gold_stages.csv next to it
    python data/sample/gold/make_gold.py --check  # verify the committed CSV is current
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import unicodedata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent
ANNOTATIONS = HERE / "annotations.yaml"
OUTPUT = HERE / "gold_stages.csv"
COLUMNS = ("source_id", "start", "end", "code_id", "text", "split")
STAGE_CODES = (
    "rpsw.registrasi",
    "rpsw.pengungkapan_masalah",
    "rpsw.perencanaan",
    "rpsw.pelaksanaan",
    "rpsw.monitoring_evaluasi",
    "rpsw.reintegrasi",
    "rpsw.pengakhiran",
)
SPLITS = ("dev", "test")
# A sentence may start after these characters (plus spaces): end punctuation, a
# speaker label's colon, a closing bracket of a non-verbal cue, a time-stamp dash.
_OPENERS = ".?!…:]—\"”)"
_CLOSERS = ".?!…"
_LABEL_LINE = re.compile(
    r"\n\s*(\*\*|\[)?(P|I|T|J|Peneliti|Informan|Pewawancara|[A-Z]{1,3}\d?)(\*\*|\])?\s*:")


class GoldError(Exception):
    """An annotation that cannot be turned into a gold coding."""


def source_text(path: Path) -> str:
    """The normalised text of a ``.txt`` source (the corpus definition, re-implemented)."""
    raw = path.read_bytes().decode("utf-8-sig")
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                text = "\n".join(lines[i + 1 :])
                break
    return text.strip()


def find_sources() -> dict[str, Path]:
    """Map source id -> path for every ``.txt`` source in the sample corpus."""
    found: dict[str, Path] = {}
    for folder in ("wawancara", "observasi", "dokumen"):
        for path in sorted((SAMPLE / folder).glob("*.txt")):
            head = path.read_text(encoding="utf-8-sig").split("\n---", 1)[0]
            meta = yaml.safe_load(head.removeprefix("---")) or {}
            found[str(meta.get("id", path.stem))] = path
    return found


def _unique(text: str, needle: str, what: str) -> int:
    first = text.find(needle)
    if first < 0:
        raise GoldError(f"{what} not found: {needle[:70]!r}")
    if text.find(needle, first + 1) >= 0:
        raise GoldError(f"{what} is ambiguous (occurs more than once): {needle[:70]!r}")
    return first


def locate(text: str, first: str, last: str | None = None) -> tuple[int, int]:
    """Offsets of a quote (or a first-words/last-words span) in ``text``."""
    start = _unique(text, first, "quote" if last is None else "first words")
    if last is None:
        end = start + len(first)
    else:
        at = text.find(last, start)
        while at >= 0 and at + len(last) < start + len(first):
            at = text.find(last, at + 1)
        if at < 0:
            raise GoldError(f"last words not found after {first[:40]!r}: {last[:60]!r}")
        end = at + len(last)
        if "\n\n" in text[start:end]:
            raise GoldError(f"span from {first[:40]!r} to {last[:40]!r} crosses a paragraph")
    check_sentence_span(text, start, end)
    return start, end


def check_sentence_span(text: str, start: int, end: int) -> None:
    """Raise unless ``text[start:end]`` is whole sentences inside one turn/paragraph."""
    span = text[start:end]
    if span != span.strip():
        raise GoldError(f"span has surrounding whitespace: {span[:60]!r}")
    before = text[:start].rstrip(" ")
    if before and not (text[start - 1] == "\n" or before[-1] in _OPENERS):
        raise GoldError(f"span does not start at a sentence boundary: {span[:60]!r}")
    after = text[end:end + 1]
    closes = span[-1] in _CLOSERS or (span[-1] in "\"”" and span[-2:-1] in tuple(_CLOSERS))
    if not (closes or after in ("", "\n")):
        raise GoldError(f"span does not end at a sentence boundary: {span[-60:]!r}")
    if _LABEL_LINE.search(span):
        raise GoldError(f"span crosses a speaker label: {span[:60]!r}")


def build_rows(annotations: dict, sources: dict[str, Path]) -> tuple[list[dict], list[str]]:
    """Gold rows for every annotation, and the list of problems found."""
    rows: list[dict] = []
    problems: list[str] = []
    for source_id, entry in annotations["sources"].items():
        split = entry.get("split")
        if split not in SPLITS:
            problems.append(f"{source_id}: split must be one of {SPLITS}, not {split!r}")
            continue
        if source_id not in sources:
            problems.append(f"{source_id}: no .txt source with this id in {SAMPLE}")
            continue
        text = source_text(sources[source_id])
        for n, item in enumerate(entry.get("codings") or [], start=1):
            where = f"{source_id} #{n}"
            if not (isinstance(item, list) and len(item) in (2, 3)):
                problems.append(f"{where}: expected [code_id, quote] or [code_id, first, last]")
                continue
            code_id, *quote = item
            if code_id not in STAGE_CODES:
                problems.append(f"{where}: unknown code id {code_id!r}")
                continue
            try:
                start, end = locate(text, *quote)
            except GoldError as exc:
                problems.append(f"{where}: {exc}")
                continue
            rows.append({"source_id": source_id, "start": start, "end": end,
                         "code_id": code_id, "text": text[start:end], "split": split})
    rows.sort(key=lambda r: (r["source_id"], r["start"], r["end"],
                             STAGE_CODES.index(r["code_id"])))
    seen = set()
    for r in rows:
        key = (r["source_id"], r["start"], r["end"], r["code_id"])
        if key in seen:
            problems.append(f"{r['source_id']}: duplicate coding {key}")
        seen.add(key)
    return rows, problems


def render(rows: list[dict]) -> str:
    """The CSV text (UTF-8, ``\\n`` line ends, all text fields quoted as needed)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    annotations = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    rows, problems = build_rows(annotations, find_sources())
    if problems:
        for problem in problems:
            print(f"make_gold: {problem}", file=sys.stderr)
        print(f"make_gold: {len(problems)} problem(s); {OUTPUT.name} not written",
              file=sys.stderr)
        return 1
    content = render(rows)
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != content:
            print(f"make_gold: {OUTPUT.name} is out of date; rerun make_gold.py",
                  file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date ({len(rows)} codings)")
        return 0
    temporary = OUTPUT.with_name(f".{OUTPUT.name}.tmp")  # a rename: never half-written
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, OUTPUT)
    print(f"wrote {OUTPUT.relative_to(SAMPLE.parent.parent)} ({len(rows)} codings)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
