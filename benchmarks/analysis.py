"""Analysis benchmark: 100,000 codings over 1,000 sources.

Builds a project from the sample corpus's sources repeated to 1,000 (ids renamed, texts
kept), writes 100,000 codings spread over them and the 58 codes of the default codebook
(one bulk write), then times in one run:

- the baseline: reading the codings as the tidy DataFrame (``proj.codings()``),
- ``analysis.frequencies``, ``analysis.matrix`` and ``analysis.cooccurrence`` at the
  sentence level (sentence segmentation is computed once and cached in the project
  beforehand, and timed separately).

Prints each time and its ratio to the baseline. Target: each analysis under 2 s; the
script exits non-zero otherwise.

    PYTHONPATH=. python benchmarks/analysis.py [--sources 1000] [--codings 100000]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rpsw_research import analysis  # noqa: E402
from rpsw_research.codebook import Codebook  # noqa: E402
from rpsw_research.corpus import load_corpus  # noqa: E402
from rpsw_research.project import Project  # noqa: E402

LIMIT_SECONDS = 2.0


def build(path: Path, n_sources: int, n_codings: int, seed: int = 7) -> Project:
    """A project of ``n_sources`` sources and ``n_codings`` codings (synthetic)."""
    corpus, _ = load_corpus(ROOT / "data" / "sample")
    base = list(corpus.sources)
    sources = [dataclasses.replace(base[i % len(base)], id=f"S{i:04d}",
                                   text=base[i % len(base)].text + f"\n\nSalinan {i}.")
               for i in range(n_sources)]
    proj = Project.create(path)
    proj.store.import_sources(sources, informants=corpus.informants.values(),
                              on_duplicate="error", who="bench")
    proj.codebook = Codebook.default()
    codes = [code.id for code in proj.codebook]
    rng = random.Random(seed)
    rows = []
    for _ in range(n_codings):
        source = sources[rng.randrange(n_sources)]
        start = rng.randrange(len(source.text) - 200)
        rows.append({"source_id": source.id, "code_id": rng.choice(codes), "start": start,
                     "end": start + rng.randrange(20, 200), "rule": "bench", "score": 1.0})
    proj.replace_auto_codings("bench", rows)
    return proj


def timed(label: str, action, baseline: float | None = None) -> float:
    began = time.perf_counter()
    action()
    seconds = time.perf_counter() - began
    ratio = f"  ({seconds / baseline:.2f}x reading the codings)" if baseline else ""
    print(f"{label:<40} {seconds:6.2f} s{ratio}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        proj = build(Path(folder) / "bench.rpsw", args.sources, args.codings)
        print(f"project: {args.sources} sources, {len(proj.codings())} codings "
              f"({time.perf_counter() - began:.1f} s to build)")
        timed("sentence segmentation (once, cached)", lambda: proj.segments_table("sentence"))
        baseline = timed("baseline: proj.codings()", proj.codings)
        results = {
            "frequencies": timed("frequencies", lambda: analysis.frequencies(proj), baseline),
            "matrix": timed("matrix (informant x stage)",
                            lambda: analysis.matrix(proj), baseline),
            "cooccurrence": timed("cooccurrence (unit=sentence)",
                                  lambda: analysis.cooccurrence(proj, unit="sentence"),
                                  baseline),
        }
        proj.close()
    slow = [name for name, seconds in results.items() if seconds >= LIMIT_SECONDS]
    print("OK: each under 2 s" if not slow else f"TOO SLOW: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
