"""Compute gold offsets for this set from quote annotations and merge its informants.

Reads every ``_sumber/annotations*.csv`` (``source_id, quote, code_id``: one whole
sentence or several consecutive whole sentences per row) and writes
``gold/gold_stages.csv`` with code-point offsets into the text as the toolkit reads it
(decode UTF-8, CRLF -> LF, NFC, drop the YAML front matter, ``strip()``). Every quote
must occur exactly once, start and end on a sentence boundary and, in interviews, lie in
an informant's turn. Also merges ``_sumber/informants*.csv`` into ``informants.csv``.

    python data/<set>/gold/make_gold.py
"""

import csv
import glob
import os
import re
import unicodedata

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # data/<set>
SPLIT = os.path.basename(D)
CODES = {"rpsw.registrasi", "rpsw.pengungkapan_masalah", "rpsw.perencanaan",
         "rpsw.pelaksanaan", "rpsw.monitoring_evaluasi", "rpsw.reintegrasi",
         "rpsw.pengakhiran"}


def find(sid: str) -> str:
    paths = [p for p in glob.glob(f"{D}/*/{sid}.txt") if "/_sumber/" not in p]
    assert len(paths) == 1, f"{sid}: expected one source file, found {paths}"
    return paths[0]


def load(sid: str) -> tuple[str, str]:
    raw = open(find(sid), encoding="utf-8").read().replace("\r\n", "\n").replace("\r", "\n")
    lines = unicodedata.normalize("NFC", raw).lstrip("\ufeff").split("\n")
    assert lines[0] == "---", f"{sid}: no front matter"
    end = lines.index("---", 1)
    kind = next(x.split(":", 1)[1].strip() for x in lines[1:end] if x.startswith("jenis:"))
    return "\n".join(lines[end + 1:]).strip(), kind


def main() -> None:
    texts, rows, seen = {}, [], set()
    for path in sorted(glob.glob(f"{D}/_sumber/annotations*.csv")):
        for r in csv.DictReader(open(path, encoding="utf-8")):
            sid, code = r["source_id"].strip(), r["code_id"].strip()
            q = unicodedata.normalize("NFC", r["quote"]).strip()
            assert code in CODES, (path, sid, code)
            t, kind = texts.setdefault(sid, load(sid))
            assert t.count(q) == 1, (sid, q, f"occurs {t.count(q)} times")
            s = t.index(q)
            e = s + len(q)
            before = t[:s]
            assert (s == 0 or before.endswith("\n") or re.search(r"(^|\n)[A-Z0-9]+: $", before)
                    or re.search(r"[.?!\]:] $", before)), (sid, "does not start a sentence", q)
            assert e == len(t) or t[e] in " \n", (sid, "does not end a sentence", q)
            assert q[-1] in ".?!)]\"", (sid, "no sentence-final mark", q)
            if kind == "wawancara":
                line_start = t.rfind("\n", 0, s) + 1
                assert not t[line_start:].startswith("P:"), (sid, "interviewer turn", q)
                assert "\n" not in q, (sid, "crosses a turn", q)
            key = (sid, s, e, code)
            assert key not in seen, (sid, "duplicate", q)
            seen.add(key)
            rows.append((sid, s, e, code, q))
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    with open(f"{D}/gold/gold_stages.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source_id", "start", "end", "code_id", "text", "split"])
        for sid, s, e, c, q in rows:
            w.writerow([sid, s, e, c, q, SPLIT])
    for r in csv.DictReader(open(f"{D}/gold/gold_stages.csv", encoding="utf-8")):
        assert load(r["source_id"])[0][int(r["start"]):int(r["end"])] == r["text"]
    people = {}
    for path in sorted(glob.glob(f"{D}/_sumber/informants*.csv")):
        for r in csv.DictReader(open(path, encoding="utf-8")):
            assert people.get(r["id"], r["peran"]) == r["peran"], ("role clash", r)
            people[r["id"]] = r["peran"]
    with open(f"{D}/informants.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "peran"])
        w.writerows(sorted(people.items()))
    print(len(rows), "gold rows, all verified;", len(people), "informants")


if __name__ == "__main__":
    main()
