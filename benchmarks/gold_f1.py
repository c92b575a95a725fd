"""Benchmark: the default codebook's stage rules against the gold standards.

Auto-codes the seven RPSW stages with ``Codebook.default()`` and scores the suggestions
at sentence level (per stage precision, recall, F1, then macro and micro averages) on:

* ``dev``: the sample's sources the rules were first written against,
* ``test``: the sample's held-out split (never tuned on),
* ``full``: the whole sample gold standard (the issue's target: macro F1 >= 0.75),
* ``training``: ``data/training``, interviews written independently of the rules and
  then used to revise them (its errors were read),
* ``heldout`` to ``heldout5``: ``data/heldout*``, written without seeing the rules and
  never tuned on (only their scores were ever looked at; ``heldout4`` and ``heldout5``
  only after the rules were final).

    PYTHONPATH=. python benchmarks/gold_f1.py [--split SPLIT]   (dev, test, full, training,
                                                           heldout, heldout2-5, all)

Use ``--split dev`` or ``--split training`` while writing rules, so the held-out figures
are not looked at every time.
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
SAMPLE_SPLITS = ("dev", "test", "full")
FOLDERS = {"training": ROOT / "data" / "training", "heldout": ROOT / "data" / "heldout",
           "heldout2": ROOT / "data" / "heldout2", "heldout3": ROOT / "data" / "heldout3",
           "heldout4": ROOT / "data" / "heldout4", "heldout5": ROOT / "data" / "heldout5"}
"""Independent sets, each with its own ``gold/gold_stages.csv`` (see their READMEs)."""
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


def _folder(tmp: Path, name: str, codebook: rr.Codebook, stages: list[str],
            scorer: str | None) -> float:
    """Macro F1 on the independent set ``name`` (a folder of :data:`FOLDERS`)."""
    folder = FOLDERS[name]
    proj = rr.Project.create(tmp / f"{name}.rpsw")
    try:
        proj.import_folder(folder)
        proj.codebook = codebook
        proj.autocode(codes=stages, progress=False, scorer=scorer)
        ev = rr.evaluate(proj, folder / "gold" / "gold_stages.csv", coder="auto", codes=stages)
        print(_table(f"{name} ({folder.relative_to(ROOT)})", ev), end="\n\n")
        return ev.macro_f1
    finally:
        proj.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SAMPLE_SPLITS, *FOLDERS, "all"], default="all")
    parser.add_argument("--rules-only", action="store_true",
                        help="the rules' own suggestions, without the scorer")
    args = parser.parse_args()
    scorer = None if args.rules_only else "default"
    splits = [*SAMPLE_SPLITS, *FOLDERS] if args.split == "all" else [args.split]
    codebook = rr.Codebook.default()
    stages = [code.id for code in codebook.stages()]
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = [s for s in splits if s in SAMPLE_SPLITS]
        if sample:
            proj = rr.Project.create(Path(tmp) / "gold.rpsw")
            try:
                proj.import_folder(SAMPLE)
                proj.codebook = codebook
                proj.autocode(codes=stages, progress=False, scorer=scorer)
                for split in sample:
                    ev = rr.evaluate(proj, GOLD, split=None if split == "full" else split,
                                     coder="auto", codes=stages)
                    print(_table(split, ev), end="\n\n")
                    summary.append(f"{split} {ev.macro_f1:.3f}")
            finally:
                proj.close()
        for name in (s for s in splits if s in FOLDERS):
            summary.append(f"{name} {_folder(Path(tmp), name, codebook, stages, scorer):.3f}")
    what = "rules alone" if args.rules_only else "rules + scorer"
    print(f"macro F1 ({what}, sentence level, target >= {TARGET}): " + ", ".join(summary))


if __name__ == "__main__":
    main()
