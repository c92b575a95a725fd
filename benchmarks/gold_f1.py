"""Benchmark: the default codebook's stage rules against the sample gold standard.

Imports ``data/sample`` into a temporary project, auto-codes the seven RPSW stages with
``Codebook.default()`` and scores the suggestions against
``data/sample/gold/gold_stages.csv`` at sentence level: per stage precision, recall, F1,
then macro and micro averages, for the ``dev`` split (sources the rules were written
against), the held-out ``test`` split (never tuned on), the full gold standard, and
the independent interviews of ``data/heldout`` (written without seeing the rules).
The issue's target is macro F1 >= 0.75.

    PYTHONPATH=. python benchmarks/gold_f1.py [--split dev|test|full|all]

``--split dev`` prints the dev figures only (use it while writing rules, so the
held-out figures are not looked at every time).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rpsw_research as rr  # noqa: E402
from rpsw_research.coding.evaluate import Evaluation  # noqa: E402

SAMPLE = ROOT / "data" / "sample"
GOLD = SAMPLE / "gold" / "gold_stages.csv"
HELDOUT = ROOT / "data" / "heldout"
"""Independent interviews written and coded without seeing the rules (never tune on it)."""
TARGET = 0.75


def _table(title: str, ev: Evaluation) -> str:
    lines = [f"== {title}: {ev.units} sentences ==",
             f"{'stage':<28}{'gold':>6}{'pred':>6}{'tp':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    for row in ev.per_code.itertuples(index=False):
        lines.append(f"{row.code_id:<28}{row.support:>6}{row.predicted:>6}{row.tp:>5}"
                     f"{row.precision:>7.3f}{row.recall:>7.3f}{row.f1:>7.3f}")
    lines.append(f"{'macro':<45}{ev.macro_precision:>7.3f}{ev.macro_recall:>7.3f}"
                 f"{ev.macro_f1:>7.3f}")
    lines.append(f"{'micro':<45}{ev.micro_precision:>7.3f}{ev.micro_recall:>7.3f}"
                 f"{ev.micro_f1:>7.3f}")
    return "\n".join(lines)


def _heldout(tmp: Path, codebook: rr.Codebook, stages: list[str]) -> float:
    """Macro F1 on the independent held-out interviews (``data/heldout``)."""
    proj = rr.Project.create(tmp / "heldout.rpsw")
    try:
        proj.import_folder(HELDOUT)
        proj.codebook = codebook
        proj.autocode(codes=stages, progress=False)
        ev = rr.evaluate(proj, HELDOUT / "gold" / "gold_stages.csv", coder="auto",
                         codes=stages)
        print(_table("independent held-out (data/heldout)", ev), end="\n\n")
        return ev.macro_f1
    finally:
        proj.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "full", "heldout", "all"],
                        default="all")
    args = parser.parse_args()
    splits = ["dev", "test", "full", "heldout"] if args.split == "all" else [args.split]
    codebook = rr.Codebook.default()
    stages = [code.id for code in codebook.stages()]
    with tempfile.TemporaryDirectory() as tmp:
        proj = rr.Project.create(Path(tmp) / "gold.rpsw")
        try:
            proj.import_folder(SAMPLE)
            proj.codebook = codebook
            proj.autocode(codes=stages, progress=False)
            summary = []
            for split in (s for s in splits if s != "heldout"):
                ev = rr.evaluate(proj, GOLD, split=None if split == "full" else split,
                                 coder="auto", codes=stages)
                print(_table(split, ev), end="\n\n")
                summary.append(f"{split} {ev.macro_f1:.3f}")
        finally:
            proj.close()
        if "heldout" in splits:
            summary.append(f"heldout {_heldout(Path(tmp), codebook, stages):.3f}")
    print(f"macro F1 (sentence level, target >= {TARGET}): " + ", ".join(summary))


if __name__ == "__main__":
    main()
