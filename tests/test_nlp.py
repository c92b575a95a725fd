"""The Indonesian pipeline: tokens, informal norms, lemmas, stems, sentences, offsets."""

from __future__ import annotations

import pytest

from rpsw_research.corpus.model import Segment, Source, Turn
from rpsw_research.errors import CodingError
from rpsw_research.nlp import (
    get_nlp,
    norm_form,
    normalise,
    paragraph_spans,
    sentences,
    stem,
    unit_spans,
    units,
)


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def test_pipeline_is_built_once(nlp):
    assert get_nlp() is nlp
    assert nlp.lang == "id"
    assert nlp.pipe_names == ["lemmatizer", "sentences"]


@pytest.mark.parametrize(("word", "lemma", "stem_"), [
    ("pelayanan", "layan", "layan"),
    ("Pelayanan", "layan", "layan"),
    ("pengungkapan", "ungkap", "ungkap"),
    # not in spaCy's lookup table: the lemma stays, the Sastrawi stem finds the root
    ("dipulangkan", "dipulangkan", "pulang"),
    # informal form: normalised first, so the stem of dipulangkan
    ("dipulangin", "dipulangkan", "pulang"),
])
def test_lemma_and_stem(nlp, word, lemma, stem_):
    token = nlp(word)[0]
    assert token.lemma_ == lemma
    assert token._.stem == stem_
    assert stem(word) == stem(word.lower())


@pytest.mark.parametrize(("informal", "formal"), [
    ("nggak", "tidak"), ("gak", "tidak"), ("ga", "tidak"), ("enggak", "tidak"),
    ("Udah", "sudah"), ("dah", "sudah"), ("dikasih", "diberi"), ("nemenin", "menemani"),
    ("gimana", "bagaimana"), ("pengen", "ingin"), ("dateng", "datang"),
    ("kayak", "seperti"), ("dipulangin", "dipulangkan"), ("nyeritain", "menceritakan"),
    # regional forms: Betawi, Javanese, Sundanese, eastern Indonesian Malay
    ("aye", "saya"), ("udeh", "sudah"), ("mboten", "tidak"), ("sampun", "sudah"),
    ("teu", "tidak"), ("tra", "tidak"), ("su", "sudah"), ("kitong", "kita"),
])
def test_informal_norms(nlp, informal, formal):
    assert norm_form(informal) == formal
    token = nlp(f"saya {informal} itu")[1]
    assert token.norm_ == formal
    assert token._.norm == formal
    assert token.text == informal  # the text itself never changes


def test_norms_keep_offsets(nlp):
    text = "Gimana ya, saya udah dikasih   formulir tapi nggak ngerti."
    doc = nlp(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx: token.idx + len(token.text)] == token.text
    assert [t.norm_ for t in doc if not t.is_space][:6] == [
        "bagaimana", "ya", ",", "saya", "sudah", "diberi"]
    assert normalise("saya nggak dateng") == "saya tidak datang"


@pytest.mark.parametrize("abbr", ["dll.", "dsb.", "dst.", "Bpk.", "Sdr.", "No.", "Jl.", "Dll."])
def test_abbreviations_are_single_tokens_and_do_not_end_sentences(nlp, abbr):
    doc = nlp(f"Kami diajari menjahit {abbr} kemudian pulang.")
    assert abbr in [t.text for t in doc]
    assert len(list(doc.sents)) == 1


def test_sentence_rules(nlp):
    text = ('Saya takut... saya nggak tahu. Gimana ya?! Terus dibawa ke Jl. Raya No. 5. '
            'Kata dia, "Ikut saja." Saya ikut... Habis itu saya didata.')
    sents = [s.text for s in nlp(text).sents]
    assert sents == [
        "Saya takut... saya nggak tahu.",
        "Gimana ya?!",
        "Terus dibawa ke Jl. Raya No. 5.",
        'Kata dia, "Ikut saja."',
        "Saya ikut...",
        "Habis itu saya didata.",
    ]


def _interview() -> Source:
    text = ("Wawancara sintetis.\n\n"
            "P: Bagaimana awalnya?\n"
            "K1: Saya didata dulu. Dikasih formulir sama Bpk. petugas\n"
            "lanjut baris berikutnya tanpa titik\n"
            "P: Lalu?\n"
            "K1: Ya udah... Nggak tahu lagi")
    turns = []
    for index, (label, body) in enumerate([
        ("P", "Bagaimana awalnya?"),
        ("K1", "Saya didata dulu. Dikasih formulir sama Bpk. petugas\n"
               "lanjut baris berikutnya tanpa titik"),
        ("P", "Lalu?"),
        ("K1", "Ya udah... Nggak tahu lagi"),
    ]):
        start = text.index(body)
        turns.append(Turn(index, start, start + len(body), speaker=label,
                          informant=None if label == "P" else "K1", is_interviewer=label == "P"))
    return Source("W-K1-01", "wawancara", text, informants=("K1",), turns=tuple(turns))


