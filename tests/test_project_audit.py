"""Audit trail, undo and the bulk auto-coding write."""

import json

import pytest
from fixtures.store.factory import codebook, fill

from rpsw_research.coding import Coding
from rpsw_research.errors import CodingError, OffsetError, ProjectError, UnknownCodeError
from rpsw_research.project import Project


@pytest.fixture
def proj(tmp_path):
    with Project.create(tmp_path / "p.rpsw") as project:
        fill(project)
        yield project


def test_every_change_is_audited_with_before_and_after(proj):
    cid = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    proj.recode(cid, "rpsw.asesmen", coder="A")
    proj.memo("cek lagi", coding=cid, coder="A")
    proj.uncode(cid, coder="A")
    trail = proj.audit("A")
    assert list(trail.columns) == ["audit_id", "operation_id", "at", "who", "operation",
                                   "entity", "entity_id", "action", "before", "after",
                                   "undone_by"]
    assert trail["action"].tolist() == ["create", "update", "update", "delete"]
    assert set(trail["entity_id"]) == {str(cid)}
    assert json.loads(trail["before"][1])["code_id"] == "rpsw.registrasi"
    assert json.loads(trail["after"][1])["code_id"] == "rpsw.asesmen"
    assert json.loads(trail["after"][2])["memo"] == "cek lagi"
    assert trail["after"][3] is None and json.loads(trail["before"][3])["id"] == cid
    everything = proj.audit()
    assert {"source", "informant", "code", "codebook", "coding"} <= set(everything["entity"])


def test_undo_last_operations_of_one_coder(proj):
    a1 = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    b1 = proj.code("W-K2-01", "lintas.emosi", turn=1, coder="B")
    a2 = proj.code("W-K1-01", "rpsw.asesmen", turn=3, coder="A")
    proj.recode(a1, "lintas.emosi", coder="A")
    proj.uncode(a2, coder="A")
    before = proj.codings()
    assert set(before["coding_id"]) == {a1, b1}
    undone = proj.undo("A", n=2)  # the uncode, then the recode
    assert len(undone) == 2
    rows = proj.codings().set_index("coding_id")
    assert set(rows.index) == {a1, b1, a2}  # a2 restored under its own id
    assert rows.loc[a1, "code_id"] == "rpsw.registrasi"
    proj.undo("A")  # the creation of a2
    proj.undo("A")  # the creation of a1
    assert set(proj.codings()["coding_id"]) == {b1}  # B's work untouched
    trail = proj.audit("A")
    assert (trail["operation"] == "undo").sum() == 4
    assert trail.loc[trail["operation"] == "code", "undone_by"].notna().all()
    assert proj.undo("A") == []  # nothing left to undo


def test_undo_refuses_when_another_coder_changed_the_row(proj):
    cid = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    proj.recode(cid, "rpsw.asesmen", coder="B")
    with pytest.raises(ProjectError):
        proj.undo("A")
    assert proj.codings()["code_id"].tolist() == ["rpsw.asesmen"]  # rolled back, intact


def test_undo_refuses_source_and_codebook_operations(proj):
    with pytest.raises(ProjectError):
        proj.undo("peneliti")  # last operation of the user: setting the codebook
    assert len(proj.codebook) == len(codebook())


def test_replace_auto_codings_is_idempotent_and_keeps_reviews(proj):
    batch = [
        Coding("W-K1-01", "rpsw.registrasi", 67, 83, rule="kw:didata", score=1.0),
        {"source_id": "W-K2-01", "code_id": "lintas.emosi", "start": 3, "end": 10,
         "rule": "kw:takut", "score": 0.5},
    ]
    summary = proj.replace_auto_codings("auto", batch)
    assert (summary.inserted, summary.deleted) == (2, 0)
    summary = proj.replace_auto_codings("auto", batch)  # re-running replaces, no duplicates
    assert (summary.inserted, summary.deleted) == (2, 2)
    assert len(proj.codings(coder="auto")) == 2
    reviewed = proj.codings(coder="auto", source="W-K1-01")["coding_id"].item()
    proj.store.update_coding(reviewed, who="peneliti", status="accepted")
    summary = proj.replace_auto_codings("auto", batch)
    assert (summary.deleted, summary.inserted, summary.kept_reviewed) == (1, 1, 1)
    table = proj.codings(coder="auto")
    assert sorted(table["status"]) == ["accepted", "suggested"] and len(table) == 2
    # scoped to sources: other sources' auto codings stay
    summary = proj.replace_auto_codings("auto", [], sources=["W-K2-01"])
    assert summary.deleted == 1
    assert proj.codings(coder="auto")["source_id"].tolist() == ["W-K1-01"]
    # manual codings of the same coder name are never touched
    manual = proj.code("O-01", "rpsw.asesmen", paragraph=0, coder="auto")
    proj.replace_auto_codings("auto", [])
    assert manual in set(proj.codings()["coding_id"])


@pytest.mark.parametrize("item,error", [
    (Coding("W-K9", "lintas.emosi", 0, 3), ProjectError),
    (Coding("W-K1-01", "tidak.ada", 0, 3), UnknownCodeError),
    (Coding("W-K1-01", "lintas.emosi", 5, 5000), OffsetError),
    (Coding("W-K1-01", "lintas.emosi", 5, 3), OffsetError),
    (Coding("W-K1-01", "lintas.emosi", 0, 3, coder="lain"), CodingError),
    (Coding("O-01", "lintas.emosi", 0, 3), CodingError),  # outside sources=
])
def test_replace_auto_codings_validates_everything_first(proj, item, error):
    good = Coding("W-K1-01", "lintas.emosi", 0, 3)
    proj.replace_auto_codings("auto", [good])
    with pytest.raises(error):
        proj.replace_auto_codings("auto", [good, item], sources=["W-K1-01", "W-K9"]
                                  if item.source_id == "W-K9" else ["W-K1-01"])
    assert len(proj.codings(coder="auto")) == 1  # the earlier run is untouched


