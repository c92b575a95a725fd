"""Compute gold offsets from (source_id, exact quote, code_id) annotations.
Offsets: decode UTF-8, CRLF->LF, NFC, strip front-matter (--- ... ---), .strip()."""

import csv
import os
import re
import unicodedata

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # data/heldout


def load(sid):
    t = open(f"{D}/wawancara/{sid}.txt", encoding="utf-8").read().replace("\r\n", "\n")
    t = unicodedata.normalize("NFC", t)
    lines = t.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return "\n".join(lines[end + 1 :]).strip()


texts, rows, seen = {}, [], {}
for r in csv.DictReader(open(f"{D}/_sumber/annotations.csv", encoding="utf-8")):
    sid, q, code = r["source_id"], unicodedata.normalize("NFC", r["quote"]), r["code_id"]
    t = texts.setdefault(sid, load(sid))
    assert t.count(q) == 1, (sid, q, t.count(q))  # unique -> unambiguous
    s = t.index(q)
    e = s + len(q)
    # whole sentences: preceded by a line start, 'LABEL: ' or a sentence end and a space;
    # followed by a space, a newline or the end
    before = t[:s]
    assert s == 0 or re.search(r"(^|\n)[A-Z0-9]+: $", before) or re.search(r"[.?!\]] $", before), (
        sid,
        q,
    )
    assert e == len(t) or t[e] in " \n", (sid, q)
    assert q[-1] in ".?!", q
    # only informant turns
    line_start = t.rfind("\n", 0, s) + 1
    assert not t[line_start:].startswith("P:"), (sid, q)
    assert (sid, s, e, code) not in seen
    seen[(sid, s, e, code)] = 1
    rows.append((sid, s, e, code, q))
rows.sort(key=lambda r: (r[0], r[1], r[3]))
os.makedirs(f"{D}/gold", exist_ok=True)
with open(f"{D}/gold/gold_stages.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["source_id", "start", "end", "code_id", "text", "split"])
    for sid, s, e, c, q in rows:
        w.writerow([sid, s, e, c, q, "heldout"])
# re-verify from the written CSV
for r in csv.DictReader(open(f"{D}/gold/gold_stages.csv", encoding="utf-8")):
    assert load(r["source_id"])[int(r["start"]) : int(r["end"])] == r["text"]
print(len(rows), "gold rows, all verified")
