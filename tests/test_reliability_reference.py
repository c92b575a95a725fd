"""Every published reference case in reference/icr/reference_cases.json, reproduced.

The cases live in the shared reference folder beside the repository
(``../shared/reference/icr``); a copy is kept in ``tests/fixtures/reliability`` so a
fresh clone can run the suite, and a test keeps the copy identical to the original.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rpsw_research import reliability as rel

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reliability" / "reference_cases.json"
SHARED_CANDIDATES = [
    Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "icr"
    / "reference_cases.json",
    Path("/work/shared/reference/icr/reference_cases.json"),
]
SHARED = next((p for p in SHARED_CANDIDATES if p.is_file()), None)
CASES_FILE = SHARED or FIXTURE
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))


def tolerance(case: dict) -> float:
    """The case's tolerance; 0.001 by default, 0.01 for unitizing cases marked loose."""
    loose = case.get("level") == "unitizing" and "loose" in (case.get("note") or "").lower()
    if loose:
        return max(case.get("tolerance") or 0.0, 0.01)
    return case["tolerance"] if case.get("tolerance") is not None else 0.001


def table_of(data: dict) -> list[list[float]]:
    return data.get("table_rowsA_colsB") or data["table"]


def u_alpha_result(data: dict) -> rel.UnitizingAgreement:
    return rel.u_alpha(data["units_[coder,category,start,length]"],
                       begin=data["continuum_begin"], length=data["continuum_length"])


def nvivo_counts(data: dict) -> rel.CharacterCounts:
    """Spans realising the published counts (A codes both + the single-coded stretch)."""
    both, single = data["both"], data["only_one"]
    counts = rel.character_counts([(0, both + single)], [(0, both)], length=data["length"])
    assert (counts.both, counts.a_only + counts.b_only, counts.neither) == (
        both, single, data["neither"])
    return counts


def compute(case: dict) -> float:
    metric, data = case["metric"], case["data"]
    if metric == "krippendorff_alpha":
        return rel.krippendorff_alpha(data, level=case["level"]).value
    if metric == "percent_agreement":
        if isinstance(data, list):
            return rel.percent_agreement(*data).value
        if "length" in data:
            return rel.character_percent_agreement(nvivo_counts(data)).value
        return rel.percent_agreement(table_of(data)).value
    if metric == "cohen_kappa":
        return rel.cohen_kappa(table_of(data)).value
    if metric == "krippendorff_u_alpha":
        return u_alpha_result(data).value
    if metric.startswith("u_alpha_D"):  # u_alpha_Do_<cat> / u_alpha_De_<cat>
        term, category = metric[len("u_alpha_"):].split("_", 1)
        one = u_alpha_result(data).for_category(category)
        return one.observed if term == "Do" else one.expected
    if metric.startswith("u_alpha_"):
        return u_alpha_result(data).for_category(metric[len("u_alpha_"):]).value
    pytest.fail(f"reference case with unknown metric {metric!r}: teach compute() about it")


def test_reference_cases_are_there():
    assert len(CASES) >= 18
    assert {c["metric"] for c in CASES} >= {"krippendorff_alpha", "percent_agreement",
                                            "cohen_kappa", "krippendorff_u_alpha"}


def test_fixture_copy_matches_shared_reference():
    if SHARED is None:
        pytest.skip("shared reference folder not present (fresh clone): the fixture copy is used")
    assert json.loads(FIXTURE.read_text(encoding="utf-8")) == CASES


@pytest.mark.parametrize("case", CASES, ids=[f"{i:02d}-{c['metric']}-{c['name']}"
                                             for i, c in enumerate(CASES)])
def test_reference_case(case):
    value = compute(case)
    assert math.isfinite(value)
    assert value == pytest.approx(case["expected"], abs=tolerance(case)), case["source"]
