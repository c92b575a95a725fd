"""The ``Store``: the small interface through which the rest of the toolkit persists.

Only this package speaks SQL. Every mutating method runs in one transaction and is
recorded as one audited operation of ``who``; an error rolls it back completely.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..codebook.model import Codebook
from ..coding.model import Coding
from ..corpus.model import Informant, Source
from ..errors import CodingError
from ..i18n import t
from . import codebook as codebook_rows
from . import codings as coding_rows
from . import frames, importing, records, undo
from . import privacy as privacy_rows
from . import sources as source_rows
from .codings import AutoCodingSummary
from .database import DEFAULT_TIMEOUT, Database
from .importing import ImportEntry


class Store:
    """Persistence of one project file (SQLite today; a server database later)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def create(cls, path: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT
               ) -> Store:
        """Create a new project file (refuses to overwrite)."""
        return cls(Database.create(path, timeout=timeout))

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT
             ) -> Store:
        """Open a project file, migrating an older schema."""
        return cls(Database.open(path, timeout=timeout))

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    @property
    def conn(self) -> Any:
        """The live SQLite connection (for this package's modules and tests)."""
        return self.db.conn_()

    def schema_version(self) -> int:
        """The schema version of the file."""
        return self.db.schema_version()

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` plus a foreign key check: ``"ok"`` when sound."""
        result = self.db.query("PRAGMA integrity_check")[0][0]
        broken = self.db.query("PRAGMA foreign_key_check")
        return result if not broken else f"foreign key violations: {broken[:5]}"

    # --- sources and informants ------------------------------------------------------
    def import_sources(self, sources: Iterable[Source], *, informants: Iterable[Informant] = (),
                       on_duplicate: str = "skip", who: str,
                       redactions: Iterable[Mapping[str, Any]] | None = None,
                       consents: Iterable[Mapping[str, Any]] | None = None,
                       ) -> tuple[list[ImportEntry], int]:
        """Store informants and sources in one transaction; returns entries and the
        number of informants added or changed. ``redactions``: the log rows of a
        pseudonymised import (see :mod:`rpsw_research.privacy`), stored in the same
        transaction for the sources actually added or replaced; ``consents``: a consent
        register that replaces the stored one in the same transaction."""
        with self.db.operation(who, "import") as op:
            changed = records.upsert_informants(op, informants)
            entries = importing.import_sources(op, sources, on_duplicate)
            if redactions is not None:
                privacy_rows.save_redactions(op, entries, redactions)
            if consents is not None:
                privacy_rows.set_consents(op, consents)
            return entries, changed

    def add_informants(self, informants: Iterable[Informant], *, who: str) -> int:
        """Insert or update informants; returns how many changed."""
        with self.db.operation(who, "informants") as op:
            return records.upsert_informants(op, informants)

    def source(self, source_id: str) -> Source:
        """One stored source (UnknownSourceError if absent)."""
        return source_rows.get(self.conn, source_id)

    def sources(self) -> list[Source]:
        """Every stored source, sorted by id."""
        return source_rows.load(self.conn)

    def source_ids(self) -> list[str]:
        """Every source id, sorted."""
        return source_rows.ids(self.conn)

    def source_lengths(self) -> dict[str, int]:
        """Text length (code points) of every source, by id."""
        return {str(i): int(n) for i, n in self.db.query("SELECT id, chars FROM sources")}

    def informants(self) -> list[Informant]:
        """Every informant in register order."""
        return records.load_informants(self.conn)

    # --- codebook --------------------------------------------------------------------
    def codebook(self) -> Codebook | None:
        """The stored codebook, or None."""
        return codebook_rows.load(self.conn)

    def has_code(self, code_id: str) -> bool:
        """True when the stored codebook holds ``code_id`` (canonical id)."""
        return bool(self.db.query("SELECT 1 FROM codes WHERE id = ?", (code_id,)))

    def unknown_code(self, code_id: str) -> Exception:
        """The :class:`UnknownCodeError` for ``code_id`` (naming known codes, or that
        the project has no codebook yet)."""
        return coding_rows.unknown_code(self.conn, code_id)

    def set_codebook(self, codebook: Codebook, *, mapping: Mapping[str, str | None] | None = None,
                     who: str) -> dict[str, int]:
        """Store the whole codebook (see :func:`rpsw_research.store.codebook.save`)."""
        with self.db.operation(who, "codebook") as op:
            return codebook_rows.save(op, codebook, mapping)

    # --- codings ---------------------------------------------------------------------
    def add_coding(self, coding: Coding, *, who: str | None = None) -> int:
        """Insert one coding; returns its id."""
        with self.db.operation(who or coding.coder, "code") as op:
            return coding_rows.insert(op, coding)

    def add_codings(self, codings: Iterable[Coding], *, who: str) -> list[int]:
        """Insert many codings in one transaction (all or none); returns their ids."""
        with self.db.operation(who, "code") as op:
            return [coding_rows.insert(op, coding) for coding in codings]

    def review(self, coding_ids: Iterable[int], status: str, who: str) -> int:
        """Set the review status (``accepted``/``rejected``...) of auto codings in one
        audited ``review`` operation of ``who``; returns how many changed. A coding that
        is not an auto coding raises :class:`CodingError` and nothing changes."""
        return self.review_each(dict.fromkeys(coding_ids, status), who)

    def review_each(self, statuses: Mapping[int, str], who: str) -> int:
        """Set each auto coding's review status (coding id -> status) in one audited
        ``review`` operation, all or none (see :meth:`review`)."""
        if not statuses:
            return 0
        by_status: dict[str, list[int]] = {}
        for coding_id, status in statuses.items():
            by_status.setdefault(status, []).append(coding_id)
        with self.db.operation(who, "review") as op:
            return sum(coding_rows.review(op, ids, status) for status, ids in by_status.items())

    def coding(self, coding_id: int) -> Coding:
        """One coding by id (CodingError if absent)."""
        row = coding_rows.get_row(self.conn, coding_id)
        return Coding(**{k: v for k, v in row.items() if k != "quote"})

    def update_coding(self, coding_id: int, *, who: str, kind: str = "update",
                      **changes: Any) -> dict[str, Any]:
        """Change fields of a coding (``code_id``, ``memo``, ``status``, offsets);
        ``kind`` names the operation in the audit trail."""
        allowed = {"code_id", "memo", "status", "start", "end"}
        unknown = set(changes) - allowed
        if unknown:
            raise CodingError(t("store.coding.fields", fields=", ".join(sorted(unknown))))
        with self.db.operation(who, kind) as op:
            return coding_rows.update(op, coding_id, **changes)

    def delete_coding(self, coding_id: int, *, who: str) -> dict[str, Any]:
        """Delete a coding; returns the deleted row."""
        with self.db.operation(who, "uncode") as op:
            return coding_rows.delete(op, coding_id)

    def coding_owner(self, coding_id: int) -> str:
        """The coder of a coding (CodingError if absent)."""
        return coding_rows.get_row(self.conn, coding_id)["coder"]

    def replace_auto_codings(
        self, coder: str, codings: Iterable[Coding | Mapping[str, Any]],
        sources: Iterable[str] | None = None,
    ) -> AutoCodingSummary:
        """Replace ``coder``'s unreviewed auto codings in ``sources`` (None: all) at once.

        Items are :class:`Coding` records or mappings with ``source_id, code_id, start,
        end`` and optional ``rule, score, status, memo``. Everything is validated
        before anything is written; one transaction, one ``executemany``.
        """
        with self.db.operation(coder, "autocode") as op:
            return coding_rows.replace_auto(op, coder, codings, sources)

    # --- coders, memos, audit ----------------------------------------------------------
    def add_coder(self, name: str, *, role: str | None = None, who: str | None = None) -> None:
        """Create a coder (or update its role)."""
        with self.db.operation(who or name, "coder", register=False) as op:
            records.set_coder(op, name, role)

    def coders(self) -> pd.DataFrame:
        """``coder, role, created_at, codings`` for every coder."""
        rows = self.db.query(
            "SELECT k.name, k.role, k.created_at, (SELECT COUNT(*) FROM codings c "
            "WHERE c.coder = k.name) FROM coders k ORDER BY k.name")
        return pd.DataFrame.from_records(rows, columns=["coder", "role", "created_at", "codings"])

    def add_memo(self, target: str, target_id: str | None, text: str, *, who: str) -> int:
        """Add a memo on the project, a source or a code; returns its id."""
        with self.db.operation(who, "memo") as op:
            return records.add_memo(op, target, target_id, text)

    def undo(self, who: str, n: int = 1) -> list[int]:
        """Undo the last ``n`` operations of ``who``, all or none; returns their ids.

        ``n`` must be a whole number >= 1 (:class:`CodingError`). Every target is
        checked to be undoable before anything changes; the undos (one audited undo
        operation each) run in one transaction, so a conflict found on the third
        leaves the first two in place as well.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise CodingError(t("store.undo.count", n=repr(n)), hint=t("store.undo.count_hint"))
        with self.db.transaction() as conn:
            targets = undo.last_operations(conn, who, n)
            undo.check_undoable(conn, targets)
            for op_id, kind in targets:
                with self.db.operation(who, "undo") as op:
                    undo.undo_operation(op, op_id, kind)
        return [op_id for op_id, _ in targets]

    # --- tables ----------------------------------------------------------------------
    def codings_frame(self, **filters: Any) -> pd.DataFrame:
        """See :func:`rpsw_research.store.frames.codings`."""
        return frames.codings(self.conn, **filters)

    def sources_frame(self) -> pd.DataFrame:
        """See :func:`rpsw_research.store.frames.sources_table`."""
        return frames.sources_table(self.conn)

    def informants_frame(self) -> pd.DataFrame:
        """See :func:`rpsw_research.store.frames.informants_table`."""
        return frames.informants_table(self.conn)

    def segments_frame(self, kind: str) -> pd.DataFrame:
        """See :func:`rpsw_research.store.frames.segments`."""
        return frames.segments(self.conn, kind)

    def sentence_sources(self, segmenter: str) -> set[str]:
        """Sources whose sentence cache was made by ``segmenter``."""
        return frames.sentence_sources(self.conn, segmenter)

    def save_sentences(self, spans: dict[str, list[tuple[int, int]]], segmenter: str) -> None:
        """Cache sentence spans per source (derived data: replaced, not audited)."""
        with self.db.transaction() as conn:
            conn.executemany("DELETE FROM sentences WHERE source_id = ?",
                             [(source_id,) for source_id in spans])
            conn.executemany(
                'INSERT INTO sentences (source_id, idx, start, "end", segmenter) '
                "VALUES (?, ?, ?, ?, ?)",
                [(source_id, i, start, end, segmenter)
                 for source_id, pairs in spans.items()
                 for i, (start, end) in enumerate(pairs)])

    def memos_frame(self) -> pd.DataFrame:
        """See :func:`rpsw_research.store.frames.memos`."""
        return frames.memos(self.conn)

    def audit_frame(self, who: str | None = None) -> pd.DataFrame:
        """See :func:`rpsw_research.store.frames.audit`."""
        return frames.audit(self.conn, who)

    # --- privacy records ----------------------------------------------------------------
    def redactions_frame(self) -> pd.DataFrame:
        """See :func:`rpsw_research.store.privacy.redactions_frame`."""
        return privacy_rows.redactions_frame(self.conn)

    def set_consents(self, records: Iterable[Mapping[str, Any]], *, who: str) -> int:
        """Replace the consent register (one audited operation)."""
        with self.db.operation(who, "consents") as op:
            return privacy_rows.set_consents(op, records)

    def consents(self) -> list[dict[str, Any]]:
        """The stored consent records as dicts."""
        return privacy_rows.consent_records(self.conn)
