"""``rpsw review``: review the auto-coder's suggestions without writing Python.

Without an action it summarises the review per code. ``--list`` shows suggestions
awaiting review with their ids, ``--accept``/``--reject`` decide by id, ``--accept-code``
accepts a code's suggestions (``--min-score``), ``--sheet`` writes a review sheet to fill
in a spreadsheet and ``--apply`` applies the filled-in sheet.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CodingError, InputError
from ..i18n import get_language, t
from .common import (
    Subparsers,
    add_command,
    add_privacy_options,
    add_project_argument,
    open_project,
    privacy_options,
    require_path,
    say,
)

LIST_LIMIT = 20
"""Suggestions ``--list`` shows unless ``--limit`` says otherwise (0: all)."""
EXCERPT = 70
"""Characters of a passage ``--list`` shows."""


def register(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``review``."""
    review = add_command(commands, common, "review", run_review)
    add_project_argument(review)
    review.add_argument("--coder", default="auto", metavar=t("cli.metavar.coder"),
                        help=t("cli.review.coder"))
    action = review.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help=t("cli.review.list"))
    action.add_argument("--sheet", type=Path, metavar=t("cli.metavar.file"),
                        help=t("cli.review.sheet"))
    action.add_argument("--apply", type=Path, metavar=t("cli.metavar.file"),
                        help=t("cli.review.apply"))
    action.add_argument("--accept-code", metavar=t("cli.metavar.code"),
                        help=t("cli.review.accept_code"))
    review.add_argument("--accept", nargs="+", type=int, default=[], metavar="ID",
                        help=t("cli.review.accept"))
    review.add_argument("--reject", nargs="+", type=int, default=[], metavar="ID",
                        help=t("cli.review.reject"))
    review.add_argument("--code", action="append", metavar=t("cli.metavar.code"),
                        help=t("cli.review.code"))
    review.add_argument("--source", action="append", metavar=t("cli.metavar.source"),
                        help=t("cli.review.source"))
    review.add_argument("--min-score", type=float, metavar="0-1", help=t("cli.review.min_score"))
    review.add_argument("--limit", type=int, default=LIST_LIMIT, metavar="N",
                        help=t("cli.review.limit"))
    add_privacy_options(review)


def run_review(args: argparse.Namespace) -> int:
    """Summarise, list, decide or exchange the suggestions of a coder."""
    by_id = bool(args.accept or args.reject)
    if by_id and (args.list or args.sheet or args.apply or args.accept_code):
        raise InputError(t("cli.review.one_action"))
    with open_project(args.project) as proj:
        if by_id:
            decisions = {**dict.fromkeys(args.reject, "rejected"),
                         **dict.fromkeys(args.accept, "accepted")}
            if len(decisions) < len(args.accept) + len(args.reject):
                raise InputError(t("cli.review.both", ids=", ".join(
                    str(i) for i in sorted(set(args.accept) & set(args.reject)))))
            say(t("cli.review.decided", changed=proj.review(decisions)))
        elif args.accept_code:
            changed = proj.accept_all(args.accept_code, args.coder, min_score=args.min_score,
                                      source=args.source)
            say(t("cli.review.decided", changed=changed))
        elif args.apply:
            _apply(proj, require_path(args.apply), args.coder)
        elif args.sheet or args.list:
            _sheet_or_list(proj, args)
        else:
            say(summary_text(proj.codings(coder=args.coder), args.coder))
    return 0


def _apply(proj: Any, path: Path, coder: str) -> None:
    done = proj.apply_review(path, coder)
    say(t("cli.review.applied", accepted=done.accepted, rejected=done.rejected,
          unchanged=done.unchanged, undecided=done.undecided))
    if done.stale:
        shown = ", ".join(map(str, done.stale[:10])) + (" ..." if len(done.stale) > 10 else "")
        say(t("cli.review.stale", count=len(done.stale), rows=shown))


def _sheet_or_list(proj: Any, args: argparse.Namespace) -> None:
    from ..report import review_table, write_review_sheet

    auto = proj.codings(coder=args.coder)
    if not (auto["method"] == "auto").any():
        raise CodingError(t("autocode.review.coder_none", coder=args.coder),
                          hint=t("autocode.review.coder_hint"))
    privacy = privacy_options(args)
    filters = {"code": args.code, "source": args.source, "min_score": args.min_score}
    lang = get_language()
    codes = (args.code if args.code is None or proj.codebook is None
             else [proj.codebook.resolve(c) for c in args.code])
    pending = len(proj.suggestions(args.coder, code=codes, source=args.source))
    if args.sheet:
        path = write_review_sheet(proj, args.sheet, args.coder, lang, **privacy, **filters)
        rows = len(review_table(proj, args.coder,
                                include_sensitive=privacy["include_sensitive"], **filters))
        say(t("cli.written", path=path))
        say(t("cli.review.sheet_rows", rows=rows))
    else:
        table = review_table(proj, args.coder,
                             include_sensitive=privacy["include_sensitive"], **filters)
        rows = len(table)
        say(list_text(table, args.limit))
    if args.min_score is None and rows < pending:
        say(t("cli.review.withheld", count=pending - rows))


def list_text(table: pd.DataFrame, limit: int) -> str:
    """Suggestions of a :func:`~rpsw_research.report.review_table` as aligned text, ``limit`` rows
    (0: all), each passage cut to :data:`EXCERPT` characters on one line."""
    shown = table if limit <= 0 else table.head(limit)
    names = [t(f"report.col.{c}") for c in ("coding_id", "source_id", "code_id", "score")]
    rows = [[str(r.coding_id), r.source_id, r.code_id, f"{r.score:.2f}", _excerpt(r.text)]
            for r in shown.itertuples(index=False)]
    widths = [max([len(n), *(len(row[i]) for row in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(cells[:4], widths, strict=True)),
                        cells[4]]).rstrip()
             for cells in [[*names, t("report.col.text")], *rows]]
    return "\n".join([*lines, t("cli.review.shown", shown=len(shown), total=len(table))])


def _excerpt(text: Any) -> str:
    if not isinstance(text, str) or not text:
        return t("report.review.hidden")
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1] + "…"


def summary_text(codings: pd.DataFrame, coder: str) -> str:
    """Per code, how many of ``coder``'s auto codings await review, were accepted or
    rejected, and the mean score of those awaiting review."""
    auto = codings[codings["method"] == "auto"]
    if auto.empty:
        return t("autocode.review.coder_none", coder=coder)
    counts = pd.crosstab(auto["code_id"], auto["status"])
    for status in ("suggested", "accepted", "rejected"):
        if status not in counts:
            counts[status] = 0
    pending = auto[auto["status"] == "suggested"].groupby("code_id")["score"].mean()
    table = pd.DataFrame({
        t("report.col.code_id"): counts.index,
        t("cli.review.col.suggested"): counts["suggested"].to_numpy(),
        t("cli.review.col.accepted"): counts["accepted"].to_numpy(),
        t("cli.review.col.rejected"): counts["rejected"].to_numpy(),
        t("cli.review.col.mean_score"): pending.reindex(counts.index).to_numpy(),
    })
    text = table.to_string(index=False, na_rep="-", float_format=lambda v: f"{v:.2f}")
    return "\n".join([t("cli.review.title", coder=coder), text, t("cli.review.next")])
