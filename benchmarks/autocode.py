"""Benchmark: rule-based auto-coding against bare spaCy tokenisation.

Builds a corpus of >= 1,000,000 words by repeating the sample corpus with deterministic
perturbations (sentence order within turns shuffled, filler words inserted, some words
suffixed so the tokenizer cache cannot shortcut), keeping every turn and speaker. Then,
in one run and over the same texts:

1. bare ``spacy.blank("id")`` tokenisation (``nlp.pipe``),
2. full auto-coding with the default codebook (pipeline, normalisation, lemmas, stems,
   sentences, matchers, regex rules, negation, speaker roles).

Pipeline construction is excluded from both timings (reported separately). Prints both
times, the ratio and words per second. Targets: ratio <= 2.5, 1M words in < 20 s. The
strict baseline tokenises exactly the turn/paragraph texts the auto-coder processes;
tokenising whole source texts (speaker labels and line breaks inside) is several times
slower in spaCy, so that ratio is printed too.

    PYTHONPATH=. python benchmarks/autocode.py [--words 1000000] [--folder data/sample]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rpsw_research.codebook import Codebook  # noqa: E402
from rpsw_research.corpus import load_corpus  # noqa: E402
from rpsw_research.corpus.model import Source, Turn  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=ROOT / "data" / "sample")
    args = parser.parse_args()

    import spacy

    from rpsw_research.coding.autocode import autocode_sources
    from rpsw_research.nlp import get_nlp, unit_spans

    sources, roles = build(args.folder, args.words)
    n_words = sum(s.word_count for s in sources)
    # the texts the auto-coder tokenises: every turn / paragraph of every source
    texts = [s.text[a:b] for s in sources for a, b in unit_spans(s, "sentence")]
    print(f"corpus: {len(sources)} sources, {len(texts)} turns/paragraphs, {n_words:,} words, "
          f"{sum(map(len, texts)):,} chars")

    bare = spacy.blank("id")
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=256))
    t_bare = time.perf_counter() - start
    print(f"bare spacy.blank('id') tokenisation: {t_bare:7.2f} s  ({tokens:,} tokens, "
          f"{n_words / t_bare:,.0f} words/s)")

    whole = spacy.blank("id")
    start = time.perf_counter()
    for _ in whole.pipe([s.text for s in sources], batch_size=64):
        pass
    t_whole = time.perf_counter() - start
    print(f"bare spacy.blank('id') over whole source texts (labels, line breaks): "
          f"{t_whole:7.2f} s")

    start = time.perf_counter()
    get_nlp()
    codebook = Codebook.default()
    print(f"pipeline + codebook load (once per process, not timed below): "
          f"{time.perf_counter() - start:.2f} s")

    start = time.perf_counter()
    candidates = 0
    for _ in autocode_sources(sources, codebook, informants=roles, progress=False):
        candidates += 1
    t_auto = time.perf_counter() - start
    print(f"auto-coding (sentence units, {len(codebook)} codes): {t_auto:7.2f} s  "
          f"({candidates:,} candidates, {n_words / t_auto:,.0f} words/s)")
    ratio = t_auto / t_bare
    per_million = t_auto * 1_000_000 / n_words
    print(f"ratio auto-coding / bare tokenisation of the same turn/paragraph texts: "
          f"{ratio:.2f}  (target <= 2.5)")
    print(f"ratio auto-coding / bare tokenisation of whole source texts: "
          f"{t_auto / t_whole:.2f}")
    print(f"auto-coding time per 1M words: {per_million:.1f} s  (target < 20 s)")


if __name__ == "__main__":
    main()
