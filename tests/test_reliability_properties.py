"""Property tests: invariants every coefficient must keep on any data."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rpsw_research import reliability as rel
from rpsw_research.errors import ReliabilityError

LABELS = st.sampled_from(["a", "b", "c", "d"])


@st.composite
def two_coders(draw, min_size=2, max_size=30):
    n = draw(st.integers(min_size, max_size))
    a = draw(st.lists(LABELS, min_size=n, max_size=n))
    b = draw(st.lists(LABELS, min_size=n, max_size=n))
    return a, b


def defined(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except ReliabilityError:
        assume(False)


@given(st.lists(LABELS, min_size=2, max_size=30))
def test_identical_labels_give_one(labels):
    assume(len(set(labels)) >= 2)
    for func in (rel.cohen_kappa, rel.scott_pi, rel.bennett_s, rel.percent_agreement):
        assert func(labels, labels).value == pytest.approx(1.0)
    assert rel.cohen_kappa(labels, labels, weights="quadratic").value == pytest.approx(1.0)
    assert rel.krippendorff_alpha([labels, labels]).value == pytest.approx(1.0)


@given(two_coders())
def test_symmetric_in_coders(pair):
    a, b = pair
    for func in (rel.cohen_kappa, rel.scott_pi, rel.bennett_s, rel.percent_agreement):
        try:
            forward = func(a, b).value
        except ReliabilityError:
            with pytest.raises(ReliabilityError):
                func(b, a)
            continue
        assert func(b, a).value == pytest.approx(forward)
    alpha = defined(rel.krippendorff_alpha, [a, b]).value
    assert rel.krippendorff_alpha([b, a]).value == pytest.approx(alpha)


@given(two_coders())
def test_bounds_and_relations(pair):
    a, b = pair
    po = rel.percent_agreement(a, b).value
    assert 0.0 <= po <= 1.0
    kappa = defined(rel.cohen_kappa, a, b)
    pi = rel.scott_pi(a, b)
    assert -1.0 <= kappa.value <= 1.0 and pi.value <= 1.0
    assert kappa.observed == pytest.approx(po)
    # Fleiss' kappa with two coders is Scott's pi
    assert rel.fleiss_kappa([a, b]).value == pytest.approx(pi.value)
    # nominal alpha is pi with the small-sample correction: 1 - (1 - pi)(2n - 1)/(2n)
    n = len(a)
    alpha = rel.krippendorff_alpha([a, b]).value
    assert alpha == pytest.approx(1 - (1 - pi.value) * (2 * n - 1) / (2 * n))
    assert rel.pairwise_agreement([a, b]).value == pytest.approx(po)


@given(two_coders(), st.permutations(["a", "b", "c", "d"]))
def test_nominal_coefficients_ignore_label_names(pair, renamed):
    a, b = pair
    mapping = dict(zip(["a", "b", "c", "d"], renamed, strict=True))
    ra, rb = [mapping[x] for x in a], [mapping[x] for x in b]
    original = defined(rel.cohen_kappa, a, b).value
    assert rel.cohen_kappa(ra, rb).value == pytest.approx(original)
    assert rel.krippendorff_alpha([ra, rb]).value == pytest.approx(
        rel.krippendorff_alpha([a, b]).value)


@given(two_coders())
def test_sequence_and_table_inputs_agree(pair):
    a, b = pair
    labels = ["a", "b", "c", "d"]
    table = np.zeros((4, 4))
    for x, y in zip(a, b, strict=True):
        table[labels.index(x), labels.index(y)] += 1
    seq = defined(rel.cohen_kappa, a, b, categories=labels, weights="linear")
    assert rel.cohen_kappa(table, weights="linear").value == pytest.approx(seq.value)


@st.composite
def coded_continuum(draw):
    length = draw(st.integers(5, 60))
    spans = []
    for coder in ("A", "B", "C")[: draw(st.integers(2, 3))]:
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, length - 1))
            size = draw(st.integers(1, length - start))
            spans.append((coder, draw(st.sampled_from(["k", "m"])), start, size))
    return spans, length


def brute_force_d_o(spans, length, coders, category):
    """D_o by the definition: every section of one coder against every one of another."""
    from rpsw_research.reliability.unitizing import _merged, _sections

    def sections(coder):
        units = _merged((s, s + n) for c, k, s, n in spans if c == coder and k == category)
        return _sections(units, 0, length)

    def delta(g, h):
        (bg, eg, ug), (bh, eh, uh) = g, h
        if ug and uh and bg < eh and bh < eg:
            return (bg - bh) ** 2 + (eg - eh) ** 2
        if ug and not uh and bh <= bg and eg <= eh:
            return (eg - bg) ** 2
        if uh and not ug and bg <= bh and eh <= eg:
            return (eh - bh) ** 2
        return 0

    total = sum(delta(g, h) for i, j in combinations(coders, 2)
                for g in sections(i) for h in sections(j))
    m = len(coders)
    return 2 * total / (m * (m - 1) * length**2)


@settings(max_examples=150)
@given(coded_continuum())
def test_u_alpha_sweep_equals_definition_and_is_symmetric(data):
    spans, length = data
    coders = sorted({c for c, *_ in spans} | {"A", "B"})
    result = defined(rel.u_alpha, spans, begin=0, length=length, coders=coders)
    for one in result.per_category:
        assert one.observed == pytest.approx(
            brute_force_d_o(spans, length, coders, one.category), abs=1e-12)
        assert one.value <= 1.0 + 1e-12
    reversed_coders = rel.u_alpha(spans, begin=0, length=length, coders=coders[::-1])
    assert reversed_coders.value == pytest.approx(result.value)
    shifted = [(c, k, s + 100, n) for c, k, s, n in spans]
    assert rel.u_alpha(shifted, begin=100, length=length, coders=coders).value == \
        pytest.approx(result.value)


@given(coded_continuum())
def test_identical_unitizing_gives_one(data):
    spans, length = data
    mine = [s for s in spans if s[0] == "A"]
    assume(mine)
    copy = mine + [("B", k, s, n) for _, k, s, n in mine]
    result = defined(rel.u_alpha, copy, begin=0, length=length)
    assert result.value == pytest.approx(1.0) and result.observed == 0.0


@given(coded_continuum())
def test_character_kappa_is_cohen_on_characters(data):
    spans, length = data
    a_spans = [(s, s + n) for c, k, s, n in spans if c == "A"]
    b_spans = [(s, s + n) for c, k, s, n in spans if c == "B"]
    counts = rel.character_counts(a_spans, b_spans, length=length)
    a = [int(any(s <= i < e for s, e in a_spans)) for i in range(length)]
    b = [int(any(s <= i < e for s, e in b_spans)) for i in range(length)]
    assert rel.character_percent_agreement(counts).value == pytest.approx(
        rel.percent_agreement(a, b).value)
    kappa = defined(rel.character_kappa, counts)
    assert kappa.value == pytest.approx(rel.cohen_kappa(a, b, categories=[0, 1]).value)
