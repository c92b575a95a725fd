"""Benchmark: rule-based auto-coding against bare spaCy tokenisation.

Builds a corpus of >= 1,000,000 words by repeating the sample corpus with deterministic
perturbations (sentence order within turns shuffled, filler words inserted, some words
suffixed so the tokenizer cache cannot shortcut), keeping every turn and speaker. Then,
in one run and over the same texts:

1. bare ``spacy.blank("id")`` tokenisation (``nlp.pipe``),
2. this package's tokenizer alone, for information (spaCy's tokens but for the
   abbreviations it keeps whole; its affix searches are faster, see
   :mod:`rpsw_research.nlp.affixes`),
3. full auto-coding with the default codebook (pipeline, normalisation, lemmas, stems,
   sentences, matchers, regex rules, negation, speaker roles).

Pipeline construction is excluded from the timings (reported separately); every timed
run starts from a fresh pipeline (no tokenizer, lexeme or stem caches carried over), and
the best of ``--repeat`` rounds counts (each round times bare tokenisation, then
auto-coding, so a busy spell of the machine slows both alike). The baseline tokenises
exactly the turn/paragraph texts the auto-coder processes, in one process; auto-coding
uses as many processes as :func:`rpsw_research.coding.parallel.plan` chooses
(``--n-process 1`` forces one, ``--serial`` times one process as well). Prints words,
both times, their ratio, words per second and peak RSS, and exits 1 when a target is
missed: ratio <= 2.5 and 1M words in < 20 s.

    PYTHONPATH=. python benchmarks/autocode.py [--words 1000000] [--n-process N] [--serial]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rpsw_research.codebook import Codebook  # noqa: E402
from rpsw_research.corpus import load_corpus  # noqa: E402
from rpsw_research.corpus.model import Source, Turn  # noqa: E402

MAX_RATIO = 2.5
MAX_SECONDS_PER_MILLION = 20.0
FILLERS = ("eh", "hmm", "ya", "gitu", "kan", "sih", "nah", "terus")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _perturb(body: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(body)
    rng.shuffle(sentences)
    words = " ".join(sentences).split(" ")
    for _ in range(max(1, len(words) // 15)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
    words = [w + str(rng.randrange(1000)) if w.isalpha() and rng.random() < 0.03 else w
             for w in words]
    return " ".join(words)


def _variant(source: Source, copy: int, rng: random.Random) -> Source:
    """A perturbed copy of ``source`` with turns (or paragraphs) rebuilt at new offsets."""
    if source.turns:
        parts, turns, pos = [], [], 0
        for index, turn in enumerate(source.turns):
            prefix = f"{turn.speaker}: "
            body = _perturb(source.text[turn.start:turn.end], rng)
            start = pos + len(prefix)
            turns.append(Turn(index, start, start + len(body), speaker=turn.speaker,
                              informant=turn.informant, is_interviewer=turn.is_interviewer))
            parts.append(prefix + body)
            pos = start + len(body) + 1
        text = "\n".join(parts)
    else:
        paragraphs = [p for p in re.split(r"\n\s*\n", source.text) if p.strip()]
        text, turns = "\n\n".join(_perturb(p.strip(), rng) for p in paragraphs), []
    return Source(f"{source.id}#{copy}", source.kind, text, informants=source.informants,
                  turns=tuple(turns))


def build(folder: Path, words: int) -> tuple[list[Source], dict[str, str]]:
    """Perturbed copies of the corpus in ``folder`` until ``words`` words are reached."""
    corpus, report = load_corpus(folder)
    if not corpus.sources:
        sys.exit(f"no sources read from {folder}: {report}")
    roles = {inf.id: inf.role for inf in corpus.informants.values()}
    rng = random.Random(20140312)
    sources, total, copy = [], 0, 0
    while total < words:
        for source in corpus.sources:
            variant = _variant(source, copy, rng)
            sources.append(variant)
            total += variant.word_count
        copy += 1
    return sources, roles


def _fresh_pipeline() -> None:
    """Forget the shared pipeline and per-form caches: every timed run starts cold."""
    import importlib

    for module, name in (("pipeline", "get_nlp"), ("stem", "stem"), ("normalise", "norm_form")):
        getattr(importlib.import_module(f"rpsw_research.nlp.{module}"), name).cache_clear()


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers (user + system)."""
    own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def measure(words: int, folder: Path, *, n_process: int | None = None, repeat: int = 1,
            serial: bool = False, fresh: bool = True,
            log: Callable[[str], None] = print) -> dict[str, Any]:
    """Time bare tokenisation and auto-coding of the same texts; best of ``repeat``.

    With ``fresh`` every run starts from a fresh pipeline (no tokenizer, lexeme or stem
    caches carried over). ``serial`` also times auto-coding in one process.
    """
    import spacy

    from rpsw_research.coding import parallel
    from rpsw_research.coding.autocode import CompiledRules, autocode_sources
    from rpsw_research.nlp import get_nlp, unit_spans

    sources, roles = build(folder, words)
    n_words = sum(s.word_count for s in sources)
    # the texts the auto-coder tokenises: every turn / paragraph of every source
    texts = [s.text[a:b] for s in sources for a, b in unit_spans(s, "sentence")]
    log(f"corpus: {len(sources)} sources, {len(texts)} turns/paragraphs, {n_words:,} words, "
        f"{sum(map(len, texts)):,} chars")
    codebook = Codebook.default()
    workers, _ = parallel.plan(sources, n_process)
    result: dict[str, Any] = {"words": n_words, "sources": len(sources), "workers": workers}

    blank: list[Any] = []

    def fresh_blank() -> None:
        blank[:] = [spacy.blank("id")]  # built outside the timing, like the pipeline

    def bare() -> int:
        return sum(len(doc) for doc in blank[0].pipe(texts, batch_size=256))

    def own_tokens() -> int:  # this package's tokenizer alone, over the same texts
        nlp = get_nlp()
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=256, disable=nlp.pipe_names))

    def auto(processes: int | None) -> Callable[[], int]:
        def run() -> int:
            rules = setup[0]
            return sum(1 for _ in autocode_sources(sources, rules, informants=roles,
                                                   progress=False, n_process=processes))
        return run

    setup: list[Any] = []

    def prepare() -> None:
        if fresh:
            _fresh_pipeline()
        start = time.perf_counter()
        get_nlp()
        setup[:] = [CompiledRules(codebook)]
        result["setup"] = time.perf_counter() - start

    runs: dict[str, tuple[Callable[[], int], Callable[[], None]]] = {
        "bare": (bare, fresh_blank), "tokens": (own_tokens, prepare),
        "auto": (auto(n_process), prepare)}
    if serial:
        runs["serial"] = (auto(1), prepare)
    times: dict[str, list[float]] = {label: [] for label in runs}
    cpus: dict[str, list[float]] = {label: [] for label in runs}
    # rounds of one run each, so that a busy spell of the machine hits all of them alike
    for _ in range(repeat):
        for label, (run, before) in runs.items():
            before()
            cpu, start = _cpu_seconds(), time.perf_counter()
            result[label + "_count"] = run()
            times[label].append(time.perf_counter() - start)
            cpus[label].append(_cpu_seconds() - cpu)
    for label in runs:
        log(f"  {label}: " + ", ".join(f"{x:.2f}" for x in times[label]) + " s wall; "
            + ", ".join(f"{x:.2f}" for x in cpus[label]) + " s CPU (all processes)")
        result[label] = min(times[label])
        result[label + "_cpu"] = min(cpus[label])
    result["ratio"] = result["auto"] / result["bare"]
    result["per_million"] = result["auto"] * 1_000_000 / n_words
    result["rss_mb"] = _peak_rss_mb(resource.RUSAGE_SELF)
    result["rss_children_mb"] = _peak_rss_mb(resource.RUSAGE_CHILDREN)
    return result


