"""One catalogue of user-facing text, Indonesian by default, English on request.

Strings live in YAML files under ``i18n/catalogue/`` (one file per area, merged into
one catalogue): ``key: {id: "...", en: "..."}``. Code never embeds user-facing
literals; it calls :func:`t`.

>>> t("cli.version", version="1.0")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import yaml

LANGUAGES = ("id", "en")
_language = "id"


def set_language(lang: str) -> None:
    """Set the process-wide language of messages (``"id"`` or ``"en"``)."""
    global _language
    _language = _check(lang)


def get_language() -> str:
    """The current process-wide message language."""
    return _language


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Temporarily switch the message language (``with language("en"): ...``)."""
    global _language
    previous, _language = _language, _check(lang)
    try:
        yield
    finally:
        _language = previous


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All entries of every catalogue file, keyed by message key."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files(__package__) / "catalogue"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith((".yaml", ".yml")):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        for key, texts in data.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice (in {entry.name})")
            missing = [lang for lang in LANGUAGES if lang not in texts]
            if missing:
                raise RuntimeError(f"message key {key!r} in {entry.name} lacks {missing}")
            merged[key] = texts
    return merged


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (default: the current language), formatted."""
    texts = catalogue()[key]
    return texts[_check(lang or _language)].format(**values)


_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def format_date(iso: str | None, lang: str | None = None) -> str:
    """``2014-03-12`` as ``12 Maret 2014`` (``12 March 2014`` in English).

    Partial dates (``2014-03``, ``2014``) keep what they have; anything else is
    returned unchanged, and ``None`` becomes an empty string.
    """
    if not iso:
        return ""
    months = _MONTHS[_check(lang or _language)]
    parts = str(iso).split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return str(iso)
    if len(numbers) == 3 and 1 <= numbers[1] <= 12:
        return f"{numbers[2]} {months[numbers[1] - 1]} {numbers[0]}"
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return f"{months[numbers[1] - 1]} {numbers[0]}"
    return str(iso)


def join_words(items: list[str] | tuple[str, ...], lang: str | None = None) -> str:
    """``a, b dan c`` (``a, b and c`` in English); one item alone; nothing -> ``""``."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    word = " dan " if _check(lang or _language) == "id" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def status_words(statuses: tuple[str, ...] | list[str], lang: str | None = None) -> str:
    """Coding statuses in words (``manual, accepted`` -> ``manual dan diterima``)."""
    return join_words([t(f"status.{status}", lang) for status in statuses], lang)


def format_number(value: float, digits: int = 3, lang: str | None = None) -> str:
    """``0.7614`` as ``0,761`` (Indonesian decimal comma) or ``0.761``; trailing zeros
    kept so a column of coefficients lines up."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if _check(lang or _language) == "id" else text
