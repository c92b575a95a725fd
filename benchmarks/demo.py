"""Time a fresh ``rpsw demo`` against its 60 s budget.

Run from the repository root: ``python benchmarks/demo.py [runs]``. Each run starts a
new Python process (``python -m rpsw_research demo --out <fresh temp dir>``), so the
time includes interpreter start, imports and the spaCy pipeline load, as a user sees
it. Prints the seconds of every run, the slowest, and its ratio to the budget; exits
non-zero when the demo fails or the slowest run exceeds the budget.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 60.0
ROOT = Path(__file__).resolve().parents[1]


def run_once() -> float:
    """Seconds of one ``rpsw demo`` in a fresh temporary folder (raises on failure)."""
    with tempfile.TemporaryDirectory(prefix="rpsw-demo-") as folder:
        out = Path(folder) / "hasil"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "rpsw_research", "demo", "--out", str(out)],
                              cwd=folder, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"rpsw demo failed (exit {done.returncode}):\n{done.stderr}")
        for name in ("laporan_bab4.docx", "tabel_analisis.xlsx", "tinjau_saran.xlsx"):
            if not (out / name).is_file():
                raise SystemExit(f"rpsw demo did not write {name}")
        return seconds


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    times = []
    for number in range(1, runs + 1):
        seconds = run_once()
        times.append(seconds)
        print(f"run {number}: {seconds:.2f} s")
    slowest = max(times)
    print(f"rpsw demo: {slowest:.2f} s (slowest of {runs}); budget {BUDGET_SECONDS:.0f} s; "
          f"ratio {slowest / BUDGET_SECONDS:.3f}")
    return 0 if slowest <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
