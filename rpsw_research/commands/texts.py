"""argparse's own words (``usage:``, ``options``, its error messages) from the catalogue.

argparse looks its texts up through ``gettext``; :func:`localised_argparse` routes
those look-ups to the ``cli.argparse.*`` catalogue keys while the command line parses,
so that ``rpsw --help`` is wholly Indonesian by default and wholly English with
``--lang en``. Texts argparse adds in later Python versions pass through unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from ..i18n import catalogue, get_language

# argparse msgid -> catalogue key (values keep argparse's %-placeholders)
MESSAGES: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "optional arguments": "cli.argparse.options",  # Python 3.9 and older
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "unexpected option string: %s": "cli.argparse.unexpected_option",
}


def translate(message: str) -> str:
    """argparse's ``message`` in the current language (unknown texts unchanged)."""
    key = MESSAGES.get(message)
    if key is None:
        return message
    return catalogue()[key][get_language()]


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        key = "cli.argparse.expected_n_one" if n == 1 else "cli.argparse.expected_n"
        return catalogue()[key][get_language()]
    return singular if n == 1 else plural


@contextlib.contextmanager
def localised_argparse() -> Iterator[None]:
    """While active, argparse's texts come from the catalogue (restored afterwards)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translate, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
