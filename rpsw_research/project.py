"""The ``Project``: the facade a researcher holds (open, import, code, query).

A project is one SQLite file. ``Project`` turns user calls into coding logic
(:mod:`rpsw_research.coding`) and store operations (:mod:`rpsw_research.store`); it
holds no SQL itself. Every mutation is one transaction and one audited operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from .codebook.model import Codebook
from .coding.manual import check_span, find_quote, unit_span
from .coding.model import Coding
from .corpus.model import Informant, Source
from .errors import CodingError, ProjectError, UnknownCodeError
from .i18n import t
from .store import DEFAULT_TIMEOUT, ImportReport, Store, check_on_duplicate
from .store.codings import AutoCodingSummary

DEFAULT_USER = "peneliti"
"""Who acts when no coder or user is named (the researcher)."""


class Project:
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

    def _pseudonymise(self, sources: list[Source], informants: list[Informant], key: Any,
                      detectors: Iterable[str] | None, folders: list[Any]
                      ) -> tuple[list[Source], list[Informant], list[dict[str, Any]]]:
        from .privacy import pseudonymise_informants, pseudonymise_sources, resolve_key

        key = resolve_key(key, forbid_inside=[*folders, self.path.resolve().parent])
        detectors = None if detectors is None else tuple(detectors)
        sources, log = pseudonymise_sources(sources, key, detectors=detectors)
        informants, people_log = pseudonymise_informants(informants, key, detectors=detectors)
        return sources, informants, (log + people_log).records()

    def redactions_table(self) -> pd.DataFrame:
        """The redaction log of pseudonymised imports: ``source_id, field, kind,
        placeholder, start, end, import_op`` (offsets in the stored text; no original
        value is ever stored)."""
        return self.store.redactions_frame()

    # --- consent register -------------------------------------------------------------
    def set_consents(self, consents: Any) -> int:
        """Replace the consent register: a list of :class:`~rpsw_research.privacy.Consent`
        or the path of a register file (CSV/YAML). Informant ids must be in the
        informant register when it is not empty. Returns the number of records."""
        from .privacy import load_consents

        path = consents if isinstance(consents, (str, os.PathLike)) else None
        if path is not None:
            consents = load_consents(path)
        records = self._checked_consents(list(consents), {i.id for i in self.store.informants()},
                                         path=path)
        return self.store.set_consents(records, who=self.user)

    @staticmethod
    def _checked_consents(consents: list[Any], known: set[str], *,
                          path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
        """Consent records as stored rows; every informant must be in ``known`` (when
        there is a register at all), else :class:`InformantError` naming the file."""
        from .errors import InformantError

        unknown = sorted({c.informant for c in consents} - known) if known else []
        if unknown:
            raise InformantError(t("privacy.consent.unknown", ids=", ".join(unknown)),
                                 path=path, hint=t("privacy.consent.unknown_hint"))
        return [c.to_record() for c in consents]

    def consents(self) -> list[Any]:
        """The stored consent register as :class:`~rpsw_research.privacy.Consent` records."""
        from .privacy import consent_from_mapping

        return [consent_from_mapping(r) for r in self.store.consents()]

    def quotable(self, informant_id: str) -> bool:
        """True if the informant consented to quotes and has not withdrawn."""
        from .privacy import quotable

        return quotable(informant_id, self.consents())

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

    # --- coding -----------------------------------------------------------------------
    def code(self, source: str, code: str, *, start: int | None = None, end: int | None = None,
             quote: str | None = None, occurrence: int | None = None, turn: int | None = None,
             paragraph: int | None = None, coder: str | None = None, memo: str | None = None
             ) -> int:
        """Code a passage of ``source`` with ``code``; returns the new coding id.

        Give the passage as ``start=``/``end=`` (code points, half-open), as
        ``quote=`` (exact text; ``occurrence=`` 1-based when it repeats), or as a whole
        ``turn=``/``paragraph=`` by its index. Bad offsets raise :class:`OffsetError`
        with the valid range; a missing or ambiguous quote lists the candidates.
        """
        ways = [start is not None or end is not None, quote is not None,
                turn is not None or paragraph is not None]
        if sum(ways) != 1:
            raise CodingError(t("store.project.code.one_way"),
                              hint=t("store.project.code.one_way_hint"))
        stored = self.store.source(source)
        if quote is not None:
            start, end = find_quote(stored.text, quote, occurrence, source_id=stored.id)
        elif turn is not None or paragraph is not None:
            start, end = unit_span(stored, turn=turn, paragraph=paragraph)
        else:
            start, end = check_span(len(stored.text), start, end,  # type: ignore[arg-type]
                                    source_id=stored.id)
        who = coder or self.user
        return self.store.add_coding(
            Coding(stored.id, self._code_id(code), start, end, coder=who, memo=memo), who=who)

    def import_codings(self, table: pd.DataFrame | str | os.PathLike[str], *,
                       coder: str | None = None) -> list[int]:
        """Add manual codings from a table, all or none; returns the new coding ids.

        ``table`` is a DataFrame or a CSV file with columns ``source_id, start, end,
        code_id`` and optionally ``coder`` and ``memo`` (a gold standard, codings kept in
        a spreadsheet). ``coder`` fills rows without one (default: the project user).
        Any bad row (unknown source or code, offsets that are not whole numbers or out
        of range, an empty cell) raises :class:`CodingError` naming the row (for a CSV
        file: the file and its line, the header being line 1) and nothing is written.
        """
        from .coding.table import codings_from_table, read_codings_csv

        path = None if isinstance(table, pd.DataFrame) else table
        frame = table if path is None else read_codings_csv(path)
        default = coder or self.user
        codings = codings_from_table(frame, default, path, lengths=self.store.source_lengths(),
                                     resolve_code=self._code_id)
        return self.store.add_codings(codings, who=default)

    def _code_id(self, code: str) -> str:
        """The canonical id of ``code`` (aliases resolved); an unknown code raises
        :class:`UnknownCodeError` naming close matches or the codebook's codes."""
        if self.store.has_code(code):
            return code
        book = self.codebook
        if book is not None:
            try:
                return book.resolve(code)
            except UnknownCodeError as error:
                if getattr(error, "matches", ()):
                    raise  # names close matches
        raise self.store.unknown_code(code)

    def uncode(self, coding_id: int, *, coder: str | None = None) -> None:
        """Delete a coding (``coder``: who does it; default the coding's coder)."""
        who = coder or self.store.coding_owner(coding_id)
        self.store.delete_coding(coding_id, who=who)

    def recode(self, coding_id: int, new_code: str, *, coder: str | None = None) -> None:
        """Change the code of a coding (:class:`UnknownCodeError` if not in the codebook)."""
        who = coder or self.store.coding_owner(coding_id)
        self.store.update_coding(coding_id, who=who, kind="recode",
                                 code_id=self._code_id(new_code))

    def coding(self, coding_id: int) -> Coding:
        """One coding record by id."""
        return self.store.coding(coding_id)

    def replace_auto_codings(self, coder: str, codings: Iterable[Coding | Mapping[str, Any]],
                             sources: Iterable[str] | None = None) -> AutoCodingSummary:
        """Bulk write of an auto-coder's suggestions (see :meth:`Store.replace_auto_codings`)."""
        return self.store.replace_auto_codings(coder, codings, sources)

    # --- auto-coding and review ---------------------------------------------------------
    def autocode(self, coder: str = "auto", unit: str = "sentence",
                 codes: str | Iterable[str] | None = None,
                 sources: str | Iterable[str] | None = None, *, min_score: float = 0.0,
                 context: int | None = None, progress: bool | None = None
                 ) -> AutoCodingSummary:
        """Code sources by the codebook's rules as suggestions of ``coder``.

        Idempotent per coder: re-running replaces the coder's earlier unreviewed
        suggestions (of ``codes``, in ``sources``; None: all); accepted and rejected
        ones stay and are not suggested again; manual codings are never touched.
        ``unit`` is ``sentence``, ``turn`` or ``paragraph``; ``context`` (default 2)
        how far a stage code reaches into neighbouring sentences. See
        :func:`rpsw_research.coding.autocode.autocode_sources`.
        """
        from .coding.autocode import DEFAULT_CONTEXT, as_codings, autocode_sources

        book = self.codebook
        if book is None:
            raise CodingError(t("autocode.project.no_codebook"),
                              hint=t("autocode.project.no_codebook_hint"))
        wanted = None if codes is None else [
            self._code_id(c) for c in ([codes] if isinstance(codes, str) else codes)]
        chosen = (self.store.sources() if sources is None else
                  [self.store.source(s) for s in ([sources] if isinstance(sources, str)
                                                  else sources)])
        found = list(as_codings(autocode_sources(
            chosen, book, informants=self.store.informants(), unit=unit, codes=wanted,
            min_score=min_score, progress=progress,
            context=DEFAULT_CONTEXT if context is None else context)))
        if wanted is not None:  # keep this coder's suggestions of the other codes
            kept = self.suggestions(coder, source=[s.id for s in chosen])
            kept = kept[~kept["code_id"].isin(wanted)]
            found += [{"source_id": r.source_id, "code_id": r.code_id, "start": int(r.start),
                       "end": int(r.end), "rule": r.rule,
                       "score": None if pd.isna(r.score) else float(r.score),
                       "memo": r.memo} for r in kept.itertuples(index=False)]
        return self.store.replace_auto_codings(coder, found, [s.id for s in chosen])

    def suggestions(self, coder: str = "auto", code: str | Iterable[str] | None = None,
                    source: str | Iterable[str] | None = None) -> pd.DataFrame:
        """``coder``'s auto codings awaiting review (the :meth:`codings` columns)."""
        table = self.codings(coder=coder, code=code, source=source)
        return table[table["status"] == "suggested"].reset_index(drop=True)

    def accept(self, coding_ids: int | Iterable[int], *, who: str | None = None) -> int:
        """Accept auto codings: they then count like manual ones and keep their rule
        and score (provenance). One audited operation; returns how many changed."""
        return self._review(coding_ids, "accepted", who)

    def reject(self, coding_ids: int | Iterable[int], *, who: str | None = None) -> int:
        """Reject auto codings (kept, so a re-run does not suggest them again)."""
        return self._review(coding_ids, "rejected", who)

    def accept_all(self, code: str, coder: str = "auto", *, min_score: float | None = None,
                   source: str | Iterable[str] | None = None, who: str | None = None) -> int:
        """Accept every suggestion of ``code`` by ``coder`` (score >= ``min_score``)."""
        table = self.suggestions(coder, code=self._code_id(code), source=source)
        if min_score is not None:
            table = table[table["score"].fillna(0.0) >= min_score]
        return self._review(table["coding_id"].tolist(), "accepted", who)

    def _review(self, coding_ids: int | Iterable[int], status: str, who: str | None) -> int:
        from .store import codings as coding_rows

        ids = [coding_ids] if isinstance(coding_ids, int) else [int(i) for i in coding_ids]
        if not ids:
            return 0
        changed = 0
        with self.store.db.operation(who or self.user, "review") as op:
            for coding_id in ids:
                row = coding_rows.get_row(op.conn, coding_id)
                if row["method"] != "auto":
                    raise CodingError(t("autocode.review.not_auto", id=coding_id),
                                      hint=t("autocode.review.not_auto_hint"))
                if row["status"] != status:
                    coding_rows.update(op, coding_id, status=status)
                    changed += 1
        return changed

    # --- coders, memos ------------------------------------------------------------------
    def add_coder(self, name: str, *, role: str | None = None) -> None:
        """Register a coder (coders are also created on first use)."""
        self.store.add_coder(name, role=role)

    def coders(self) -> pd.DataFrame:
        """``coder, role, created_at, codings`` for every coder."""
        return self.store.coders()

    def memo(self, text: str, *, coding: int | None = None, source: str | None = None,
             code: str | None = None, coder: str | None = None) -> int | None:
        """Write a memo on a coding, a source, a code, or (none given) the project.

        A coding holds one memo (this replaces it; returns None); other memos
        accumulate and their id is returned.
        """
        targets = [x is not None for x in (coding, source, code)]
        if sum(targets) > 1:
            raise CodingError(t("store.project.memo.one_target"))
        who = coder or self.user
        if coding is not None:
            if not isinstance(text, str) or not text.strip():
                raise CodingError(t("store.memo.empty"))
            self.store.update_coding(coding, who=who, kind="memo", memo=text)
            return None
        if source is not None:
            self.store.source(source)
            return self.store.add_memo("source", source, text, who=who)
        if code is not None:
            return self.store.add_memo("code", self._code_id(code), text, who=who)
        return self.store.add_memo("project", None, text, who=who)

    def memos(self) -> pd.DataFrame:
        """All memos: ``target, target_id, author, text, created_at, memo_id``."""
        return self.store.memos_frame()

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

