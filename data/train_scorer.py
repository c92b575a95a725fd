"""Fit the stage scorer shipped with the default codebook (``default_scorer.json``).

The scorer (``rpsw_research/coding/scorer.py``) weighs the rules' stage suggestions.
It is fitted here on the gold sets a rule writer may read: the sample's ``dev`` split
and ``data/training``. The sample's ``test`` split and ``data/heldout*`` never enter
the fit, so their figures stay estimates for unseen text.

One logistic regression per stage (scikit-learn, L2, classes unweighted so that its
output stays a probability) is fitted over the features of every sentence of those
sources. The label is whether the gold codes the sentence with that stage. ``--cv``
also shows how well the scores are calibrated out of fold: of the suggestions scored
0.8-1.0, coders kept 90%; of those scored 0.2-0.4, 37%.

    python data/train_scorer.py            write rpsw_research/codebook/default_scorer.json
    python data/train_scorer.py --check    exit 1 if the shipped weights are not what the fit gives
    python data/train_scorer.py --cv       grouped cross-validation, rules alone vs with the scorer

``C`` and ``THRESHOLD`` were chosen with ``--cv`` (folds by source, never by sentence).
Needs scikit-learn (``pip install -e ".[train]"``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rpsw_research.codebook import Codebook  # noqa: E402
from rpsw_research.coding.autocode import (  # noqa: E402
    DEFAULT_CONTEXT,
    CompiledRules,
    informant_roles,
    rule_candidates,
)
from rpsw_research.coding.evaluate import read_gold, span_units  # noqa: E402
from rpsw_research.coding.scorer import (  # noqa: E402
    StageScorer,
    default_scorer_path,
    features,
    load_scorer,
    stage_hits,
)
from rpsw_research.corpus import load_corpus  # noqa: E402
from rpsw_research.files import write_atomic  # noqa: E402
from rpsw_research.nlp import units as source_units  # noqa: E402

SETS = (("data/sample", "dev"), ("data/training", None))
"""(folder, gold split) of the sets the scorer is fitted on."""
C = 1.0
THRESHOLD = 0.2
FOLDS = 4
MIN_SOURCES = 2
"""A feature enters the fit only if it occurs in this many sources."""
TOLERANCE = 1e-3
"""Largest difference in a weight that ``--check`` accepts (floating-point noise)."""


def examples(folder: str, split: str | None, rules: CompiledRules
             ) -> list[tuple[str, dict[str, float], set[str], set[str]]]:
    """``(source id, features, gold stages, stages the rules suggested)`` for every
    sentence of the set's gold-coded sources (the scorer only ever weighs the last)."""
    corpus, _ = load_corpus(ROOT / folder)
    gold = read_gold(ROOT / folder / "gold" / "gold_stages.csv", split)
    wanted = set(gold.source_id)
    sources = [s for s in corpus.sources if s.id in wanted]
    roles = informant_roles({i.id: i.role for i in corpus.informants.values()})
    codes = [c.id for c in Codebook.default().stages()]
    rows = []
    for source, units, found, said in rule_candidates(sources, rules, roles, "sentence",
                                                      DEFAULT_CONTEXT, 256, inputs="all"):
        segments = source_units(source, "sentence")
        assert len(segments) == units, f"{source.id}: units differ"
        labels = span_units(gold[gold.source_id == source.id], {source.id: segments})
        hits = stage_hits(found, codes)
        for i in range(units):
            suggested = {key.split(":", 1)[1] for key in hits.get(i, {})}
            rows.append((source.id, features(i, units, said[i], hits, source.kind),
                         {c for (_, u, c) in labels if u == i}, suggested))
    return rows