def test_undo_of_an_auto_coding_run_restores_the_previous_run(proj):
    first = [Coding("W-K1-01", "lintas.emosi", 0, 3, rule="r1", score=1.0)]
    proj.replace_auto_codings("auto", first)
    old_id = proj.codings(coder="auto")["coding_id"].item()
    proj.replace_auto_codings("auto", [Coding("W-K2-01", "lintas.emosi", 3, 9, rule="r2")])
    proj.undo("auto")
    table = proj.codings(coder="auto")
    assert table["coding_id"].tolist() == [old_id]
    assert (table["rule"].item(), table["score"].item()) == ("r1", 1.0)


def test_undo_memos_and_operation_names(proj):
    cid = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    proj.memo("catatan", source="W-K1-01", coder="A")
    proj.memo("ingat", coding=cid, coder="A")
    proj.recode(cid, "rpsw.asesmen", coder="A")
    assert proj.audit("A")["operation"].tolist() == ["code", "memo", "memo", "recode"]
    proj.undo("A", n=3)
    assert proj.memos().empty
    assert proj.codings()["code_id"].tolist() == ["rpsw.registrasi"]
    assert proj.codings()["memo"].tolist() == [None]


def test_undo_reaches_past_coder_registration(proj):
    proj.add_coder("C", role="pembanding")
    cid = proj.code("W-K1-01", "rpsw.registrasi", start=0, end=4, coder="C")
    proj.add_coder("C", role="pengode kedua")
    proj.undo("C")
    assert proj.coders().set_index("coder").loc["C", "role"] == "pembanding"
    assert cid in set(proj.codings()["coding_id"])
    assert len(proj.undo("C", n=2)) == 2  # the coding, then the registration
    assert "C" not in set(proj.coders()["coder"]) and proj.codings().empty


def test_undo_of_several_operations_is_all_or_nothing(proj):
    first = proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    proj.code("W-K2-01", "lintas.emosi", turn=1, coder="A")
    proj.recode(first, "rpsw.asesmen", coder="B")  # A's first coding changed by B
    before, trail = proj.codings(), len(proj.audit())
    with pytest.raises(ProjectError):
        proj.undo("A", n=2)  # the second coding is undoable, the first conflicts
    assert proj.codings().equals(before)  # the second undo was rolled back too
    assert len(proj.audit()) == trail
    assert proj.audit("A")["undone_by"].isna().all()


def test_undo_checks_every_target_before_starting(proj):
    proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="peneliti")
    before = proj.codings()
    with pytest.raises(ProjectError, match="codebook"):  # 2nd target: setting the codebook
        proj.undo("peneliti", n=2)
    assert proj.codings().equals(before)


@pytest.mark.parametrize("n", [0, -1, "2", 1.0, True, None])
def test_undo_count_must_be_a_positive_whole_number(proj, n):
    proj.code("W-K1-01", "rpsw.registrasi", quote="oleh pekerja sosial", coder="A")
    with pytest.raises(CodingError, match=repr(n).replace("(", r"\(")):
        proj.undo("A", n)
    assert len(proj.codings()) == 1


@pytest.mark.parametrize(("start", "end"), [(True, 5), (0, 10**6), (5, 5), (0, 2.0)])
def test_bulk_auto_write_checks_spans_like_manual_coding(proj, start, end):
    item = {"source_id": "W-K1-01", "code_id": "rpsw.registrasi", "start": start, "end": end}
    with pytest.raises(OffsetError) as caught:
        proj.replace_auto_codings("auto", [item])
    assert "W-K1-01" in caught.value.hint  # check_span's hint: the valid range
    assert proj.codings().empty


def test_store_review_is_one_operation_and_all_or_nothing(proj):
    summary = proj.replace_auto_codings("auto", [
        Coding("W-K1-01", "rpsw.registrasi", 67, 83, rule="kw:didata", score=1.0),
        Coding("W-K1-01", "rpsw.asesmen", 0, 5, rule="kw:x", score=0.5)])
    first, second = summary.first_id, summary.last_id
    manual = proj.code("W-K1-01", "lintas.emosi", start=0, end=4, coder="A")
    with pytest.raises(CodingError):
        proj.store.review([first, manual], "accepted", "B")
    assert set(proj.codings(coder="auto")["status"]) == {"suggested"}  # rolled back
    assert proj.store.review([], "accepted", "B") == 0
    assert proj.store.review([first, second], "accepted", "B") == 2
    assert proj.store.review([first], "accepted", "B") == 0  # already accepted
    trail = proj.audit("B")
    assert set(trail["operation"]) == {"review"} and trail["operation_id"].nunique() == 1


def test_project_keeps_its_public_api_after_the_split():
    from rpsw_research import Project as Lazy
    from rpsw_research.project_coding import CodingMixin
    from rpsw_research.project_privacy import PrivacyMixin

    assert Lazy is Project and issubclass(Project, (CodingMixin, PrivacyMixin))
    for name in ("code", "import_codings", "uncode", "recode", "autocode", "suggestions",
                 "accept", "accept_all", "reject", "memo", "memos", "coders", "set_consents",
                 "consents", "quotable", "redactions_table", "import_folder", "codings",
                 "undo", "codebook"):
        assert hasattr(Project, name), name
