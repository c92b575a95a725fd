"""Every validation error is a CodebookError whose message names the code id."""

import pytest

from rpsw_research.codebook import Code, Codebook, Rule, validate_codes
from rpsw_research.errors import CodebookError
from rpsw_research.i18n import language


def base() -> list[Code]:
    return [
        Code("moxley", {"id": "Moxley"}),
        Code("moxley.asesmen", {"id": "Asesmen"}, parent="moxley"),
        Code("rpsw", {"id": "RPSW"}),
        Code("rpsw.satu", {"id": "Satu"}, parent="rpsw", stage=1, moxley=("moxley.asesmen",)),
        Code("rpsw.dua", {"id": "Dua"}, parent="rpsw", stage=2),
    ]


def swap(code_id: str, **changes) -> list[Code]:
    return [c.replace(**changes) if c.id == code_id else c for c in base()]


CASES = {
    "duplicate id": ([*base(), Code("rpsw.dua", {"id": "Lagi"})], "rpsw.dua", "lebih dari sekali"),
    "unknown parent": (swap("rpsw.dua", parent="rpsw.tidak_ada"), "rpsw.dua", "rpsw.tidak_ada"),
    "cycle": (swap("moxley", parent="moxley.asesmen"), "moxley", "siklus"),
    "self parent": (swap("rpsw", parent="rpsw"), "rpsw", "siklus"),
    "colour name": (swap("rpsw.satu", color="red"), "rpsw.satu", "#RRGGBB"),
    "short colour": (swap("rpsw.satu", color="#FFF"), "rpsw.satu", "#FFF"),
    "bad regex": (swap("rpsw.dua", rule=Rule(regex=[r"\b(didata"])), "rpsw.dua", r"\b(didata"),
    "stage repeated": (swap("rpsw.dua", stage=1), "rpsw.dua", "Tahap 1"),
    "stage missing": (swap("rpsw.dua", stage=3), "rpsw.dua", "Tahap 2 tidak ada"),
    "stage zero": (swap("rpsw.dua", stage=0), "rpsw.dua", "tahap '0'"),
    "stage text": (swap("rpsw.dua", stage="dua"), "rpsw.dua", "dua"),
    "unknown moxley": (swap("rpsw.dua", moxley=("moxley.perencanaan",)), "rpsw.dua",
                       "moxley.perencanaan"),
    "unknown moxley role": (swap("rpsw.dua", extra={"moxley_roles": ["moxley.peran.x"]}),
                            "rpsw.dua", "moxley.peran.x"),
    "bad id": (swap("rpsw.dua", id="rpsw dua", parent="rpsw"), "rpsw dua", "id tidak sah"),
    "empty id part": ([*base(), Code("rpsw..tiga", {"id": "T"})], "rpsw..tiga", "id tidak sah"),
    "no name": (swap("rpsw.dua", names={"id": " "}), "rpsw.dua", "tidak punya nama"),
    "alias clash": (swap("rpsw.dua", aliases=("rpsw.satu",)), "rpsw.dua", "rpsw.satu"),
    "bad negation": (swap("rpsw.dua", rule=Rule(negation="maybe")), "rpsw.dua", "maybe"),
    "bad weight": (swap("rpsw.dua", rule=Rule(weight=-1.0)), "rpsw.dua", "-1.0"),
    "empty keyword": (swap("rpsw.dua", rule=Rule(keywords=["ok", ""])), "rpsw.dua",
                      "rule.keywords"),
    "extra not json": (swap("rpsw.dua", extra={"when": object()}), "rpsw.dua", "when"),
    "sensitive not bool": (swap("rpsw.dua", sensitive="ya"), "rpsw.dua", "sensitive"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_names_the_code(case):
    codes, code_id, fragment = CASES[case]
    with pytest.raises(CodebookError) as info:
        Codebook(codes)
    message = str(info.value)
    assert f"'{code_id}'" in message or code_id in message, message
    assert fragment in message, message
    assert info.value.code_id == code_id


def test_the_base_codebook_is_valid():
    cb = Codebook(base())
    assert [c.id for c in cb.stages()] == ["rpsw.satu", "rpsw.dua"]


def test_stage_checks_only_apply_when_stages_are_declared():
    codes = [c.replace(stage=None) for c in base()]
    assert Codebook(codes).stages() == []


def test_stage_numbers_need_not_stop_at_seven():
    codes = [*base(), Code("rpsw.tiga", {"id": "Tiga"}, parent="rpsw", stage=3)]
    assert [c.stage for c in Codebook(codes).stages()] == [1, 2, 3]


def test_errors_carry_file_and_line_when_given():
    with pytest.raises(CodebookError) as info:
        validate_codes(swap("rpsw.dua", color="biru"), path="buku.yaml", lines={"rpsw.dua": 42})
    assert info.value.path == "buku.yaml" and info.value.line == 42
    assert "buku.yaml" in str(info.value) and "baris 42" in str(info.value)


def test_messages_follow_the_language():
    with language("en"), pytest.raises(CodebookError, match="is defined more than once"):
        Codebook([*base(), Code("rpsw", {"id": "Again"})])


def test_validation_can_be_skipped_for_trusted_input():
    cb = Codebook(swap("rpsw.satu", color="red"), validate=False)
    assert cb["rpsw.satu"].color == "red"
