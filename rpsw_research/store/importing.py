"""Importing sources with duplicate detection: by id or by SHA-256 of the normalised text.

``on_duplicate`` decides what happens when a source is already stored: ``skip`` keeps
the stored one, ``replace`` replaces it (re-anchoring codings when the text changed),
``error`` raises :class:`DuplicateSourceError`. A duplicate is never stored silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..corpus.model import SOURCE_KINDS, Source
from ..errors import DuplicateSourceError, EmptySourceError, MetadataError, ProjectError
from ..i18n import t
from . import sources as source_rows
from .database import Operation

ON_DUPLICATE = ("skip", "replace", "error")


@dataclass(frozen=True)
class ImportEntry:
    """What happened to one source: ``added``, ``replaced`` or ``skipped``.

    ``duplicate_of`` names the stored source it matched (by id or content);
    ``reanchored`` counts codings moved to new offsets; ``orphaned`` lists the ids of
    codings whose quote is gone from the new text (kept, flagged ``orphaned``).
    """

    source_id: str
    action: str
    sha256: str
    path: str | None = None
    duplicate_of: str | None = None
    reason: str | None = None
    reanchored: int = 0
    orphaned: tuple[int, ...] = ()


@dataclass
class ImportReport:
    """The outcome of an import: one entry per source, informants changed, and the
    reader's warnings and errors (files that could not be read, not imported)."""

    entries: list[ImportEntry] = field(default_factory=list)
    informants: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    load: Any = None
    """The reader's ``LoadReport`` for a folder import (files read, skipped, failed)."""

    def _ids(self, action: str) -> list[str]:
        return [e.source_id for e in self.entries if e.action == action]

    @property
    def added(self) -> list[str]:
        """Ids of newly added sources."""
        return self._ids("added")

    @property
    def replaced(self) -> list[str]:
        """Ids of replaced sources."""
        return self._ids("replaced")

    @property
    def skipped(self) -> list[str]:
        """Ids of sources skipped as duplicates."""
        return self._ids("skipped")

    @property
    def orphaned(self) -> list[int]:
        """Ids of codings that could not be re-anchored (flagged, kept)."""
        return [cid for e in self.entries for cid in e.orphaned]

    def to_frame(self) -> pd.DataFrame:
        """One row per source: ``source_id, action, duplicate_of, reason, reanchored,
        orphaned`` (count), ``sha256, path``."""
        return pd.DataFrame.from_records(
            [(e.source_id, e.action, e.duplicate_of, e.reason, e.reanchored, len(e.orphaned),
              e.sha256, e.path) for e in self.entries],
            columns=["source_id", "action", "duplicate_of", "reason", "reanchored", "orphaned",
                     "sha256", "path"])

    def __str__(self) -> str:
        text = t("store.import.summary", added=len(self.added), replaced=len(self.replaced),
                 skipped=len(self.skipped), orphaned=len(self.orphaned),
                 informants=self.informants)
        if self.errors:
            text += "\n" + t("store.import.errors", count=len(self.errors)) + "\n  " + \
                "\n  ".join(self.errors)
        return text


def validate(source: Source) -> None:
    """Reject a source that cannot be stored (no id, unknown kind, empty text, bad spans)."""
    where = source.path
    if not isinstance(source.id, str) or not source.id.strip():
        raise MetadataError(t("store.source.no_id"), path=where)
    if source.kind not in SOURCE_KINDS:
        raise MetadataError(t("store.source.kind", id=source.id, kind=source.kind,
                              valid=", ".join(SOURCE_KINDS)), path=where)
    if not source.text.strip():
        raise EmptySourceError(t("store.source.empty", id=source.id), path=where)
    length = len(source.text)
    for span in (*source.turns, *source.paragraphs):
        if not 0 <= span.start <= span.end <= length:
            raise MetadataError(t("store.source.span", id=source.id, kind=span.kind,
                                  index=span.index, start=span.start, end=span.end,
                                  length=length), path=where)


def check_on_duplicate(on_duplicate: str) -> str:
    """``on_duplicate`` itself if it is a known policy, else :class:`ProjectError`
    listing the choices."""
    if not isinstance(on_duplicate, str) or on_duplicate not in ON_DUPLICATE:
        raise ProjectError(t("store.import.on_duplicate", value=repr(on_duplicate),
                             valid=", ".join(ON_DUPLICATE)),
                           hint=t("store.import.on_duplicate_hint"))
    return on_duplicate


def import_source(op: Operation, source: Source, on_duplicate: str) -> ImportEntry:
    """Store one source under the duplicate policy ``on_duplicate``."""
    check_on_duplicate(on_duplicate)
    validate(source)
    sha = source.sha256
    matches = source_rows.find(op.conn, source.id, sha)
    if not matches:
        source_rows.insert(op, source)
        return ImportEntry(source.id, "added", sha, source.path)
    stored_id, stored_sha = next(((i, s) for i, s in matches if i == source.id), matches[0])
    reason = t("store.import.same_content", id=stored_id) if stored_sha == sha else \
        t("store.import.same_id", id=stored_id)
    if on_duplicate == "error":
        raise DuplicateSourceError(t("store.import.duplicate", id=source.id, reason=reason),
                                   path=source.path, hint=t("store.import.duplicate_hint"))
    if on_duplicate == "skip":
        return ImportEntry(source.id, "skipped", sha, source.path, stored_id, reason)
    if len(matches) > 1:
        raise DuplicateSourceError(
            t("store.import.two_matches", id=source.id,
              others=", ".join(i for i, _ in matches)), path=source.path)
    result = source_rows.replace(op, stored_id, source)
    return ImportEntry(source.id, "replaced", sha, source.path, stored_id, reason,
                       len(result.moved), tuple(a.coding_id for a in result.orphaned))


def import_sources(op: Operation, sources: Iterable[Source], on_duplicate: str
                   ) -> list[ImportEntry]:
    """Store several sources in the caller's transaction (all or nothing)."""
    check_on_duplicate(on_duplicate)
    return [import_source(op, source, on_duplicate) for source in sources]
