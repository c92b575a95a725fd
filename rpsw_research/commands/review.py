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
    review.add_argument("--coder", metavar=t("cli.metavar.coder"),
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
    coder = args.coder or "auto"  # --apply takes the coder from the sheet
    with open_project(args.project) as proj:
        if by_id:
            _decide(proj, coder, args.accept, args.reject)
        elif args.accept_code:
            changed = proj.accept_all(args.accept_code, coder, min_score=args.min_score,
                                      source=args.source)
            say(t("cli.review.decided", changed=changed))
        elif args.apply:
            _apply(proj, require_path(args.apply), args.coder)
        elif args.sheet or args.list:
            _sheet_or_list(proj, args, coder)
        else:
            say(summary_text(proj.codings(coder=coder), coder))
    return 0


def _decide(proj: Any, coder: str, accept: list[int], reject: list[int]) -> None:
    both = sorted(set(accept) & set(reject))
    if both:
        raise InputError(t("cli.review.both", ids=", ".join(map(str, both))))
    codings = proj.codings(coder=coder)
    mine = set(codings.loc[codings["method"] == "auto", "coding_id"])
    others = sorted((set(accept) | set(reject)) - mine)
    if others:  # not this coder's suggestions: a typo, or --coder forgotten
        raise CodingError(t("cli.review.not_coder", ids=", ".join(map(str, others)),
                            coder=coder), hint=t("cli.review.not_coder_hint"))
    decisions = {**dict.fromkeys(reject, "rejected"), **dict.fromkeys(accept, "accepted")}
    say(t("cli.review.decided", changed=proj.review(decisions)))


def _apply(proj: Any, path: Path, coder: str | None) -> None:
    done = proj.apply_review(path, coder)
    say(t("cli.review.applied", accepted=done.accepted, rejected=done.rejected,
          unchanged=done.unchanged, undecided=done.undecided))
    if done.stale:
        shown = ", ".join(map(str, done.stale[:10])) + (" ..." if len(done.stale) > 10 else "")
        say(t("cli.review.stale", count=len(done.stale), rows=shown))


def _sheet_or_list(proj: Any, args: argparse.Namespace, coder: str) -> None:
    from ..report.review import left_out, review_table, write_review_sheet

    codings = proj.codings(coder=coder)
    if not (codings["method"] == "auto").any():
        raise CodingError(t("autocode.review.coder_none", coder=coder),
                          hint=t("autocode.review.coder_hint"))
    privacy = privacy_options(args)
    sensitive = privacy["include_sensitive"]
    filters = {"code": args.code, "source": args.source, "min_score": args.min_score}
    table = review_table(proj, coder, include_sensitive=sensitive, **filters)
    if args.sheet:
        path = write_review_sheet(proj, args.sheet, coder, get_language(), **privacy,
                                  **filters)
        say(t("cli.written", path=path))
        say(t("cli.review.sheet_rows", rows=len(table)))
    else:
        say(list_text(table, args.limit))
    withheld = left_out(proj, coder, include_sensitive=sensitive, **filters)
    if withheld:
        key = "cli.review.withheld_withdrawn" if sensitive else "cli.review.withheld"
        say(t(key, count=withheld))


def list_text(table: pd.DataFrame, limit: int) -> str:
    """Suggestions of a :func:`~rpsw_research.report.review_table` as aligned text,
    ``limit`` rows (0: all), each passage cut to :data:`EXCERPT` characters on one line."""
    shown = table if limit <= 0 else table.head(limit)
    names = [t(f"report.col.{c}") for c in ("coding_id", "source_id", "code_id", "score")]
    rows = [[str(r.coding_id), r.source_id, r.code_id, f"{r.score:.2f}", _excerpt(r.text)]
            for r in shown.itertuples(index=False)]
    widths = [max([len(n), *(len(row[i]) for row in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(cells[:4], widths, strict=True)),
                        cells[4]]).rstrip()
             for cells in [[*names, t("report.col.text")], *rows]]
    return "\n".join([*lines, t("cli.review.shown", shown=len(shown), total=len(table))])


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1] + "…"


def summary_text(codings: pd.DataFrame, coder: str) -> str:
    """The :func:`~rpsw_research.coding.review.review_summary` of ``coder``'s codings as
    text, with the next step."""
    from ..coding.review import review_summary

    if not (codings["method"] == "auto").any():
        return t("autocode.review.coder_none", coder=coder)
    table = review_summary(codings).rename(columns={
        "code_id": t("report.col.code_id"), "suggested": t("cli.review.col.suggested"),
        "accepted": t("cli.review.col.accepted"), "rejected": t("cli.review.col.rejected"),
        "mean_score": t("cli.review.col.mean_score")})
    text = table.to_string(index=False, na_rep="-", float_format=lambda v: f"{v:.2f}")
    return "\n".join([t("cli.review.title", coder=coder), text, t("cli.review.next")])
