"""Auto-coding rules of codes, and the JSON-shaping helpers the codebook model shares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from ..corpus.informants import BUILTIN_ROLES

NEGATION_MODES = ("block", "lower", "ignore")
"""What a negator (nggak/tidak/belum) shortly before a match does: drop the hit, lower
its score, or nothing."""


def as_tuple(value: Iterable[Any] | str | None) -> tuple[Any, ...]:
    """``value`` as a tuple (None -> (), a single string -> a 1-tuple)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def plain(value: Any) -> Any:
    """A deep, JSON-shaped copy: mappings -> dict, tuples/lists -> list."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a rule regex the way auto-coding uses it (case-insensitive)."""
    return re.compile(pattern, re.IGNORECASE)


UNKNOWN_ROLE = ""
"""The role of an informant whose role is not known (a transcript read without an
informant register, an id the register lacks, ``Informan 1`` of several)."""


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

    def __post_init__(self) -> None:
        for name in ("keywords", "lemmas", "stems", "regex", "speaker_roles"):
            object.__setattr__(self, name, as_tuple(getattr(self, name)))
        if isinstance(self.weight, int) and not isinstance(self.weight, bool):
            object.__setattr__(self, "weight", float(self.weight))

    def is_empty(self) -> bool:
        """True when the rule can never fire."""
        return not (self.keywords or self.lemmas or self.stems or self.regex)

    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """The ``regex`` patterns compiled case-insensitive (raises ``re.error``)."""
        return tuple(compile_pattern(pattern) for pattern in self.regex)

    def allowed_roles(self) -> frozenset[str]:
        """The speaker roles that may fire this rule (empty: any). A rule open to every
        built-in informant role (the RPSW stages: any informant, not the interviewer) is
        open to an informant of unknown role (:data:`UNKNOWN_ROLE`) too; one for some
        roles only (exploitation in survivors' turns) is not."""
        allowed = frozenset(self.speaker_roles)
        if allowed >= {role.id for role in BUILTIN_ROLES}:
            allowed |= {UNKNOWN_ROLE}
        return allowed

    def allows_role(self, role: str | None) -> bool:
        """Whether a turn by an informant of ``role`` (:data:`UNKNOWN_ROLE`: not known)
        may fire this rule."""
        return not self.speaker_roles or role in self.allowed_roles()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the rule."""
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        """The rule of a :meth:`to_dict` dict (missing keys take their defaults)."""
        return cls(**dict(data))
