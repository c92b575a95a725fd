"""How far two careful human coders agree on the stage coding: the ceiling for the auto-coder.

A second coder coded the sample's eight gold sources and the first nineteen sources of
``data/training`` again, from the same coding rules (``data/sample/gold/README.md``),
without seeing the gold coding (``data/agreement/*.csv``, quotes as in the gold sets).
Scored like the auto-coder (``benchmarks/gold_f1.py``): the gold as reference, the
second coder as prediction, macro F1 over the seven stages at sentence level.

    PYTHONPATH=. python benchmarks/coder_agreement.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rpsw_research.codebook import Codebook  # noqa: E402
from rpsw_research.coding.evaluate import Evaluation, evaluate_spans, read_gold  # noqa: E402
from rpsw_research.corpus import load_corpus  # noqa: E402
from rpsw_research.nlp import units as source_units  # noqa: E402

AGREEMENT = ROOT / "data" / "agreement"
SETS = {"sample": (ROOT / "data" / "sample", ("dev", "test", None)),
        "training": (ROOT / "data" / "training", (None,))}
"""Second coding file -> (the set it recodes, the gold splits to score)."""


def _make_gold():
    spec = importlib.util.spec_from_file_location("make_gold", ROOT / "data" / "make_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def second_coding(name: str) -> pd.DataFrame:
    """The second coder's codings of set ``name`` as gold-style spans (offsets checked
    like the gold's: whole sentences, unique, informants' turns)."""
    make_gold = _make_gold()
    folder = SETS[name][0]
    quotes = pd.read_csv(AGREEMENT / f"{name}.csv", keep_default_na=False)
    rows, texts = [], {}
    for row in quotes.itertuples(index=False):
        if row.source_id not in texts:
            texts[row.source_id] = make_gold.load(folder, row.source_id)
        start, end = make_gold.place(*texts[row.source_id], row.source_id, row.quote)
        rows.append((row.source_id, start, end, row.code_id))
    return pd.DataFrame(rows, columns=["source_id", "start", "end", "code_id"])


def agreement(name: str, split: str | None) -> Evaluation:
    """The second coder against the gold of set ``name`` (``split`` of it, None: all),
    on the sources both coded."""
    folder = SETS[name][0]
    second = second_coding(name)
    gold = read_gold(folder / "gold" / "gold_stages.csv", split)
    both = set(gold["source_id"]) & set(second["source_id"])
    corpus, _ = load_corpus(folder)
    units = {s.id: source_units(s, "sentence") for s in corpus.sources if s.id in both}
    stages = [code.id for code in Codebook.default().stages()]
    return evaluate_spans(gold[gold["source_id"].isin(both)],
                          second[second["source_id"].isin(both)], units, codes=stages)


def main() -> None:
    for name, (_, splits) in SETS.items():
        for split in splits:
            ev = agreement(name, split)
            print(f"{name} {split or 'all coded sources'}: macro F1 {ev.macro_f1:.3f} "
                  f"(P {ev.macro_precision:.3f}, R {ev.macro_recall:.3f}; {ev.units} sentences)")


if __name__ == "__main__":
    main()
