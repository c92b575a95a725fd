"""Codes and the codebook: a validated tree of codes with stable dotted ids.

This module holds the data model. Reading/writing (YAML, CSV), validation and the
shipped default live in sibling modules of ``codebook/``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rule:
    """An auto-coding rule of a code.

    ``keywords``: phrases matched on token attributes (lower / normalised informal
    forms); ``lemmas`` and ``stems``: single-word or multi-word patterns matched on the
    spaCy lemma or PySastrawi stem; ``regex``: Python regular expressions over the raw
    text (case-insensitive); ``speaker_roles``: the informant roles whose turns may fire
    the rule (empty = any); ``negation``: ``"block"``, ``"lower"`` or ``"ignore"`` for a
    negator shortly before a match; ``weight``: the score of a hit.
    """

    keywords: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    speaker_roles: tuple[str, ...] = ()
    negation: str = "lower"
    weight: float = 1.0

    def is_empty(self) -> bool:
        """True when the rule can never fire."""
        return not (self.keywords or self.lemmas or self.stems or self.regex)


@dataclass(frozen=True)
class Code:
    """One code of the codebook.

    ``id`` is a stable dotted id (``rpsw.registrasi``); ``names`` and ``definitions``
    are keyed by language (``id``, ``en``). ``stage`` is 1..7 for the RPSW stages;
    ``moxley`` lists the Moxley function code ids a stage maps to; ``basis`` records the
    honesty flag (stated / brief / inference / unverified_moxley).
    """

    id: str
    names: Mapping[str, str]
    parent: str | None = None
    definitions: Mapping[str, str] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    color: str | None = None
    sensitive: bool = False
    stage: int | None = None
    moxley: tuple[str, ...] = ()
    basis: str | None = None
    rule: Rule = field(default_factory=Rule)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def name(self, lang: str = "id") -> str:
        """The code's name in ``lang``, falling back to the other language."""
        return self.names.get(lang) or next(iter(self.names.values()), self.id)

    def definition(self, lang: str = "id") -> str:
        """The code's definition in ``lang``, falling back to the other language."""
        return self.definitions.get(lang) or next(iter(self.definitions.values()), "")


class Codebook:
    """An ordered, validated tree of :class:`Code` (see ``codebook`` package docs)."""

    def __init__(self, codes: list[Code] | tuple[Code, ...], *, name: str = "") -> None:
        self.name = name
        self._codes: dict[str, Code] = {code.id: code for code in codes}

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._codes

    def __getitem__(self, code_id: str) -> Code:
        return self._codes[code_id]