def fit(rows: list, codes: list[str], c: float = C, threshold: float = THRESHOLD,
        about: str = "") -> StageScorer:
    """One logistic regression per code over the rows' features (those of at least
    :data:`MIN_SOURCES` sources)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen: dict[str, set[str]] = {}
    for source_id, found, *_ in rows:
        for name in found:
            seen.setdefault(name, set()).add(source_id)
    # a word of one text only (a name, a place) is no evidence about other texts
    common = {name for name, ids in seen.items() if len(ids) >= MIN_SOURCES}
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{k: v for k, v in r[1].items() if k in common}
                                  for r in rows])
    names = vectorizer.get_feature_names_out()
    columns, intercepts = [], []
    for code in codes:
        y = [code in r[2] for r in rows]
        model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
        columns.append(model.coef_[0])
        intercepts.append(round(float(model.intercept_[0]), 6))
    weights = {}
    for j, name in enumerate(names):
        row = tuple(round(float(col[j]), 6) for col in columns)
        if any(abs(w) >= 1e-6 for w in row):
            weights[str(name)] = row
    return StageScorer(codes=tuple(codes), intercepts=tuple(intercepts), weights=weights,
                       threshold=threshold, about=about)


def macro_f1(rows: Iterable, predicted: list[set[str]], codes: list[str]) -> float:
    """Macro F1 over ``codes`` of per-row predicted stage sets against the gold stages."""
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    binary = MultiLabelBinarizer(classes=codes).fit([codes])
    return float(f1_score(binary.transform([r[2] for r in rows]), binary.transform(predicted),
                          average="macro", zero_division=0))


def predict(scorer: StageScorer, rows: list) -> list[set[str]]:
    """The stages the scorer keeps of the rules' suggestions, per row."""
    return [{c for c in r[3] if scorer.probability(r[1], c) >= scorer.threshold}
            for r in rows]


def cross_validate(sets: dict[str, list], codes: list[str]) -> None:
    """Print macro F1 of the rules alone and with a scorer fitted without the tested
    sources: training in FOLDS folds by source (fitted on the other folds and the sample
    dev split), then the sample dev split (fitted on training alone)."""
    training, dev = sets["data/training"], sets["data/sample"]
    names = sorted({r[0] for r in training})
    scored: list[tuple[float, bool]] = []  # out of fold, with C: (score, kept by coders)
    for c in (0.1, 0.3, 1.0, 3.0):
        for threshold in (0.2, 0.3, 0.4, 0.5):
            tested, kept = [], []
            for k in range(FOLDS):
                held = set(names[k::FOLDS])
                scorer = fit(dev + [r for r in training if r[0] not in held], codes, c,
                             threshold)
                part = [r for r in training if r[0] in held]
                tested += part
                kept += predict(scorer, part)
                if c == C and threshold == THRESHOLD:
                    scored += [(scorer.probability(r[1], code), code in r[2])
                               for r in part for code in r[3]]
            on_dev = predict(fit(training, codes, c, threshold), dev)
            print(f"C={c:<4} threshold={threshold}: training (cv) "
                  f"{macro_f1(tested, kept, codes):.3f}  dev {macro_f1(dev, on_dev, codes):.3f}")
    print(f"rules alone: training {macro_f1(training, [r[3] for r in training], codes):.3f}"
          f"  dev {macro_f1(dev, [r[3] for r in dev], codes):.3f}")
    print(f"calibration out of fold (C={C}): score band -> share the gold codes")
    for band in range(5):
        gold = [kept for score, kept in scored if min(int(score * 5), 4) == band]
        print(f"  {band / 5:.1f}-{(band + 1) / 5:.1f}: {sum(gold) / max(len(gold), 1):.2f} "
              f"of {len(gold)} suggestions")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--cv", action="store_true")
    args = parser.parse_args(argv)
    rules = CompiledRules(Codebook.default())
    codes = [c.id for c in Codebook.default().stages()]
    sets = {folder: examples(folder, split, rules) for folder, split in SETS}
    if args.cv:
        cross_validate(sets, codes)
        return 0
    rows = [r for folder, _ in SETS for r in sets[folder]]
    sources = len({r[0] for r in rows})
    about = (f"Fitted by data/train_scorer.py on {sources} gold-coded sources "
             f"({len(rows)} sentences): {', '.join(f + (f' ({s})' if s else '') for f, s in SETS)}."
             f" C={C}, threshold {THRESHOLD}.")
    scorer = fit(rows, codes, about=about)
    path = default_scorer_path()
    if args.check:
        shipped = load_scorer(path)
        same = (shipped.codes == scorer.codes and shipped.threshold == scorer.threshold
                and set(shipped.weights) == set(scorer.weights)
                and all(abs(a - b) <= TOLERANCE for a, b in zip(shipped.intercepts,
                                                                 scorer.intercepts))
                and all(abs(a - b) <= TOLERANCE for name, row in scorer.weights.items()
                        for a, b in zip(row, shipped.weights[name])))
        print("up to date" if same else f"{path} is not what the fit gives: run "
              "python data/train_scorer.py")
        return 0 if same else 1
    write_atomic(path, scorer.to_json().encode("utf-8"))
    print(f"written: {path} ({len(scorer.weights)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
