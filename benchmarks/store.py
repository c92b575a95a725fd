"""Store benchmark: bulk-insert 100,000 codings, read them back as the tidy DataFrame.

Run from the repository root: ``python benchmarks/store.py [n_codings]``. Prints the
insert rate (codings/second) for the bulk auto-coding write and for single manual
codings, and the time to build ``proj.codings()``; exits non-zero when reading
100,000 codings takes 2 s or more. All text is synthetic.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rpsw_research.codebook.model import Codebook  # noqa: E402
from rpsw_research.coding import Coding  # noqa: E402
from rpsw_research.corpus.model import Segment, Source, Turn  # noqa: E402
from rpsw_research.project import Project  # noqa: E402

READ_LIMIT_SECONDS = 2.0


def synthetic_source(index: int, turns: int = 120) -> Source:
    """An invented interview of ``turns`` alternating turns."""
    parts, spans, start = [], [], 0
    for number in range(turns):
        label = "P" if number % 2 == 0 else "K1"
        body = f"kalimat sintetis nomor {number} dari wawancara {index} tentang layanan " * 3
        line = f"{label}: {body.strip()}"
        spans.append(Turn(number, start + len(label) + 2, start + len(line), speaker=label,
                          informant=None if label == "P" else "K1",
                          is_interviewer=label == "P"))
        parts.append(line)
        start += len(line) + 2
    text = "\n\n".join(parts)
    paragraphs = [Segment("paragraph", t.index, t.start - len(t.speaker) - 2, t.end)
                  for t in spans]
    return Source(id=f"W-{index:03d}", kind="wawancara", text=text, informants=("K1",),
                  turns=tuple(spans), paragraphs=tuple(paragraphs))


def main(total: int = 100_000) -> int:
    random.seed(7)
    sources = [synthetic_source(i) for i in range(40)]
    book = Codebook.default()
    codes = list(book)
    batch = []
    for n in range(total):
        source = sources[n % len(sources)]
        start = random.randrange(0, len(source.text) - 80)
        batch.append(Coding(source.id, codes[n % len(codes)].id, start,
                            start + random.randrange(5, 80), rule="kw", score=0.5))
    with tempfile.TemporaryDirectory() as folder:
        with Project.create(Path(folder) / "bench.rpsw") as proj:
            for source in sources:
                proj.add_source(source)
            proj.codebook = book
            began = time.perf_counter()
            proj.replace_auto_codings("auto", batch)
            bulk = time.perf_counter() - began
            manual_n = 500
            began = time.perf_counter()
            for n in range(manual_n):
                proj.code(sources[0].id, codes[0].id, start=n, end=n + 10, coder="A")
            manual = time.perf_counter() - began
            began = time.perf_counter()
            table = proj.codings()
            read = time.perf_counter() - began
            assert len(table) == total + manual_n
    print(f"bulk insert (replace_auto_codings): {total:,} codings in {bulk:.2f} s "
          f"= {total / bulk:,.0f} codings/second")
    print(f"manual proj.code(): {manual_n} codings in {manual:.2f} s "
          f"= {manual_n / manual:,.0f} codings/second (one transaction each, fsync)")
    print(f"read proj.codings(): {len(table):,} rows in {read:.2f} s "
          f"(limit {READ_LIMIT_SECONDS:.1f} s, ratio {read / READ_LIMIT_SECONDS:.2f})")
    return 0 if read < READ_LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
