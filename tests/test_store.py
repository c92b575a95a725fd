"""Project files: create, open, errors, pragmas, schema version and migrations."""

import sqlite3

import pytest
from fixtures.store.factory import codebook, k1

from rpsw_research.errors import (
    NotAProjectError,
    ProjectError,
    ProjectExistsError,
    ProjectLockedError,
    SchemaVersionError,
)
from rpsw_research.project import Project
from rpsw_research.store import CURRENT_VERSION, MIGRATIONS
from rpsw_research.store.database import _apply
from rpsw_research.store.schema import APPLICATION_ID


def test_create_then_open_roundtrip(tmp_path):
    path = tmp_path / "studi.rpsw"
    with Project.create(path) as proj:
        proj.add_source(k1())
        assert proj.store.schema_version() == CURRENT_VERSION
    with Project.open(path) as proj:
        assert [s.id for s in proj.sources()] == ["W-K1-01"]
        conn = proj.store.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert proj.store.integrity_check() == "ok"


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "ada.rpsw"
    path.write_text("penting", encoding="utf-8")
    with pytest.raises(ProjectExistsError) as caught:
        Project.create(path)
    assert caught.value.path == str(path)
    assert path.read_text(encoding="utf-8") == "penting"


def test_closed_project_refuses_work(tmp_path):
    proj = Project.create(tmp_path / "p.rpsw")
    proj.close()
    proj.close()  # idempotent
    with pytest.raises(ProjectError):
        proj.sources()


def test_open_missing_file(tmp_path):
    with pytest.raises(ProjectError) as caught:
        Project.open(tmp_path / "tidak_ada.rpsw")
    assert "tidak_ada.rpsw" in str(caught.value)
    assert not (tmp_path / "tidak_ada.rpsw").exists()  # opening never creates


@pytest.mark.parametrize("content", [b"", b"bukan sqlite sama sekali", b"SQLite format 3\x00junk"])
def test_open_rejects_non_project_files(tmp_path, content):
    path = tmp_path / "x.rpsw"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError):
        Project.open(path)


def test_open_rejects_foreign_sqlite_database_and_directory(tmp_path):
    path = tmp_path / "lain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAProjectError):
        Project.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # left untouched
    conn.close()
    with pytest.raises(NotAProjectError):
        Project.open(tmp_path)


def test_open_rejects_newer_schema(tmp_path):
    path = tmp_path / "baru.rpsw"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'x')", (CURRENT_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError) as caught:
        Project.open(path)
    assert str(CURRENT_VERSION + 1) in str(caught.value)


def test_open_locked_project_gives_clear_error(tmp_path):
    path = tmp_path / "kunci.rpsw"
    Project.create(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meta VALUES ('x', 'y')")
    try:
        with pytest.raises(ProjectLockedError):
            Project.open(path, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    Project.open(path).close()  # usable again once the lock is gone


def test_writer_waits_then_reports_lock(tmp_path):
    path = tmp_path / "tulis.rpsw"
    with Project.create(path) as proj:
        proj.codebook = codebook()
    proj = Project.open(path, timeout=0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectLockedError):
            proj.add_source(k1())
        assert proj.sources() == []  # readers are not blocked in WAL mode
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    proj.add_source(k1())
    assert len(proj.sources()) == 1
    proj.close()


def _make_v1_project(path):
    """A project file as version 1 of the toolkit wrote it, with one coding."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("BEGIN")
    _apply(conn, MIGRATIONS[0])
    conn.execute("INSERT INTO meta VALUES ('application', 'rpsw_research')")
    conn.execute("INSERT INTO sources (id, kind, text, sha256, chars, words, imported_at) "
                 "VALUES ('S1', 'dokumen', 'teks lama sekali', 'abc', 16, 3, 'then')")
    conn.execute("INSERT INTO codes (id, names, position, data) VALUES "
                 "('k', '{\"id\": \"K\"}', 0, '{}')")
    conn.execute("INSERT INTO coders VALUES ('A', NULL, 'then')")
    conn.execute("INSERT INTO codings (source_id, code_id, start, \"end\", coder, created_at) "
                 "VALUES ('S1', 'k', 5, 9, 'A', 'then')")
    conn.execute("COMMIT")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(codings)")]
    conn.close()
    return columns


def test_migrates_v1_to_current_keeping_data(tmp_path):
    path = tmp_path / "lama.rpsw"
    assert "status" not in _make_v1_project(path)
    with Project.open(path) as proj:
        assert proj.store.schema_version() == CURRENT_VERSION
        versions = [r[0] for r in proj.store.conn.execute(
            "SELECT version FROM schema_version ORDER BY version")]
        assert versions == [m.version for m in MIGRATIONS]
        row = proj.store.conn.execute(
            'SELECT start, "end", method, status, rule, score FROM codings').fetchone()
        assert row == (5, 9, "manual", "manual", None, None)
        assert proj.store.integrity_check() == "ok"
    backup = tmp_path / "lama.rpsw.v1.bak"
    assert backup.exists()  # the pre-migration file is kept
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
    conn.close()
    with Project.open(path) as proj:  # a second open does not migrate again
        assert proj.store.schema_version() == CURRENT_VERSION