def report(r: dict[str, Any], log: Callable[[str], None] = print) -> list[str]:
    """Print the results; return the targets that were missed."""
    log(f"words: {r['words']:,}")
    log(f"bare spacy.blank('id') tokenisation (nlp.pipe, 1 process): {r['bare']:6.2f} s  "
        f"({r['bare_count']:,} tokens)")
    log(f"this package's tokenizer alone (abbreviations kept whole, faster affix "
        f"searches): {r['tokens']:6.2f} s  (ratio {r['tokens'] / r['bare']:.2f})")
    log(f"pipeline + codebook load (once per process, not timed): {r['setup']:.2f} s")
    log(f"auto-coding ({r['workers']} process{'es' if r['workers'] > 1 else ''}): "
        f"{r['auto']:6.2f} s  ({r['auto_count']:,} candidates, "
        f"{r['words'] / r['auto']:,.0f} words/s)")
    if "serial" in r:
        log(f"auto-coding (1 process): {r['serial']:6.2f} s  "
            f"(ratio {r['serial'] / r['bare']:.2f})")
    log(f"ratio auto-coding / bare tokenisation: {r['ratio']:.2f}  (target <= {MAX_RATIO})")
    log(f"CPU seconds (all processes, best run): bare {r['bare_cpu']:.2f}, auto-coding "
        f"{r['auto_cpu']:.2f}" + (f", auto-coding in 1 process {r['serial_cpu']:.2f}"
                                  if "serial" in r else ""))
    log(f"auto-coding time per 1M words: {r['per_million']:.1f} s  "
        f"(target < {MAX_SECONDS_PER_MILLION:.0f} s)")
    log(f"peak RSS: {r['rss_mb']:.0f} MB (this process), "
        f"{r['rss_children_mb']:.0f} MB (largest worker)")
    missed = []
    if r["ratio"] > MAX_RATIO:
        missed.append(f"ratio {r['ratio']:.2f} > {MAX_RATIO}")
    if r["per_million"] >= MAX_SECONDS_PER_MILLION:
        missed.append(f"{r['per_million']:.1f} s per 1M words >= {MAX_SECONDS_PER_MILLION}")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--n-process", type=int, default=None,
                        help="processes for auto-coding (default: chosen by input size)")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is reported")
    parser.add_argument("--serial", action="store_true",
                        help="also time auto-coding in one process")
    args = parser.parse_args()
    r = measure(args.words, args.folder, n_process=args.n_process, repeat=args.repeat,
                serial=args.serial)
    missed = report(r)
    if missed:
        print("TARGET MISSED: " + "; ".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