def test_sentences_of_a_source_stay_within_turns():
    source = _interview()
    segs = sentences(source)
    assert all(isinstance(s, Segment) and s.kind == "sentence" for s in segs)
    assert [s.index for s in segs] == list(range(len(segs)))
    assert [s.text_in(source.text) for s in segs] == [
        "Wawancara sintetis.",
        "Bagaimana awalnya?",
        "Saya didata dulu.",
        "Dikasih formulir sama Bpk. petugas\nlanjut baris berikutnya tanpa titik",
        "Lalu?",
        "Ya udah...",
        "Nggak tahu lagi",
    ]
    for seg in segs:  # every sentence lies inside one turn or before the first turn
        turn = source.turn_at(seg.start)
        assert turn is None or seg.end <= turn.end
    assert sentences(source) == segs  # deterministic


def test_paragraph_and_turn_units():
    text = "Paragraf satu.\nMasih satu.\n\n  \nParagraf dua. Dua kalimat."
    source = Source("D-01", "dokumen", text)
    assert [text[s:e] for s, e in paragraph_spans(source)] == [
        "Paragraf satu.\nMasih satu.", "Paragraf dua. Dua kalimat."]
    assert len(sentences(source)) == 4
    assert [u.kind for u in units(source, "turn")] == ["paragraph", "paragraph"]
    interview = _interview()
    assert len(units(interview, "turn")) == 5  # preamble paragraph + four turns
    with pytest.raises(CodingError):
        unit_spans(source, "kalimat")


def test_form_field_lines_are_sentences(nlp):
    text = "Kode klien: K1\nNama lengkap: disamarkan\nkelanjutan baris\nDaerah asal: Jawa Barat"
    assert [s.text.strip() for s in nlp(text).sents] == [
        "Kode klien: K1", "Nama lengkap: disamarkan\nkelanjutan baris", "Daerah asal: Jawa Barat"]


@pytest.mark.parametrize(("word", "root"), [
    ("dirapatin", "rapat"), ("disaranin", "saran"), ("ngobrol", "obrol"), ("nyiapin", "siap"),
    ("ngejawabnya", "jawab"), ("ditanyain", "tanya"), ("pemulangan", "pulang"),
    ("ingin", "ingin"), ("karaoke", "karaoke"),
])
def test_colloquial_forms_get_their_root(word, root):
    assert stem(word) == root


def test_spacy_lookup_lemmatizer_initialises_offline():
    import spacy

    plain = spacy.blank("id")
    plain.add_pipe("lemmatizer", config={"mode": "lookup"})
    plain.initialize()  # tables come from the installed spacy-lookups-data package
    assert [t.lemma_ for t in plain("pelayanan pengungkapan")] == ["layan", "ungkap"]


@pytest.mark.parametrize(("text", "first"), [
    ("Saya kangen sama ibu. Dia masih di kampung.", "Saya kangen sama ibu."),
    ("Saya pindah ke kota. Di sana saya kerja.", "Saya pindah ke kota."),
    ("Banyak hal. Terus saya pulang.", "Banyak hal."),
    ("Itu ada di pasal. Ayat berikutnya lain.", "Itu ada di pasal."),
    ("HP saya diambil bu. Saya tidak bisa telepon.", "HP saya diambil bu."),
    ("Saya lapor ke Pak RT. Dia bantu.", "Saya lapor ke Pak RT."),
])
def test_ordinary_words_before_a_period_end_the_sentence(nlp, text, first):
    sents = [s.text for s in nlp(text).sents]
    assert len(sents) == 2 and sents[0] == first


@pytest.mark.parametrize("text", [
    "Kami belajar menjahit, memasak dll. dan pulang sore.",
    "Rumahnya di Jl. Melati No. 5 dekat pasar.",
    "Saya dibantu Bpk. Ahmad waktu itu.",
    "Dia tinggal di Kab. Bogor sejak tgl. 5 Mei.",
])
def test_true_abbreviations_do_not_split(nlp, text):
    assert len(list(nlp(text).sents)) == 1
