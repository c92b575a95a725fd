"""The project schema as an ordered list of migration steps.

A new project applies every step; an older project applies the steps past its
version (recorded in the ``schema_version`` table), all in one transaction. A step
never edits an earlier one: a schema change is a new step at the end of the list.
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICATION = "rpsw_research"
"""Value of ``meta.application`` that marks an rpsw_research project."""

APPLICATION_ID = 0x52505357  # "RPSW", stored in the SQLite header (PRAGMA application_id)


@dataclass(frozen=True)
class Migration:
    """One schema step: the ``version`` it produces and its SQL statements."""

    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    """CREATE TABLE informants (
        id TEXT PRIMARY KEY, role TEXT NOT NULL, attributes TEXT NOT NULL DEFAULT '{}',
        position INTEGER NOT NULL)""",
    """CREATE TABLE sources (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL, sha256 TEXT NOT NULL,
        title TEXT, date TEXT, place TEXT, path TEXT, metadata TEXT NOT NULL DEFAULT '{}',
        warnings TEXT NOT NULL DEFAULT '[]', chars INTEGER NOT NULL, words INTEGER NOT NULL,
        imported_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX sources_sha256 ON sources(sha256)",
    """CREATE TABLE source_informants (
        source_id TEXT NOT NULL REFERENCES sources(id) ON UPDATE CASCADE ON DELETE CASCADE,
        position INTEGER NOT NULL, informant_id TEXT NOT NULL,
        PRIMARY KEY (source_id, position))""",
    """CREATE TABLE turns (
        source_id TEXT NOT NULL REFERENCES sources(id) ON UPDATE CASCADE ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        speaker TEXT NOT NULL, informant TEXT, is_interviewer INTEGER NOT NULL,
        timestamp TEXT, PRIMARY KEY (source_id, idx))""",
    "CREATE INDEX turns_start ON turns(source_id, start)",
    """CREATE TABLE paragraphs (
        source_id TEXT NOT NULL REFERENCES sources(id) ON UPDATE CASCADE ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        PRIMARY KEY (source_id, idx))""",
    """CREATE TABLE codes (
        id TEXT PRIMARY KEY, parent TEXT, stage INTEGER, name_id TEXT, name_en TEXT,
        names TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL)""",
    """CREATE TABLE coders (
        name TEXT PRIMARY KEY, role TEXT, created_at TEXT NOT NULL)""",
    """CREATE TABLE codings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id TEXT NOT NULL REFERENCES sources(id) ON UPDATE CASCADE,
        code_id TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        coder TEXT NOT NULL REFERENCES coders(name) ON UPDATE CASCADE,
        memo TEXT, created_at TEXT NOT NULL,
        orphaned INTEGER NOT NULL DEFAULT 0, quote TEXT,
        CHECK (start >= 0 AND "end" > start))""",
    "CREATE INDEX codings_source ON codings(source_id, start)",
    "CREATE INDEX codings_code ON codings(code_id)",
    "CREATE INDEX codings_coder ON codings(coder)",
    """CREATE TABLE memos (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target TEXT NOT NULL CHECK (target IN ('project', 'source', 'code')),
        target_id TEXT, author TEXT NOT NULL REFERENCES coders(name) ON UPDATE CASCADE,
        text TEXT NOT NULL, created_at TEXT NOT NULL)""",
    """CREATE TABLE operations (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL,
        kind TEXT NOT NULL, undoes INTEGER REFERENCES operations(id),
        undone_by INTEGER REFERENCES operations(id))""",
    "CREATE INDEX operations_who ON operations(who, id)",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id INTEGER NOT NULL REFERENCES operations(id),
        entity TEXT NOT NULL, entity_id TEXT,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        before TEXT, after TEXT)""",
    "CREATE INDEX audit_op ON audit(op_id)",
)

_V2 = (
    """ALTER TABLE codings ADD COLUMN method TEXT NOT NULL DEFAULT 'manual'
        CHECK (method IN ('manual', 'auto'))""",
    """ALTER TABLE codings ADD COLUMN status TEXT NOT NULL DEFAULT 'manual'
        CHECK (status IN ('manual', 'suggested', 'accepted', 'rejected'))""",
    "ALTER TABLE codings ADD COLUMN rule TEXT",
    "ALTER TABLE codings ADD COLUMN score REAL",
    "CREATE INDEX codings_coder_method ON codings(coder, method, status)",
)

_V3 = (
    """CREATE TABLE sentences (
        source_id TEXT NOT NULL REFERENCES sources(id) ON UPDATE CASCADE ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        segmenter TEXT NOT NULL, PRIMARY KEY (source_id, idx))""",
)

_V4 = (
    """CREATE TABLE redactions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id TEXT REFERENCES sources(id) ON UPDATE CASCADE ON DELETE CASCADE,
        field TEXT NOT NULL, kind TEXT NOT NULL, placeholder TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        import_op INTEGER NOT NULL REFERENCES operations(id),
        CHECK (start >= 0 AND "end" >= start))""",
    "CREATE INDEX redactions_source ON redactions(source_id, field, start)",
    """CREATE TABLE consents (
        informant TEXT NOT NULL, date TEXT NOT NULL, form_version TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('tertulis', 'lisan')),
        recording INTEGER NOT NULL, quotes INTEGER NOT NULL, archiving INTEGER NOT NULL,
        role_disclosure INTEGER NOT NULL, minor INTEGER NOT NULL,
        guardian_consent INTEGER NOT NULL, assent INTEGER NOT NULL, withdrawn TEXT,
        PRIMARY KEY (informant, date, form_version))""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sources, informants, codes, coders, codings, memos, audit", _V1),
    Migration(2, "auto-coding columns on codings: method, status, rule, score", _V2),
    Migration(3, "sentence segmentation cache (derived from the immutable source text)", _V3),
    Migration(4, "privacy: redaction log of pseudonymised imports, consent register", _V4),
)

CURRENT_VERSION: int = MIGRATIONS[-1].version
"""The schema version this toolkit writes."""
