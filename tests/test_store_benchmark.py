"""The store benchmark script keeps working (run small here; full size by hand)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "store.py"


def test_benchmark_runs_on_a_small_batch(capsys):
    spec = importlib.util.spec_from_file_location("store_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(2_000) == 0
    out = capsys.readouterr().out
    assert "codings/second" in out and "2,500 rows" in out
