"""Crash safety and concurrent writers, with real child processes."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fixtures.store.factory import codebook, k1, k2

from rpsw_research.project import Project

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

CODER_LOOP = textwrap.dedent("""
    import os, sys, time
    from rpsw_research.project import Project
    proj = Project.open(sys.argv[1], timeout=30)
    source, coder, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
    while len(sys.argv) > 5 and not os.path.exists(sys.argv[5]):  # start together
        time.sleep(0.005)
    for i in range(count):
        cid = proj.code(source, "rpsw.registrasi", start=i % 50, end=i % 50 + 5,
                        coder=coder, memo="m" * (i % 7))
        print(cid, flush=True)
    print("done", flush=True)
""")

AUTO_LOOP = textwrap.dedent("""
    import sys
    from rpsw_research.coding import Coding
    from rpsw_research.project import Project
    proj = Project.open(sys.argv[1], timeout=30)
    batch = [Coding("W-K1-01", "lintas.emosi", i % 100, i % 100 + 3, rule="r") for i in range(5000)]
    round = 0
    while True:
        proj.replace_auto_codings("auto", batch)
        round += 1
        print(round, flush=True)
""")


def _child(script: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(TESTS)]))
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "tahan.rpsw"
    with Project.create(path) as proj:
        proj.add_source(k1())
        proj.add_source(k2())
        proj.codebook = codebook()
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_loses_no_returned_coding(project_path):
    child = _child(CODER_LOOP, str(project_path), "W-K1-01", "A", "100000")
    returned = []
    for line in child.stdout:
        returned.append(int(line))
        if len(returned) == 60:
            break
    child.send_signal(signal.SIGKILL)  # while it is writing the next codings
    child.wait(timeout=30)
    returned += [int(line) for line in child.stdout.read().split() if line.isdigit()]
    assert child.returncode == -signal.SIGKILL
    with Project.open(project_path) as proj:
        assert proj.store.integrity_check() == "ok"
        stored = set(proj.codings(coder="A")["coding_id"])
        assert set(returned) <= stored
        assert len(stored) - len(returned) <= 1  # at most the commit whose print was lost
        trail = proj.audit("A")
        assert set(trail["entity_id"].astype(int)) == stored  # audit written with each coding
        proj.code("W-K1-01", "rpsw.asesmen", start=0, end=3, coder="A")  # still writable


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_bulk_write_keeps_a_whole_batch(project_path):
    child = _child(AUTO_LOOP, str(project_path))
    assert child.stdout.readline().strip() == "1"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with Project.open(project_path) as proj:
        assert proj.store.integrity_check() == "ok"
        assert len(proj.codings(coder="auto")) == 5000  # never a half-written batch


def test_two_processes_write_concurrently(project_path, tmp_path):
    count = 40  # both start together (barrier file), so one waits on the other's lock
    go = tmp_path / "go"
    first = _child(CODER_LOOP, str(project_path), "W-K1-01", "A", str(count), str(go))
    second = _child(CODER_LOOP, str(project_path), "W-K2-01", "B", str(count), str(go))
    go.touch()
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
        assert out.split()[-1] == "done"
    ids = [int(x) for out, _ in outputs for x in out.split() if x.isdigit()]
    assert len(ids) == len(set(ids)) == 2 * count
    with Project.open(project_path) as proj:
        assert proj.store.integrity_check() == "ok"
        table = proj.codings()
        assert sorted(table["coding_id"]) == sorted(ids)
        assert table.groupby("coder").size().to_dict() == {"A": count, "B": count}
