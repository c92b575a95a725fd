"""Coding and review through the project: the :class:`CodingMixin` of ``Project``.

Manual coding (``code``, ``import_codings``, ``uncode``, ``recode``), rule-based
auto-coding and its review (``autocode``, ``suggestions``, ``accept``...), coders and
memos. Coding logic comes from :mod:`rpsw_research.coding`; the store persists.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .coding.manual import check_span, find_quote, unit_span
from .coding.model import Coding
from .coding.review import (
    SheetReview,
    plan_review,
    read_review_sheet,
    sheet_coder,
    sheet_columns,
)
from .errors import CodingError, UnknownCodeError
from .i18n import t
from .store import Store
from .store.codings import AutoCodingSummary

if TYPE_CHECKING:
    from .coding.scorer import StageScorer


class CodingMixin:
    """Coding, auto-coding, review, coders and memos of a :class:`~rpsw_research.Project`."""

    store: Store
    user: str

    # --- manual coding ----------------------------------------------------------------
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
        book = self.store.codebook()
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
                 context: int | None = None, progress: bool | None = None,
                 scorer: StageScorer | str | None = "default") -> AutoCodingSummary:
        """Code sources by the codebook's rules as suggestions of ``coder``.

        Idempotent per coder: re-running replaces the coder's earlier unreviewed
        suggestions (of ``codes``, in ``sources``; None: all); accepted and rejected
        ones stay and are not suggested again; manual codings are never touched.
        ``unit`` is ``sentence``, ``turn`` or ``paragraph``; ``context`` (default 2)
        how far a stage code reaches into neighbouring sentences; ``scorer`` weighs
        the stage suggestions (``"default"``: the shipped one, whose score is the
        probability a coder keeps the suggestion; None: the rules' own scores, the rule
        weights). ``min_score`` applies to those scores. See
        :func:`rpsw_research.coding.autocode.autocode_sources`.
        """
        from .coding.autocode import DEFAULT_CONTEXT, as_codings, autocode_sources

        book = self.store.codebook()
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
            min_score=min_score, progress=progress, scorer=scorer,
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
        table = self.store.codings_frame(coder=coder, code=code, source=source)
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

    def review(self, decisions: Mapping[int, str], *, who: str | None = None) -> int:
        """Accept and reject auto codings at once (coding id -> ``"accepted"`` or
        ``"rejected"``) in one audited operation, all or none; returns how many changed."""
        for status in set(decisions.values()) - {"accepted", "rejected"}:
            raise CodingError(t("store.coding.status", status=repr(status),
                                valid="accepted, rejected"))
        return self.store.review_each({int(k): v for k, v in decisions.items()},
                                      who or self.user)

    def apply_review(self, sheet: pd.DataFrame | str | os.PathLike[str],
                     coder: str | None = None, *, who: str | None = None) -> SheetReview:
        """Apply the decisions of a review sheet to an auto-coder's suggestions, all or
        none.

        ``sheet`` is the file :func:`rpsw_research.report.write_review_sheet` wrote,
        filled in (``terima``/``tolak`` per row, empty: decide later), or such a table
        as a DataFrame. It decides the suggestions of the coder it names (``coder``, if
        given, must be that one; a sheet without a coder column: ``coder``, default
        ``auto``). Rows are matched by coding id, or by source, code and span when
        auto-coding ran again since; rows whose suggestion is gone are reported in
        ``stale``, not applied. A bad cell raises :class:`CodingError` naming the file
        and row, and nothing changes. Returns what was decided.
        """
        path = None if isinstance(sheet, pd.DataFrame) else sheet
        table = sheet_columns(sheet) if path is None else read_review_sheet(path)
        coder = sheet_coder(table, coder, path)
        codings = self.store.codings_frame(coder=coder)
        codings = codings[codings["method"] == "auto"]
        if codings.empty:
            raise CodingError(t("autocode.review.coder_none", coder=coder), path=path,
                              hint=t("autocode.review.coder_hint"))
        plan = plan_review(table, codings, path)
        self.store.review_each(plan.decisions, who or self.user)
        return plan

    def _review(self, coding_ids: int | Iterable[int], status: str, who: str | None) -> int:
        ids = [coding_ids] if isinstance(coding_ids, int) else [int(i) for i in coding_ids]
        return self.store.review(ids, status, who or self.user)

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
