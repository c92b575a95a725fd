"""Rich notebook display: sources with turns, coded sources, passages, styled tables."""

import re

import pandas as pd
import pytest

import rpsw_research as rr
from rpsw_research.corpus import Informant, read_source
from rpsw_research.errors import ReportError, UnknownCodeError
from rpsw_research.report import highlight as hl
from rpsw_research.report import html

TRANSCRIPT = """---
id: W-X-01
jenis: wawancara
informan: [K1]
tanggal: 2014-04-02
judul: Wawancara <b>uji</b>
---
[Catatan sintetis: teks rekaan untuk pengujian.]

P: Apa yang terjadi <script>alert("x")</script> waktu itu?

K1: Saya didata dulu & ditanya nama. Lalu saya diantar ke kamar.
Saya masih takut.

P: Terus?

K1: Saya dibuatkan rencana pelayanan.
"""

REGISTRASI = "#E69F00"  # colours of the shipped codebook
PERENCANAAN = "#009E73"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "W-X-01.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return read_source(path)


@pytest.fixture
def proj(tmp_path, source):
    with rr.Project.create(tmp_path / "p.rpsw") as project:
        project.add_informants([Informant("K1", "korban")])
        project.add_source(source)
        project.codebook = rr.Codebook.default()
        yield project


def marks(fragment: str) -> list[tuple[str, str]]:
    """``(data-codes, text)`` of every highlight in ``fragment``."""
    return re.findall(r'<mark class="rr-hl" data-codes="([^"]*)"[^>]*>(.*?)</mark>',
                      fragment, flags=re.S)


# --- a source with its turns ---------------------------------------------------------------
def test_source_html_shows_turns_with_styled_speakers(source):
    page = source._repr_html_()
    speakers = re.findall(r'class="rr-speaker"[^>]*>([^<]+)</span>', page)
    assert speakers == ["P", "K1", "P", "K1"]
    assert page.count('class="rr-turn"') == 4
    # the label is drawn as a badge, not repeated in the turn text
    assert "K1:" not in page and "P:" not in page
    # text outside turns (the note before the first turn) is kept as its own block
    assert 'class="rr-block"' in page and "Catatan sintetis" in page
    assert "2 April 2014" in page and "4 giliran bicara" in page


def test_source_html_escapes_text_and_metadata(source):
    page = source._repr_html_()
    assert "<script>" not in page and "<b>uji</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Wawancara &lt;b&gt;uji&lt;/b&gt;" in page
    assert "didata dulu &amp; ditanya" in page


def test_source_html_in_english(source):
    page = html.source_html(source, lang="en")
    assert "interview" in page and "4 turns" in page and "2 April 2014" in page


# --- highlighting ----------------------------------------------------------------------------
def test_render_span_splits_overlaps_into_layered_pieces():
    text = "aaaa bbbb cccc"
    outer = hl.Highlight(0, 9, "x", "X", "#112233", "A", coding_id=1)
    inner = hl.Highlight(5, 14, "y", "Y", "#445566", "B", coding_id=2)
    out = hl.render_span(text, 0, len(text), [outer, inner])
    assert marks(out) == [("x", "aaaa "), ("x y", "bbbb"), ("y", " cccc")]
    overlap = re.search(r'<mark[^>]*data-codes="x y"[^>]*>', out).group()
    # segmented background (one band per code) and one underline layer per code
    assert "linear-gradient(to bottom,rgba(17,34,51,0.32) 0% 50%,rgba(68,85,102,0.32) 50% 100%)" \
        in overlap
    assert "inset 0 -3px 0 #112233,inset 0 -6px 0 #445566" in overlap
    assert 'data-codings="1 2"' in overlap
    assert "X (x) · pengode: A\nY (y) · pengode: B" in re.search(r'title="([^"]*)"',
                                                                  overlap).group(1)
    # the plain text in between is untouched and the pieces rebuild the text
    assert re.sub(r"<[^>]+>", "", out) == text


def test_render_span_nested_span_keeps_outer_code_around_it():
    text = "0123456789"
    out = hl.render_span(text, 0, 10, [hl.Highlight(1, 9, "o", "O", "#000000"),
                                         hl.Highlight(3, 5, "i", "I", "#FFFFFF")])
    assert marks(out) == [("o", "12"), ("o i", "34"), ("o", "5678")]
    assert out.startswith("0") and out.endswith("9")


def test_colours_are_checked_before_reaching_css():
    assert hl.safe_color("#abc") == "#abc"
    assert hl.safe_color("red;background:url(x)") == "#BBBBBB"
    assert hl.rgba("#abc", 0.5) == "rgba(170,187,204,0.5)"
    colors = hl.code_colors(["rpsw.registrasi", "nope", "nope2", "nope"],
                              rr.Codebook.default())
    assert colors == {"rpsw.registrasi": REGISTRASI, "nope": hl.PALETTE[0],
                      "nope2": hl.PALETTE[1]}


