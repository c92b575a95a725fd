"""Codes and the codebook: a validated tree of codes with stable dotted ids.

This module holds the data model. Reading/writing (YAML, CSV, tables), validation,
editing and the shipped default live in sibling modules of ``codebook/``; the
:class:`Codebook` methods that use them import them lazily.

A :class:`Codebook` is immutable: editing methods (``add_code``, ``rename``, ``reid``,
``merge``, ``move``) return a *new* codebook whose ``changes`` end with a
:class:`~rpsw_research.codebook.edit.CodebookChange` recording the old -> new id
mapping, so that stored codings can be re-pointed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from os import PathLike
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..errors import CodebookError, UnknownCodeError
from ..i18n import t
from .rule import NEGATION_MODES, Rule, as_tuple, compile_pattern, plain

__all__ = ["BASIS_KINDS", "FORMAT", "FORMAT_VERSION", "NEGATION_MODES", "Code", "Codebook",
           "Rule", "compile_pattern"]

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .edit import CodebookChange

FORMAT = "rpsw-codebook"
FORMAT_VERSION = 1
BASIS_KINDS = ("stated", "brief", "inference", "unverified_moxley", "emergent")
"""Honesty flags of ``Code.basis``: found in a source (``stated:S25``), from the research
brief, the analyst's inference, attributed to Moxley but not checked against the book,
or emergent from the data."""


@dataclass(frozen=True)
class Code:
    """One code of the codebook.

    ``id`` is a stable dotted id (``rpsw.registrasi``); ``names`` and ``definitions``
    are keyed by language (``id``, ``en``). ``stage`` is 1..7 for the RPSW stages;
    ``moxley`` lists the Moxley function code ids a stage maps to; ``basis`` records the
    honesty flags (``stated:S25; brief; inference; unverified_moxley``, ``"; "``-joined).
    ``aliases`` are older ids that still resolve to this code (e.g. the draft's
    ``MX_ASSESS``); ``extra`` holds further JSON-safe fields (notes, role mappings).
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
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("include", "exclude", "examples", "moxley", "aliases"):
            set_(self, name, as_tuple(getattr(self, name)))
        names = self.names if isinstance(self.names, Mapping) else {"id": str(self.names)}
        set_(self, "names", MappingProxyType(dict(names)))
        set_(self, "definitions", MappingProxyType(dict(self.definitions or {})))
        set_(self, "extra", MappingProxyType(plain(self.extra or {})))
        if isinstance(self.rule, Mapping):
            set_(self, "rule", Rule.from_dict(self.rule))

    def __hash__(self) -> int:  # the mappings are not hashable; equal codes share the id
        return hash(self.id)

    def name(self, lang: str = "id") -> str:
        """The code's name in ``lang``, falling back to the other language."""
        return self.names.get(lang) or next(iter(self.names.values()), self.id)

    def definition(self, lang: str = "id") -> str:
        """The code's definition in ``lang``, falling back to the other language."""
        return self.definitions.get(lang) or next(iter(self.definitions.values()), "")

    @property
    def basis_flags(self) -> tuple[str, ...]:
        """The ``basis`` split into its flags (``("unverified_moxley", "stated:S25")``)."""
        return tuple(part.strip() for part in (self.basis or "").split(";") if part.strip())

    @property
    def basis_kinds(self) -> frozenset[str]:
        """The kinds of the basis flags (``stated``, ``brief``, ``inference`` ...)."""
        return frozenset(re.split(r"[:\s(]", flag, maxsplit=1)[0] for flag in self.basis_flags)

    def replace(self, **changes: Any) -> Code:
        """A copy of the code with ``changes`` applied (``dataclasses.replace``)."""
        from dataclasses import replace

        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field (lossless with :meth:`from_dict`)."""
        data = {f.name: plain(getattr(self, f.name)) for f in fields(self)}
        data["rule"] = self.rule.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Code:
        """The code of a :meth:`to_dict` dict."""
        return cls(**dict(data))


class Codebook:
    """An ordered, validated, immutable tree of :class:`Code`.

    Iteration is in tree order (depth first, siblings in the order given). Lookups
    (``codebook[id]``, :meth:`get`, ``in``) accept canonical ids and aliases; an
    unknown id raises :class:`~rpsw_research.errors.UnknownCodeError` naming close
    matches. Construction validates (see :mod:`rpsw_research.codebook.validate`) and
    raises :class:`~rpsw_research.errors.CodebookError` naming the offending code.
    """

    def __init__(
        self,
        codes: Iterable[Code],
        *,
        name: str = "",
        meta: Mapping[str, Any] | None = None,
        changes: Sequence[CodebookChange] = (),
        validate: bool = True,
    ) -> None:
        codes = list(codes)
        if validate:
            from .validate import validate_codes

            validate_codes(codes)
        self._name = name
        self._meta: Mapping[str, Any] = MappingProxyType(plain(meta or {}))
        self._changes: tuple[CodebookChange, ...] = tuple(changes)
        given = {code.id: code for code in codes}
        self._children: dict[str | None, list[str]] = {}
        for code in codes:
            self._children.setdefault(code.parent, []).append(code.id)
        order: list[str] = []
        stack = list(reversed(self._children.get(None, [])))
        while stack:
            code_id = stack.pop()
            order.append(code_id)
            stack.extend(reversed(self._children.get(code_id, [])))
        reached = set(order)  # unvalidated input may hold codes no root reaches: keep them
        order += [code.id for code in codes if code.id not in reached]
        self._codes: dict[str, Code] = {code_id: given[code_id] for code_id in order}
        self._aliases = {alias: code.id for code in self._codes.values() for alias in code.aliases}

    # --- basic container protocol ------------------------------------------------
    @property
    def name(self) -> str:
        """The codebook's title."""
        return self._name

    @property
    def meta(self) -> Mapping[str, Any]:
        """Free metadata (version, sources legend, notes), JSON-safe."""
        return self._meta

    @property
    def changes(self) -> tuple[CodebookChange, ...]:
        """The edits that produced this codebook, oldest first (see ``edit``)."""
        return self._changes

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._codes or code_id in self._aliases

    def __getitem__(self, code_id: str) -> Code:
        return self.get(code_id)

    def __eq__(self, other: object) -> bool:
        """Equal content: name, meta and every code in tree order (not ``changes``)."""
        if not isinstance(other, Codebook):
            return NotImplemented
        return (
            self._name == other._name
            and dict(self._meta) == dict(other._meta)
            and list(self._codes.values()) == list(other._codes.values())
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Codebook({self._name!r}, {len(self)} codes, {len(self.stages())} stages)"

    @property
    def ids(self) -> tuple[str, ...]:
        """The canonical code ids in tree order."""
        return tuple(self._codes)

    def resolve(self, code_id: str) -> str:
        """The canonical id of ``code_id`` (an id or an alias)."""
        if code_id in self._codes:
            return code_id
        if code_id in self._aliases:
            return self._aliases[code_id]
        candidates = [*self._codes, *self._aliases]
        matches = difflib.get_close_matches(str(code_id), candidates, n=3, cutoff=0.6)
        lowered = str(code_id).lower()
        matches += [c for c in candidates if lowered and lowered in c.lower() and c not in matches]
        hint = (t("codebook.hint.close_matches", matches=", ".join(matches[:5])) if matches
                else t("codebook.hint.list_ids"))
        err = UnknownCodeError(t("codebook.unknown_code", code=code_id), hint=hint)
        err.code_id = code_id  # type: ignore[attr-defined]
        err.matches = tuple(matches[:5])  # type: ignore[attr-defined]
        raise err

    def get(self, code_id: str) -> Code:
        """The code with id (or alias) ``code_id``; raises ``UnknownCodeError``."""
        return self._codes[self.resolve(code_id)]

    # --- tree queries ---------------------------------------------------------------
    def roots(self) -> list[Code]:
        """The top-level codes, in order."""
        return [self._codes[i] for i in self._children.get(None, [])]

    def parent(self, code_id: str) -> Code | None:
        """The parent of a code, or None for a root."""
        code = self.get(code_id)
        return None if code.parent is None else self._codes[code.parent]

    def children(self, code_id: str) -> list[Code]:
        """The direct children of a code, in order."""
        return [self._codes[i] for i in self._children.get(self.resolve(code_id), [])]

    def descendants(self, code_id: str) -> list[Code]:
        """All codes below a code, in tree order (the code itself excluded)."""
        result: list[Code] = []
        stack = list(reversed(self._children.get(self.resolve(code_id), [])))
        while stack:
            child = stack.pop()
            result.append(self._codes[child])
            stack.extend(reversed(self._children.get(child, [])))
        return result

    def ancestors(self, code_id: str) -> list[Code]:
        """The codes above a code, nearest (parent) first, root last."""
        result: list[Code] = []
        code = self.get(code_id)
        while code.parent is not None:
            code = self._codes[code.parent]
            result.append(code)
        return result

    def level(self, code_id: str) -> int:
        """How deep a code sits: 0 for a root, 1 for its children, ..."""
        return len(self.ancestors(code_id))

    @property
    def depth(self) -> int:
        """The number of levels of the tree (0 when empty, 1 when flat)."""
        return max((self.level(code_id) + 1 for code_id in self._codes), default=0)

    def leaves(self) -> list[Code]:
        """The codes without children, in tree order."""
        return [code for code in self if not self._children.get(code.id)]

    def stages(self) -> list[Code]:
        """The stage codes ordered by ``stage`` (1..n)."""
        return sorted((code for code in self if code.stage is not None),
                      key=lambda code: code.stage or 0)

    def by_stage(self, stage: int) -> Code:
        """The code of stage ``stage``; raises ``UnknownCodeError`` when there is none."""
        for code in self.stages():
            if code.stage == stage:
                return code
        present = ", ".join(str(code.stage) for code in self.stages()) or "-"
        raise UnknownCodeError(t("codebook.stage.unknown", stage=stage, stages=present))

    def sensitive(self) -> list[Code]:
        """The codes flagged ``sensitive`` (exploitation), in tree order."""
        return [code for code in self if code.sensitive]

    def color(self, code_id: str) -> str | None:
        """The code's colour, else the nearest ancestor's, else None."""
        for code in [self.get(code_id), *self.ancestors(code_id)]:
            if code.color:
                return code.color
        return None

    # --- persistence -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the whole codebook (lossless with :meth:`from_dict`)."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "name": self._name,
            "meta": plain(self._meta),
            "codes": [code.to_dict() for code in self],
            "changes": [change.to_dict() for change in self._changes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Codebook:
        """The codebook of a :meth:`to_dict` dict (validated)."""
        from .edit import CodebookChange

        if data.get("format", FORMAT) != FORMAT or data.get("version", 1) > FORMAT_VERSION:
            raise CodebookError(t("codebook.file.unsupported", format=data.get("format"),
                                  version=data.get("version")))
        return cls(
            [Code.from_dict(item) for item in data.get("codes", [])],
            name=data.get("name", ""),
            meta=data.get("meta") or {},
            changes=[CodebookChange.from_dict(c) for c in data.get("changes", [])],
        )

    @classmethod
    def default(cls) -> Codebook:
        """The shipped RPSW codebook: Moxley, the seven RPSW stages, cross-cutting codes."""
        from .default import default_codebook

        return default_codebook()

    @classmethod
    def from_yaml(cls, path: str | PathLike[str]) -> Codebook:
        """Read a codebook YAML file (errors name the file and line)."""
        from .io import read_yaml

        return read_yaml(path)

    def to_yaml(self, path: str | PathLike[str]) -> None:
        """Write the codebook as YAML (lossless with :meth:`from_yaml`)."""
        from .io import write_yaml

        write_yaml(self, path)

    @classmethod
    def from_csv(cls, path: str | PathLike[str]) -> Codebook:
        """Read a spreadsheet codebook (CSV; see ``io.CSV_COLUMNS``)."""
        from .io import read_csv

        return read_csv(path)

    def to_csv(self, path: str | PathLike[str]) -> None:
        """Write the codebook as CSV, one row per code, lists ``";"``-joined."""
        from .io import write_csv

        write_csv(self, path)

    def table(self, lang: str = "id") -> pd.DataFrame:
        """Codebook table: id, name, definition, include, exclude, parent, stage."""
        from .io import codebook_table

        return codebook_table(self, lang)

    def appendix_table(self, lang: str = "id", *, labels: bool = False,
                       include_sensitive: bool = True) -> pd.DataFrame:
        """Report appendix: id, name, definition, include, exclude."""
        from .io import appendix_table

        return appendix_table(self, lang, labels=labels, include_sensitive=include_sensitive)

    def without(self, code_ids: Iterable[str]) -> Codebook:
        """This codebook without ``code_ids`` and their descendants; see
        :func:`edit.without`."""
        from .edit import without

        return without(self, code_ids)

    # --- editing (pure: each returns a new Codebook) ---------------------------------
    def add_code(self, code: Code | str, **fields_: Any) -> Codebook:
        """Add a code (e.g. an emergent one); see :func:`edit.add_code`."""
        from .edit import add_code

        return add_code(self, code, **fields_)

    def rename(self, code_id: str, names: Mapping[str, str] | None = None, **kw: Any) -> Codebook:
        """Change a code's names/definitions; see :func:`edit.rename`."""
        from .edit import rename

        return rename(self, code_id, names, **kw)

    def reid(self, old_id: str, new_id: str, *, keep_alias: bool = True) -> Codebook:
        """Change a code's id; see :func:`edit.reid`."""
        from .edit import reid

        return reid(self, old_id, new_id, keep_alias=keep_alias)

    def merge(self, source: str, target: str, *, merge_rules: bool = True) -> Codebook:
        """Merge ``source`` into ``target``; see :func:`edit.merge`."""
        from .edit import merge

        return merge(self, source, target, merge_rules=merge_rules)

    def move(self, code_id: str, new_parent: str | None) -> Codebook:
        """Move a code under ``new_parent`` (None: make it a root); see :func:`edit.move`."""
        from .edit import move

        return move(self, code_id, new_parent)

    def id_mapping(self) -> dict[str, str]:
        """The composed old -> new id mapping of all :attr:`changes` (see ``edit``)."""
        from .edit import compose_mappings

        return compose_mappings(self._changes)

