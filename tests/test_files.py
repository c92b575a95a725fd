import os
import stat

import pytest

from rpsw_research.errors import OutputError
from rpsw_research.files import atomic_path, write_atomic


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        assert temporary.suffix == ".xlsx" and temporary.parent == tmp_path
        temporary.write_bytes(b"half")
        raise RuntimeError("refused")
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="nope"), atomic_path(tmp_path / "nope" / "x.csv"):
        pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_gets_the_umask_mode_and_a_replaced_file_keeps_its_mode(tmp_path):
    previous = os.umask(0o027)
    try:
        fresh = tmp_path / "laporan.docx"
        write_atomic(fresh, b"new")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # not mkstemp's private 0o600
        assert os.umask(0o027) == 0o027  # the umask was restored
        shared = tmp_path / "tabel.xlsx"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        write_atomic(shared, b"new")
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
        assert shared.read_bytes() == b"new"
    finally:
        os.umask(previous)
