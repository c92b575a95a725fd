"""End to end: a leak planted in a source is caught in every export, and each refuses;
the consent register governs quotes and withdrawn informants."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest

import rpsw_research as rr
from rpsw_research.errors import LeakError
from rpsw_research.privacy import Consent, PrivacyKey, leak_check
from rpsw_research.report import ReportOptions

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
KEY = "entries:\n  - {kind: person, name: Sulastri Wulandari, aliases: [Sulastri]}\n"
PLANTED = ("Saya didata dulu sama ibunya, nama saya Sulastri, "
           "nomor HP saya 0812-3456-7890 waktu itu.")


@pytest.fixture(scope="module")
def leaky(tmp_path_factory):
    root = tmp_path_factory.mktemp("leak")
    key_path = root / "kunci" / "kunci.yaml"
    key_path.parent.mkdir()
    key_path.write_text(KEY, encoding="utf-8")
    (root / "proj").mkdir()
    proj = rr.Project.create(root / "proj" / "studi.rpsw")
    proj.import_folder(SAMPLE)
    proj.codebook = rr.Codebook.default()
    interview = root / "W-K1-02.txt"
    interview.write_text("---\nid: W-K1-02\njenis: wawancara\ninforman: [K1]\n"
                         "tanggal: 2014-05-01\nsintetis: true\n---\n"
                         f"P: Waktu pertama datang gimana?\n\nK1: {PLANTED}\n", encoding="utf-8")
    proj.add_source(interview)
    proj.code("W-K1-02", "rpsw.registrasi", quote=PLANTED, coder="peneliti")
    yield proj, PrivacyKey.load(key_path), root / "out"
    proj.close()


def test_every_export_refuses_and_writes_nothing(leaky):
    proj, key, out = leaky
    out.mkdir(exist_ok=True)
    exports = {
        "laporan.docx": lambda p, **kw: rr.report.write_docx(proj, p, **kw),
        "tabel.xlsx": lambda p, **kw: rr.report.write_xlsx(proj, p, **kw),
        "studi.qdpx": lambda p, **kw: rr.interop.export_qdpx(proj, p, **kw),
        "csv": lambda p, **kw: rr.report.write_csv(proj, p, **kw),
    }
    for name, export in exports.items():
        with pytest.raises(LeakError) as info:
            export(out / name, privacy_key=key)
        message = str(info.value)
        assert name in message and "Sulastri" not in message and "0812" not in message
        assert not (out / name).exists(), name
    assert list(out.iterdir()) == []


def test_leak_check_finds_the_planted_leak_with_its_location(leaky):
    proj, key, out = leaky
    out.mkdir(exist_ok=True)
    written = [
        rr.report.write_docx(proj, out / "laporan.docx", privacy_key=key, allow_leaks=True),
        rr.report.write_xlsx(proj, out / "tabel.xlsx", privacy_key=key, allow_leaks=True),
        rr.interop.export_qdpx(proj, out / "studi.qdpx", privacy_key=key, allow_leaks=True),
    ]
    for path in written:
        report = leak_check(path, key)
        kinds = set(report.to_frame()["kind"])
        assert {"person", "phone"} <= kinds, (path, kinds)
        assert all(str(path) in str(f) for f in report.findings)
    # without a key the detectors still catch the phone number
    assert not leak_check(written[0]).ok


def test_sample_exports_pass_the_gate(tmp_path):
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
        rr.report.write_docx(proj, tmp_path / "r.docx",
                             options=ReportOptions(figures=False))
        rr.report.write_xlsx(proj, tmp_path / "t.xlsx")
        rr.interop.export_qdpx(proj, tmp_path / "s.qdpx")
    for name in ("r.docx", "t.xlsx", "s.qdpx"):
        assert leak_check(tmp_path / name).ok, name


def _consent(informant, quotes=True, withdrawn=None):
    return Consent(informant=informant, date=dt.date(2014, 3, 1), form_version="v1",
                   method="tertulis", recording=True, quotes=quotes, archiving=False,
                   withdrawn=withdrawn)


def test_consent_register_governs_quotes_and_purges_withdrawn(tmp_path):
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
        before = rr.analysis.frequencies(proj).set_index("code_id")
        proj.set_consents([_consent("MK"), _consent("PS"), _consent("K1", quotes=False),
                           _consent("K2", withdrawn=dt.date(2014, 6, 1)), _consent("K3")])
        quotes = rr.analysis.quotes(proj, "rpsw", n=50, per_informant=50)
        assert not quotes["informant"].isin(["K1", "K2"]).any() and len(quotes)
        tables = rr.analysis.study_tables(proj)
        assert "K2" not in set(tables.informants["informant_id"])
        assert not tables.codings["source_informants"].str.contains("K2").any()
        after = rr.analysis.frequencies(proj).set_index("code_id")
        assert after.loc["rpsw", "passages"] < before.loc["rpsw", "passages"]
        path = rr.report.write_docx(proj, tmp_path / "r.docx",
                                    options=ReportOptions(figures=False))
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "Informan K2 menarik persetujuannya" in text
    assert "Kutipan langsung dari K1 tidak ditampilkan" in text
    with zipfile.ZipFile(path) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    assert "K1, perempuan" not in notes and "K2, perempuan" not in notes


def test_a_bad_consent_register_stops_the_whole_folder_import(tmp_path):
    import shutil

    from rpsw_research.errors import InformantError

    folder = tmp_path / "studi"
    shutil.copytree(SAMPLE, folder)
    register = folder / "persetujuan.csv"
    register.write_text(register.read_text(encoding="utf-8") +
                        "K9,2014-04-01,v1,tertulis,ya,ya,tidak,tidak,\n", encoding="utf-8")
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        with pytest.raises(InformantError) as info:
            proj.import_folder(folder)
        assert "persetujuan.csv" in str(info.value) and "K9" in str(info.value)
        assert proj.sources() == [] and proj.informants_table().empty


def test_shared_tables_hide_quasi_identifiers_and_unquotable_text(tmp_path):
    import openpyxl

    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
        proj.set_consents([_consent(i, quotes=i != "K1") for i in ("MK", "PS", "K1", "K2", "K3")])
        shared = openpyxl.load_workbook(rr.report.write_xlsx(proj, tmp_path / "a.xlsx"))
        full = openpyxl.load_workbook(rr.report.write_xlsx(proj, tmp_path / "b.xlsx",
                                                           include_sensitive=True))
    header = [c.value for c in shared["Informan"][1]]
    assert "bentuk_eksploitasi" not in header and "daerah_asal_provinsi" not in header
    assert "bentuk_eksploitasi" in [c.value for c in full["Informan"][1]]
    sheet = shared["Koding"]
    columns = [c.value for c in sheet[1]]
    rows = [dict(zip(columns, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    k1 = [r for r in rows if r["Informan"] == "K1"]
    assert k1 and all(r["Teks"] in (None, "") for r in k1)
    assert any(r["Teks"] for r in rows if r["Informan"] == "K2")


def test_role_disclosure_and_sensitive_passages_in_shared_tables(tmp_path):
    import openpyxl

    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.import_folder(SAMPLE)
        proj.codebook = rr.Codebook.default()
        proj.import_codings(SAMPLE / "gold" / "gold_stages.csv", coder="peneliti")
        first = proj.codings(coder="peneliti").iloc[0]
        proj.code(first.source_id, "xc.eksploitasi.seksual", start=int(first.start),
                  end=int(first.end), coder="peneliti")
        consents = [_consent(i) for i in ("MK", "K1", "K2", "K3")]
        consents.append(dt_replace(_consent("PS"), role_disclosure=False))
        proj.set_consents(consents)
        book = openpyxl.load_workbook(rr.report.write_xlsx(proj, tmp_path / "t.xlsx"))
        refi = rr.interop.read_qdpx(rr.interop.export_qdpx(proj, tmp_path / "s.qdpx"))
    informants = {row[0].value: [c.value for c in row] for row in book["Informan"].iter_rows(
        min_row=2)}
    assert "pekerja_sosial" not in informants["PS"] and "informan" in informants["PS"]
    ps_case = next(case for case in refi.cases if case.name == "PS")
    assert "pekerja_sosial" not in str(ps_case.variables)
    sheet = book["Koding"]
    columns = [c.value for c in sheet[1]]
    rows = [dict(zip(columns, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    same = [r for r in rows if r["Kode sumber"] == first.source_id
            and r["Awal"] == int(first.start) and r["Akhir"] == int(first.end)]
    assert same and all(r["Teks"] in (None, "") for r in same)
    assert not any(r["Kode"] == "xc.eksploitasi.seksual" for r in rows)


def dt_replace(consent, **changes):
    from dataclasses import replace

    return replace(consent, **changes)


def test_report_of_an_empty_project(tmp_path):
    with rr.Project.create(tmp_path / "p.rpsw") as proj:
        proj.codebook = rr.Codebook.default()
        path = rr.report.write_docx(proj, tmp_path / "r.docx", lang="en")
    assert docx.Document(path).paragraphs
