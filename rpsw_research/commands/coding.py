"""``rpsw autocode`` and ``rpsw agreement``: rule-based coding and inter-coder agreement."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..i18n import t
from .common import Subparsers, add_command, add_project_argument, open_project, say, unavailable

AUTOCODE_UNITS = ("sentence", "turn", "paragraph")
AGREEMENT_UNITS = ("sentence", "turn", "paragraph", "document", "character", "span")
SHOWN = ("code", "n_units", "n_disagree", "percent_agreement", "kappa", "alpha", "note")


def register(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``autocode`` and ``agreement``."""
    auto = add_command(commands, common, "autocode", run_autocode)
    add_project_argument(auto)
    auto.add_argument("--coder", default="auto", help=t("cli.autocode.coder"))
    auto.add_argument("--unit", choices=AUTOCODE_UNITS, default="sentence",
                      help=t("cli.autocode.unit"))
    auto.add_argument("--rules-only", action="store_true", help=t("cli.autocode.rules_only"))

    agree = add_command(commands, common, "agreement", run_agreement)
    add_project_argument(agree)
    agree.add_argument("--coders", nargs="+", required=True, metavar=t("cli.metavar.coder"),
                       help=t("cli.agreement.coders"))
    agree.add_argument("--unit", choices=AGREEMENT_UNITS, default="sentence",
                       help=t("cli.agreement.unit"))
    agree.add_argument("--code", action="append", metavar=t("cli.metavar.code"),
                       help=t("cli.agreement.code"))
    agree.add_argument("--csv", type=Path, metavar=t("cli.metavar.file"),
                       help=t("cli.agreement.csv"))


def autocode(proj: Any, coder: str, unit: str, rules_only: bool = False) -> int | None:
    """Run ``proj.autocode`` (``rules_only``: without the stage scorer); the number of
    ``coder``'s codings afterwards, or None when this installation has no auto-coder."""
    if not hasattr(proj, "autocode"):
        return None
    # a progress bar only for a person watching; pipes and logs stay clean
    proj.autocode(coder=coder, unit=unit, progress=sys.stderr.isatty(),
                  scorer=None if rules_only else "default")
    return len(proj.codings(coder=coder))


def run_autocode(args: argparse.Namespace) -> int:
    """Auto-code every source of the project with the codebook's rules."""
    with open_project(args.project) as proj:
        count = autocode(proj, args.coder, args.unit, args.rules_only)
    if count is None:
        raise unavailable("cli.feature.autocode")
    say(t("cli.autocode.done", count=count, coder=args.coder, unit=t(f"unit.{args.unit}")))
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    """Print the agreement table of the coders (per code and overall)."""
    from .. import reliability

    if len(set(args.coders)) < 2:
        raise InputError(t("cli.agreement.two_coders"))
    compare = getattr(reliability, "compare", None)
    if compare is None:
        raise unavailable("cli.feature.agreement")
    with open_project(args.project) as proj:
        table = compare(proj, coders=args.coders, unit=args.unit, codes=args.code)
    if args.csv is not None:
        table.to_csv(args.csv, index=False, encoding="utf-8-sig")
    say(t("cli.agreement.title", coders=", ".join(args.coders), unit=t(f"unit.{args.unit}")))
    say(agreement_text(table))
    if args.csv is not None:
        say(t("cli.written", path=args.csv))
    return 0


def agreement_text(table: pd.DataFrame) -> str:
    """The comparison table as aligned text: one line per code and the overall line."""
    shown = table.copy()
    overall = t("cli.agreement.overall")
    shown["code"] = [overall if scope == "overall" else code
                     for scope, code in zip(shown["scope"], shown["code_id"])]
    if "source_id" in shown and shown["source_id"].notna().any():
        shown["code"] = [f"{c} @ {s}" if isinstance(s, str) else c
                         for c, s in zip(shown["code"], shown["source_id"])]
    if "note" in shown:
        shown["note"] = shown["note"].fillna("")
    columns = [c for c in SHOWN if c in shown]
    shown = shown[columns].rename(columns={c: t(f"cli.agreement.col.{c}") for c in columns})
    return shown.to_string(index=False, na_rep="-", float_format=lambda v: f"{v:.3f}")
