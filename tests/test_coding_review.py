"""Review sheets: suggestions written to a spreadsheet, decisions read back and applied
all or none, matched by id or (after a re-run) by span; privacy defaults of an export."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from fixtures.cli.helpers import auto_statuses, autocoded

import rpsw_research as rr
from rpsw_research.coding.review import decision, plan_review, read_review_sheet
from rpsw_research.errors import CodingError, LeakError, OutputError
from rpsw_research.i18n import language
from rpsw_research.privacy import Consent

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture(scope="module")
def suggested(tmp_path_factory):
    """The synthetic sample study auto-coded once (copied per test)."""
    return autocoded(SAMPLE, tmp_path_factory.mktemp("review") / "studi.rpsw")


@pytest.fixture
def proj(suggested, tmp_path):
    with rr.Project.open(shutil.copy(suggested, tmp_path / "studi.rpsw")) as project:
        yield project


def fill(path: Path, decisions: dict[int, object], out: Path) -> Path:
    """Fill the decision cells of the rows of ``decisions`` (sheet row -> value), as a
    researcher does in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    column = [c.value for c in sheet[1]].index("Keputusan") + 1
    for row, value in decisions.items():
        sheet.cell(row=row, column=column, value=value)
    book.save(out)
    return out


def sheet_ids(path: Path) -> list[int]:
    """The coding ids of a sheet's rows, in order (sheet row 2 first)."""
    return [int(i) for i in read_review_sheet(path)["coding_id"]]


@pytest.mark.parametrize(("cell", "expected"), [
    ("terima", "accepted"), (" TOLAK ", "rejected"), ("Ya", "accepted"), ("tidak", "rejected"),
    ("accept", "accepted"), ("rejected", "rejected"), (1, "accepted"), (0.0, "rejected"),
    ("y", "accepted"), ("n", "rejected"), ("", None), (None, None), (float("nan"), None),
])
def test_decision_words(cell, expected):
    assert decision(cell) == expected


def test_an_unknown_decision_says_which_words_work():
    with language("en"), pytest.raises(CodingError, match="'maybe'.*accept.*reject"):
        decision("maybe")


