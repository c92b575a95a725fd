"""Bootstrap confidence intervals: seeded, reproducible, honest about undefined resamples."""

from __future__ import annotations

import pytest

from rpsw_research import reliability as rel
from rpsw_research.errors import ReliabilityError

N = None
K2011_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
           [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
Y1 = [0] * 46 + [1] * 44 + [2] * 10
Y2 = [0] * 50 + [1] * 40 + [2] * 10


def test_alpha_interval_is_reproducible_and_brackets_estimate():
    first = rel.bootstrap_alpha(K2011_C, n_resamples=300, seed=7)
    again = rel.bootstrap_alpha(K2011_C, n_resamples=300, seed=7)
    other = rel.bootstrap_alpha(K2011_C, n_resamples=300, seed=8)
    assert first == again
    assert first.interval != other.interval
    assert first.estimate == pytest.approx(113 / 152)
    assert first.low < first.estimate < first.high <= 1.0
    assert first.method == "krippendorff_alpha_nominal" and first.n_resamples == 300
    assert 0 < first.n_valid <= 300


def test_kappa_interval_narrows_with_more_data_and_higher_confidence_widens():
    small = rel.bootstrap_kappa(Y1, Y2, n_resamples=400, seed=1)
    large = rel.bootstrap_kappa(Y1 * 4, Y2 * 4, n_resamples=400, seed=1)  # same kappa
    assert large.estimate == pytest.approx(small.estimate)
    assert large.high - large.low < small.high - small.low
    wide = rel.bootstrap_kappa(Y1, Y2, n_resamples=400, seed=1, confidence=0.99)
    assert wide.low <= large.low and wide.high >= large.high
    weighted = rel.bootstrap_kappa(Y1, Y2, weights="quadratic", n_resamples=200, seed=1)
    assert weighted.estimate == pytest.approx(0.9541, abs=5e-5)
    assert weighted.n_valid == 200


def test_undefined_resamples_are_left_out_and_counted():
    # 9 units agree on "a", one unit differs: many resamples draw only "a" units
    a = ["a"] * 9 + ["b"]
    b = ["a"] * 9 + ["b"]
    result = rel.bootstrap_kappa(a, b, n_resamples=200, seed=3)
    assert 0 < result.n_valid < 200
    assert result.low == result.high == 1.0


def test_generic_bootstrap_with_float_statistic():
    result = rel.bootstrap([Y1, Y2], lambda m: rel.percent_agreement(m[0], m[1]).value,
                           n_resamples=100, seed=0, method="percent_agreement")
    assert result.estimate == pytest.approx(0.96) and result.method == "percent_agreement"
    assert result.low <= 0.96 <= result.high


def test_bootstrap_argument_errors():
    with pytest.raises(ReliabilityError):
        rel.bootstrap_alpha(K2011_C, n_resamples=0)
    with pytest.raises(ReliabilityError):
        rel.bootstrap_alpha(K2011_C, confidence=95)
    with pytest.raises(ReliabilityError):
        rel.bootstrap_kappa(["a"], ["a", "b"])
    with pytest.raises(ReliabilityError):  # undefined on the full data
        rel.bootstrap_kappa(["a"] * 5, ["a"] * 5)
