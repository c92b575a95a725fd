"""Validation of a list of codes before it becomes a :class:`Codebook`.

Every failure raises :class:`~rpsw_research.errors.CodebookError` whose message names
the code id (``err.code_id``); when the codes came from a file, ``path`` and ``line``
point at the code's entry. Checks: id syntax, duplicate ids, names, colours
(``#RRGGBB``), rule regexes (compiled case-insensitive), negation mode and weight,
unknown parents, parent cycles, alias clashes, unknown Moxley references, stage
numbers (1..n, each once; only when some code declares a stage), JSON-safe ``extra``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any

from ..errors import CodebookError
from ..i18n import t
from .model import NEGATION_MODES, Code, compile_pattern

ID_PATTERN = re.compile(r"^[^\W.][\w-]*(\.[\w-]+)*$")
"""A code id: word characters and ``-``, in dot-separated parts (``xc.kebutuhan.dasar``)."""
COLOR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
MOXLEY_REFERENCE_KEYS = ("moxley_roles",)
"""Keys of ``Code.extra`` that hold lists of code ids (checked like ``moxley``)."""


class _Raiser:
    def __init__(self, path: str | PathLike[str] | None, lines: Mapping[str, int] | None):
        self.path = path
        self.lines = lines or {}

    def __call__(self, key: str, code_id: str | None, hint: str | None = None,
                 **values: Any) -> CodebookError:
        err = CodebookError(t(key, code=code_id, **values), path=self.path,
                            line=self.lines.get(code_id) if code_id is not None else None,
                            hint=hint)
        err.code_id = code_id  # type: ignore[attr-defined]
        return err


def _json_safe(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_json_safe(item) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())
    return False


def _texts(values: Any) -> bool:
    return all(isinstance(value, str) and value.strip() for value in values)


def _check_code(code: Code, fail: _Raiser) -> None:
    if not isinstance(code.id, str) or not ID_PATTERN.match(code.id):
        raise fail("codebook.bad_id", code.id)
    if not any(isinstance(name, str) and name.strip() for name in code.names.values()):
        raise fail("codebook.no_name", code.id, t("codebook.hint.name"))
    if code.color is not None and not (isinstance(code.color, str)
                                       and COLOR_PATTERN.match(code.color)):
        raise fail("codebook.bad_color", code.id, t("codebook.hint.color"), color=code.color)
    if code.stage is not None and (isinstance(code.stage, bool) or not isinstance(code.stage, int)
                                   or code.stage < 1):
        raise fail("codebook.bad_stage", code.id, t("codebook.hint.stage"), value=code.stage)
    if not isinstance(code.sensitive, bool):
        raise fail("codebook.file.bad_value", code.id, value=code.sensitive, field="sensitive",
                   expected="true/false")
    for name, texts in (("name", code.names), ("definition", code.definitions)):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
            raise fail("codebook.bad_text_list", code.id, field=name)
    rule = code.rule
    for name in ("include", "exclude", "examples", "moxley", "aliases"):
        if not _texts(getattr(code, name)):
            raise fail("codebook.bad_text_list", code.id, field=name)
    for name in ("keywords", "lemmas", "stems", "regex", "speaker_roles"):
        if not _texts(getattr(rule, name)):
            raise fail("codebook.bad_text_list", code.id, field=f"rule.{name}")
    if rule.negation not in NEGATION_MODES:
        raise fail("codebook.bad_negation", code.id, value=rule.negation)
    weight = rule.weight
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) \
            or not math.isfinite(weight) or weight <= 0:
        raise fail("codebook.bad_weight", code.id, value=weight)
    for pattern in rule.regex:
        try:
            compile_pattern(pattern)
        except re.error as exc:
            raise fail("codebook.bad_regex", code.id, t("codebook.hint.regex"),
                       pattern=pattern, error=exc) from None
    for key, value in code.extra.items():
        if not _json_safe(value):
            raise fail("codebook.bad_extra", code.id, t("codebook.hint.extra"), field=key)


def _check_cycles(by_id: Mapping[str, Code], fail: _Raiser) -> None:
    done: set[str] = set()
    for start in by_id:
        path: list[str] = []
        current: str | None = start
        while current is not None and current not in done:
            if current in path:
                cycle = path[path.index(current):] + [current]
                raise fail("codebook.cycle", current, t("codebook.hint.cycle"),
                           path=" -> ".join(cycle))
            path.append(current)
            current = by_id[current].parent
        done.update(path)


def _check_stages(codes: Sequence[Code], fail: _Raiser) -> None:
    staged = [code for code in codes if code.stage is not None]
    if not staged:
        return
    seen: dict[int, str] = {}
    for code in staged:
        if code.stage in seen:
            raise fail("codebook.stage_repeated", code.id, t("codebook.hint.stage"),
                       stage=code.stage, codes=f"{seen[code.stage]}, {code.id}")
        seen[code.stage] = code.id  # type: ignore[index]
    listing = ", ".join(f"{seen[n]}={n}" for n in sorted(seen))
    for number in range(1, len(staged) + 1):
        if number not in seen:
            culprit = seen[max(seen)]
            raise fail("codebook.stage_missing", culprit, t("codebook.hint.stage"),
                       missing=number, codes=listing, count=len(staged))


def validate_codes(
    codes: Sequence[Code],
    *,
    path: str | PathLike[str] | None = None,
    lines: Mapping[str, int] | None = None,
) -> None:
    """Raise :class:`CodebookError` for the first problem in ``codes`` (see module doc).

    ``path``/``lines`` (code id -> line number) locate the error in the source file.
    """
    fail = _Raiser(path, lines)
    by_id: dict[str, Code] = {}
    for code in codes:
        _check_code(code, fail)
        if code.id in by_id:
            raise fail("codebook.duplicate_id", code.id, t("codebook.hint.unique_id"))
        by_id[code.id] = code
    for code in codes:
        if code.parent is not None and code.parent not in by_id:
            raise fail("codebook.unknown_parent", code.id, parent=code.parent)
    _check_cycles(by_id, fail)
    owners: dict[str, str] = {code_id: code_id for code_id in by_id}
    for code in codes:
        for alias in code.aliases:
            if alias in owners and owners[alias] != code.id or alias == code.id:
                raise fail("codebook.alias_clash", code.id, alias=alias,
                           other=owners.get(alias, code.id))
            owners[alias] = code.id
    for code in codes:
        refs = list(code.moxley)
        for key in MOXLEY_REFERENCE_KEYS:
            value = code.extra.get(key) or []
            refs += list(value) if isinstance(value, (list, tuple)) else [value]
        for ref in refs:
            if ref not in by_id:
                raise fail("codebook.unknown_moxley", code.id, ref=ref)
    _check_stages(codes, fail)
