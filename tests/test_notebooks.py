"""The walk-through notebooks run headless, in order, and cannot rot.

Each notebook is executed with nbclient in a temporary working directory (its results go
to ``hasil/`` there). The kernel is this interpreter, through a temporary kernelspec on
``JUPYTER_PATH``, so the test needs no installed ``python3`` kernelspec; the package is
put on the kernel's ``PYTHONPATH``. Any error in any cell fails the test.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXPECTED = ["01_memuat_data", "02_koding", "03_temuan", "04_reliabilitas", "05_laporan"]
TIMEOUT = 120  # seconds per cell


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A ``python3`` kernelspec for this interpreter, and the package on the path."""
    spec_root = tmp_path_factory.mktemp("jupyter")
    spec = spec_root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (rpsw tests)", "language": "python",
    }), encoding="utf-8")
    saved = {key: os.environ.get(key) for key in ("JUPYTER_PATH", "PYTHONPATH", "MPLBACKEND")}
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(spec_root), saved["JUPYTER_PATH"]) if p)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), saved["PYTHONPATH"]) if p)
    os.environ.pop("MPLBACKEND", None)  # let the kernel use its inline backend
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def execute(path: Path, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell of ``path`` with ``workdir`` as the working directory."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.get("outputs", [])]


def html_of(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(out.get("data", {}).get("text/html", "") for out in outputs(notebook))


def text_of(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(out.get("text", "") for out in outputs(notebook))


def test_notebooks_are_stored_without_outputs():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata["kernelspec"]["name"] == "python3"
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
def test_notebooks_run_in_order(kernel_env, tmp_path):
    results = {path.stem: execute(path, tmp_path) for path in NOTEBOOKS}
    hasil = tmp_path / "hasil"
    assert (hasil / "studi.rpsw").exists()
    for name in ("bab_iv.docx", "chapter_iv_en.docx", "tabel_temuan.xlsx"):
        assert (hasil / name).stat().st_size > 0, name
    assert list((hasil / "csv").glob("*.csv"))
    # rich displays rendered: a source with turns, coded passages, passages lists, heatmaps
    assert 'class="rr-speaker"' in html_of(results["01_memuat_data"])
    koding = html_of(results["02_koding"])
    assert 'class="rr-hl"' in koding and 'class="rr-legend"' in koding
    assert "saran, belum ditinjau" in koding  # auto-coding suggestions drawn as such
    assert "diterima:" in text_of(results["02_koding"])
    temuan = results["03_temuan"]
    assert 'class="rr-passages"' in html_of(temuan) and "background-color" in html_of(temuan)
    figures = [out for out in outputs(temuan) if "image/png" in out.get("data", {})]
    assert len(figures) >= 4
    reliabilitas = results["04_reliabilitas"]
    assert "koding konsensus" in text_of(reliabilitas)
    assert 'class="rr-passage"' in html_of(reliabilitas)
    # the Word chapter was opened again and its headings listed
    assert "DATA DAN TEMUAN PENELITIAN" in html_of(results["05_laporan"])


@pytest.mark.slow
def test_a_later_notebook_runs_alone(kernel_env, tmp_path):
    """A notebook opened first builds the project it needs (no earlier notebook ran)."""
    execute(ROOT / "notebooks" / "04_reliabilitas.ipynb", tmp_path)
    assert (tmp_path / "hasil" / "studi.rpsw").exists()