def test_the_sheet_lists_suggestions_in_reading_order_with_a_drop_down(proj, tmp_path):
    path = rr.report.write_review_sheet(proj, tmp_path / "tinjau.xlsx")
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header == ["ID koding", "Kode sumber", "Informan", "Penutur", "Kode", "Nama kode",
                      "Skor", "Aturan", "Teks", "Keputusan", "Pengode", "Awal", "Akhir"]
    frame = read_review_sheet(path)
    assert len(frame) == len(rr.report.review_table(proj)) > 20
    assert (frame["decision"] == "").all() and (frame["coder"] == "auto").all()
    order = list(zip(frame["source_id"], frame["start"].astype(int), strict=True))
    assert order == sorted(order)
    for _, row in frame.head(50).iterrows():
        source = proj.source(row["source_id"])
        assert source.text[int(row["start"]):int(row["end"])] == row["text"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"terima,tolak"'
    assert str(validation.sqref) == f"J2:J{len(frame) + 1}"
    assert sheet.freeze_panes == "B2"


def test_filled_sheet_is_applied_and_reapplying_changes_nothing(proj, tmp_path):
    path = rr.report.write_review_sheet(proj, tmp_path / "tinjau.xlsx")
    ids = sheet_ids(path)
    filled = fill(path, {2: "terima", 3: "tolak", 4: "Ya", 5: 1}, tmp_path / "isi.xlsx")
    done = proj.apply_review(filled)
    assert (done.accepted, done.rejected, done.unchanged) == (3, 1, 0)
    assert done.undecided == len(ids) - 4 and done.stale == ()
    now = auto_statuses(proj)
    assert [now[i] for i in ids[:4]] == ["accepted", "rejected", "accepted", "accepted"]
    assert all(now[i] == "suggested" for i in ids[4:])
    again = proj.apply_review(filled)
    assert (again.accepted, again.rejected, again.unchanged) == (0, 0, 4)
    audit = proj.store.audit_frame()  # one row per change
    reviews = audit[audit["operation"] == "review"]
    assert len(reviews) == 4 and reviews["operation_id"].nunique() == 1


def test_after_a_rerun_rows_are_matched_by_span_and_gone_ones_reported(proj, tmp_path):
    path = rr.report.write_review_sheet(proj, tmp_path / "tinjau.xlsx")
    frame = read_review_sheet(path)
    first = frame["source_id"].iloc[0]
    gone = frame.index[frame["source_id"] != first][0]  # sheet row of another source
    proj.uncode(int(frame.loc[gone, "coding_id"]))  # this suggestion is gone for good
    proj.autocode(sources=[s for s in proj.sources_table()["source_id"]
                           if s != frame.loc[gone, "source_id"]], progress=False)
    now = proj.codings(coder="auto")
    old_ids = {int(i) for i in frame["coding_id"].iloc[:2]}
    assert not old_ids & set(now["coding_id"])  # the re-run gave new ids
    done = proj.apply_review(fill(path, {2: "terima", 3: "tolak", gone: "terima"},
                                  tmp_path / "isi.xlsx"))
    assert (done.accepted, done.rejected) == (1, 1) and done.stale == (gone,)
    table = proj.codings(coder="auto").set_index(["source_id", "code_id", "start", "end"])
    for row, status in ((0, "accepted"), (1, "rejected")):
        key = tuple(frame.iloc[row][["source_id", "code_id"]]) + tuple(
            int(frame.iloc[row][c]) for c in ("start", "end"))
        assert table.loc[key, "status"] == status


def test_a_sheet_decides_the_coder_it_was_written_for(proj, tmp_path):
    proj.autocode(coder="auto2", sources=["W-K1-01"], progress=False)
    path = rr.report.write_review_sheet(proj, tmp_path / "t.xlsx", coder="auto2")
    frame = read_review_sheet(path)
    filled = fill(path, {2: "terima", 3: "terima"}, tmp_path / "isi.xlsx")
    before = auto_statuses(proj)
    with pytest.raises(CodingError, match="auto2"):
        proj.apply_review(filled, coder="auto")  # another coder's sheet
    assert auto_statuses(proj) == before
    done = proj.apply_review(filled)  # the sheet names its coder
    assert done.accepted == 2
    table = proj.codings(coder="auto2").set_index("coding_id")
    assert (table.loc[[int(i) for i in frame["coding_id"].iloc[:2]], "status"]
            == "accepted").all()
    assert set(proj.codings(coder="auto")["status"]) == {"suggested"}
    mixed = pd.concat([rr.report.review_table(proj).head(1),
                       rr.report.review_table(proj, coder="auto2").head(1)])
    with pytest.raises(CodingError, match="auto, auto2"):
        proj.apply_review(mixed.assign(decision="terima"))


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(proj, tmp_path):
    frame = rr.report.review_table(proj)
    multiline = frame.index[frame["text"].str.contains("\n")]
    assert len(multiline)  # passages holding a line break
    row = int(multiline[0]) + 3  # a row below one of them (the header is row 1)
    frame.loc[row - 2, "decision"] = "mungkin"
    frame.to_csv(tmp_path / "isi.csv", index=False)
    with language("en"), pytest.raises(CodingError, match=rf"line {row}\b.*'mungkin'"):
        proj.apply_review(tmp_path / "isi.csv")


def test_repeated_rows_count_once(proj):
    rows = rr.report.review_table(proj).head(2)
    done = proj.apply_review(pd.concat([rows, rows, rows]).assign(decision="terima"))
    assert (done.accepted, done.unchanged) == (2, 4)


def test_a_missing_sheet_is_named_as_missing(proj, tmp_path):
    with language("en"), pytest.raises(CodingError, match=r"none\.xlsx.*(not found|no such)"):
        proj.apply_review(tmp_path / "none.xlsx")


def test_a_bad_cell_names_the_row_and_changes_nothing(proj, tmp_path):
    path = rr.report.write_review_sheet(proj, tmp_path / "tinjau.xlsx")
    before = auto_statuses(proj)
    bad = fill(path, {2: "terima", 5: "mungkin"}, tmp_path / "isi.xlsx")
    with pytest.raises(CodingError, match=r"isi\.xlsx.*(baris|line) 5.*'mungkin'"):
        proj.apply_review(bad)
    assert auto_statuses(proj) == before


def test_two_rows_deciding_one_coding_differently_are_refused(proj, tmp_path):
    path = rr.report.write_review_sheet(proj, tmp_path / "tinjau.csv", lang="en")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame = pd.concat([frame.iloc[:1], frame.iloc[:1]])
    frame["Decision"] = ["accept", "reject"]
    frame.to_csv(tmp_path / "twice.csv", index=False)
    with language("en"), pytest.raises(CodingError, match=r"line 3.*decided differently on row 2"):
        proj.apply_review(tmp_path / "twice.csv")


def test_an_english_csv_saved_by_excel_with_semicolons_is_read(proj, tmp_path):
    path = rr.report.write_review_sheet(proj, tmp_path / "review.csv", lang="en")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns[:3]) == ["Coding id", "Source id", "Informant"]
    frame.loc[0, "Decision"] = "reject"
    (tmp_path / "excel.csv").write_bytes(frame.to_csv(index=False, sep=";").encode("cp1252",
                                                                                   "replace"))
    done = proj.apply_review(tmp_path / "excel.csv")
    assert done.rejected == 1 and auto_statuses(proj)[int(frame.loc[0, "Coding id"])] == "rejected"


