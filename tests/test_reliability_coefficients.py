"""Coefficients against published values beyond reference_cases.json, and input shapes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rpsw_research import reliability as rel
from rpsw_research.errors import ReliabilityError

AP_3CAT = [[46, 0, 0], [6, 32, 6], [0, 0, 10]]  # Artstein & Poesio 2008, p.568
N = None
K2011_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
           [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
FLEISS_1971 = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
               [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
               [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]


def test_artstein_poesio_pi_and_s():
    # A&P 2008 p.568 (NLTK doctest): pi 0.7995, S 0.82, kappa 0.8013
    assert rel.scott_pi(AP_3CAT).value == pytest.approx(0.7995322418977614, abs=1e-12)
    assert rel.bennett_s(AP_3CAT).value == pytest.approx(0.82, abs=1e-12)
    kappa = rel.cohen_kappa(AP_3CAT)
    assert (kappa.observed, kappa.expected) == (pytest.approx(0.88), pytest.approx(0.396))
    assert kappa.n_units == 100 and kappa.n_coders == 2


def test_weighted_kappa_matches_sklearn_published_example():
    y1 = [0] * 46 + [1] * 44 + [2] * 10
    y2 = [0] * 50 + [1] * 40 + [2] * 10
    assert rel.cohen_kappa(y1, y2).value == pytest.approx(0.9315, abs=5e-5)
    assert rel.cohen_kappa(y1, y2, weights="linear").value == pytest.approx(0.9412, abs=5e-5)
    assert rel.cohen_kappa(y1, y2, weights="quadratic").value == pytest.approx(0.9541, abs=5e-5)
    assert rel.cohen_kappa(y1, y2, weights="linear").method == "cohen_kappa_linear"


def test_weighted_kappa_follows_given_category_order():
    a = ["rendah", "sedang", "tinggi", "sedang", "rendah", "tinggi"]
    b = ["rendah", "tinggi", "tinggi", "sedang", "sedang", "tinggi"]
    order = ["rendah", "sedang", "tinggi"]
    numeric = {"rendah": 0, "sedang": 1, "tinggi": 2}
    by_label = rel.cohen_kappa(a, b, weights="quadratic", categories=order).value
    by_number = rel.cohen_kappa([numeric[x] for x in a], [numeric[x] for x in b],
                                weights="quadratic").value
    assert by_label == pytest.approx(by_number)
    # alphabetical order of the labels here is the same, a different order changes it
    shuffled = rel.cohen_kappa(a, b, weights="quadratic",
                               categories=["sedang", "rendah", "tinggi"]).value
    assert shuffled != pytest.approx(by_label)


def test_bennett_s_uses_number_of_categories():
    assert rel.bennett_s([[20, 10], [20, 50]]).value == pytest.approx(0.4)  # (0.7-.5)/.5
    # MAXQDA: k = number of codes compared, even if some were not used
    s = rel.bennett_s(["a", "a", "b", "b"], ["a", "b", "b", "b"], n_categories=4)
    assert s.value == pytest.approx((0.75 - 0.25) / 0.75)
    assert rel.bennett_s(["a", "b"], ["a", "b"], categories=["a", "b", "c"]).expected == \
        pytest.approx(1 / 3)


def test_krippendorff_2011_other_levels():
    # fast-krippendorff doctest, tidycomm, DKPro Krippendorff2004Test
    assert rel.krippendorff_alpha(K2011_C, "ordinal").value == pytest.approx(0.815, abs=5e-4)
    assert rel.krippendorff_alpha(K2011_C, "interval").value == pytest.approx(0.849, abs=5e-4)
    assert rel.krippendorff_alpha(K2011_C, "ratio").value == pytest.approx(0.797, abs=5e-4)
    result = rel.krippendorff_alpha(K2011_C)
    assert (result.n_units, result.n_coders, result.method) == (
        11, 4, "krippendorff_alpha_nominal")


def test_krippendorff_nominal_accepts_text_labels_and_dataframe():
    letters = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    text = [[letters.get(v) for v in row] for row in K2011_C]
    frame = pd.DataFrame(text, index=["A", "B", "C", "D"])
    assert rel.krippendorff_alpha(frame).value == pytest.approx(113 / 152, abs=1e-12)
    with pytest.raises(ReliabilityError, match="interval"):
        rel.krippendorff_alpha(frame, "interval")
    with pytest.raises(ReliabilityError, match="level"):
        rel.krippendorff_alpha(K2011_C, "nominaal")


def test_fleiss_published_example_and_matrix_input():
    assert rel.fleiss_kappa(counts=FLEISS_1971).value == pytest.approx(0.20993070442195522)
    # the same data as a coders x units matrix (14 coders, category index as label)
    matrix = np.empty((14, 10), dtype=object)
    for unit, row in enumerate(FLEISS_1971):
        labels = [cat for cat, n in enumerate(row) for _ in range(n)]
        matrix[:, unit] = labels
    result = rel.fleiss_kappa(matrix)
    assert result.value == pytest.approx(0.20993070442195522)
    assert (result.n_units, result.n_coders) == (10, 14)


def test_krippendorff_1995_pair_a_digitized():
    # METHODS.md s.3/s.4: A [2,10) [14,20), B [4,8) [15,17) on 24 characters
    counts = rel.character_counts([(2, 10), (14, 20)], [(4, 8), (15, 17)], length=24)
    assert (counts.both, counts.a_only, counts.b_only, counts.neither) == (6, 8, 0, 10)
    assert rel.character_percent_agreement(counts).value == pytest.approx(16 / 24)
    assert rel.character_kappa(counts).value == pytest.approx(5 / 13)  # DKPro .385
    assert rel.scott_pi(counts.table).value == pytest.approx(0.314286, abs=1e-6)  # .314
    a = [1 if 2 <= i < 10 or 14 <= i < 20 else 0 for i in range(24)]
    b = [1 if 4 <= i < 8 or 15 <= i < 17 else 0 for i in range(24)]
    assert rel.krippendorff_alpha([a, b]).value == pytest.approx(0.328571, abs=1e-6)  # .329
    assert rel.cohen_kappa(a, b).value == pytest.approx(rel.character_kappa(counts).value)
    spans = [("A", "x", 2, 8), ("A", "x", 14, 6), ("B", "x", 4, 4), ("B", "x", 15, 2)]
    assert rel.u_alpha(spans, begin=0, length=24).observed == pytest.approx(0.03125)  # K1995
    stretch = 50_000
    stretched = [(c, k, s * stretch, n * stretch) for c, k, s, n in spans]
    assert rel.u_alpha(stretched, begin=0, length=24 * stretch).value == pytest.approx(
        0.553, abs=0.001)  # published .553, DKPro .5529


def test_nvivo_kappa_depends_on_split_of_single_coded_characters():
    # METHODS.md s.3: 50 both, 150 single, 800 neither
    for a_only, b_only, expected in [(150, 0, 0.3478), (100, 50, 0.3182), (75, 75, 0.3143)]:
        counts = rel.CharacterCounts(both=50, a_only=a_only, b_only=b_only, neither=800)
        assert rel.character_kappa(counts).value == pytest.approx(expected, abs=5e-5)
        assert rel.character_percent_agreement(counts).value == pytest.approx(0.85)


def test_qualcoder_kappa_is_labelled_and_differs_from_cohen():
    counts = rel.character_counts([(2, 10), (14, 20)], [(4, 8), (15, 17)], length=24)
    qc = rel.qualcoder_kappa(counts)
    assert qc.value == pytest.approx(0.4286, abs=5e-5)
    assert qc.method == "qualcoder_kappa" and "Cohen" in qc.label("en")
    assert qc.value != pytest.approx(rel.character_kappa(counts).value, abs=0.01)


def test_character_counts_merge_overlaps_and_honour_begin():
    counts = rel.character_counts([(10, 15), (12, 20)], [(18, 30)], length=20, begin=10)
    assert (counts.both, counts.a_only, counts.b_only, counts.neither) == (2, 8, 10, 0)
    with pytest.raises(ReliabilityError):
        rel.character_counts([(5, 12)], [], length=20, begin=10)
    with pytest.raises(ReliabilityError):
        rel.character_counts([(12, 12)], [], length=20, begin=10)


def test_percent_agreement_inputs_agree():
    a = ["x", "y", None, "y", "x", "z"]  # None, NaN and pd.NA are all missing
    b = ["x", "y", "y", pd.NA, "z", "z"]
    seq = rel.percent_agreement(a, b)
    assert seq.value == pytest.approx(3 / 4) and seq.n_units == 4
    table = pd.DataFrame([[1, 0, 1], [0, 1, 0], [0, 0, 1]], index=list("xyz"),
                         columns=list("xyz"))
    assert rel.percent_agreement(table).value == seq.value
    assert rel.pairwise_agreement([a, b]).value == seq.value
    assert rel.percent_agreement(a[:-1] + [float("nan")], b).n_units == 3


def test_pairwise_agreement_three_coders():
    # unit 1: all agree (3/3 pairs); unit 2: one pair of three; unit 3: only two coded, agree
    data = [["a", "a", "b"], ["a", "b", "b"], ["a", "b", None]]  # rows = coders
    result = rel.pairwise_agreement(data)
    assert result.value == pytest.approx((1 + 1 / 3 + 1) / 3)
    assert (result.n_units, result.n_coders) == (3, 3)


def test_holsti():
    a = [("S1", 0, 10, "k"), ("S1", 20, 30, "k"), ("S1", 40, 50, "m")]
    b = [("S1", 0, 10, "k"), ("S1", 40, 50, "m")]
    result = rel.holsti(a, b)
    assert result.value == pytest.approx(2 * 2 / 5) and result.n_units == 5
    assert rel.holsti(a, a).value == 1.0


def test_bad_tables_and_sequences_are_reliability_errors():
    with pytest.raises(ReliabilityError, match="persegi"):
        rel.cohen_kappa([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ReliabilityError):
        rel.cohen_kappa([[1, -2], [3, 4]])
    with pytest.raises(ReliabilityError):
        rel.cohen_kappa(["a", "b"], ["a"])
    with pytest.raises(ReliabilityError):
        rel.cohen_kappa(["a", "b"], ["a", "b"], weights="cubic")
    with pytest.raises(ReliabilityError, match="'q'"):
        rel.cohen_kappa(["a", "q"], ["a", "b"], categories=["a", "b"])
    with pytest.raises(ReliabilityError):
        rel.cohen_kappa(pd.DataFrame([[1, 0], [0, 1]], index=["a", "b"], columns=["b", "a"]))


def test_results_are_frozen_floats_with_labels():
    result = rel.cohen_kappa([[20, 5], [10, 15]])
    assert float(result) == pytest.approx(0.4)
    assert result.label("id") == "Kappa Cohen" and result.label("en") == "Cohen's kappa"
    with pytest.raises(AttributeError):
        result.value = 1.0  # type: ignore[misc]


def test_ratings_matrix_from_long_table():
    long = pd.DataFrame({"unit": [1, 1, 2, 2, 3], "coder": ["A", "B", "A", "B", "A"],
                         "value": ["x", "x", "y", "x", "y"]})
    wide = rel.ratings_matrix(long)
    assert list(wide.index) == ["A", "B"] and list(wide.columns) == [1, 2, 3]
    assert pd.isna(wide.loc["B", 3])
    assert rel.krippendorff_alpha(wide).n_units == 2
    with pytest.raises(ReliabilityError, match="lebih dari sekali"):
        rel.ratings_matrix(pd.concat([long, long.iloc[[0]]]))
    with pytest.raises(ReliabilityError, match="value"):
        rel.ratings_matrix(long.drop(columns="value"))


def test_presence_matrix_and_spans_from_codings_table():
    codings = pd.DataFrame({
        "coder": ["A", "A", "B", "B"], "code_id": ["k", "m", "k", "k"],
        "start": [0, 12, 2, 25], "end": [8, 18, 6, 28]})
    units = [(0, 10), (10, 20), (20, 30)]
    matrix = rel.presence_matrix(codings, units, code="k", coders=["A", "B", "C"])
    assert matrix.to_numpy().tolist() == [[1, 0, 0], [1, 0, 1], [0, 0, 0]]
    spans = rel.spans_from_codings(codings)
    assert spans[0] == rel.Span("A", "k", 0, 8) and spans[0].end == 8
    result = rel.u_alpha(spans, begin=0, length=30)
    assert {a.category for a in result.per_category} == {"k", "m"}


def test_ordinal_text_labels_with_category_order():
    letters = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    text = [[letters.get(v) for v in row] for row in K2011_C]
    order = list("abcde")
    assert rel.krippendorff_alpha(text, "ordinal", categories=order).value == pytest.approx(
        rel.krippendorff_alpha(K2011_C, "ordinal").value)
    # equally spaced ranks: interval alpha is unchanged by the shift 1..5 -> 0..4
    assert rel.krippendorff_alpha(text, "interval", categories=order).value == pytest.approx(
        0.849, abs=5e-4)
    with pytest.raises(ReliabilityError, match="'e'"):
        rel.krippendorff_alpha(text, "ordinal", categories=list("abcd"))


def test_malformed_matrices_are_reliability_errors():
    with pytest.raises(ReliabilityError):
        rel.krippendorff_alpha([1, 2, 3])
    with pytest.raises(ReliabilityError):
        rel.krippendorff_alpha([[1, 2, 3], [1, 2]])
    with pytest.raises(ReliabilityError):
        rel.fleiss_kappa(np.array([1, 2, 3]))


def test_identical_labels_agree_exactly():
    # found by hypothesis: a sum of diagonal proportions gave 1.0000000000000002
    labels = list("aabbcacc" "badd" "d")
    assert rel.percent_agreement(labels, labels).value == 1.0
    assert rel.cohen_kappa(labels, labels).value == 1.0
    assert rel.scott_pi(labels, labels).value == 1.0
