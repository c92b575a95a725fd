"""The Word chapter and table exports, opened and checked as a reader would."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

import rpsw_research as rr
from rpsw_research.errors import OutputError, ReportError
from rpsw_research.report import ReportOptions

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    proj = rr.Project.create(tmp_path_factory.mktemp("report") / "studi.rpsw")
    proj.import_folder(SAMPLE)
    proj.codebook = rr.Codebook.default()
    proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
    yield proj
    proj.close()


@pytest.fixture(scope="module")
def report(project, tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "laporan.docx"
    rr.report.write_docx(project, path)
    return path


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_chapter_structure(report, project):
    document = docx.Document(report)
    assert headings(document, 1) == ["BAB IV\nDATA DAN TEMUAN PENELITIAN"]
    level2 = headings(document, 2)
    assert level2[0].startswith("A. Gambaran Umum") and "B. Profil Informan" in level2
    stages = [f"{c.stage}. {c.name('id')}" for c in project.codebook.stages()]
    assert [h for h in headings(document, 3) if h[0].isdigit()] == stages
    section = document.sections[0]
    assert round(section.left_margin.cm) == 4 and round(section.right_margin.cm) == 3
    assert round(section.top_margin.cm) == 3 and round(section.page_width.cm, 1) == 21.0
    xml = document.element.xml
    assert "TOC \\o" in xml and "PAGE" in document.sections[0].footer._element.xml
    assert document.core_properties.author == ""


def test_informant_table_has_the_five_informants_and_no_quasi_identifiers(report):
    document = docx.Document(report)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Kode informan")
    ids = [row.cells[1].text for row in table.rows[1:]]
    assert ids == ["MK", "PS", "K1", "K2", "K3"]
    header = [cell.text.lower() for cell in table.rows[0].cells]
    assert not any("asal" in h or "eksploitasi" in h for h in header)


def test_quotes_carry_footnote_citations(report):
    document = docx.Document(report)
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) >= 7
    assert all(p.text.startswith("“") for p in quotes)
    assert all("footnoteReference" in p._p.xml for p in quotes)
    with zipfile.ZipFile(report) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    citations = re.findall(r"<w:t xml:space=\"preserve\"> ([^<]+)</w:t>", notes)
    assert len(citations) == len(quotes)
    assert all(re.search(r"\d{4}\.$", c) for c in citations)
    assert any("Wawancara Pribadi" in c for c in citations)


def test_figures_and_numbered_captions(report):
    document = docx.Document(report)
    assert len(document.inline_shapes) >= 3
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    tables = [c for c in captions if c.startswith("Tabel")]
    figures = [c for c in captions if c.startswith("Gambar")]
    assert [c.split()[1] for c in tables] == [f"4.{i}" for i in range(1, len(tables) + 1)]
    assert [c.split()[1] for c in figures] == [f"4.{i}" for i in range(1, len(figures) + 1)]
    assert len(figures) == len(document.inline_shapes)


def test_honest_prose_states_counts_from_the_codings(report, project):
    text = "\n".join(p.text for p in docx.Document(report).paragraphs)
    assert f"menghasilkan {len(project.codings())} koding" in text
    tri = rr.analysis.triangulation(project).set_index("code_id")
    row = tri.loc["rpsw.registrasi"]
    total = int(row["wawancara"] + row["observasi"] + row["dokumen"])
    assert f"didukung oleh {total} kutipan terkode" in text


def test_stage_without_evidence_says_so(tmp_path):
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        gold = pd.read_csv(SAMPLE / "gold" / "gold_stages.csv")
        first = gold[gold["code_id"] == "rpsw.registrasi"].iloc[0]
        proj.code(first.source_id, "rpsw.registrasi", start=int(first.start),
                  end=int(first.end), coder="A")
        path = rr.report.write_docx(proj, tmp_path / "r.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert text.count("Tidak ditemukan data terkode untuk tahap ini") == 6
    assert "satu pengode (A)" in text


def test_english_variant(project, tmp_path):
    path = rr.report.write_docx(project, tmp_path / "report.docx", lang="en")
    document = docx.Document(path)
    assert headings(document, 1) == ["CHAPTER IV\nDATA AND FINDINGS"]
    assert "B. Informant Profiles" in headings(document, 2)
    assert headings(document, 3)[0] == "1. " + rr.Codebook.default().by_stage(1).name("en")
    assert rr.get_language() == "id"  # the report's language does not leak out
    # the register's common attributes and values in English; its own words as written
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Informant code")
    header = [cell.text for cell in table.rows[0].cells]
    assert header[3:7] == ["Gender", "Age group", "Years in post", "Time at RPSW"]
    first = [cell.text for cell in table.rows[1].cells]
    assert first[3] == "female" and first[5] == "10-15 years"
    assert [row.cells[6].text for row in table.rows[3:]] == ["3-6 months", "1-3 months",
                                                             "6-12 months"]
    assert table.rows[3].cells[7].text == "SMP"  # a school level stays as written


def test_indonesian_profile_keeps_the_register_words(report):
    document = docx.Document(report)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Kode informan")
    header = [cell.text for cell in table.rows[0].cells]
    assert header[3:8] == ["Jenis kelamin", "Kelompok usia", "Lama bertugas",
                           "Lama tinggal RPSW", "Pendidikan terakhir"]
    assert [cell.text for cell in table.rows[1].cells][3:6] == ["perempuan", "35-44",
                                                                 "10-15 tahun"]


def test_deterministic_body(project, tmp_path):
    first = rr.report.write_docx(project, tmp_path / "a.docx")
    second = rr.report.write_docx(project, tmp_path / "b.docx")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        for part in ("word/document.xml", "word/footnotes.xml", "word/styles.xml"):
            assert a.read(part) == b.read(part), part


def test_bad_target_leaves_nothing(project, tmp_path):
    with pytest.raises(ReportError):
        rr.report.write_docx(project, tmp_path / "laporan.pdf")
    with pytest.raises(OutputError):
        rr.report.write_docx(project, tmp_path / "missing" / "laporan.docx")
    assert list(tmp_path.iterdir()) == []


def _first_column_cells(document) -> set[str]:
    return {cell.text for table in document.tables for cell in table.columns[0].cells}


def test_sensitive_codes_only_when_asked_and_figures_optional(project, tmp_path):
    shared = docx.Document(rr.report.write_docx(project, tmp_path / "a.docx"))
    assert "xc.eksploitasi.seksual" not in _first_column_cells(shared)
    assert len(shared.inline_shapes) >= 3
    full = docx.Document(rr.report.write_docx(
        project, tmp_path / "b.docx",
        options=ReportOptions(figures=False, include_sensitive=True)))
    assert "xc.eksploitasi.seksual" in _first_column_cells(full)
    assert len(full.inline_shapes) == 0


def test_reviewed_only_counts_only_the_researchers_codings(project, tmp_path):
    project.replace_auto_codings("auto", [
        {"source_id": "W-K1-01", "code_id": "rpsw.registrasi", "start": 0, "end": 40,
         "rule": "uji", "score": 1.0}])
    try:
        every = docx.Document(rr.report.write_docx(project, tmp_path / "a.docx"))
        reviewed = docx.Document(rr.report.write_docx(
            project, tmp_path / "b.docx", options=ReportOptions(reviewed_only=True)))
        gold = len(project.codings(coder="peneliti"))
        text_all = "\n".join(p.text for p in every.paragraphs)
        text_reviewed = "\n".join(p.text for p in reviewed.paragraphs)
        assert f"menghasilkan {gold + 1} koding" in text_all and "1 saran" in text_all
        assert f"menghasilkan {gold} koding" in text_reviewed
    finally:
        project.replace_auto_codings("auto", [])


def test_role_disclosure_consent_is_respected(tmp_path):
    import datetime as dt

    from rpsw_research.privacy import Consent

    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
        proj.set_consents([Consent(informant=i, date=dt.date(2014, 3, 1), form_version="v1",
                                   method="tertulis", recording=True, quotes=True,
                                   archiving=False, role_disclosure=i != "MK")
                           for i in ("MK", "PS", "K1", "K2", "K3")])
        path = rr.report.write_docx(proj, tmp_path / "r.docx",
                                    options=ReportOptions(figures=False))
    document = docx.Document(path)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Kode informan")
    roles = {row.cells[1].text: row.cells[2].text for row in table.rows[1:]}
    assert roles["MK"] == "informan" and roles["PS"] == "pekerja sosial bidang pelayanan"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "MK (informan)" in text and "MK (pekerja sosial selaku manajer kasus)" not in text
    with zipfile.ZipFile(path) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    assert "MK, informan, Wawancara Pribadi" in notes and "MK, pekerja sosial selaku" not in notes


def test_xlsx_and_csv_exports(project, tmp_path):
    path = rr.report.write_xlsx(project, tmp_path / "tabel.xlsx")
    book = openpyxl.load_workbook(path)
    assert "Matriks tahap x informan" in book.sheetnames and "Triangulasi" in book.sheetnames
    sheet = book["Frekuensi kode"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Kode", "Nama kode"]
    assert book.properties.creator in (None, "")
    files = rr.report.write_csv(project, tmp_path / "csv", lang="en")
    names = {f.name for f in files}
    assert "triangulation.csv" in names and "codebook.csv" in names
    frame = pd.read_csv(tmp_path / "csv" / "codings.csv", encoding="utf-8-sig")
    assert len(frame) == len(project.codings())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_converts_to_pdf_with_libreoffice(report, tmp_path):
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                           str(tmp_path), str(report)], capture_output=True, timeout=240)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "laporan.pdf"
    assert pdf.exists() and pdf.stat().st_size > 50_000


def test_reliability_section_with_two_coders(tmp_path):
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        gold = pd.read_csv(SAMPLE / "gold" / "gold_stages.csv")
        for i, row in enumerate(gold.itertuples()):
            proj.code(row.source_id, row.code_id, start=row.start, end=row.end, coder="A")
            if i % 4:
                proj.code(row.source_id, row.code_id, start=row.start, end=row.end, coder="B")
        options = ReportOptions(figures=False, appendices=False, reliability_unit="paragraph")
        path = rr.report.write_docx(proj, tmp_path / "r.docx", options=options)
        expected = rr.reliability.compare(proj, ["A", "B"], unit="paragraph")
    document = docx.Document(path)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Kesepakatan")
    assert len(table.rows) == 1 + 7 + 1  # header, seven stages, overall
    overall = expected[expected["scope"] == "overall"].iloc[0]
    # Indonesian decimal commas
    assert table.rows[-1].cells[1].text == f"{100 * overall['percent_agreement']:.1f}%".replace(
        ".", ",")
    assert table.rows[-1].cells[2].text == f"{overall['kappa']:.3f}".replace(".", ",")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "kesepakatan persentase" in text and "Landis & Koch" in text


def test_report_of_a_project_without_codings(tmp_path):
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        assert proj.codings()["text"].dtype == object
        path = rr.report.write_docx(proj, tmp_path / "kosong.docx")
        rr.report.write_xlsx(proj, tmp_path / "kosong.xlsx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert text.count("Tidak ditemukan data terkode untuk tahap ini") == 7


def test_auto_widths_keep_words_whole_and_fill_the_text_block():
    from rpsw_research.report.docx_parts import TEXT_WIDTH_CM, auto_widths

    frame = pd.DataFrame({"No": [1, 2], "Jenis kelamin": ["perempuan", "laki-laki"],
                          "Definisi": ["kata " * 60, "kata " * 40]})
    widths = auto_widths(frame, 9)
    assert sum(widths) == pytest.approx(TEXT_WIDTH_CM, abs=0.05)
    assert widths[1] >= len("perempuan") * 0.62 * 9 / 28.35  # the longest word fits
    assert widths[2] == max(widths)  # the long text gets the room


def test_exact_ages_and_dates_are_banded_in_the_profile_table(tmp_path):
    folder = tmp_path / "studi"
    (folder / "wawancara").mkdir(parents=True)
    (folder / "informants.csv").write_text(
        "id,peran,usia,tanggal_masuk,desa\nK1,korban,19,2014-01-05,Sukamaju\n", encoding="utf-8")
    (folder / "wawancara" / "W-K1-01.txt").write_text(
        "---\nid: W-K1-01\ninforman: K1\n---\nP: Halo?\n\nK1: Saya didata dulu.\n",
        encoding="utf-8")
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(folder)
        proj.codebook = rr.Codebook.default()
        proj.code("W-K1-01", "rpsw.registrasi", quote="Saya didata dulu.", coder="A")
        path = rr.report.write_docx(proj, tmp_path / "r.docx",
                                    options=ReportOptions(figures=False))
        book = rr.report.write_xlsx(proj, tmp_path / "t.xlsx")
    table = next(t for t in docx.Document(path).tables
                 if t.rows[0].cells[1].text == "Kode informan")
    cells = [c.text for c in table.rows[1].cells]
    assert "18-24" in cells and "Januari 2014" in cells
    assert "19" not in cells and "2014-01-05" not in cells and "Sukamaju" not in cells
    sheet = openpyxl.load_workbook(book)["Informan"]
    values = [c.value for c in sheet[2]]
    assert "18-24" in values and 19 not in values and "19" not in values


def test_accepting_suggestions_does_not_make_the_auto_coder_a_second_coder(project, tmp_path):
    project.replace_auto_codings("auto", [
        {"source_id": "W-K1-01", "code_id": "rpsw.registrasi", "start": 0, "end": 40,
         "rule": "uji", "score": 1.0}])
    try:
        project.accept_all("rpsw.registrasi")
        text = "\n".join(p.text for p in docx.Document(rr.report.write_docx(
            project, tmp_path / "r.docx", options=ReportOptions(figures=False))).paragraphs)
        assert "satu pengode (peneliti)" in text
    finally:
        for coding_id in project.codings(coder="auto")["coding_id"]:
            project.uncode(int(coding_id))
        assert project.codings(coder="auto").empty
