"""Gold offsets of an independent set from its quote annotations, and its informants.

Reads every ``<set>/_sumber/annotations*.csv`` (``source_id, quote, code_id``: one whole
sentence or several consecutive whole sentences per row) and writes
``<set>/gold/gold_stages.csv`` with code-point offsets into the text as the toolkit reads
it (decode UTF-8, CRLF -> LF, NFC, drop the YAML front matter, ``strip()``). Every quote
must occur exactly once, start and end on a sentence boundary and, in interviews, lie in
an informant's turn. Also merges ``<set>/_sumber/informants*.csv`` into
``<set>/informants.csv``. The split column is the set's folder name.

    python data/make_gold.py data/training [--check]

``--check`` writes nothing and exits 1 when the files on disk are not what the
annotations give.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

CODES = {"rpsw.registrasi", "rpsw.pengungkapan_masalah", "rpsw.perencanaan",
         "rpsw.pelaksanaan", "rpsw.monitoring_evaluasi", "rpsw.reintegrasi",
         "rpsw.pengakhiran"}


class GoldError(ValueError):
    """An annotation that cannot be placed: names the source and the quote."""


def load(folder: Path, sid: str) -> tuple[str, str]:
    """The text of source ``sid`` as the toolkit reads it, and its kind (``jenis``)."""
    paths = [p for p in folder.glob(f"*/{sid}.txt") if p.parent.name != "_sumber"]
    if len(paths) != 1:
        raise GoldError(f"{sid}: expected one source file, found {paths}")
    raw = paths[0].read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lines = unicodedata.normalize("NFC", raw).lstrip("\ufeff").split("\n")
    if lines[0] != "---":
        raise GoldError(f"{sid}: no front matter")
    end = lines.index("---", 1)
    kind = next(x.split(":", 1)[1].strip() for x in lines[1:end] if x.startswith("jenis:"))
    return "\n".join(lines[end + 1:]).strip(), kind


def place(text: str, kind: str, sid: str, quote: str) -> tuple[int, int]:
    """``[start, end)`` of ``quote`` in ``text``, checked to be whole sentences."""
    if text.count(quote) != 1:
        raise GoldError(f"{sid}: quote occurs {text.count(quote)} times: {quote!r}")
    start = text.index(quote)
    end = start + len(quote)
    before = text[:start]
    if not (start == 0 or before.endswith("\n") or re.search(r"(^|\n)[A-Z0-9]+: $", before)
            or re.search(r"[.?!\]:] $", before)):
        raise GoldError(f"{sid}: does not start a sentence: {quote!r}")
    if not (end == len(text) or text[end] in " \n") or quote[-1] not in ".?!)]\"":
        raise GoldError(f"{sid}: does not end a sentence: {quote!r}")
    if kind == "wawancara":
        if text[text.rfind("\n", 0, start) + 1:].startswith("P:"):
            raise GoldError(f"{sid}: in an interviewer turn: {quote!r}")
        if "\n" in quote:
            raise GoldError(f"{sid}: crosses a turn: {quote!r}")
    return start, end


def _csv(header: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def build(folder: Path) -> dict[Path, str]:
    """The files the annotations of ``folder`` give: ``{path: content}``."""
    texts: dict[str, tuple[str, str]] = {}
    rows, seen = [], set()
    for path in sorted(folder.glob("_sumber/annotations*.csv")):
        for r in csv.DictReader(path.open(encoding="utf-8")):
            sid, code = r["source_id"].strip(), r["code_id"].strip()
            quote = unicodedata.normalize("NFC", r["quote"]).strip()
            if code not in CODES:
                raise GoldError(f"{path.name}: {sid}: unknown code {code!r}")
            if sid not in texts:
                texts[sid] = load(folder, sid)
            start, end = place(*texts[sid], sid, quote)
            if (sid, start, end, code) in seen:
                raise GoldError(f"{sid}: coded twice with {code}: {quote!r}")
            seen.add((sid, start, end, code))
            rows.append((sid, start, end, code, quote, folder.name))
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    files = {folder / "gold" / "gold_stages.csv":
             _csv(["source_id", "start", "end", "code_id", "text", "split"], rows)}
    people: dict[str, str] = {}
    for path in sorted(folder.glob("_sumber/informants*.csv")):
        for r in csv.DictReader(path.open(encoding="utf-8")):
            if people.setdefault(r["id"], r["peran"]) != r["peran"]:
                raise GoldError(f"{path.name}: {r['id']} has two roles")
    if people:
        files[folder / "informants.csv"] = _csv(["id", "peran"], sorted(people.items()))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    files = build(args.folder)
    stale = [p for p, text in files.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    write_all(files)
    for path in files:
        print(f"written: {path}")
    return 0


def write_all(files: dict[Path, str]) -> None:
    """Write every file or none: each to a temporary file beside it, then all renamed
    (this script runs without the package, so not with ``rpsw_research.files``)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            staged.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
    except BaseException:
        for temporary, _ in staged:
            os.unlink(temporary)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)


if __name__ == "__main__":
    sys.exit(main())
