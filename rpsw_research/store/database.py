"""The SQLite connection: creating, opening, migrating, transactions and operations.

Pragmas: foreign keys on, WAL journal (readers never block the writer), synchronous
FULL (a committed transaction survives a crash), a busy timeout so that concurrent
writers wait for each other. Every write runs in ``BEGIN IMMEDIATE`` ... ``COMMIT``;
an exception rolls the whole transaction back.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import (
    CodingError,
    NotAProjectError,
    ProjectError,
    ProjectExistsError,
    ProjectLockedError,
    SchemaVersionError,
)
from ..i18n import t
from .schema import APPLICATION, APPLICATION_ID, CURRENT_VERSION, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_TIMEOUT = 10.0
"""Seconds a writer waits for another process's lock before ProjectLockedError."""


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string with microseconds."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(value: Any) -> str:
    """Deterministic JSON (sorted keys, UTF-8 kept) for stored documents."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if hasattr(value, "items"):
        return dict(value.items())
    if isinstance(value, (tuple, list)):
        return list(value)
    return str(value)


def _is_lock_error(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


@contextlib.contextmanager
def _lock_errors(path: Path) -> Iterator[None]:
    """Translate SQLite's "database is locked/busy" into :class:`ProjectLockedError`."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if _is_lock_error(error):
            raise ProjectLockedError(t("store.locked"), path=path,
                                     hint=t("store.locked_hint")) from None
        raise


class Operation:
    """One audited user operation inside a transaction (see :meth:`Database.operation`)."""

    def __init__(self, conn: sqlite3.Connection, who: str, kind: str) -> None:
        self.conn = conn
        self.who = who
        self.kind = kind
        self.logged = 0
        cursor = conn.execute(
            "INSERT INTO operations (at, who, kind) VALUES (?, ?, ?)", (utc_now(), who, kind)
        )
        self.id: int = int(cursor.lastrowid or 0)

    def log(
        self, entity: str, entity_id: object, action: str,
        before: Any = None, after: Any = None,
    ) -> None:
        """Record one change (``create``/``update``/``delete``) with before/after JSON."""
        self.log_many(entity, action, [(entity_id, before, after)])

    def log_many(
        self, entity: str, action: str, rows: Sequence[tuple[object, Any, Any]]
    ) -> None:
        """Record many changes of one kind at once (``executemany``)."""
        self.conn.executemany(
            "INSERT INTO audit (op_id, entity, entity_id, action, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (self.id, entity, None if key is None else str(key), action,
                 None if before is None else dumps(before),
                 None if after is None else dumps(after))
                for key, before, after in rows
            ],
        )
        self.logged += len(rows)


