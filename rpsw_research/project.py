"""The ``Project``: the facade a researcher holds (open, import, code, query).

A project is one SQLite file. ``Project`` turns user calls into coding logic
(:mod:`rpsw_research.coding`) and store operations (:mod:`rpsw_research.store`); it
holds no SQL itself. Every mutation is one transaction and one audited operation.

This module holds the lifecycle, sources, codebook and tables; coding and review come
from :class:`~rpsw_research.project_coding.CodingMixin`, pseudonymisation and consent
from :class:`~rpsw_research.project_privacy.PrivacyMixin`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from .codebook.model import Codebook
from .corpus.model import Informant, Source
from .errors import ProjectError
from .i18n import t
from .project_coding import CodingMixin
from .project_privacy import PrivacyMixin
from .store import DEFAULT_TIMEOUT, ImportReport, Store, check_on_duplicate

DEFAULT_USER = "peneliti"
"""Who acts when no coder or user is named (the researcher)."""


class Project(CodingMixin, PrivacyMixin):
    """An open project file. Use :meth:`create` or :meth:`open`; close it (or ``with``)."""

    def __init__(self, store: Store, path: Path, user: str = DEFAULT_USER) -> None:
        self.store = store
        self.path = path
        self.user = user

    # --- lifecycle ---------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], *, user: str = DEFAULT_USER,
               timeout: float = DEFAULT_TIMEOUT) -> Project:
        """Create a new project file at ``path``; refuses to overwrite an existing file
        (:class:`ProjectExistsError`). ``user`` is who imports and sets the codebook."""
        return cls(Store.create(path, timeout=timeout), Path(path), user)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, user: str = DEFAULT_USER,
             timeout: float = DEFAULT_TIMEOUT) -> Project:
        """Open a project. Raises :class:`ProjectError` if missing,
        :class:`NotAProjectError`, :class:`ProjectLockedError` (after ``timeout``
        seconds) or :class:`SchemaVersionError` (newer schema); an older schema is
        migrated after a backup copy ``<file>.v<N>.bak``."""
        return cls(Store.open(path, timeout=timeout), Path(path), user)

    def close(self) -> None:
        """Close the project file (idempotent)."""
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r})"

    # --- sources ----------------------------------------------------------------------
    def import_folder(self, folder: str | os.PathLike[str], *, on_duplicate: str = "skip",
                      privacy_key: Any = None, detectors: Iterable[str] | None = None,
                      ) -> ImportReport:
        """Import a study folder (``informants.csv`` and sources) read by
        :func:`rpsw_research.corpus.load_corpus`, all in one transaction.

        ``on_duplicate`` (``skip`` | ``replace`` | ``error``; anything else:
        :class:`ProjectError`) decides what a source that
        is already stored (same id or same SHA-256 of its text) does. Files the reader
        could not read are listed in ``report.errors`` (and ``report.load``, the
        reader's :class:`LoadReport`); the readable ones are imported.

        ``privacy_key`` (a :class:`~rpsw_research.privacy.PrivacyKey` or the path of a
        key file kept outside ``folder`` and the project's folder): texts, titles,
        metadata and informant attributes are pseudonymised before anything is stored
        (key names plus the ``detectors``, default all); the redaction log, which holds
        no original value, goes to :meth:`redactions_table`. Without a key, nothing is
        replaced. A consent register in the folder (``persetujuan.csv``, see
        :mod:`rpsw_research.privacy.consent`) is validated first and then stored.
        """
        from .corpus import load_corpus
        from .privacy import load_consents

        check_on_duplicate(on_duplicate)
        corpus, load = load_corpus(folder)
        sources, informants = list(corpus.sources), list(corpus.informants.values())
        consents = None
        if corpus.consent_register:
            consents = self._checked_consents(
                load_consents(corpus.consent_register),
                {i.id for i in informants} | {i.id for i in self.store.informants()},
                path=corpus.consent_register)
        redactions = None
        if privacy_key is not None:
            sources, informants, redactions = self._pseudonymise(
                sources, informants, privacy_key, detectors, [folder])
        entries, changed = self.store.import_sources(
            sources, informants=informants, on_duplicate=on_duplicate,
            who=self.user, redactions=redactions, consents=consents)
        return ImportReport(entries, changed, [str(w) for w in load.warnings],
                            [str(e) for e in load.errors], load)

    def add_source(self, source: str | os.PathLike[str] | Source, *, on_duplicate: str = "error",
                   privacy_key: Any = None, detectors: Iterable[str] | None = None,
                   **overrides: Any) -> ImportReport:
        """Add one source: a file read by :func:`rpsw_research.corpus.read_source` or a
        ready :class:`Source`. Keywords (``kind=``, ``informants=``, ``date=``,
        ``place=``, ``title=``, ``id=``, ``metadata=``...) override the file's front
        matter; informant ids are checked against the project's register when it has
        one. ``privacy_key``/``detectors`` pseudonymise it first, as in
        :meth:`import_folder`. Returns an :class:`ImportReport` with one entry."""
        check_on_duplicate(on_duplicate)
        if not isinstance(source, Source):
            from .corpus import read_source

            given = {k: v for k, v in overrides.items() if v is not None}
            known = [i.id for i in self.store.informants()]
            if known:
                given.setdefault("register", known)
            source = read_source(source, **given)
        elif any(value is not None for value in overrides.values()):
            raise ProjectError(t("store.project.source_overrides",
                                 keys=", ".join(sorted(overrides))),
                               hint=t("store.project.source_overrides_hint"))
        redactions = None
        if privacy_key is not None:
            (source,), _, redactions = self._pseudonymise([source], [], privacy_key,
                                                          detectors, [])
        entries, _ = self.store.import_sources([source], on_duplicate=on_duplicate,
                                               who=self.user, redactions=redactions)
        return ImportReport(entries, 0, [f"{source.id}: {w}" for w in source.warnings])

    def add_informants(self, informants: Iterable[Informant]) -> int:
        """Add or update informants of the register; returns how many changed."""
        return self.store.add_informants(informants, who=self.user)

    def sources(self) -> list[Source]:
        """Every source (with turns and paragraphs), sorted by id."""
        return self.store.sources()

    def source(self, source_id: str) -> Source:
        """One source by id (:class:`UnknownSourceError` listing known ids)."""
        return self.store.source(source_id)

    def sources_table(self) -> pd.DataFrame:
        """One row per source: ``source_id, kind, title, date, place, informants``
        (";"-joined), ``path, sha256, chars, words, turns, imported_at``."""
        return self.store.sources_frame()

    def segments_table(self, kind: str) -> pd.DataFrame:
        """Units of analysis of every source: ``source_id, unit_index, start, end``.

        ``kind`` is ``turn``, ``paragraph`` or ``sentence``. Sentences come from the NLP
        layer's transcript-aware segmentation, computed once per source and cached in
        the project (replacing a source clears its cache).
        """
        if kind not in ("turn", "paragraph", "sentence"):
            raise ProjectError(t("store.bad_segment_kind", kind=kind))
        if kind == "sentence":
            self._cache_sentences()
        return self.store.segments_frame(kind)

    def _cache_sentences(self) -> None:
        from .nlp import SEGMENTER_VERSION, sentences

        done = self.store.sentence_sources(SEGMENTER_VERSION)
        missing = [s for s in self.store.source_ids() if s not in done]
        if missing:
            spans = {source.id: [(seg.start, seg.end) for seg in sentences(source)]
                     for source in self.store.sources() if source.id in missing}
            self.store.save_sentences(spans, SEGMENTER_VERSION)

    def informants_table(self) -> pd.DataFrame:
        """``informant_id, role``, then one column per informant attribute."""
        return self.store.informants_frame()

    # --- codebook ---------------------------------------------------------------------
    @property
    def codebook(self) -> Codebook | None:
        """The project's codebook (None before one is set). Setting stores it whole."""
        return self.store.codebook()

    @codebook.setter
    def codebook(self, codebook: Codebook) -> None:
        self.set_codebook(codebook)

    def set_codebook(self, codebook: Codebook, *, mapping: Mapping[str, str | None] | None = None
                     ) -> dict[str, int]:
        """Store ``codebook``; codings of codes it lacks need ``mapping`` (old id -> new id,
        or None to delete them), else :class:`CodebookError`. Returns change counts."""
        return self.store.set_codebook(codebook, mapping=mapping, who=self.user)

    # --- tables, audit ----------------------------------------------------------------
    def codings(self, coder: str | Iterable[str] | None = None,
                code: str | Iterable[str] | None = None,
                source: str | Iterable[str] | None = None,
                informant: str | Iterable[str] | None = None) -> pd.DataFrame:
        """The tidy table of codings (orphaned ones excluded), one row per coding.

        Filters take one id or a list. Columns, in order: ``coding_id`` (int),
        ``source_id``, ``source_kind``, ``informant`` (for a passage in a speaker turn,
        the speaker's informant — None for the interviewer's turns; outside every turn
        the source's only informant, else None), ``source_informants`` (";"-joined),
        ``speaker`` (turn label or None),
        ``code_id``, ``code_name`` (current language), ``stage`` (Int64), ``start``,
        ``end`` (int, code points), ``text``, ``coder``, ``method`` (manual|auto),
        ``status`` (manual|suggested|accepted|rejected), ``rule`` (str or None),
        ``score`` (float, NaN when none), ``memo``, ``created_at`` (ISO UTC).
        Sorted by source, start, end, code, id.
        """
        return self.store.codings_frame(coder=coder, code=code, source=source,
                                        informant=informant)

    def show(self, source_id: str, coder: str | Iterable[str] | None = None,
             codes: str | Iterable[str] | None = None) -> Any:
        """A notebook view of a source with its coded passages highlighted in their code
        colours (:class:`rpsw_research.report.html.CodedSource`); ``coder`` and
        ``codes`` (a code keeps its descendants) choose the codings shown."""
        from .report.html import CodedSource  # display layer, loaded only when asked

        return CodedSource(self.source(source_id), self.codings(coder=coder, source=source_id),
                           self.codebook, codes=codes)

    def orphaned_codings(self) -> pd.DataFrame:
        """Codings whose quote vanished when their source was replaced: same columns
        as :meth:`codings`, ``text`` holding the lost quote, offsets the old ones."""
        return self.store.codings_frame(orphaned=True)

    def audit(self, coder: str | None = None) -> pd.DataFrame:
        """The audit trail (one row per change): ``audit_id, operation_id, at, who,
        operation, entity, entity_id, action, before, after, undone_by``."""
        return self.store.audit_frame(coder)

    def undo(self, coder: str, n: int = 1) -> list[int]:
        """Undo the last ``n`` operations of ``coder``; returns their operation ids."""
        return self.store.undo(coder, n)

