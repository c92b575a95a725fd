"""Code, Rule and the Codebook tree API."""

import json
import re

import pytest

from rpsw_research.codebook import Code, Codebook, Rule
from rpsw_research.errors import CodebookError, UnknownCodeError
from rpsw_research.i18n import language


def mini() -> Codebook:
    """A small codebook, deliberately given out of tree order."""
    return Codebook([
        Code("b.two", {"id": "Dua", "en": "Two"}, parent="b", stage=2, color="#56B4E9",
             moxley=("a.fn",)),
        Code("a", {"id": "A"}, color="#000000"),
        Code("b", {"id": "B", "en": "B"}),
        Code("a.fn", {"id": "Fungsi", "en": "Function"}, parent="a",
             rule=Rule(keywords=["kata kunci"], regex=[r"\bfung\w*"])),
        Code("b.one", {"id": "Satu"}, parent="b", stage=1, aliases=("OLD_ONE",)),
        Code("b.one.x", {"id": "X"}, parent="b.one"),
    ], name="mini", meta={"version": "0.1"})


def test_iteration_is_tree_order_with_sibling_order_kept():
    cb = mini()
    assert [c.id for c in cb] == ["a", "a.fn", "b", "b.two", "b.one", "b.one.x"]
    assert cb.ids == ("a", "a.fn", "b", "b.two", "b.one", "b.one.x") and len(cb) == 6


def test_tree_queries():
    cb = mini()
    assert [c.id for c in cb.roots()] == ["a", "b"]
    assert [c.id for c in cb.children("b")] == ["b.two", "b.one"]
    assert cb.children("b.one.x") == []
    assert [c.id for c in cb.descendants("b")] == ["b.two", "b.one", "b.one.x"]
    assert [c.id for c in cb.ancestors("b.one.x")] == ["b.one", "b"]
    assert cb.ancestors("a") == [] and cb.parent("a") is None and cb.parent("a.fn").id == "a"
    assert cb.level("b.one.x") == 2 and cb.depth == 3
    assert Codebook([]).depth == 0 and len(Codebook([])) == 0
    assert [c.id for c in cb.leaves()] == ["a.fn", "b.two", "b.one.x"]


def test_stages_in_stage_order_and_by_stage():
    cb = mini()
    assert [c.id for c in cb.stages()] == ["b.one", "b.two"]
    assert cb.by_stage(2).id == "b.two"
    with pytest.raises(UnknownCodeError, match="3"):
        cb.by_stage(3)


def test_lookup_by_id_and_alias():
    cb = mini()
    assert cb["b.one"] is cb.get("OLD_ONE")
    assert cb.resolve("OLD_ONE") == "b.one" and "OLD_ONE" in cb and "b.one" in cb
    assert "nope" not in cb
    assert [c.id for c in cb.children("OLD_ONE")] == ["b.one.x"]


def test_unknown_code_names_the_id_and_close_matches():
    cb = mini()
    with pytest.raises(UnknownCodeError) as info:
        cb["b.onee"]
    message = str(info.value)
    assert "'b.onee'" in message and "b.one" in message
    assert info.value.code_id == "b.onee" and "b.one" in info.value.matches
    assert isinstance(info.value, KeyError) and isinstance(info.value, CodebookError)
    with language("en"), pytest.raises(UnknownCodeError, match="did you mean"):
        cb.get("a.fun")
    with pytest.raises(UnknownCodeError, match="zzz"):
        cb.descendants("zzz")


def test_colour_is_inherited_from_the_nearest_ancestor():
    cb = mini()
    assert cb.color("a.fn") == "#000000"
    assert cb.color("b.two") == "#56B4E9"
    assert cb.color("b.one.x") is None


def test_to_dict_is_json_safe_and_lossless():
    cb = mini()
    data = json.loads(json.dumps(cb.to_dict()))
    assert data["format"] == "rpsw-codebook" and data["name"] == "mini"
    again = Codebook.from_dict(data)
    assert again == cb and list(again) == list(cb)
    assert again["a.fn"].rule.regex == (r"\bfung\w*",)
    assert again["b.one"].aliases == ("OLD_ONE",)


def test_from_dict_refuses_other_formats():
    with pytest.raises(CodebookError):
        Codebook.from_dict({"format": "something-else", "codes": []})
    with pytest.raises(CodebookError):
        Codebook.from_dict({"format": "rpsw-codebook", "version": 99, "codes": []})


def test_equality_compares_content():
    cb = mini()
    assert cb == mini()
    changed = Codebook([c.replace(color="#111111") if c.id == "a" else c for c in cb],
                       name="mini", meta={"version": "0.1"})
    assert changed != cb
    assert Codebook(list(cb), name="other", meta={"version": "0.1"}) != cb
    assert cb != "mini"


def test_code_normalises_lists_and_is_immutable():
    code = Code("x", {"id": "X"}, include=["a", "b"], rule={"keywords": ["k"], "weight": 2})
    assert code.include == ("a", "b") and code.rule == Rule(keywords=("k",), weight=2.0)
    assert code == Code.from_dict(json.loads(json.dumps(code.to_dict())))
    with pytest.raises(TypeError):
        code.names["id"] = "Y"  # type: ignore[index]
    with pytest.raises(AttributeError):
        code.id = "y"  # type: ignore[misc]


def test_code_name_and_definition_fall_back():
    code = Code("x", {"en": "Ex"}, definitions={"id": "Definisi"})
    assert code.name("id") == "Ex" and code.name("en") == "Ex"
    assert code.definition("en") == "Definisi"


def test_basis_flags_and_kinds():
    code = Code("x", {"id": "X"}, basis="unverified_moxley; stated:S25 (h. 283); brief (catatan)")
    assert code.basis_flags == ("unverified_moxley", "stated:S25 (h. 283)", "brief (catatan)")
    assert code.basis_kinds == {"unverified_moxley", "stated", "brief"}


def test_rule_helpers():
    rule = Rule(regex=[r"\bdidata\b"], speaker_roles=["korban"])
    assert rule.patterns()[0].search("Saya DIDATA dulu")
    assert rule.patterns()[0].flags & re.IGNORECASE
    assert rule.allows_role("korban") and not rule.allows_role("manajer_kasus")
    assert not rule.allows_role(None)
    # an informant of unknown role ("") may fire only a rule open to every informant role
    assert not rule.allows_role("")
    stage = Rule(keywords=("didata",), speaker_roles=("manajer_kasus", "pekerja_sosial",
                                                      "korban"))
    assert stage.allows_role("") and not stage.allows_role("peneliti")
    assert Rule().allows_role(None) and Rule().is_empty() and not rule.is_empty()


def test_codes_are_hashable_and_unvalidated_input_is_not_dropped():
    cb = mini()
    assert {c for c in cb} == set(cb) and len(set(cb)) == len(cb)
    orphan = Codebook([Code("x", {"id": "X"}, parent="gone"), Code("a", {"id": "A"})],
                      validate=False)
    assert orphan.ids == ("a", "x")
