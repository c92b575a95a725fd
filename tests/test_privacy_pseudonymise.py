"""Pseudonymisation on synthetic Indonesian text: every name form, no false hits."""

from __future__ import annotations

import pytest

from rpsw_research.corpus.model import Segment, Source, Turn
from rpsw_research.privacy import (
    PrivacyKey,
    Pseudonymiser,
    detect,
    leak_check,
    pseudonymise,
    spelling_variants,
)

# Synthetic key: invented people and places (no real person).
KEY = PrivacyKey.from_entries(
    [
        {
            "kind": "person",
            "name": "Siti Aminah",
            "aliases": ["Siti", "Bu Aminah"],
            "replacement": "K1",
        },
        {"kind": "person", "name": "Indah Permatasari", "aliases": ["Indah"]},
        {"kind": "person", "name": "Ani"},
        {"kind": "person", "name": "Sari Wulandari", "aliases": ["Sari"]},
        {"kind": "person", "name": "Putri", "replacement": "Mawar"},
        {"kind": "person", "name": "Joko Susilo", "aliases": ["Joko"], "replacement": "PS"},
        {"kind": "person", "name": "Bunga", "match": "any", "replacement": "K3"},
        {"kind": "place", "name": "Indramayu"},
        {"kind": "place", "name": "Kampung Cikoneng"},
        {"kind": "organisation", "name": "PT Maju Sejahtera Abadi"},
    ]
)

