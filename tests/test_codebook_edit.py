"""Pure editing operations and the old -> new id mappings they record."""

import json

import pytest

from rpsw_research.codebook import Code, Codebook, CodebookChange, Rule, compose_mappings
from rpsw_research.errors import CodebookError


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return Codebook.default()


def test_add_an_emergent_code(cb):
    new = cb.add_code("xc.hambatan.bahasa", parent="xc.hambatan",
                      names={"id": "Hambatan bahasa", "en": "Language barrier"},
                      definitions={"id": "Klien dan staf tidak saling memahami bahasa."},
                      rule=Rule(keywords=("bahasa daerah",)))
    assert "xc.hambatan.bahasa" not in cb and len(new) == len(cb) + 1
    code = new["xc.hambatan.bahasa"]
    assert code.basis == "emergent" and code.extra["emergent"] is True
    assert [c.id for c in new.children("xc.hambatan")][-1] == "xc.hambatan.bahasa"
    change = new.changes[-1]
    assert change.op == "add" and change.codes == ("xc.hambatan.bahasa",) and change.mapping == {}
    assert cb.changes == ()


def test_add_a_ready_code_and_refuse_duplicates(cb):
    new = cb.add_code(Code("xc.lain", {"id": "Lain-lain"}, parent="xc"))
    assert new["xc.lain"].basis is None and new.parent("xc.lain").id == "xc"
    with pytest.raises(CodebookError, match="rpsw.registrasi"):
        cb.add_code("rpsw.registrasi", parent="rpsw")
    with pytest.raises(CodebookError, match="xc.tidak_ada"):
        cb.add_code("xc.baru", parent="xc.tidak_ada")


def test_rename_changes_names_only(cb):
    new = cb.rename("xc.hambatan", {"id": "Kendala"}, definitions={"en": "Obstacles."})
    code = new["xc.hambatan"]
    assert code.names == {"id": "Kendala", "en": "Barriers"}
    assert code.definitions["en"] == "Obstacles." and code.definitions["id"] == \
        cb["xc.hambatan"].definitions["id"]
    assert cb["xc.hambatan"].name() == "Hambatan"
    change = new.changes[-1]
    assert change.op == "rename" and change.mapping == {}
    assert change.detail["before"]["names"]["id"] == "Hambatan"


def test_reid_repoints_children_and_references(cb):
    new = cb.reid("moxley.asesmen", "moxley.assessment")
    assert "moxley.asesmen" in new  # kept as alias
    assert new["moxley.asesmen"].id == "moxley.assessment"
    assert new["MX_ASSESS"].id == "moxley.assessment"
    assert new["moxley.assessment"].aliases == ("MX_ASSESS", "moxley.asesmen")
    assert new["rpsw.registrasi"].moxley == ("moxley.assessment",)
    assert new.ids.index("moxley.assessment") == cb.ids.index("moxley.asesmen")
    assert new.changes[-1].mapping == {"moxley.asesmen": "moxley.assessment"}

    groups = cb.reid("xc.kebutuhan", "xc.needs", keep_alias=False)
    assert "xc.kebutuhan" not in groups
    assert {c.parent for c in groups.children("xc.needs")} == {"xc.needs"}
    assert len(groups.children("xc.needs")) == 7

    roles = cb.reid("moxley.peran.koordinator", "moxley.peran.coordinator")
    assert roles["rpsw.perencanaan"].extra["moxley_roles"] == ["moxley.peran.coordinator"]


def test_reid_refuses_a_taken_id(cb):
    with pytest.raises(CodebookError, match="rpsw.perencanaan"):
        cb.reid("rpsw.registrasi", "rpsw.perencanaan")
    with pytest.raises(CodebookError, match="MX_PLAN"):
        cb.reid("rpsw.registrasi", "MX_PLAN")


def test_merge_folds_source_into_target(cb):
    new = cb.merge("xc.perasaan.positif", "xc.perasaan.hasil")
    assert "xc.perasaan.positif" in new and new["xc.perasaan.positif"].id == "xc.perasaan.hasil"
    assert "xc.perasaan.positif" not in new.ids and len(new) == len(cb) - 1
    target = new["xc.perasaan.hasil"]
    assert target.aliases == ("XC_OUTCOME", "xc.perasaan.positif", "XC_FEEL_POS")
    assert "alhamdulillah" in target.rule.keywords and "sekarang bisa" in target.rule.keywords
    assert target.rule.keywords[0] == cb["xc.perasaan.hasil"].rule.keywords[0]
    assert set(cb["xc.perasaan.positif"].include) <= set(target.include)
    assert target.names == cb["xc.perasaan.hasil"].names
    change = new.changes[-1]
    assert change.op == "merge" and change.mapping == {"xc.perasaan.positif": "xc.perasaan.hasil"}


