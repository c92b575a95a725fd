"""Checks of the synthetic sample corpus in ``data/sample``.

The files are parsed here independently of ``rpsw_research.corpus`` (which is written in
parallel), so the sample is validated on its own terms. If
``rpsw_research.corpus.load_corpus`` is importable, the same facts are also asserted
through it (that part is skipped otherwise).

Stage evidence across techniques is checked from the gold standard (``gold/``), which
codes interviews, field notes and documents by hand; no keyword list is involved.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
GOLD = SAMPLE / "gold" / "gold_stages.csv"
KINDS = {"wawancara": "wawancara", "observasi": "observasi", "dokumen": "dokumen"}
ROLES = {"manajer_kasus", "pekerja_sosial", "korban"}
STAGES = (
    "rpsw.registrasi",
    "rpsw.pengungkapan_masalah",
    "rpsw.perencanaan",
    "rpsw.pelaksanaan",
    "rpsw.monitoring_evaluasi",
    "rpsw.reintegrasi",
    "rpsw.pengakhiran",
)
LABEL = re.compile(r"^\s*(?:\*\*|\[)?([A-Za-z][A-Za-z0-9]{0,11})(?:\*\*|\])?\s*:")
INTERVIEWER_LABELS = {"P", "I", "T", "Peneliti", "Pewawancara"}
TRUE_VALUES = {True, "true", "True", "ya", "yes", "1"}


# ---------------------------------------------------------------- independent parsing

def split_front_matter(raw: str) -> tuple[dict, str]:
    """Front matter mapping and source text, per the corpus contract (BRIEF)."""
    text = unicodedata.normalize("NFC", raw.lstrip("\ufeff").replace("\r\n", "\n")
                                 .replace("\r", "\n"))
    lines = text.split("\n")
    assert lines[0].strip() == "---", "front matter must open on the first line"
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta = yaml.safe_load("\n".join(lines[1:close])) or {}
    return meta, "\n".join(lines[close + 1:]).strip()


def load_informants() -> list[dict]:
    with open(SAMPLE / "informants.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def informant_ids() -> set[str]:
    return {row["id"] for row in load_informants()}


def as_list(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or []]


def text_sources() -> dict[str, dict]:
    """Every ``.txt`` source: id -> {kind, folder, meta, text, path}."""
    out = {}
    for folder in KINDS:
        for path in sorted((SAMPLE / folder).glob("*.txt")):
            meta, text = split_front_matter(path.read_text(encoding="utf-8"))
            out[str(meta["id"])] = {"folder": folder, "meta": meta, "text": text,
                                    "path": path}
    return out


def docx_blocks(path: Path) -> list[str]:
    """Body paragraphs and table rows (cells joined by " | ") in document order."""
    from docx import Document
    from docx.oxml.ns import qn

    blocks = []
    for element in Document(str(path)).element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            if text.strip():
                blocks.append(text)
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t")))
                         for cell in row.iter(qn("w:tc"))]
                blocks.append(" | ".join(cells))
    return blocks


def docx_metadata(path: Path) -> dict[str, str]:
    """The key | value rows of the first table of a .docx."""
    from docx import Document

    table = Document(str(path)).tables[0]
    return {row.cells[0].text.strip(): row.cells[1].text.strip() for row in table.rows}


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def interviews() -> dict[str, dict]:
    return {k: v for k, v in text_sources().items() if v["folder"] == "wawancara"}


def load_gold() -> list[dict]:
    with open(GOLD, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    return rows


def source_kind(source_id: str, sources: dict[str, dict]) -> str:
    return KINDS[sources[source_id]["folder"]]


# ---------------------------------------------------------------- informants

def test_informant_register_has_the_five_informants_with_roles_and_flag():
    rows = load_informants()
    required = {"id", "peran", "jenis_kelamin", "kelompok_usia", "daerah_asal_provinsi",
                "lama_tinggal_rpsw", "bentuk_eksploitasi", "pendidikan_terakhir", "sintetis"}
    assert required <= set(rows[0])
    assert [r["id"] for r in rows] == ["MK", "PS", "K1", "K2", "K3"]
    roles = {r["id"]: r["peran"] for r in rows}
    assert roles == {"MK": "manajer_kasus", "PS": "pekerja_sosial",
                     "K1": "korban", "K2": "korban", "K3": "korban"}
    assert all(r["sintetis"] == "ya" for r in rows)
    assert set(roles.values()) <= ROLES


def test_survivor_attributes_are_bands_not_exact_values():
    for row in load_informants():
        if row["peran"] != "korban":
            continue
        assert re.fullmatch(r"\d{2}-\d{2}", row["kelompok_usia"]), row
        assert re.fullmatch(r"\d{1,2}-\d{1,2} bulan", row["lama_tinggal_rpsw"]), row
        # province only: no district/village words
        assert not re.search(r"(?i)\b(kabupaten|kota|desa|kecamatan|kampung)\b",
                             row["daerah_asal_provinsi"])
        kinds = set(row["bentuk_eksploitasi"].split(";"))
        assert "seksual" in kinds and kinds <= {"seksual", "fisik", "psikis", "ekonomi"}


# ---------------------------------------------------------------- every source

def test_text_sources_have_valid_front_matter_and_known_informants():
    known = informant_ids()
    sources = text_sources()
    assert len(sources) == sum(1 for f in KINDS for _ in (SAMPLE / f).glob("*.txt"))
    for sid, src in sources.items():
        meta = src["meta"]
        assert src["path"].stem == sid, f"{src['path']}: file name must be the id"
        assert meta["jenis"] == KINDS[src["folder"]], sid
        assert meta["sintetis"] is True, sid
        assert isinstance(meta["tanggal"], dt.date), sid
        assert dt.date(2013, 11, 1) <= meta["tanggal"] <= dt.date(2014, 12, 31), sid
        assert meta.get("judul"), sid
        people = as_list(meta["informan"])
        assert people and set(people) <= known, f"{sid}: unknown informant in {people}"


def test_corpus_counts_per_kind():
    sources = text_sources()
    per_kind = Counter(src["folder"] for src in sources.values())
    documents = [p for p in (SAMPLE / "dokumen").iterdir()
                 if p.suffix in {".txt", ".docx", ".pdf"}]
    assert per_kind["wawancara"] >= 6
    assert per_kind["observasi"] >= 4
    assert len(documents) >= 4
    assert {p.suffix for p in documents} >= {".txt", ".docx", ".pdf"}


def test_interviews_cover_every_informant_and_the_case_manager_twice():
    per_informant = Counter(p for src in interviews().values()
                            for p in as_list(src["meta"]["informan"]))
    assert set(per_informant) == informant_ids()
    assert per_informant["MK"] >= 2


def test_interview_word_counts():
    counts = {sid: len(src["text"].split()) for sid, src in interviews().items()}
    for sid, words in counts.items():
        assert 1200 <= words <= 3000, f"{sid}: {words} words"
    assert sum(counts.values()) >= 9000, counts


def test_interviews_are_turns_of_interviewer_and_informant():
    for sid, src in interviews().items():
        meta = src["meta"]
        allowed = {str(meta.get("pewawancara", "P"))} | set(as_list(meta["informan"]))
        speakers = Counter()
        for block in src["text"].split("\n\n"):
            block = block.strip()
            if block.startswith("[") and block.endswith("]") and ":" not in block[:12]:
                continue  # transcriber's note
            match = LABEL.match(block)
            assert match, f"{sid}: paragraph without speaker label: {block[:60]!r}"
            assert match.group(1) in allowed, f"{sid}: unexpected speaker {match.group(1)}"
            speakers[match.group(1)] += 1
        assert len(speakers) == 2 and min(speakers.values()) >= 15, (sid, speakers)


def test_interviews_sound_like_speech():
    """Survivors speak informally; everyone hesitates or shows emotion somewhere."""
    colloquial = re.compile(r"\b(nggak|udah|dikasih|gimana|kayak|pengen|dateng|sonde|su)\b")
    cues = re.compile(r"\[(tertawa[^\]]*|menangis|diam[^\]]*|jeda|tersenyum|menghela napas)\]")
    for sid, src in interviews().items():
        text = src["text"]
        assert cues.search(text), f"{sid}: no non-verbal cue"
        if sid.startswith("W-K"):
            assert len(colloquial.findall(text)) >= 15, f"{sid}: too formal for a survivor"


def test_observations_are_field_notes_not_interviews():
    notes = {k: v for k, v in text_sources().items() if v["folder"] == "observasi"}
    known_labels = INTERVIEWER_LABELS | {"J", "Informan"} | informant_ids()
    for sid, src in notes.items():
        text = src["text"]
        for line in text.split("\n"):
            match = LABEL.match(line)
            assert not (match and match.group(1) in known_labels), f"{sid}: {line[:50]!r}"
        assert len(re.findall(r"^\d{2}\.\d{2} — ", text, flags=re.M)) >= 5, sid
        assert "Komentar peneliti:" in text, sid


def test_txt_documents_look_like_case_files():
    docs = {k: v for k, v in text_sources().items() if v["folder"] == "dokumen"}
    assert len(docs) >= 3
    for sid, src in docs.items():
        assert "Nomor registrasi:" in src["text"], sid
        assert "RPSW" in src["text"], sid


def test_docx_document_has_metadata_table_and_known_informants():
    known = informant_ids()
    paths = sorted((SAMPLE / "dokumen").glob("*.docx"))
    assert paths
    for path in paths:
        meta = docx_metadata(path)
        assert meta["id"] == path.stem
        assert meta["jenis"] == "dokumen"
        assert meta["sintetis"] in TRUE_VALUES
        assert set(as_list(meta["informan"])) <= known
        dt.date.fromisoformat(meta["tanggal"])


def test_pdf_document_is_text_and_says_it_is_synthetic():
    known = informant_ids()
    paths = sorted((SAMPLE / "dokumen").glob("*.pdf"))
    assert paths
    for path in paths:
        text = pdf_text(path)
        assert "Dokumen ini sintetis" in text
        assert re.search(rf"\bid\s+{re.escape(path.stem)}\b", text)
        ids = set(re.findall(r"\b(MK|PS|K\d)\b", text))
        assert ids and ids <= known


def test_binary_documents_match_their_committed_sources():
    """The .docx/.pdf are rebuilt from _sumber/*.docsrc: their text must agree."""
    spec = importlib.util.spec_from_file_location("build_documents",
                                                  SAMPLE / "build_documents.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    sources = sorted((SAMPLE / "_sumber").glob("*.docsrc"))
    assert {p.stem for p in sources} >= {p.stem for p in (SAMPLE / "dokumen").glob("*.docx")}
    for src in sources:
        meta, lines = build.read_docsrc(src)
        expected = [ln.lstrip("# ").strip() if not ln.startswith("|")
                    else " | ".join(c.strip() for c in ln.strip().strip("|").split("|"))
                    for ln in lines if ln.strip()]
        out = SAMPLE / "dokumen" / f"{meta['id']}.{meta['keluaran']}"
        assert out.exists(), f"{out} missing; run build_documents.py"
        if meta["keluaran"] == "docx":
            blocks = docx_blocks(out)
            assert blocks[: len(blocks) - len(expected)][0] == f"id | {meta['id']}"
            assert blocks[-len(expected):] == expected
        else:
            flat = re.sub(r"\s+", " ", pdf_text(out))
            words = set(flat.split())
            for line in expected:
                if " | " in line:  # table cells may wrap and interleave in PDF text
                    assert set(line.replace(" | ", " ").split()) <= words, line
                else:
                    assert re.sub(r"\s+", " ", line) in flat, line


def test_fodt_rendering_puts_metadata_table_first():
    spec = importlib.util.spec_from_file_location("build_documents",
                                                  SAMPLE / "build_documents.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    xml = build.to_fodt({"id": "X-1", "jenis": "dokumen", "informan": ["K1", "K2"],
                         "sintetis": True, "keluaran": "pdf"},
                        ["# Judul", "Isi & <teks>.", "| a | b", "| c | d"])
    body = xml.split("<office:text>", 1)[1]
    assert body.startswith('<table:table table:name="Metadata">')
    assert "<text:p>K1, K2</text:p>" in body and "<text:p>true</text:p>" in body
    assert "keluaran" not in body
    assert "Isi &amp; &lt;teks&gt;." in body and body.count("<table:table ") == 2


def test_no_real_identifiers_in_any_text():
    """No NIK-like 16-digit numbers, phone numbers or e-mail addresses anywhere."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLE.rglob("*")
             if p.suffix in {".txt", ".csv", ".md", ".docsrc", ".yaml"}]
    texts += ["\n".join(docx_blocks(p)) for p in SAMPLE.rglob("*.docx")]
    texts += [pdf_text(p) for p in SAMPLE.rglob("*.pdf")]
    for text in texts:
        assert not re.search(r"\b\d{16}\b", text)
        assert not re.search(r"(?:\+62|\b0)8\d{2}[- ]?\d{3,4}[- ]?\d{3,5}\b", text)
        assert not re.search(r"[\w.]+@[\w-]+\.[a-z]{2,}", text)


def test_every_corpus_file_is_flagged_synthetic():
    for path in SAMPLE.rglob("*"):
        if path.suffix in {".txt", ".docsrc"}:
            meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
            assert meta["sintetis"] is True, path
        elif path.suffix == ".csv" and path.name == "informants.csv":
            assert all(r["sintetis"] == "ya" for r in load_informants())
        elif path.suffix == ".docx":
            assert docx_metadata(path)["sintetis"] in TRUE_VALUES, path
        elif path.suffix == ".pdf":
            assert "sintetis" in pdf_text(path), path
        elif path.suffix == ".md":
            assert re.search(r"(?i)synthetic|sintetis", path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- gold standard

def test_gold_offsets_match_source_text():
    sources = text_sources()
    rows = load_gold()
    assert rows and list(rows[0]) == ["source_id", "start", "end", "code_id", "text", "split"]
    for row in rows:
        text = sources[row["source_id"]]["text"]
        assert 0 <= row["start"] < row["end"] <= len(text)
        assert text[row["start"]:row["end"]] == row["text"], row["source_id"]
        assert row["code_id"] in STAGES


def test_gold_is_current_with_its_annotations():
    spec = importlib.util.spec_from_file_location("make_gold", SAMPLE / "gold" / "make_gold.py")
    make_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_gold)
    annotations = yaml.safe_load((SAMPLE / "gold" / "annotations.yaml").read_text("utf-8"))
    rows, problems = make_gold.build_rows(annotations, make_gold.find_sources())
    assert problems == []
    assert make_gold.render(rows) == GOLD.read_text(encoding="utf-8")


def test_make_gold_rejects_bad_quotes():
    spec = importlib.util.spec_from_file_location("make_gold", SAMPLE / "gold" / "make_gold.py")
    make_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_gold)
    text = "P: Sudah didata?\n\nK1: Udah. Saya didata dulu. Terus dikasih nomor. Udah."
    assert make_gold.locate(text, "Saya didata dulu.") == (28, 45)
    for args, message in [(("tidak ada",), "not found"), (("Udah.",), "ambiguous"),
                          (("didata dulu.",), "sentence boundary"),
                          (("Saya didata",), "sentence boundary"),
                          (("Sudah didata?", "Udah."), "crosses a paragraph")]:
        with pytest.raises(make_gold.GoldError, match=message):
            make_gold.locate(text, *args)


def test_gold_codes_whole_sentences():
    sources = text_sources()
    for row in load_gold():
        text = sources[row["source_id"]]["text"]
        before = text[: row["start"]].rstrip(" ")
        assert not before or before[-1] in ".?!…:]—\"”)\n", row["text"][:50]
        assert row["text"][-1] in ".?!…\"”" or text[row["end"]:row["end"] + 1] in ("", "\n")


def test_gold_coverage_and_split():
    sources = text_sources()
    rows = load_gold()
    split_of = defaultdict(set)
    for row in rows:
        split_of[row["source_id"]].add(row["split"])
    assert all(len(s) == 1 for s in split_of.values()), "split must be by source"
    coded = {sid: s.pop() for sid, s in split_of.items()}
    kinds = Counter(source_kind(sid, sources) for sid in coded)
    assert kinds["wawancara"] >= 4 and kinds["dokumen"] >= 2
    test_interviews = [s for s, sp in coded.items()
                       if sp == "test" and source_kind(s, sources) == "wawancara"]
    assert len(test_interviews) >= 2
    for split in ("dev", "test"):
        present = {r["code_id"] for r in rows if r["split"] == split}
        assert present == set(STAGES), f"{split} lacks {set(STAGES) - present}"


def test_every_stage_is_evidenced_by_two_techniques_and_several_informants():
    sources = text_sources()
    kinds_per_stage = defaultdict(set)
    informants_per_stage = defaultdict(set)
    for row in load_gold():
        src = sources[row["source_id"]]
        kinds_per_stage[row["code_id"]].add(KINDS[src["folder"]])
        informants_per_stage[row["code_id"]].update(as_list(src["meta"]["informan"]))
    for stage in STAGES:
        assert len(kinds_per_stage[stage]) >= 2, (stage, kinds_per_stage[stage])
        assert len(informants_per_stage[stage]) >= 3, (stage, informants_per_stage[stage])


# ---------------------------------------------------------------- through the library

@pytest.fixture(scope="module")
def library_corpus():
    from rpsw_research.corpus import load_corpus

    corpus, report = load_corpus(SAMPLE)
    assert report.ok and not report.errors, str(report)
    assert not report.warnings, str(report)
    return list(corpus.sources), list(corpus.informants.values())


def test_load_corpus_reads_the_sample(library_corpus):
    sources, informants = library_corpus
    assert {i.id for i in informants} == {"MK", "PS", "K1", "K2", "K3"}
    by_id = {s.id: s for s in sources}
    expected = set(text_sources()) | {p.stem for p in (SAMPLE / "dokumen").iterdir()
                                      if p.suffix in {".docx", ".pdf"}}
    assert expected <= set(by_id), expected - set(by_id)
    kinds = Counter(by_id[sid].kind for sid in expected)
    assert kinds["wawancara"] >= 6 and kinds["observasi"] >= 4 and kinds["dokumen"] >= 4
    known = {i.id for i in informants}
    words = []
    for sid in expected:
        source = by_id[sid]
        assert source.informants and set(source.informants) <= known, sid
        flag = source.metadata.get("sintetis", source.metadata.get("synthetic"))
        assert flag in TRUE_VALUES, f"{sid}: not flagged synthetic ({flag!r})"
        if source.kind == "wawancara":
            assert 1200 <= source.word_count <= 3000, sid
            words.append(source.word_count)
            assert source.turns, f"{sid}: no turns parsed"
    assert sum(words) >= 9000


def test_load_corpus_text_agrees_with_gold(library_corpus):
    sources, _ = library_corpus
    by_id = {s.id: s for s in sources}
    for row in load_gold():
        text = by_id[row["source_id"]].text
        assert text[row["start"]:row["end"]] == row["text"], row["source_id"]


def test_independent_heldout_set_loads_and_its_gold_matches_the_text():
    from rpsw_research.corpus import load_corpus

    folder = SAMPLE.parent / "heldout"
    corpus, report = load_corpus(folder)
    assert report.ok and {s.id for s in corpus.sources} == {"H-K4-01", "H-MK-01"}
    rows = list(csv.DictReader((folder / "gold" / "gold_stages.csv").open(encoding="utf-8")))
    assert len(rows) >= 100 and {r["split"] for r in rows} == {"heldout"}
    texts = {s.id: s.text for s in corpus.sources}
    assert all(texts[r["source_id"]][int(r["start"]):int(r["end"])] == r["text"] for r in rows)
    assert {r["code_id"] for r in rows} == set(STAGES)
