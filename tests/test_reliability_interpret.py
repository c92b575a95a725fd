"""Interpretation bands for the report, in Indonesian and English."""

from __future__ import annotations

import pytest

from rpsw_research import reliability as rel
from rpsw_research.errors import ReliabilityError
from rpsw_research.i18n import language


@pytest.mark.parametrize("value, key", [
    (-0.1, "poor"), (0.0, "slight"), (0.20, "slight"), (0.21, "fair"), (0.40, "fair"),
    (0.5, "moderate"), (0.60, "moderate"), (0.61, "substantial"), (0.80, "substantial"),
    (0.81, "almost_perfect"), (1.0, "almost_perfect"),
])
def test_landis_koch_bands(value, key):
    assert rel.band(value) == key


@pytest.mark.parametrize("value, key", [
    (0.9, "reliable"), (0.800, "reliable"), (0.7999, "tentative"), (0.667, "tentative"),
    (2 / 3, "unreliable"), (0.2, "unreliable"), (-0.5, "unreliable"),
])
def test_krippendorff_thresholds(value, key):
    assert rel.band(value, "krippendorff") == key


def test_texts_in_both_languages():
    assert rel.interpret(0.5, lang="id") == "sedang (0,41-0,60; Landis & Koch, 1977)"
    assert rel.interpret(0.5, lang="en") == "moderate (0.41-0.60; Landis & Koch, 1977)"
    assert rel.interpret(0.7, "krippendorff", lang="id").startswith("andal secara tentatif")
    assert rel.interpret(0.7, "krippendorff", lang="en").startswith("tentatively reliable")
    with language("en"):
        assert rel.interpret(0.9, "krippendorff").startswith("reliable")
    assert rel.interpret(0.9, "krippendorff").startswith("andal")  # Indonesian by default


def test_interpret_accepts_results():
    kappa = rel.cohen_kappa([[20, 5], [10, 15]])
    assert rel.band(kappa) == "fair"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1.5])
def test_bad_values_and_scales(bad):
    with pytest.raises(ReliabilityError):
        rel.interpret(bad)


def test_unknown_scale():
    with pytest.raises(ReliabilityError, match="scale"):
        rel.interpret(0.5, "cicchetti")


def test_every_method_has_a_name_in_both_languages():
    a, b = ["x", "y", "x", "y"], ["x", "y", "y", "y"]
    counts = rel.character_counts([(0, 4)], [(2, 6)], length=10)
    results = [
        rel.percent_agreement(a, b), rel.cohen_kappa(a, b),
        rel.cohen_kappa(a, b, weights="linear"), rel.cohen_kappa(a, b, weights="quadratic"),
        rel.scott_pi(a, b), rel.bennett_s(a, b), rel.holsti(a, b), rel.fleiss_kappa([a, b]),
        *(rel.krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 2]], lvl) for lvl in rel.LEVELS),
        rel.u_alpha([("A", "k", 0, 4), ("B", "k", 2, 4)], begin=0, length=10),
        rel.character_percent_agreement(counts), rel.character_kappa(counts),
        rel.qualcoder_kappa(counts),
    ]
    for result in results:
        assert result.label("id") and result.label("en"), result.method