def test_a_sheet_without_its_key_columns_is_refused(proj, tmp_path):
    (tmp_path / "x.csv").write_text("Kode,Keputusan\nrpsw.registrasi,terima\n", encoding="utf-8")
    with pytest.raises(CodingError, match=r"x\.csv.*(ID koding|coding_id)"):
        proj.apply_review(tmp_path / "x.csv")
    with pytest.raises(CodingError, match="nope"):
        proj.apply_review(rr.report.review_table(proj).head(1).drop(columns="coder"),
                          coder="nope")


def test_sensitive_codes_and_withdrawn_informants_stay_out_unless_asked(proj, tmp_path):
    sensitive = {c.id for c in proj.codebook if c.sensitive}
    pending = proj.suggestions()
    assert pending["code_id"].isin(sensitive).any()  # the study has such suggestions
    everything = rr.report.review_table(proj, include_sensitive=True)
    assert len(everything) == len(pending)
    default = rr.report.review_table(proj)
    assert not default["code_id"].isin(sensitive).any()
    # a passage that also carries a sensitive code is left out: its text would tell
    marked = everything[everything["code_id"].isin(sensitive)]
    touching = everything[~everything["code_id"].isin(sensitive) & everything.apply(
        lambda r: ((marked["source_id"] == r["source_id"]) & (marked["start"] < r["end"])
                   & (marked["end"] > r["start"])).any(), axis=1)]
    assert len(touching) and not set(touching["coding_id"]) & set(default["coding_id"])
    assert len(default) == len(everything) - len(marked) - len(touching)
    assert default["text"].notna().all()
    assert rr.report.review.left_out(proj) == len(pending) - len(default) > 0
    assert rr.report.review.left_out(proj, include_sensitive=True) == 0
    worst = sorted(sensitive)[-1]
    assert rr.report.review.left_out(proj, code=worst) == (pending["code_id"] == worst).sum()
    only = rr.report.review_table(proj, code=sorted(sensitive)[-1])  # resolved, then left out
    assert only.empty
    proj.set_consents([Consent(informant="K1", date=dt.date(2014, 3, 1), form_version="v1",
                               method="tertulis", recording=True, quotes=True,
                               archiving=False, withdrawn=dt.date(2014, 4, 1))])
    table = rr.report.review_table(proj, include_sensitive=True)
    assert "K1" not in set(table["informant"]) and len(table) < len(pending)


