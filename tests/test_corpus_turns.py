"""Speaker turns: every label convention, guards against false labels, exact offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpsw_research.corpus import read_source, split_paragraphs, split_turns
from rpsw_research.corpus.turns import transcript_table


def _turns(text, **kwargs):
    return [(t.speaker, t.informant, t.is_interviewer, t.timestamp, t.text_in(text))
            for t in split_turns(text, **kwargs)]


@pytest.mark.parametrize("text,expected", [
    ("P: Tanya?\nI: Jawab.", [("P", None, True), ("I", "K1", False)]),
    ("T: Tanya?\nJ: Jawab.", [("T", None, True), ("J", "K1", False)]),
    ("I: Tanya?\nJ: Jawab.", [("I", None, True), ("J", "K1", False)]),
    ("Peneliti: Tanya?\nInforman: Jawab.", [("Peneliti", None, True), ("Informan", "K1", False)]),
    ("Pewawancara: Tanya?\nK1: Jawab.", [("Pewawancara", None, True), ("K1", "K1", False)]),
    ("[P]: Tanya?\n[K1]: Jawab.", [("P", None, True), ("K1", "K1", False)]),
    ("**P:** Tanya?\n**K1**: Jawab.", [("P", None, True), ("K1", "K1", False)]),
    ("PENELITI : Tanya?\nk1: Jawab.", [("PENELITI", None, True), ("k1", "K1", False)]),
    ("Tanya: Tanya?\nJawab: Jawab.", [("Tanya", None, True), ("Jawab", "K1", False)]),
    ("Q: Tanya?\nA: Jawab.", [("Q", None, True), ("A", "K1", False)]),
    ("Penanya: Tanya?\nNarasumber: Jawab.", [("Penanya", None, True),
                                              ("Narasumber", "K1", False)]),
    ("Penulis: Tanya?\nResponden: Jawab.", [("Penulis", None, True), ("Responden", "K1", False)]),
    ("Interviewer: Tanya?\nInterviewee: Jawab.", [("Interviewer", None, True),
                                                   ("Interviewee", "K1", False)]),
    ("Peneliti 2: Tanya?\nInforman 1: Jawab.", [("Peneliti 2", None, True),
                                                 ("Informan 1", "K1", False)]),
])
def test_label_conventions(text, expected):
    found = _turns(text, informants=["K1"])
    assert [(s, i, r) for s, i, r, _, _ in found] == expected
    assert [body for *_, body in found] == ["Tanya?", "Jawab."]


@pytest.mark.parametrize("line,stamp", [
    ("[00:12:31] K1: Jawab.", "00:12:31"),
    ("00:12 K1: Jawab.", "00:12"),
    ("K1 (00:12): Jawab.", "00:12"),
    ("K1 [00:12:31.5]: Jawab.", "00:12:31.5"),
    ("K1: [01:02:03] Jawab.", "01:02:03"),
    ("(00:12) - K1: Jawab.", "00:12"),
])
def test_timestamps_before_or_after_the_label(line, stamp):
    assert _turns(line, informants=["K1"]) == [("K1", "K1", False, stamp, "Jawab.")]


def test_continuation_lines_and_blank_lines_stay_in_the_turn():
    text = "P: Tanya?\n\nK1: Satu.\nDua.\n\nCatatan: menangis.\nNama: Sari\nP: Lagi?"
    found = _turns(text, informants=["K1"])
    assert [body for *_, body in found] == [
        "Tanya?", "Satu.\nDua.\n\nCatatan: menangis.\nNama: Sari", "Lagi?"]


def test_text_before_the_first_label_is_not_a_turn():
    text = "Transkrip wawancara\nLokasi: ruang konseling\n\nP: Mulai."
    assert _turns(text) == [("P", None, True, None, "Mulai.")]


def test_labels_from_register_and_penutur_only():
    text = "MK: Dari register.\nBu Rina: Dari penutur.\nSari: Tidak dikenal.\nR: Peneliti."
    found = _turns(text, informants=["K2"], known_ids=["MK", "K1"],
                   speakers={"Bu Rina": "K2", "R": "peneliti"})
    assert [(s, i, r, body) for s, i, r, _, body in found] == [
        ("MK", "MK", False, "Dari register."),
        ("Bu Rina", "K2", False, "Dari penutur.\nSari: Tidak dikenal."),
        ("R", None, True, "Peneliti."),
    ]


def test_declared_interviewer_label():
    found = _turns("Dewi: Tanya?\nK1: Jawab.", informants=["K1"], interviewer="Dewi")
    assert [(s, r) for s, _, r, _, _ in found] == [("Dewi", True), ("K1", False)]


def test_generic_informant_label_needs_a_single_informant():
    found = _turns("P: Tanya?\nInforman: Jawab.", informants=["K1", "K2"])
    assert found[1][:3] == ("Informan", None, False)
    numbered = _turns("P: Tanya?\nInforman 1: Satu.\nInforman 2: Dua.", informants=["K1", "K2"])
    assert [t[:3] for t in numbered[1:]] == [("Informan 1", None, False),
                                             ("Informan 2", None, False)]


def test_paired_and_numbered_words_only_as_speakers():
    # a question/answer word is a speaker only with its partner; other words with a
    # number, and everyday words such as "Fasilitator", are speech
    speech = ("Satu.\nA: bukan label.\nJawaban: itu kata saya.\nTanya: kata juga.\n"
              "Fasilitator: Bu pekerja sosial.\nKegiatan 1: menjahit.")
    found = _turns("P: Tanya?\nK1: " + speech, informants=["K1"])
    assert [t[0] for t in found] == ["P", "K1"] and found[1][4] == speech
    several = _turns("P: Tanya?\nInforman 1: Satu.\nInforman 2: Dua.", informants=["K1"])
    assert [t[:3] for t in several[1:]] == [("Informan 1", None, False),
                                            ("Informan 2", None, False)]


def test_label_with_empty_first_line_starts_on_next_line():
    assert _turns("P:\n  Tanya panjang?\nK1:\nJawab.", informants=["K1"])[0][4] == \
        "Tanya panjang?"


def test_observation_notes_are_not_split_unless_asked(tmp_path):
    path = tmp_path / "obs.txt"
    path.write_text("---\njenis: observasi\ninforman: K1\n---\nCatatan: tenang.\nK1: halo.",
                    encoding="utf-8")
    assert read_source(path).turns == ()
    forced = read_source(path, split=True)
    assert [t.speaker for t in forced.turns] == ["K1"]


def test_interview_without_labels_warns(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("Hanya narasi tanpa label.", encoding="utf-8")
    source = read_source(path, kind="wawancara")
    assert source.turns == () and source.warnings


def test_paragraphs_are_exact_and_stripped():
    text = "  Satu\nbaris.  \n\n \n\nDua.\n   \nTiga."
    assert [p.text_in(text) for p in split_paragraphs(text)] == [
        "Satu\nbaris.", "Dua.", "Tiga."]
    assert [p.index for p in split_paragraphs(text)] == [0, 1, 2]
    assert split_paragraphs("") == ()


# --- property tests over generated transcripts --------------------------------------
LABELS = {"P": (None, True), "Peneliti": (None, True), "K1": ("K1", False),
          "MK": ("MK", False), "K2": ("K2", False), "Informan": ("K1", False)}
WORDS = st.sampled_from(["saya", "ibu", "dulu", "Catatan:", "Nama:", "ya,", "00:12", "RPSW",
                         "didata", "kami", "-", "“baik”", "café", "*", "[ket]", "KTP:",
                         "OC:", "A:", "NB:", "Pertama:"])
LINE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
STAMP = st.tuples(st.integers(0, 2), st.integers(0, 59), st.integers(0, 59)).map(
    lambda hms: "{:02d}:{:02d}:{:02d}".format(*hms))
STYLES = ["{l}: ", "[{l}]: ", "**{l}:** ", "**{l}**: ", "[{s}] {l}: ", "{s} {l}: ",
          "{l} ({s}): ", "  {l}: "]


@st.composite
def transcripts(draw):
    turns = draw(st.lists(st.tuples(st.sampled_from(sorted(LABELS)), st.sampled_from(STYLES),
                                     STAMP, st.lists(LINE, min_size=1, max_size=4),
                                     st.sampled_from(["\n", "\n\n", "\n \n"])),
                          min_size=1, max_size=8))
    preamble = draw(st.sampled_from(["", "Transkrip (sintetis)\n\n"]))
    text, expected = preamble, []
    for label, style, stamp, lines, gap in turns:
        text += style.format(l=label, s=stamp) + "\n".join(lines) + gap
        expected.append((label, "{s}" in style and stamp or None, "\n".join(lines)))
    return text, expected


@settings(max_examples=150, deadline=None)
@given(transcripts())
def test_generated_transcripts_split_exactly(case):
    text, expected = case
    turns = split_turns(text, informants=["K1"], known_ids=["MK", "K2"])
    assert [(t.speaker, t.timestamp, text[t.start:t.end]) for t in turns] == expected
    for turn in turns:
        informant, interviewer = LABELS[turn.speaker]
        assert (turn.informant, turn.is_interviewer) == (informant, interviewer)
    assert [t.index for t in turns] == list(range(len(turns)))
    assert all(a.end <= b.start for a, b in zip(turns, turns[1:], strict=False))


@settings(max_examples=60, deadline=None)
@given(transcripts())
def test_turn_offsets_survive_reading_from_a_file(tmp_path_factory, case):
    text, expected = case
    path = tmp_path_factory.mktemp("w") / "w.txt"
    path.write_bytes(("---\njenis: wawancara\ninforman: K1\n---\n" + text).replace(
        "\n", "\r\n").encode("utf-8"))
    source = read_source(path, register=["K1", "K2", "MK"])
    assert [source.text[t.start:t.end] for t in source.turns] == [e[2] for e in expected]
    for paragraph in source.paragraphs:
        body = source.text[paragraph.start:paragraph.end]
        assert body == body.strip() and "\n\n" not in body


def test_transcript_tables_become_label_lines():
    spoken = [["No", "Penutur", "Transkrip"], ["1", "P", "Tanya?"], ["2", "K1", "Satu."],
              ["", "", "Dua."]]
    assert transcript_table(spoken) == "P: Tanya?\nK1: Satu.\nDua."
    timed = [["No", "Waktu", "Penutur", "Transkrip", "Keterangan"],
             ["1", "00:05", "Peneliti (P):", "Tanya?", ""],
             ["2", "00:12", "K1", "Satu.", "menangis"], ["", "", "", "Dua.", "diam lama"]]
    text = transcript_table(timed)
    assert text == ("[00:05] Peneliti: Tanya?\n[00:12] K1: Satu. [menangis]\n"
                    "Dua. [diam lama]")
    assert [(t[0], t[3], t[4]) for t in _turns(text, informants=["K1"])] == [
        ("Peneliti", "00:05", "Tanya?"), ("K1", "00:12", "Satu. [menangis]\nDua. [diam lama]")]
    paired = [["No.", "Pertanyaan", "Jawaban"], ["1", "Tanya?", "Jawab."], ["2", "Lagi?", ""]]
    assert transcript_table(paired) == "Pertanyaan: Tanya?\nJawaban: Jawab.\nPertanyaan: Lagi?"
    assert transcript_table([["Tahap", "Kegiatan"], ["1", "Registrasi"]]) is None
    assert transcript_table([["Penutur", "Transkrip"]]) is None  # a header alone


def test_an_interview_kept_in_a_word_table_is_split_into_turns(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Transkrip wawancara (sintetis)")
    table = document.add_table(rows=3, cols=3)
    for r, cells in enumerate([("No", "Pertanyaan", "Jawaban"),
                               ("1", "Bagaimana awalnya?", "Saya didata dulu."),
                               ("2", "Lalu?", "Dikasih kamar.")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    document.save(tmp_path / "w.docx")
    source = read_source(tmp_path / "w.docx", kind="wawancara", informants=["K1"])
    assert [(t.speaker, t.informant, t.text_in(source.text)) for t in source.turns] == [
        ("Pertanyaan", None, "Bagaimana awalnya?"), ("Jawaban", "K1", "Saya didata dulu."),
        ("Pertanyaan", None, "Lalu?"), ("Jawaban", "K1", "Dikasih kamar.")]
    # a speaker column holding names: its labels are speakers, known or not
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for r, cells in enumerate([("Penutur", "Transkrip"), ("Peneliti", "Bagaimana?"),
                               ("Mawar", "Saya didata.")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    document.save(tmp_path / "n.docx")
    named = read_source(tmp_path / "n.docx", kind="wawancara")
    assert [(t.speaker, t.is_interviewer) for t in named.turns] == [("Peneliti", True),
                                                                    ("Mawar", False)]
    # a document keeps its tables as they are
    assert "1 | Bagaimana awalnya? | Saya didata dulu." in read_source(
        tmp_path / "w.docx", kind="dokumen").text


def test_labels_answering_the_interviewer_are_speakers_of_unknown_id():
    # read without its informant list, "K10:" still answers "P:"; notes do not
    text = ("P: Tanya?\nK10: Satu.\nCatatan: menangis.\nP: Lagi?\nK10: Dua.\nNama: Sari\n"
            "P: Terakhir?\nK10: Tiga.")
    found = _turns(text)
    assert [(t[0], t[1], t[2]) for t in found] == [("P", None, True), ("K10", None, False)] * 3
    assert found[1][4] == "Satu.\nCatatan: menangis."
    # once is not a convention: a label-shaped line after a question stays in its turn
    once = _turns("P: Tanya?\nK1: Satu.\nP: Lagi?\nBu Ani: kata dia.", informants=["K1"])
    assert [t[0] for t in once] == ["P", "K1", "P"]
    assert once[2][4] == "Lagi?\nBu Ani: kata dia."
    # words of the speech, notes, abbreviations and answer options are no speakers,
    # however often they follow a question
    for word in ("Pertama", "OC", "KTP", "A", "NB"):
        text = f"P: Dua hal.\n{word}: satu.\nK1: Ya.\nP: Lagi.\n{word}: dua.\nK1: Ya."
        assert [t[0] for t in _turns(text, informants=["K1"])] == ["P", "K1", "P", "K1"]
    # a note between question and answer does not hide who answers
    noted = _turns("P: Satu?\nCatatan: diam.\nK10: Ya.\nP: Dua?\nK10: Ya.\nP: Tiga?\n"
                   "Catatan: diam.\nK10: Ya.")
    assert [t[0] for t in noted] == ["P", "K10"] * 3
    named = _turns("P: Satu?\nIbu Siti Aminah: Ya.\nP: Dua?\nIbu Siti Aminah: Ya.")
    assert [(t[0], t[2]) for t in named[1::2]] == [("Ibu Siti Aminah", False)] * 2
