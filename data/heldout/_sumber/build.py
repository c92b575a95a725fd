"""Render annotated source (src/*.txt) into interview files + quote annotations."""

import csv

CODES = {
    "reg": "rpsw.registrasi",
    "pm": "rpsw.pengungkapan_masalah",
    "per": "rpsw.perencanaan",
    "pel": "rpsw.pelaksanaan",
    "mon": "rpsw.monitoring_evaluasi",
    "rei": "rpsw.reintegrasi",
    "pen": "rpsw.pengakhiran",
}
META = {
    "K4": dict(
        id="H-K4-01",
        informan="[K4]",
        tanggal="2015-02-10",
        tempat="Ruang konseling RPSW, Jakarta",
        judul="Wawancara dengan klien K4",
    ),
    "MK": dict(
        id="H-MK-01",
        informan="[MK]",
        tanggal="2015-02-12",
        tempat="Ruang pekerja sosial RPSW, Jakarta",
        judul="Wawancara dengan manajer kasus (pekerja sosial) MK",
    ),
}
ann = []
for spk, m in META.items():
    turns, cur = [], None
    for line in open(f"{spk}.txt", encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("P: "):
            turns.append(line)
            cur = None
        elif line == f"{spk}:":
            cur = []
            turns.append(cur)
        else:
            assert line.startswith("  ") and cur is not None, line
            parts = line.strip().split(" @")
            sent, codes = parts[0], parts[1:]
            for c in codes:
                assert c in CODES, c
            cur.append(sent)
            for c in codes:
                ann.append((m["id"], sent, CODES[c]))
    body = "\n\n".join(t if isinstance(t, str) else f"{spk}: " + " ".join(t) for t in turns)
    fm = (
        f"---\nid: {m['id']}\njenis: wawancara\ninforman: {m['informan']}\n"
        f"tanggal: {m['tanggal']}\n"
        f"tempat: {m['tempat']}\njudul: {m['judul']}\npewawancara: P\nsintetis: true\n---\n"
    )
    open(f"../wawancara/{m['id']}.txt", "w", encoding="utf-8").write(fm + body + "\n")
with open("annotations.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["source_id", "quote", "code_id"])
    w.writerows(ann)
print(len(ann), "annotations")
