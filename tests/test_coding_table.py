"""Codings from a table: every row validated, errors naming the file and line."""

import math

import pandas as pd
import pytest

from rpsw_research.coding.table import codings_from_table, read_codings_csv
from rpsw_research.errors import CodingError, OffsetError, UnknownCodeError, UnknownSourceError
from rpsw_research.i18n import language

LENGTHS = {"W-01": 100, "W-02": 20}


def frame(**changes):
    rows = {"source_id": ["W-01", "W-02"], "start": [0, 5], "end": [10, 15],
            "code_id": ["a", "b"]}
    rows.update(changes)
    return pd.DataFrame(rows)


def test_good_rows_give_codings_with_default_coder_and_memo():
    table = frame(start=[0.0, "5"], end=[10, " 15 "], coder=["", "B"], memo=[math.nan, "m"])
    codings = codings_from_table(table, "peneliti", lengths=LENGTHS)
    assert [(c.source_id, c.code_id, c.start, c.end, c.coder, c.memo) for c in codings] == [
        ("W-01", "a", 0, 10, "peneliti", None), ("W-02", "b", 5, 15, "B", "m")]
    assert all(type(c.start) is int and type(c.end) is int for c in codings)


@pytest.mark.parametrize("value", [1.7, math.nan, "abc", "", None, "2.5", True, "inf"])
def test_non_integral_offsets_are_rejected_with_the_row(value):
    with language("en"), pytest.raises(CodingError) as caught:
        codings_from_table(frame(end=[10, value]), "p", lengths=LENGTHS)
    text = str(caught.value)
    assert "table row 1" in text and "end" in text
    assert caught.value.path is None


def test_csv_errors_name_the_file_and_csv_line(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text('source_id,start,end,code_id,text\nW-01,0,10,a,"two\nlines"\n'
                    "W-02,5,1.7,b,x\n", encoding="utf-8")
    frame = read_codings_csv(path)
    assert frame.index.tolist() == [2, 4]  # the second row starts on line 4
    with language("en"), pytest.raises(CodingError) as caught:
        codings_from_table(frame, "p", path, lengths=LENGTHS)
    assert caught.value.path == str(path) and caught.value.line == 4
    assert "1.7" in str(caught.value) and "line 4" in str(caught.value)


def test_ids_are_kept_as_text(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("source_id,start,end,code_id\n007,0,5,1\n", encoding="utf-8")
    (coding,) = codings_from_table(read_codings_csv(path), "p", path, lengths={"007": 9})
    assert (coding.source_id, coding.code_id) == ("007", "1")


def test_ranges_use_check_span_and_unknown_sources_are_named():
    with pytest.raises(OffsetError) as caught:
        codings_from_table(frame(end=[10, 21]), "p", lengths=LENGTHS)
    assert caught.value.hint and "20" in caught.value.hint
    with pytest.raises(OffsetError):
        codings_from_table(frame(start=[10, 5], end=[10, 15]), "p", lengths=LENGTHS)
    with pytest.raises(UnknownSourceError, match="W-09"):
        codings_from_table(frame(source_id=["W-01", "W-09"]), "p", lengths=LENGTHS)
    with pytest.raises(CodingError, match="source_id"):
        codings_from_table(frame(source_id=["W-01", math.nan]), "p", lengths=LENGTHS)


def test_code_resolver_errors_keep_their_class_and_get_the_row(tmp_path):
    def resolve(code):
        if code == "b":
            raise UnknownCodeError("unknown b", hint="known: a")
        return "canon." + code

    with pytest.raises(UnknownCodeError) as caught:
        codings_from_table(frame(), "p", lengths=LENGTHS, resolve_code=resolve)
    assert "1" in caught.value.message and caught.value.hint == "known: a"
    (only,) = codings_from_table(frame().head(1), "p", resolve_code=resolve)
    assert only.code_id == "canon.a"


def test_missing_columns_and_unreadable_files(tmp_path):
    with pytest.raises(CodingError, match="code_id"):
        codings_from_table(frame().drop(columns=["code_id"]), "p")
    with pytest.raises(CodingError) as caught:
        read_codings_csv(tmp_path / "none.csv")
    assert caught.value.path.endswith("none.csv")
    bad = tmp_path / "wide.csv"
    bad.write_text("source_id,start,end,code_id\nW-01,0,1,a,extra\n", encoding="utf-8")
    with pytest.raises(CodingError) as caught:
        read_codings_csv(bad)
    assert caught.value.line == 2