CASES = [
    # clitics with and without hyphen; honorifics kept
    ("Mbak Siti-nya bilang begitu.", "Mbak K1-nya bilang begitu."),
    ("Sitinya sudah pulang.", "K1nya sudah pulang."),
    (
        "Sitilah yang datang, Sitipun ikut, Sitikah itu?",
        "K1lah yang datang, K1pun ikut, K1kah itu?",
    ),
    ("Bu Aminah datang.", "Bu K1 datang."),
    ("kata bu siti tadi", "kata bu K1 tadi"),
    ("SITI AMINAH", "K1"),
    # names split by a line break or several spaces
    ("dengan Siti\nAminah kemarin", "dengan K1 kemarin"),
    ("dengan Siti   Aminah kemarin", "dengan K1 kemarin"),
    ("Indah\nPermatasari", "[NAMA-1]"),
    # names that are ordinary words: capitalised only, any case after an honorific
    ("Pemandangannya indah sekali.", "Pemandangannya indah sekali."),
    ("Kak indah datang, Indah juga.", "Kak [NAMA-1] datang, [NAMA-1] juga."),
    ("minum sari buah dan jamu", "minum sari buah dan jamu"),
    ("Sari pun datang, mbak sari juga", "[NAMA-3] pun datang, mbak [NAMA-3] juga"),
    ("sang putri raja", "sang putri raja"),
    ("Putri bilang kak putri capek", "Mawar bilang kak Mawar capek"),
    ("bunga mawar; Bunga datang", "K3 mawar; K3 datang"),
    # names inside longer words are never touched
    ("Sarinah makan sarimi di warung Sari.", "Sarinah makan sarimi di warung [NAMA-3]."),
    ("Rani, Ania, petani, tani, Ani.", "Rani, Ania, petani, tani, [NAMA-2]."),
    ("Anilah yang cerita; Ani-nya diam.", "[NAMA-2]lah yang cerita; [NAMA-2]-nya diam."),
    ("alat panen ani-ani itu", "alat panen ani-ani itu"),
    ("Jokowi dan Joko", "Jokowi dan PS"),
    ("Indahnya hari ini", "[NAMA-1]nya hari ini"),
    # old spelling variants
    ("Djoko Soesilo datang", "PS datang"),
    # places and organisations
    ("Dia dari Indramayu, tepatnya kampung cikoneng.", "Dia dari [TEMPAT-1], tepatnya [TEMPAT-2]."),
    ("kerja di PT Maju Sejahtera Abadi", "kerja di [LEMBAGA-1]"),
    ("hidup sejahtera dan abadi", "hidup sejahtera dan abadi"),
    # markdown emphasis and punctuation around names
    ('_Siti_ dan **Ani**: "Sari"', '_K1_ dan **[NAMA-2]**: "[NAMA-3]"'),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_names_in_indonesian_forms(text: str, expected: str) -> None:
    new, log = pseudonymise(text, KEY, detectors=())
    assert new == expected
    for entry in log:
        assert new[entry.start : entry.end] == entry.placeholder


def test_bunga_with_match_any_replaces_lowercase_word_too() -> None:
    new, _ = pseudonymise("bunga", KEY, detectors=())
    assert new == "K3"


IDENTIFIERS = [
    ("NIK 3171012304850001 ya", "NIK [NIK] ya"),
    ("NIK: 3171 0123 0485 0001.", "NIK: [NIK]."),
    ("No. KTP 31.71.01.230485.0001", "No. KTP [NIK]"),
    ("hp 081234567890, 0812-3456-7890", "hp [TELEPON], [TELEPON]"),
    ("+62 812 3456 7890 atau 62812-3456-789", "[TELEPON] atau [TELEPON]"),
    ("kantor (021) 8400123", "kantor [TELEPON]"),
    ("email siti.aminah@contoh.id", "email [EMAIL]"),
    ("paspor A1234567 dan B 1234567", "paspor [PASPOR] dan [PASPOR]"),
    ("Saya lahir di desa, 12 Mei 1990.", "Saya lahir di desa, [TGL-LAHIR]."),
    ("tgl lahir: 12-05-1990", "tgl lahir: [TGL-LAHIR]"),
    ("TTL: Subang, 3 Agustus 1994", "TTL: [TGL-LAHIR]"),
    ("rumahnya di Jl. Kenari No. 5, RT 03/RW 05", "rumahnya di [ALAMAT], [RT/RW]"),
    ("Jalan Kebon Jeruk III No 12 dekat pasar", "[ALAMAT] dekat pasar"),
    ("Gg. Kelapa 3", "[ALAMAT]"),
    ("tinggal di jl. kenari no 5 dekat pasar", "tinggal di [ALAMAT] dekat pasar"),
    ("masuk gg. buntu 12, belok kiri", "masuk [ALAMAT], belok kiri"),
    ("RT.003 RW.005", "[RT/RW]"),
    ("RT/RW 003/005", "[RT/RW]"),
]


@pytest.mark.parametrize(("text", "expected"), IDENTIFIERS)
def test_identifiers_without_a_key(text: str, expected: str) -> None:
    new, log = pseudonymise(text)
    assert new == expected
    assert len(log) == expected.count("[")


NOT_IDENTIFIERS = [
    "jam 08.30-10.00 pagi",
    "tanggal 12-05-2014, 05/05/2009",
    "bantuan UEP Rp 3.000.000 per orang",
    "saya jalan ke pasar. Jalan itu jauh.",
    "Gang itu sempit sekali",
    "jl. raya macet sekali",
    "nomor induk 2014/07/031",
    "tahun 2013 ada 50 korban",
    "Pasal 44 UU 21/2007",
]


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_ordinary_numbers_and_words_are_kept(text: str) -> None:
    assert detect(text) == []
    assert pseudonymise(text, KEY)[0] == text


TRANSCRIPT = """P: Mbak, boleh cerita awal datang ke sini?
K1: Waktu itu saya sama Sari, dijemput polisi. Siti-nya (maksudnya saya) takut.
Sari\nWulandari yang antar. Nomor saya dulu 0813-1111-2222, NIK 3209014506920003.
P: Terus di rumah perlindungan?
K1: Didata dulu. Alamat asli Jl. Cempedak No. 7 RT 02/RW 09, Indramayu. Kak indah
yang dampingi, Pak Joko juga. Pemandangan di kampung indah, ada bunga-bunga."""


def test_transcript_has_zero_misses_and_is_deterministic() -> None:
    new, log = pseudonymise(TRANSCRIPT, KEY)
    assert leak_check(new, KEY).ok
    for word in ("Sari", "Siti", "Wulandari", "Indramayu", "Joko", "0813", "3209", "Cempedak"):
        assert word not in new
    assert "Pemandangan di kampung indah" in new  # ordinary word kept
    assert "bunga-bunga" in new  # reduplicated ordinary word kept
    assert "Kak [NAMA-1]" in new and "Pak PS" in new
    assert pseudonymise(TRANSCRIPT, KEY) == (new, log)
    assert log.counts() == {"person": 5, "phone": 1, "nik": 1, "address": 1, "rt_rw": 1, "place": 1}
    frame = log.to_frame()
    assert list(frame.columns) == ["kind", "placeholder", "start", "end", "field", "source_id"]
    assert not any("Sari" in str(v) for v in frame.to_numpy().ravel())


def test_log_never_holds_original_values() -> None:
    _, log = pseudonymise("Siti Aminah, NIK 3171012304850001", KEY)
    dumped = repr(log.records())
    assert "Siti" not in dumped and "3171" not in dumped


def test_source_text_title_metadata_and_offsets() -> None:
    text = "P: Siapa yang antar?\nSiti Aminah: Sari yang antar saya.\n\nP: Baik."
    t1_start = text.index("Siapa")
    t2_start = text.index("Sari yang")
    t3_start = text.index("Baik")
    src = Source(
        id="W-K1-01",
        kind="wawancara",
        text=text,
        informants=("K1",),
        title="Wawancara dengan Siti",
        place="Indramayu",
        metadata={
            "catatan": "pendamping: Bu Indah",
            "jumlah": 3,
            "penutur": ["Sari", "P"],
            "peta": {"Bu Siti": "K1"},
        },
        turns=(
            Turn(0, t1_start, text.index("\n"), speaker="P", is_interviewer=True),
            Turn(1, t2_start, text.index("\n\n"), speaker="Siti Aminah", informant="K1"),
            Turn(2, t3_start, len(text), speaker="P", is_interviewer=True),
        ),
        paragraphs=(
            Segment("paragraph", 0, 0, text.index("\n\n")),
            Segment("paragraph", 1, t3_start - 3, len(text)),
        ),
    )
    new, log = pseudonymise(src, KEY)
    assert new.text == "P: Siapa yang antar?\nK1: [NAMA-3] yang antar saya.\n\nP: Baik."
    assert new.title == "Wawancara dengan K1" and new.place == "[TEMPAT-1]"
    assert new.metadata["catatan"] == "pendamping: Bu [NAMA-1]"
    assert new.metadata["jumlah"] == 3 and new.metadata["penutur"] == ["[NAMA-3]", "P"]
    assert new.metadata["peta"] == {"Bu K1": "K1"}
    assert [t.speaker for t in new.turns] == ["P", "K1", "P"]
    assert new.turns[1].text_in(new.text) == "[NAMA-3] yang antar saya."
    assert new.turns[2].text_in(new.text) == "Baik."
    assert new.paragraphs[1].text_in(new.text) == "P: Baik."
    assert new.sha256 != src.sha256
    fields = {e.field for e in log}
    assert {
        "text",
        "title",
        "place",
        "metadata.catatan",
        "metadata.penutur.0",
        "turn.1.speaker",
    } <= fields
    assert all(e.source_id == "W-K1-01" for e in log)
    for e in log:
        if e.field == "text":
            assert new.text[e.start : e.end] == e.placeholder


def test_spelling_variants_cover_old_spelling() -> None:
    assert "Djoko" in spelling_variants("Joko")
    assert "Sukarno" in spelling_variants("Soekarno")
    assert "Tjahja" in spelling_variants("Cahya")
    assert "Sity" in spelling_variants("Siti")


def test_generated_variants_match_only_capitalised() -> None:
    key = PrivacyKey.from_entries([{"name": "Ani"}])
    assert pseudonymise("Any dan any", key, detectors=())[0] == "[NAMA-1] dan any"


def test_longest_form_wins_over_parts() -> None:
    key = PrivacyKey.from_entries(
        [
            {"name": "Siti", "replacement": "K1"},
            {"name": "Siti Rahma", "replacement": "K2"},
        ]
    )
    assert pseudonymise("Siti Rahma dan Siti", key)[0] == "K2 dan K1"


def test_unknown_detector_is_refused() -> None:
    with pytest.raises(ValueError):
        pseudonymise("x", detectors=["ktp"])


def test_many_sources_and_informant_attributes() -> None:
    from rpsw_research.corpus.model import Informant
    from rpsw_research.privacy import pseudonymise_informants, pseudonymise_sources

    sources = [
        Source(id="W-K1-01", kind="wawancara", text="Siti dari Indramayu."),
        Source(id="O-01", kind="observasi", text="Tidak ada nama."),
    ]
    new, log = pseudonymise_sources(sources, KEY)
    assert [s.text for s in new] == ["K1 dari [TEMPAT-1].", "Tidak ada nama."]
    assert {e.source_id for e in log} == {"W-K1-01"}
    people, log = pseudonymise_informants(
        [Informant("K1", "korban", {"asal": "Indramayu", "usia": "18-25"})], KEY
    )
    assert dict(people[0].attributes) == {"asal": "[TEMPAT-1]", "usia": "18-25"}
    assert [e.field for e in log] == ["informant.K1.asal"]


def test_resolve_key_checks_location(tmp_path) -> None:
    from rpsw_research.errors import PrivacyError
    from rpsw_research.privacy import resolve_key

    path = tmp_path / "data" / "kunci.yaml"
    path.parent.mkdir()
    path.write_text("entries:\n  - name: Siti\n", encoding="utf-8")
    assert resolve_key(None) is None
    key = resolve_key(path)
    assert resolve_key(key) is key
    with pytest.raises(PrivacyError):
        resolve_key(key, forbid_inside=[tmp_path / "data"])


# --- a systematic test set: every name form x honorific x clitic x position ---------------
HONORIFICS = ["", "Bu ", "bu ", "Mbak ", "mbak ", "Kak ", "kak ", "Pak "]
CLITICS = ["", "-nya", "nya", "lah", "-lah", "kah", "pun", "-pun"]
FRAMES = ["{} datang.", "Kemarin {} datang.", 'Katanya, {}: "iya".', "(dengan {})", "... {}"]
CAPITALISED_FORMS = [
    "Siti",
    "Siti Aminah",
    "Siti\nAminah",
    "Siti  Aminah",
    "Indah",
    "Sari",
    "Putri",
    "Ani",
    "Joko",
    "Djoko",
    "Indah Permatasari",
]


def test_systematic_forms_have_zero_misses() -> None:
    worker = Pseudonymiser(KEY, detectors=())
    misses = []
    total = 0
    for form in CAPITALISED_FORMS:
        for honorific in HONORIFICS:
            for clitic in CLITICS:
                for frame in FRAMES:
                    text = frame.format(honorific + form + clitic)
                    new, log, _ = worker.text(text)
                    total += 1
                    first = form.split()[0]
                    if first in new or len(log) != 1 or worker.spans(new):
                        misses.append(text)
                    elif honorific and not new.count(honorific.strip()):
                        misses.append(text)  # the honorific must be kept
                    elif clitic and clitic not in new:
                        misses.append(text)  # the clitic must be kept
    assert total == len(CAPITALISED_FORMS) * len(HONORIFICS) * len(CLITICS) * len(FRAMES)
    assert misses == []


UNRELATED_WORDS = [
    "Sarinah",
    "sarimi",
    "sarinya",
    "Rani",
    "Ania",
    "petani",
    "tani",
    "pertanian",
    "Tania",
    "keindahan",
    "memperindah",
    "indahnya",
    "Putriana",
    "putrinya",
    "putri-putri",
    "Jokowi",
    "Sitiawan",
    "Sitti",
    "berbunga",
    "bungaku",
    "Animasi",
    "animo",
    "Sariawan",
    "Indramayuan",
    "Anita",
    "Dani",
    "Ani2",
    "ani_lain",
]


@pytest.mark.parametrize("word", UNRELATED_WORDS)
def test_unrelated_words_are_never_touched(word: str) -> None:
    for frame in FRAMES:
        text = frame.format(word)
        assert pseudonymise(text, KEY, detectors=())[0] == text


def test_source_read_by_the_corpus_reader(tmp_path) -> None:
    from rpsw_research.corpus import read_source

    path = tmp_path / "w1.txt"
    path.write_text(
        "---\nid: W-K1-01\njenis: wawancara\ninforman: K1\ntanggal: 2014-03-12\n"
        "penutur: {Siti Aminah: K1}\n---\nP: Mbak Siti, boleh cerita?\n\n"
        "Siti Aminah: Saya dari Indramayu. HP saya 0812-3456-7890.\nP: Lalu?\n"
        "Siti Aminah: Didata dulu sama Bu Indah.\n",
        encoding="utf-8",
    )
    source = read_source(path)
    new, _ = pseudonymise(source, KEY)
    assert [t.text_in(new.text) for t in new.turns] == [
        "Mbak K1, boleh cerita?",
        "Saya dari [TEMPAT-1]. HP saya [TELEPON].",
        "Lalu?",
        "Didata dulu sama Bu [NAMA-1].",
    ]
    assert [t.speaker for t in new.turns] == ["P", "K1", "P", "K1"]
    assert [t.informant for t in new.turns] == [t.informant for t in source.turns]
    assert leak_check(new, KEY).ok and not leak_check(source, KEY).ok