# --- proj.show -------------------------------------------------------------------------------
def test_show_highlights_codings_in_code_colours_with_legend(proj):
    proj.code("W-X-01", "rpsw.registrasi", quote="Saya didata dulu & ditanya nama.", coder="A")
    proj.code("W-X-01", "rpsw.registrasi", quote="Saya didata dulu", coder="B")
    proj.code("W-X-01", "rpsw.perencanaan", quote="Saya dibuatkan rencana pelayanan.",
              coder="A")
    view = proj.show("W-X-01")
    page = view._repr_html_()
    found = marks(page)
    assert ("rpsw.registrasi", "Saya didata dulu") in found  # A and B agree here
    assert ("rpsw.registrasi", " &amp; ditanya nama.") in found
    assert ("rpsw.perencanaan", "Saya dibuatkan rencana pelayanan.") in found
    assert "rgba(230,159,0,0.32)" in page and f"inset 0 -3px 0 {PERENCANAAN}" in page
    two_coders = re.search(r'<mark[^>]*>Saya didata dulu</mark>', page).group()
    assert "pengode: A" in two_coders and "pengode: B" in two_coders
    legend = page[page.index('class="rr-legend"'):]
    entries = re.findall(r'data-code="([^"]+)"', legend)
    assert entries == ["rpsw.registrasi", "rpsw.perencanaan"]  # codebook order
    assert "Registrasi dan identifikasi" in legend and "(2)" in legend and "(1)" in legend
    assert f"background:{REGISTRASI}" in legend
    assert "Pengode: A, B" in legend
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert view.legend()[0] == ("rpsw.registrasi", "Registrasi dan identifikasi",
                                REGISTRASI, 2)
    assert page == proj.show("W-X-01")._repr_html_()  # deterministic


def test_show_filters_by_coder_and_code_with_descendants(proj):
    proj.code("W-X-01", "rpsw.registrasi", quote="Saya didata dulu", coder="A")
    proj.code("W-X-01", "xc.perasaan.negatif", quote="Saya masih takut.", coder="B")
    assert [c for c, _ in marks(proj.show("W-X-01", coder="B").to_html())] == [
        "xc.perasaan.negatif"]
    by_parent = proj.show("W-X-01", codes="xc.perasaan")  # a code keeps its descendants
    assert list(by_parent.codings["code_id"]) == ["xc.perasaan.negatif"]
    assert len(proj.show("W-X-01", codes=["rpsw", "xc"]).codings) == 2
    with pytest.raises(UnknownCodeError):
        proj.show("W-X-01", codes="rpsw.registrsi")
    empty = proj.show("W-X-01", coder="A", codes="xc").to_html()
    assert "Belum ada koding" in empty and "rr-hl" not in empty


def test_show_leaves_rejected_suggestions_out_and_marks_suggestions(proj):
    kept = proj.code("W-X-01", "rpsw.registrasi", quote="Saya didata dulu", coder="auto")
    gone = proj.code("W-X-01", "rpsw.perencanaan", quote="rencana pelayanan", coder="auto")
    proj.store.update_coding(kept, who="auto", status="suggested")
    proj.store.update_coding(gone, who="auto", status="rejected")
    page = proj.show("W-X-01").to_html()
    assert [c for c, _ in marks(page)] == ["rpsw.registrasi"]
    assert "saran, belum ditinjau" in page and "underline dotted" in page


# --- passages --------------------------------------------------------------------------------
def test_passages_list_source_informant_code_and_context(proj):
    proj.code("W-X-01", "rpsw.registrasi", quote="ditanya nama", coder="A")
    frame = proj.codings()
    plain = html.passages(frame, codebook=proj.codebook).to_html()
    assert "1 bagian teks" in plain
    assert "W-X-01 · K1 · Registrasi dan identifikasi (rpsw.registrasi) · pengode: A" in plain
    assert marks(plain) == [("rpsw.registrasi", "ditanya nama")]
    with_context = html.passages(frame, proj, context=12)._repr_html_()
    assert re.search(r">…dulu &amp; <mark[^>]*>ditanya nama</mark>\. Lalu saya…",
                     with_context)
    assert html.passages(frame, proj).frame is frame  # the table is not changed


def test_passages_of_analysis_results_show_citations(proj):
    proj.code("W-X-01", "rpsw.registrasi",
              quote="Saya didata dulu & ditanya nama. Lalu saya diantar ke kamar.", coder="A")
    cell = rr.analysis.matrix_cell(proj, "K1", "rpsw.registrasi")
    assert "rpsw.registrasi" in html.passages(cell, proj)._repr_html_()
    quotes = rr.analysis.quotes(proj, "rpsw.registrasi")
    page = html.passages(quotes, proj).to_html()
    assert "Wawancara Pribadi" in page  # the thesis citation under the passage


def test_passages_need_passage_columns_and_say_when_empty():
    with pytest.raises(ReportError) as error:
        html.passages(pd.DataFrame({"source_id": ["a"], "text": ["x"]}))
    assert "start, end" in str(error.value)
    empty = pd.DataFrame(columns=["source_id", "start", "end", "text"])
    assert "Tidak ada bagian teks" in html.passages(empty)._repr_html_()


# --- styled tables ---------------------------------------------------------------------------
def test_heatmap_and_code_table_are_styled():
    frame = pd.DataFrame({"a": [0, 5], "b": [10, 2]}, index=["K1", "K2"])
    page = html.heatmap(frame).to_html()
    assert page.count("background-color") >= 4
    book = rr.Codebook.default()
    stages = [c.id for c in book.stages()]
    table = html.code_table(book, stages).to_html()
    assert f"background-color:{REGISTRASI}" in table.replace(": ", ":")
    assert "Pengakhiran pelayanan" in table


def test_passages_of_disagreements_name_who_coded_them():
    frame = pd.DataFrame({"source_id": ["S"], "start": [10], "end": [14], "text": ["teks"],
                          "code_id": ["rpsw.registrasi"], "applied_by": ["A;C"],
                          "not_applied_by": ["B"]})
    page = html.passages(frame, codebook=rr.Codebook.default()).to_html()
    assert "dikode oleh A, C, tidak oleh B" in page
    assert marks(page) == [("rpsw.registrasi", "teks")] and "[10:14]" in page