def test_merge_moves_children_and_repoints_references(cb):
    new = cb.merge("moxley.evaluasi", "moxley.monitoring")
    assert new["rpsw.monitoring_evaluasi"].moxley == ("moxley.monitoring",)
    assert new["rpsw.pengakhiran"].moxley == ("moxley.pengakhiran", "moxley.monitoring")

    groups = cb.merge("xc.hambatan", "xc.perasaan", merge_rules=False)
    assert [c.id for c in groups.children("xc.perasaan")] == [
        "xc.perasaan.negatif", "xc.perasaan.positif", "xc.perasaan.hasil",
        "xc.hambatan.klien", "xc.hambatan.sistem"]
    assert groups.changes[-1].detail["moved"] == ["xc.hambatan.klien", "xc.hambatan.sistem"]
    assert groups["xc.perasaan"].rule == cb["xc.perasaan"].rule


def test_merge_refusals(cb):
    with pytest.raises(CodebookError, match="xc.hambatan"):
        cb.merge("xc.hambatan", "xc.hambatan")
    with pytest.raises(CodebookError, match="xc.hambatan.klien") as info:
        cb.merge("xc.hambatan", "xc.hambatan.klien")
    assert info.value.code_id == "xc.hambatan"
    with pytest.raises(CodebookError, match="rpsw.perencanaan"):
        cb.merge("rpsw.perencanaan", "rpsw.pelaksanaan")
    sensitive = cb.merge("xc.perasaan.negatif", "xc.eksploitasi.psikis")
    assert sensitive["xc.eksploitasi.psikis"].sensitive


def test_move_a_subtree(cb):
    new = cb.move("xc.layanan", "rpsw.pelaksanaan")
    assert new.parent("xc.layanan").id == "rpsw.pelaksanaan"
    assert new.level("xc.layanan.hukum") == 3 and new.depth == 4
    assert [c.id for c in new.descendants("rpsw.pelaksanaan")][:2] == [
        "xc.layanan", "xc.layanan.kesehatan"]
    assert new.changes[-1].mapping == {} and new.changes[-1].detail == {
        "before": "xc", "after": "rpsw.pelaksanaan"}
    root = cb.move("xc.layanan", None)
    assert [c.id for c in root.roots()] == ["moxley", "rpsw", "xc", "xc.layanan"]


def test_move_refuses_cycles(cb):
    with pytest.raises(CodebookError, match="xc.layanan.hukum") as info:
        cb.move("xc", "xc.layanan.hukum")
    assert info.value.code_id == "xc"
    with pytest.raises(CodebookError):
        cb.move("xc", "xc")
    with pytest.raises(CodebookError, match="nowhere"):
        cb.move("xc", "nowhere")


def test_changes_compose_into_one_mapping(cb):
    new = (cb.reid("xc.perasaan.negatif", "xc.emosi_negatif")
             .rename("xc.emosi_negatif", {"en": "Negative emotions"})
             .reid("xc.emosi_negatif", "xc.emosi.negatif")
             .merge("xc.perasaan.positif", "xc.perasaan.hasil")
             .move("xc.emosi.negatif", "xc.perasaan"))
    assert [c.op for c in new.changes] == ["reid", "rename", "reid", "merge", "move"]
    assert new.id_mapping() == {
        "xc.perasaan.negatif": "xc.emosi.negatif", "xc.emosi_negatif": "xc.emosi.negatif",
        "xc.perasaan.positif": "xc.perasaan.hasil"}
    assert new["xc.perasaan.negatif"].id == "xc.emosi.negatif"
    assert compose_mappings([CodebookChange("reid", ("b",), {"a": "b"}),
                             CodebookChange("reid", ("a",), {"b": "a"})]) == {"b": "a"}


def test_changes_survive_persistence_but_not_equality(cb):
    new = cb.reid("xc.layanan.hukum", "xc.layanan.legal")
    again = Codebook.from_dict(json.loads(json.dumps(new.to_dict())))
    assert again.changes == new.changes and again.id_mapping() == {
        "xc.layanan.hukum": "xc.layanan.legal"}
    assert Codebook(list(new), name=new.name, meta=new.meta) == new


def test_without_removes_codes_and_descendants():
    from rpsw_research.codebook import Codebook

    cb = Codebook.default()
    sensitive = [c.id for c in cb if c.sensitive]
    shared = cb.without(sensitive)
    assert "xc.eksploitasi" not in shared and "xc.eksploitasi.seksual" not in shared
    assert len(shared) == len(cb) - len(sensitive)
    assert [c.id for c in shared.stages()] == [c.id for c in cb.stages()]
    assert cb.without([]) == cb
