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
    # without a register the roles are unknown: restricted rules stay silent in turns
    assert list(autocode_sources([src], Codebook([_code("c", keywords=("didata",),
                                                        speaker_roles=("korban",))]))) == []
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
