"""Manual coding logic: offsets, quotes, units and re-anchoring (no database)."""

import pytest
from fixtures.store.factory import K1_TEXT, k1, observation

from rpsw_research.coding import Coding, check_span, find_quote, reanchor, unit_span
from rpsw_research.errors import (
    AmbiguousQuoteError,
    CodingError,
    OffsetError,
    QuoteNotFoundError,
)
from rpsw_research.i18n import language


def test_check_span_accepts_valid_and_names_the_valid_range():
    assert check_span(10, 0, 10, source_id="S") == (0, 10)
    with language("en"), pytest.raises(OffsetError) as caught:
        check_span(10, 5, 11, source_id="S")
    assert "0 <= start < end <= 10" in str(caught.value)
    assert "[5, 11)" in str(caught.value)


@pytest.mark.parametrize("start,end", [(-1, 3), (4, 4), (6, 2), (0, 11), (1.5, 3), (True, 3)])
def test_check_span_rejects_bad_offsets(start, end):
    with pytest.raises(OffsetError):
        check_span(10, start, end, source_id="S")


def test_find_quote_unique_and_nfc():
    # source text is NFC; a decomposed quote (e + combining accent) still matches
    start, end = find_quote("kaf\u00e9 dan teh", "kafe\u0301", source_id="S")
    assert (start, end) == (0, 4)
    text = "abc kafé dan teh"
    assert find_quote(text, "dan", source_id="S") == (9, 12)


def test_ambiguous_quote_lists_candidates_with_offsets_and_context():
    with language("en"), pytest.raises(AmbiguousQuoteError) as caught:
        find_quote(K1_TEXT, "Saya didata dulu", source_id="W-K1-01")
    message = str(caught.value)
    first, second = (K1_TEXT.index("Saya didata dulu"),
                     K1_TEXT.index("Saya didata dulu", K1_TEXT.index("Saya didata dulu") + 1))
    assert f"#1 [{first}, {first + 16})" in message
    assert f"#2 [{second}, {second + 16})" in message
    assert "occurs 2 times" in message and "oleh pekerja" in message


def test_occurrence_picks_and_out_of_range_fails():
    second = K1_TEXT.index("Saya didata dulu", 70)
    assert find_quote(K1_TEXT, "Saya didata dulu", 2, source_id="S") == (second, second + 16)
    with pytest.raises(QuoteNotFoundError):
        find_quote(K1_TEXT, "Saya didata dulu", 3, source_id="S")
    with pytest.raises(QuoteNotFoundError):
        find_quote(K1_TEXT, "Saya didata dulu", 0, source_id="S")


def test_missing_and_empty_quote():
    with language("en"), pytest.raises(QuoteNotFoundError) as caught:
        find_quote(K1_TEXT, "saya DIDATA", source_id="S")
    assert "different case" in str(caught.value)  # case-insensitive candidates as hint
    with pytest.raises(QuoteNotFoundError):
        find_quote(K1_TEXT, "tidak ada di teks", source_id="S")
    for empty in ("", "   "):
        with pytest.raises(CodingError):
            find_quote(K1_TEXT, empty, source_id="S")


def test_unit_span_turn_and_paragraph():
    source = k1()
    start, end = unit_span(source, turn=1)
    assert K1_TEXT[start:end].startswith("Saya didata dulu oleh")
    start, end = unit_span(observation(), paragraph=1)
    assert observation().text[start:end] == "Korban didampingi selama wawancara."
    with pytest.raises(CodingError, match="0, 1, 2, 3"):
        unit_span(source, turn=9)
    with pytest.raises(CodingError):
        unit_span(source, turn=1, paragraph=1)


def test_reanchor_unique_nearest_and_missing():
    new = "X alpha beta alpha gamma"
    anchors = reanchor(new, [(1, "beta", 0), (2, "alpha", 15), (3, "delta", 4), (4, "alpha", 0)])
    by_id = {a.coding_id: a for a in anchors}
    assert (by_id[1].start, by_id[1].end) == (8, 12)
    assert by_id[2].start == 13 and by_id[2].candidates == 2  # nearest to old offset 15
    assert by_id[4].start == 2
    assert not by_id[3].found and by_id[3].start is None


def test_coding_record_validates_method_and_status():
    coding = Coding("S", "c", 0, 3, coder="A")
    assert coding.text_in("abcdef") == "abc"
    with pytest.raises(CodingError, match="manual, auto"):
        Coding("S", "c", 0, 3, method="robot")
    with pytest.raises(CodingError, match="'maybe'"):
        Coding("S", "c", 0, 3, status="maybe")


def test_reanchor_prefers_matching_surroundings_over_raw_distance():
    old = "satu: ya. dua: tidak. tiga: ya."
    new = "sisipan panjang di awal teks. " + old
    spans = [(1, "ya", old.index("ya", 10))]  # the "ya" after "tiga: "
    (anchor,) = reanchor(new, spans, old)
    assert new[anchor.start - 6 : anchor.start] == "tiga: "
    (plain,) = reanchor(new, spans)  # without the old text: nearest to the old offset
    assert plain.start == new.index("ya")