def test_filters_and_an_unknown_code(proj):
    table = rr.report.review_table(proj, code="rpsw.registrasi", min_score=0.5)
    assert set(table["code_id"]) == {"rpsw.registrasi"} and (table["score"] >= 0.5).all()
    source = table["source_id"].iloc[0]
    assert set(rr.report.review_table(proj, source=source)["source_id"]) == {source}
    with pytest.raises(rr.errors.UnknownCodeError, match="rpsw.registrasi"):
        rr.report.review_table(proj, code="rpsw.registrasii")


def test_the_sheet_is_leak_checked_and_written_whole_or_not_at_all(proj, tmp_path):
    text = proj.suggestions().iloc[0]["text"]
    word = next(w for w in text.split() if w.isalpha() and len(w) > 3)
    key = tmp_path / "kunci" / "kunci.yaml"
    key.parent.mkdir()
    key.write_text(f"entries:\n  - {{kind: person, name: {word}}}\n", encoding="utf-8")
    with pytest.raises(LeakError):
        rr.report.write_review_sheet(proj, tmp_path / "t.xlsx", privacy_key=key,
                                     include_sensitive=True)
    assert list(tmp_path.glob("*.xlsx")) == []
    with pytest.raises(OutputError, match=r"\.xlsx"):
        rr.report.write_review_sheet(proj, tmp_path / "t.docx")


def test_review_decides_several_codings_in_one_operation(proj):
    first, second = proj.suggestions()["coding_id"].iloc[:2]
    assert proj.review({first: "accepted", second: "rejected"}) == 2
    assert auto_statuses(proj)[first] == "accepted" and auto_statuses(proj)[second] == "rejected"
    manual = proj.code(proj.sources()[0].id, "rpsw.registrasi", start=0, end=5, coder="A")
    with pytest.raises(CodingError):
        proj.review({first: "rejected", manual: "accepted"})
    assert auto_statuses(proj)[first] == "accepted"  # all or none
    with pytest.raises(CodingError, match="'maybe'"):
        proj.review({first: "maybe"})


def test_plan_review_takes_a_data_frame_with_column_names(proj):
    pending = proj.suggestions()
    frame = pending[["coding_id", "source_id", "code_id", "start", "end"]].head(2).assign(
        decision=["terima", ""])
    plan = plan_review(frame, proj.codings(coder="auto"))
    assert plan.decisions == {int(pending["coding_id"].iloc[0]): "accepted"}
    assert plan.undecided == 1


def test_an_applied_sheet_is_undone_as_one_operation(proj, tmp_path):
    before = auto_statuses(proj)
    path = rr.report.write_review_sheet(proj, tmp_path / "tinjau.xlsx")
    proj.apply_review(fill(path, {2: "terima", 3: "tolak", 4: "tolak"}, tmp_path / "isi.xlsx"),
                      who="reviewer")
    assert auto_statuses(proj) != before
    assert len(proj.undo("reviewer")) == 1
    assert auto_statuses(proj) == before


def test_extra_columns_are_kept_and_a_repeated_decision_column_refused(proj, tmp_path):
    frame = rr.report.review_table(proj).head(2).assign(decision=["terima", ""])
    frame.insert(3, "", "catatan saya")  # an unlabelled column the researcher added
    frame.insert(4, " ", "lagi")
    frame.to_csv(tmp_path / "extra.csv", index=False)
    assert proj.apply_review(tmp_path / "extra.csv").accepted == 1
    frame["Keputusan"] = "tolak"
    frame.to_csv(tmp_path / "twice.csv", index=False)
    with pytest.raises(CodingError, match=r"twice\.csv.*Keputusan"):
        proj.apply_review(tmp_path / "twice.csv")