class Database:
    """An open project file: one SQLite connection plus transaction helpers."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn: sqlite3.Connection | None = conn
        self.path = path
        self._depth = 0

    # --- opening ---------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT
               ) -> Database:
        """Create a new project file; refuse to overwrite any existing file."""
        target = Path(path)
        try:
            handle = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise ProjectExistsError(
                t("store.create.exists"), path=target, hint=t("store.create.exists_hint")
            ) from None
        except OSError as error:
            raise ProjectError(t("store.create.failed", reason=error.strerror),
                               path=target) from None
        os.close(handle)
        db: Database | None = None
        try:
            db = cls(_connect(target, timeout), target)
            with db.transaction():
                db.conn_().execute(f"PRAGMA application_id = {APPLICATION_ID}")
                for migration in MIGRATIONS:
                    _apply(db.conn_(), migration)
                db.conn_().executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("application", APPLICATION), ("created_at", utc_now())],
                )
        except BaseException:
            if db is not None:
                db.close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.remove(str(target) + suffix)
            raise
        return db

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT,
             migrate: bool = True) -> Database:
        """Open an existing project, migrating an older schema (after a backup copy)."""
        target = Path(path)
        if not target.exists():
            raise ProjectError(t("store.open.missing"), path=target,
                               hint=t("store.open.missing_hint"))
        if target.is_dir():
            raise NotAProjectError(t("store.open.not_project"), path=target,
                                   hint=t("store.open.not_project_hint"))
        with open(target, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise NotAProjectError(t("store.open.not_project"), path=target,
                                       hint=t("store.open.not_project_hint"))
        db = cls(_connect(target, timeout, wal=False), target)
        try:
            version = db._check_project()  # before WAL: a foreign file stays untouched
            _set_wal(db.conn_(), target)
            if version < CURRENT_VERSION:
                if not migrate:
                    raise SchemaVersionError(
                        t("store.open.older", version=version, current=CURRENT_VERSION),
                        path=target)
                db._migrate(version)
        except BaseException:
            db.close()
            raise
        return db

    def _check_project(self) -> int:
        conn = self.conn_()
        try:
            with _lock_errors(self.path):
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                has_meta = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
                ).fetchone()
                marker = has_meta and conn.execute(
                    "SELECT value FROM meta WHERE key='application'").fetchone()
        except sqlite3.DatabaseError:
            raise NotAProjectError(t("store.open.not_project"), path=self.path,
                                   hint=t("store.open.not_project_hint")) from None
        if app_id != APPLICATION_ID or not marker or marker[0] != APPLICATION:
            raise NotAProjectError(t("store.open.not_project"), path=self.path,
                                   hint=t("store.open.not_project_hint"))
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if version > CURRENT_VERSION:
            raise SchemaVersionError(
                t("store.open.newer", version=version, current=CURRENT_VERSION),
                path=self.path, hint=t("store.open.newer_hint"))
        return int(version)

    def _migrate(self, version: int) -> None:
        backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not backup.exists():
            target = sqlite3.connect(backup)
            try:
                self.conn_().backup(target)
            finally:
                target.close()
        with self.transaction():
            for migration in MIGRATIONS:
                if migration.version > version:
                    _apply(self.conn_(), migration)

    # --- using -----------------------------------------------------------------------
    def conn_(self) -> sqlite3.Connection:
        """The live connection; raises ProjectError once the project is closed."""
        if self.conn is None:
            raise ProjectError(t("store.closed"), path=self.path)
        return self.conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls everything back.

        Nested use joins the outer transaction. Waiting longer than the busy timeout
        for another writer raises :class:`ProjectLockedError`.
        """
        conn = self.conn_()
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        with _lock_errors(self.path):
            conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield conn
        except BaseException:
            self._depth = 0
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        self._depth = 0
        with _lock_errors(self.path):
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def operation(self, who: str, kind: str, *, register: bool = True
                  ) -> Iterator[Operation]:
        """A transaction recorded as one audited operation of ``who`` (``register``:
        create the coder ``who`` on first use)."""
        if not isinstance(who, str) or not who.strip():
            raise CodingError(t("store.coder.empty"))
        with self.transaction() as conn:
            if register:
                ensure_coder(conn, who)
            op = Operation(conn, who, kind)
            yield op
            if not op.logged:
                conn.execute("DELETE FROM operations WHERE id = ?", (op.id,))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query and return all rows."""
        with _lock_errors(self.path):
            return self.conn_().execute(sql, params).fetchall()

    def schema_version(self) -> int:
        """The schema version of the open project."""
        return int(self.query("SELECT MAX(version) FROM schema_version")[0][0])

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def ensure_coder(conn: sqlite3.Connection, name: str, role: str | None = None) -> None:
    """Create coder ``name`` if it does not exist yet (coders are auto-created)."""
    conn.execute(
        "INSERT OR IGNORE INTO coders (name, role, created_at) VALUES (?, ?, ?)",
        (name, role, utc_now()),
    )


def _set_wal(conn: sqlite3.Connection, path: Path) -> None:
    with _lock_errors(path):
        conn.execute("PRAGMA journal_mode = WAL")


def _connect(path: Path, timeout: float, *, wal: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    try:
        with _lock_errors(path):
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            if wal:
                conn.execute("PRAGMA journal_mode = WAL")
    except ProjectLockedError:
        conn.close()
        raise
    except sqlite3.DatabaseError:
        conn.close()
        raise NotAProjectError(t("store.open.not_project"), path=path,
                               hint=t("store.open.not_project_hint")) from None
    return conn


def _apply(conn: sqlite3.Connection, migration: Any) -> None:
    for statement in migration.statements:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
        (migration.version, migration.description, utc_now()),
    )
