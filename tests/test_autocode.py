"""Rule-based auto-coding engine and unit-level evaluation."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rpsw_research.codebook.model import Code, Codebook, Rule
from rpsw_research.coding.autocode import CompiledRules, autocode_sources
from rpsw_research.coding.evaluate import evaluate_spans, read_gold, span_units
from rpsw_research.corpus.model import Segment, Source, Turn
from rpsw_research.errors import CodebookError, InputError, UnknownCodeError

ROLES = {"K1": "korban", "MK": "manajer_kasus"}


def _source(turns: list[tuple[str, str]], sid: str = "W-01") -> Source:
    text = "\n".join(f"{label}: {body}" for label, body in turns)
    spans, pos = [], 0
    for index, (label, body) in enumerate(turns):
        start = text.index(body, pos)
        pos = start + len(body)
        interviewer = label == "P"
        spans.append(Turn(index, start, pos, speaker=label, is_interviewer=interviewer,
                          informant=None if interviewer else label))
    informants = tuple(sorted({label for label, _ in turns if label != "P"}))
    return Source(sid, "wawancara", text, informants=informants, turns=tuple(spans))


def _code(code_id: str, **rule) -> Code:
    return Code(code_id, {"id": code_id}, rule=Rule(**rule))


def _run(source: Source, *codes: Code, **kwargs) -> list:
    return list(autocode_sources([source], Codebook(list(codes)), informants=ROLES, **kwargs))


def test_keyword_on_lower_and_norm():
    src = _source([("K1", "Waktu itu saya Didata dulu. Terus nggak dikasih makan."),
                   ("K1", "Saya tidak diberi makan.")])
    found = _run(src, _code("reg", keywords=("didata",)),
                 _code("need", keywords=("tidak diberi makan",), negation="ignore"))
    got = [(c.code_id, src.text[c.start:c.end], c.rule) for c in found]
    assert got == [
        ("reg", "Waktu itu saya Didata dulu.", "keyword:didata"),
        ("need", "Terus nggak dikasih makan.", "keyword:tidak diberi makan"),
        ("need", "Saya tidak diberi makan.", "keyword:tidak diberi makan"),
    ]
    assert [c.unit_index for c in found] == [0, 1, 2]
    assert all(c.unit == "sentence" and c.score == 1.0 for c in found)


def test_lemma_stem_and_regex_rules():
    src = _source([("K1", "Pemulangan saya lama. Akhirnya saya dipulangin. Ada BAP di polres.")])
    found = _run(src, _code("lem", lemmas=("pemulangan",)), _code("stm", stems=("pulang",)),
                 _code("rx", regex=(r"\bbap\b",)))
    got = {(c.code_id, src.text[c.start:c.end]) for c in found}
    assert got == {("lem", "Pemulangan saya lama."),
                   ("stm", "Pemulangan saya lama."), ("stm", "Akhirnya saya dipulangin."),
                   ("rx", "Ada BAP di polres.")}
    rx = next(c for c in found if c.code_id == "rx")
    assert rx.rule == r"regex:\bbap\b"


def test_negation_lowers_blocks_or_is_ignored():
    src = _source([("K1", "Saya belum pernah didata. Saya didata. Didata, tapi bukan di sini.")])
    lower = _run(src, _code("c", keywords=("didata",), negation="lower", weight=0.8))
    assert [(c.score, c.negated) for c in lower] == [(0.4, True), (0.8, False), (0.8, False)]
    block = _run(src, _code("c", keywords=("didata",), negation="block"))
    assert [src.text[c.start:c.end] for c in block] == ["Saya didata.",
                                                         "Didata, tapi bukan di sini."]
    ignore = _run(src, _code("c", keywords=("didata",), negation="ignore"))
    assert [c.score for c in ignore] == [1.0, 1.0, 1.0]
    # a negator more than three words before does not count; informal negators do
    far = _source([("K1", "Nggak, saya dulu itu langsung didata. Saya gak didata.")])
    assert [c.negated for c in _run(far, _code("c", keywords=("didata",)))] == [False, True]


def test_speaker_roles_restrict_rules():
    src = _source([("P", "Apakah Ibu didata?"), ("K1", "Iya saya didata."),
                   ("MK", "Kami yang mendata, dia didata.")])
    only_victims = _run(src, _code("c", keywords=("didata",), speaker_roles=("korban",)))
    assert [src.text[c.start:c.end] for c in only_victims] == ["Iya saya didata."]
    researcher = _run(src, _code("c", keywords=("didata",), speaker_roles=("peneliti",)))
    assert [src.text[c.start:c.end] for c in researcher] == ["Apakah Ibu didata?"]
    anyone = _run(src, _code("c", keywords=("didata",)))
    assert len(anyone) == 3
    # without a register the roles are unknown: rules for some roles stay silent in
    # informants' turns; rules open to every informant role (the stages) fire there,
    # never in the interviewer's
    assert list(autocode_sources([src], Codebook([_code("c", keywords=("didata",),
                                                        speaker_roles=("korban",))]))) == []
    informants = ("manajer_kasus", "pekerja_sosial", "korban")
    stage_like = list(autocode_sources([src], Codebook([_code(
        "c", keywords=("didata",), speaker_roles=informants)])))
    assert [src.text[c.start:c.end] for c in stage_like] == ["Iya saya didata.",
                                                              "Kami yang mendata, dia didata."]
    # text outside turns (a field note) has no speaker: the restriction does not apply
    note = Source("O-01", "observasi", "Klien didata oleh petugas.")
    assert len(list(autocode_sources([note], Codebook([_code(
        "c", keywords=("didata",), speaker_roles=("korban",))])))) == 1


def test_units_turn_and_paragraph_and_code_selection():
    src = _source([("K1", "Saya didata. Lalu dipulangkan."), ("P", "Oh begitu.")])
    codes = [_code("reg", keywords=("didata",)), _code("rein", stems=("pulang",))]
    by_turn = _run(src, *codes, unit="turn")
    assert [(c.code_id, c.unit, src.text[c.start:c.end]) for c in by_turn] == [
        ("reg", "turn", "Saya didata. Lalu dipulangkan."),
        ("rein", "turn", "Saya didata. Lalu dipulangkan.")]
    best = by_turn[0]
    assert best.rules == ("keyword:didata",)
    assert [c.code_id for c in _run(src, *codes, codes=["rein"])] == ["rein"]
    with pytest.raises(UnknownCodeError):
        _run(src, *codes, codes=["tidak.ada"])
    with pytest.raises(CodebookError):
        _run(src, _code("bad", regex=("(",)))
    with pytest.raises(CodebookError):
        _run(src, _code("bad", keywords=("x",), negation="maybe"))


def test_best_rule_and_min_score_and_determinism():
    src = _source([("K1", "Saya tidak dipulangkan, tapi akhirnya ada pemulangan.")])
    code = _code("rein", keywords=("dipulangkan",), lemmas=("pemulangan",), weight=1.0)
    first = _run(src, code)
    assert len(first) == 1
    assert first[0].rule == "lemma:pemulangan"  # the un-negated hit wins
    assert first[0].rules == ("keyword:dipulangkan", "lemma:pemulangan")
    assert _run(src, code) == first
    weak = _source([("K1", "Saya tidak dipulangkan.")])
    assert _run(weak, code, min_score=0.6) == []
    compiled = CompiledRules(Codebook([code]))
    assert list(autocode_sources([weak, src], compiled, progress=False))[0].score == 0.5


# --- evaluation ---------------------------------------------------------------------
UNITS = {"S": [Segment("sentence", 0, 0, 10), Segment("sentence", 1, 11, 20),
               Segment("sentence", 2, 21, 30)],
         "T": [Segment("sentence", 0, 0, 5)]}


def test_span_units_maps_overlaps():
    got = span_units([("S", 2, 5, "A"), ("S", 8, 15, "B"), ("S", 10, 11, "C"),
                      ("X", 0, 3, "A")], UNITS)
    # B spans two sentences; C covers only the gap between them; X is not evaluated
    assert got == {("S", 0, "A"), ("S", 0, "B"), ("S", 1, "B")}


def test_evaluation_math_on_a_hand_example():
    gold = pd.DataFrame({"source_id": ["S", "S", "S", "T"], "start": [2, 12, 21, 0],
                         "end": [5, 18, 25, 5], "code_id": ["A", "B", "B", "A"]})
    pred = [("S", 0, 10, "A"), ("S", 11, 20, "A"), ("S", 21, 30, "B"), ("T", 0, 5, "C")]
    result = evaluate_spans(gold, pred, UNITS)
    table = result.per_code.set_index("code_id")
    # A: gold {S0, T0}, pred {S0, S1}: tp 1, fp 1, fn 1
    assert table.loc["A", ["tp", "fp", "fn"]].tolist() == [1, 1, 1]
    assert table.loc["A", "f1"] == pytest.approx(0.5)
    # B: gold {S1, S2}, pred {S2}: P 1, R 0.5, F1 2/3
    assert table.loc["B", ["precision", "recall"]].tolist() == [1.0, 0.5]
    assert table.loc["B", "f1"] == pytest.approx(2 / 3)
    # C: predicted only: P 0, R 0, F1 0
    assert table.loc["C", "f1"] == 0.0
    assert result.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    # micro: tp 2, fp 2, fn 2
    assert result.micro_precision == pytest.approx(2 / 4)
    assert result.micro_recall == pytest.approx(2 / 4)
    assert result.units == 4
    fixed = evaluate_spans(gold, pred, UNITS, codes=["A", "Z"])
    assert fixed.per_code["code_id"].tolist() == ["A", "Z"]
    assert math.isnan(fixed.per_code.set_index("code_id").loc["Z", "f1"])
    assert fixed.macro_f1 == pytest.approx(0.5)  # Z (no gold, no predictions) is left out


def test_read_gold(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("source_id,start,end,code_id,text,split\nS,0,3,A,abc,dev\n"
                    "T,0,3,A,abc,test\n", encoding="utf-8")
    assert read_gold(path, "dev")["source_id"].tolist() == ["S"]
    assert len(read_gold(path)) == 2
    with pytest.raises(InputError):
        read_gold(path, "train")
    with pytest.raises(InputError):
        read_gold(pd.DataFrame({"source_id": ["S"]}))


# --- stages: competition, passage context, silent text ---------------------------------
def _stage(code_id: str, stage: int, weight: float = 1.0, **rule) -> Code:
    return Code(code_id, {"id": code_id}, parent="proses", stage=stage,
                rule=Rule(weight=weight, negation="ignore", **rule))


STAGE_BOOK = Codebook([
    Code("proses", {"id": "Proses"}),
    _stage("s.rencana", 1, stems=("rencana",)),
    _stage("s.layanan", 2, weight=0.4, keywords=("konseling", "kelas")),
    _stage("s.pulang", 3, stems=("pulang",)),
])


def _stages(text: str, **kwargs) -> list[tuple[str, str, str]]:
    src = Source("D-01", "dokumen", text)
    found = autocode_sources([src], STAGE_BOOK, progress=False, **kwargs)
    return [(c.code_id, text[c.start:c.end], c.rule) for c in found]


def test_stage_competition_and_context():
    text = ("Kami menyusun rencana untuk dia. Dia ikut konseling dan kelas. Dia harus mau. "
            "Itu penting.\n\nDia dipulangkan bulan depan. Lalu ikut kelas menjahit.")
    got = _stages(text, context=2)
    assert got == [
        ("s.rencana", "Kami menyusun rencana untuk dia.", "stem:rencana"),
        # a generic service word inside a planning passage is planning
        ("s.rencana", "Dia ikut konseling dan kelas.", "context:stem:rencana"),
        ("s.rencana", "Dia harus mau.", "context:stem:rencana"),
        ("s.pulang", "Dia dipulangkan bulan depan.", "stem:pulang"),
        ("s.pulang", "Lalu ikut kelas menjahit.", "context:stem:pulang"),
    ]  # "Itu penting." is three sentences away; context never crosses the paragraph
    alone = _stages(text, context=0)
    assert ("s.layanan", "Dia ikut konseling dan kelas.", "keyword:konseling") in alone
    assert all(not rule.startswith("context:") for *_, rule in alone)
    # a sentence naming two stages equally strongly keeps both
    both = _stages("Rencana pemulangan dibahas.", context=0)
    assert {code for code, *_ in both} == {"s.rencana", "s.pulang"}


def test_coding_one_stage_equals_coding_all_and_filtering():
    text = "Kami menyusun rencana. Dia ikut konseling. Dia dipulangkan. Ikut kelas lagi."
    src = Source("D-01", "dokumen", text)
    every = [c for c in autocode_sources([src], STAGE_BOOK) if c.code_id == "s.layanan"]
    one = list(autocode_sources([src], STAGE_BOOK, codes=["s.layanan"]))
    assert one == every


def test_headings_editorial_notes_and_observer_comments_are_not_coded():
    text = ("FORMULIR RENCANA PELAYANAN\n\n"
            "[Catatan transkrip: rencana ditulis ulang.] Klien ikut konseling.\n\n"
            "Komentar peneliti: rencana ini tampak rapi.\n\n"
            "Tim menyusun rencana.")
    got = _stages(text, context=0)
    assert got == [("s.layanan", "Klien ikut konseling.", "keyword:konseling"),
                   ("s.rencana", "Komentar peneliti: rencana ini tampak rapi.", "stem:rencana"),
                   ("s.rencana", "Tim menyusun rencana.", "stem:rencana")]
    # an observer's comment in a field note is the researcher's voice (role peneliti)
    informants_only = _code("c", stems=("rencana",), speaker_roles=("manajer_kasus",))
    note = Source("O-01", "observasi", text)
    found = [text[c.start:c.end] for c in autocode_sources([note], Codebook([informants_only]))]
    assert found == ["Tim menyusun rencana."]


def _interview(*turns: tuple[str, str]) -> Source:
    text, spans, pos = "", [], 0
    for index, (who, said) in enumerate(turns):
        prefix = f"{who}: "
        start = pos + len(prefix)
        spans.append(Turn(index, start, start + len(said), speaker=who,
                          informant=None if who == "P" else who, is_interviewer=who == "P"))
        text += prefix + said + "\n\n"
        pos = len(text)
    return Source("W-09", "wawancara", text.rstrip("\n"), informants=("K1",),
                  turns=tuple(spans))


def test_an_answer_takes_the_stage_its_question_named():
    src = _interview(("P", "Terus rencana pulangnya gimana?"),
                     ("K1", "Belum tahu, Kak. Masih nunggu kabar dari kampung. Eh, iya."),
                     ("P", "Kalau makanannya enak?"), ("K1", "Enak, Kak. Sayurnya banyak."))
    answers = src.turns[1].start
    got = [(c.code_id, src.text[c.start:c.end], c.rule)
           for c in autocode_sources([src], STAGE_BOOK, informants=ROLES, progress=False)
           if c.start >= answers]  # (these test rules have no role restriction)
    # the answer's sentences take the stages its question named, the next question's
    # answer does not; a bare filler at the end carries no topic
    assert {text for _, text, _ in got} == {"Belum tahu, Kak.", "Masih nunggu kabar dari kampung."}
    assert {rule.split(":")[0] for *_, rule in got} == {"question"}
    assert {code for code, *_ in got} == {"s.rencana", "s.pulang"}
    # a sentence with a stage of its own keeps it
    own = _interview(("P", "Rencananya gimana?"), ("K1", "Aku ikut kelas jahit."))
    found = [c for c in autocode_sources([own], STAGE_BOOK, informants=ROLES, progress=False)
             if c.start >= own.turns[1].start]
    assert [(c.code_id, c.rule) for c in found] == [("s.layanan", "keyword:kelas")]
    # no context, no question context
    assert not [c for c in autocode_sources([src], STAGE_BOOK, informants=ROLES, context=0)
                if c.start >= answers]


def test_record_headings_signatures_and_identity_fields():
    text = ("Rencana pelayanan\n"
            "Kode klien: K7\nTanggal masuk: 19 Mei 2014\n"
            "Catatan: Tim menyusun rencana bersama klien.\n\n"
            "Pekerja sosial pendamping: PS3 (tanda tangan)\n"
            "Demikian rencana ini dibuat untuk dipergunakan sebagaimana mestinya.")
    got = [(code, piece) for code, piece, _ in _stages(text, context=2)]
    # the heading and the formula name a stage but take none; identity fields take a
    # neighbour's stage only when it is the first stage of the process (the intake)
    assert got == [("s.rencana", "Kode klien: K7"), ("s.rencana", "Tanggal masuk: 19 Mei 2014"),
                   ("s.rencana", "Catatan: Tim menyusun rencana bersama klien.")]
    later = text.replace("Tim menyusun rencana", "Klien ikut konseling")
    got = [(code, piece) for code, piece, _ in _stages(later, context=2)]
    assert got == [("s.layanan", "Catatan: Klien ikut konseling bersama klien.")]


def test_short_content_lines_list_items_and_the_verb_mengetahui_are_not_headings():
    text = ("Rencana kunjungan\n\n"  # a heading: no stage
            "- Klien dipulangkan ke kampung\n\n"
            "08.30 Klien ikut konseling\n\n"
            "Keluarga sudah mengetahui rencana itu.\n\n"
            "Klien dipulangkan bersama ayahnya")
    got = {(code, piece) for code, piece, _ in _stages(text, context=0)}
    assert got == {("s.pulang", "- Klien dipulangkan ke kampung"),
                   ("s.layanan", "08.30 Klien ikut konseling"),
                   ("s.rencana", "Keluarga sudah mengetahui rencana itu."),
                   ("s.pulang", "Klien dipulangkan bersama ayahnya")}


def test_a_title_naming_two_stages_equally_lends_neither():
    def coded(title: str) -> set[str]:
        src = Source("D-02", "dokumen", "Hadir: tim dan klien.\nTempat: aula.", title=title)
        return {c.code_id for c in autocode_sources([src], STAGE_BOOK)}
    assert coded("Rencana layanan") == {"s.rencana"}
    assert coded("Rencana pemulangan") == set()  # a tie: which stage is a line about?


def test_a_question_reaches_only_its_own_answer():
    ending = _interview(("K1", "Sudah, Kak."), ("P", "Rencana pulangnya gimana?"))
    opening = Source("W-10", "wawancara", "K1: Belum tahu, Kak.", informants=("K1",),
                     turns=(Turn(0, 4, 20, speaker="K1", informant="K1"),))
    found = list(autocode_sources([ending, opening], STAGE_BOOK, informants=ROLES,
                                  n_process=1))
    assert not [c for c in found if c.source_id == "W-10"]  # another source's question
    noted = _interview(("P", "[membahas rencana] Oke. Makanannya enak?"),
                       ("K1", "Enak, Kak."))
    assert not [c for c in autocode_sources([noted], STAGE_BOOK, informants=ROLES)
                if c.start >= noted.turns[1].start]  # a transcriber's note was not asked


# --- the fast paths give the plain results ----------------------------------------------
def test_regex_prefilter_matches_a_plain_search():
    import re

    patterns = (r"\b(dirujuk|rujukan)\s+(dari|oleh)\b", r"\bktp\b|kartu\s+keluarga",
                r"\bpulang\w*", r"(?<!\w)rs\b", r"\d+\s*bulan")
    text = ("Rujukan dari RS Polri. KTP-nya ditahan, kartu  keluarga juga! "
            "Dia pulang; kepulangan 3 bulan lagi. Ada rujukan. Pulangnya ke RS.")
    src = Source("D-01", "dokumen", text)
    code = _code("c", regex=patterns, negation="ignore")
    fast = {(c.start, c.end, c.rule) for c in autocode_sources([src], Codebook([code]))}
    sentences_ = [(c.start, c.end) for c in autocode_sources(
        [src], Codebook([_code("all", regex=(r"\S",))]))]
    plain = set()
    for start, end in sentences_:
        for pattern in patterns:
            if re.search(pattern, text[start:end], re.IGNORECASE):
                plain.add((start, end))
    assert {(a, b) for a, b, _ in fast} == plain
    assert len(plain) == 4


def test_lemma_rules_match_like_the_lemmatizer():
    from rpsw_research.nlp import get_nlp

    text = "Pelayanan di sini baik. Mereka melayani kami. Layanan lain. Pelayan datang."
    src = Source("D-01", "dokumen", text)
    found = list(autocode_sources([src], Codebook([_code("c", lemmas=("layanan",))])))
    expected_lemma = get_nlp()("layanan")[0].lemma_
    doc = get_nlp()(text)
    expected = {s.text for s in doc.sents
                if any(t.lemma_ == expected_lemma for t in s)}
    assert {text[c.start:c.end] for c in found} == expected
    assert found and all(c.rule == "lemma:layanan" for c in found)
