"""Degenerate data: a clear ReliabilityError (or a defined value), never a crash or NaN.

Policy (documented in rpsw_research.reliability.coefficients):
- one coder, no unit rated by two coders, fewer than two units -> ReliabilityError;
- no variation (all units in one category) -> percent agreement 1.0, chance-corrected
  coefficients raise UndefinedAgreementError carrying the observed agreement.
"""

from __future__ import annotations

import math

import pytest

from rpsw_research import reliability as rel
from rpsw_research.errors import ReliabilityError, UndefinedAgreementError
from rpsw_research.i18n import language

N = None
SAME = (["ya"] * 5, ["ya"] * 5)

TWO_CODER = {
    "cohen_kappa": rel.cohen_kappa,
    "cohen_kappa_linear": lambda a, b: rel.cohen_kappa(a, b, weights="linear"),
    "scott_pi": rel.scott_pi,
    "bennett_s": rel.bennett_s,
}
MATRIX = {
    "krippendorff_alpha": rel.krippendorff_alpha,
    "krippendorff_alpha_ordinal": lambda m: rel.krippendorff_alpha(m, "ordinal"),
    "fleiss_kappa": rel.fleiss_kappa,
}


@pytest.mark.parametrize("name", TWO_CODER)
def test_all_units_in_one_category_is_undefined_for_chance_corrected(name):
    with pytest.raises(UndefinedAgreementError) as info:
        TWO_CODER[name](*SAME)
    assert info.value.observed == 1.0
    assert "tidak terdefinisi" in str(info.value) and "persentase kesepakatan" in str(info.value)
    assert isinstance(info.value, ReliabilityError)


def test_all_units_in_one_category_percent_agreement_is_one():
    assert rel.percent_agreement(*SAME).value == 1.0
    assert rel.pairwise_agreement([["ya"] * 5] * 3).value == 1.0


def test_bennett_s_is_defined_without_variation_when_categories_are_known():
    # S rests on the number of categories, not on the marginals
    s = rel.bennett_s(*SAME, n_categories=3)
    assert s.value == pytest.approx(1.0) and s.expected == pytest.approx(1 / 3)


@pytest.mark.parametrize("name", MATRIX)
def test_matrix_without_variation_is_undefined(name):
    with pytest.raises(UndefinedAgreementError):
        MATRIX[name]([[2, 2, 2, N], [2, 2, 2, 3]])  # the 3 is in an unpairable unit


@pytest.mark.parametrize("name", TWO_CODER | {"percent_agreement": rel.percent_agreement})
def test_no_overlapping_unit(name):
    with pytest.raises(ReliabilityError, match="dua pengode"):
        TWO_CODER.get(name, rel.percent_agreement)(["a", N, "b"], [N, "a", N])


@pytest.mark.parametrize("name", MATRIX | {"pairwise": rel.pairwise_agreement})
def test_matrix_no_overlap_and_one_coder(name):
    func = MATRIX.get(name, rel.pairwise_agreement)
    with pytest.raises(ReliabilityError, match="dua pengode"):
        func([["a", N, N], [N, "b", N], [N, N, "a"]])
    with pytest.raises(ReliabilityError, match="sedikitnya dua pengode"):
        func([["a", "b", "a"]])
    with pytest.raises(ReliabilityError, match="sedikitnya dua pengode"):
        func([["a", "b", "a"], [N, N, N]])


@pytest.mark.parametrize("name", TWO_CODER | {"percent_agreement": rel.percent_agreement})
def test_fewer_than_two_units(name):
    func = TWO_CODER.get(name, rel.percent_agreement)
    with pytest.raises(ReliabilityError, match="Hanya 1 unit"):
        func(["a", N], ["b", "a"])
    with pytest.raises(ReliabilityError):
        func([], [])


def test_matrix_fewer_than_two_units():
    with pytest.raises(ReliabilityError, match="Hanya 1 unit"):
        rel.krippendorff_alpha([["a", "b", N], ["b", N, "a"]])
    with pytest.raises(ReliabilityError):
        rel.fleiss_kappa(counts=[[1, 1]])


def test_error_text_follows_language():
    with language("en"), pytest.raises(ReliabilityError, match="at least two coders"):
        rel.krippendorff_alpha([[1, 2, 3]])


def test_nvivo_character_measures_on_empty_coding():
    nothing = rel.character_counts([], [], length=50)
    assert rel.character_percent_agreement(nothing).value == 1.0
    with pytest.raises(UndefinedAgreementError):
        rel.character_kappa(nothing)
    with pytest.raises(ReliabilityError):
        rel.qualcoder_kappa(nothing)
    # one coder coded, the other did not: kappa is 0, not an error
    one_sided = rel.character_counts([(0, 10)], [], length=50)
    assert rel.character_kappa(one_sided).value == pytest.approx(0.0)


def test_u_alpha_degenerate_inputs():
    with pytest.raises(ReliabilityError, match="sedikitnya dua pengode"):
        rel.u_alpha([("A", "k", 0, 5)], begin=0, length=10)
    with pytest.raises(ReliabilityError):
        rel.u_alpha([], begin=0, length=10, coders=["A", "B"])
    with pytest.raises(ReliabilityError, match="kontinum"):
        rel.u_alpha([("A", "k", 8, 5), ("B", "k", 0, 5)], begin=0, length=10)
    with pytest.raises(ReliabilityError):
        rel.u_alpha([("A", "k", 0, 0), ("B", "k", 0, 5)], begin=0, length=10)
    with pytest.raises(ReliabilityError):
        rel.u_alpha([("A", "k", 0, 5), ("B", "k", 0, 5)], begin=0, length=0)
    with pytest.raises(ReliabilityError):
        rel.u_alpha([("A", "k", 0, 5), ("C", "k", 0, 5)], begin=0, length=10, coders=["A", "B"])
    # every position a unit of length 1 for both coders: expected disagreement 0
    full = [(c, "k", i, 1) for c in "AB" for i in range(3)]
    with pytest.raises(UndefinedAgreementError):
        rel.u_alpha(full, begin=0, length=3)


def test_u_alpha_silent_coder_counts():
    # B marked nothing: total disagreement on the category, a finite negative-ish alpha
    result = rel.u_alpha([("A", "k", 10, 20)], begin=0, length=100, coders=["A", "B"])
    assert result.n_coders == 2 and math.isfinite(result.value) and result.value < 0.5
    with pytest.raises(ReliabilityError, match="'z'"):
        result.for_category("z")


def test_u_alpha_skips_categories_nobody_marked():
    spans = [("A", "k", 0, 5), ("B", "k", 1, 5), ("A", "m", 10, 3)]
    everything = rel.u_alpha(spans, begin=0, length=20, categories=["k", "m", "unused"])
    assert [a.category for a in everything.per_category] == ["k", "m"]
    only_k = rel.u_alpha(spans, begin=0, length=20, categories=["k"])
    assert only_k.value == pytest.approx(everything.for_category("k").value)
    with pytest.raises(ReliabilityError):
        rel.u_alpha(spans, begin=0, length=20, categories=["unused"])
