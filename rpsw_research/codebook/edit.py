"""Editing a codebook through library calls.

Edits are **pure**: each function takes a :class:`Codebook` and returns a *new*,
validated one; the original is never changed. The new codebook's ``changes`` end with
a :class:`CodebookChange` whose ``mapping`` says how old code ids map to new ones:

- ``add_code``: ``{}`` (no existing id changes);
- ``rename``: ``{}`` (names/definitions change, the id stays);
- ``reid``: ``{old: new}`` (the old id is kept as an alias unless ``keep_alias=False``);
- ``merge``: ``{source: target}`` (the source's children move under the target, its id
  and aliases become aliases of the target);
- ``move``: ``{}`` (only the parent changes).

The store re-points codings with :func:`compose_mappings` over the changes made since
it last saved (``codebook.id_mapping()`` composes all of them), e.g.
``{"a": "b"}`` then ``{"b": "c"}`` gives ``{"a": "c", "b": "c"}``. References inside
the codebook (``parent``, ``moxley``, ``extra["moxley_roles"]``) are re-pointed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import CodebookError
from ..i18n import t
from .model import Code, Codebook
from .rule import Rule, plain
from .validate import MOXLEY_REFERENCE_KEYS

OPERATIONS = ("add", "rename", "reid", "merge", "move")


@dataclass(frozen=True)
class CodebookChange:
    """One edit: ``op`` (add/rename/reid/merge/move), the ``codes`` it touched,
    ``mapping`` old id -> new id (what the store re-points), and ``detail`` (before/after
    values, JSON-safe)."""

    op: str
    codes: tuple[str, ...]
    mapping: Mapping[str, str] = field(default_factory=dict)
    detail: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "mapping", MappingProxyType(dict(self.mapping)))
        object.__setattr__(self, "detail", MappingProxyType(plain(self.detail)))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the change."""
        return {"op": self.op, "codes": list(self.codes), "mapping": dict(self.mapping),
                "detail": plain(self.detail)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CodebookChange:
        """The change of a :meth:`to_dict` dict."""
        return cls(op=data["op"], codes=tuple(data.get("codes", ())),
                   mapping=data.get("mapping", {}), detail=data.get("detail", {}))


def compose_mappings(changes: Iterable[CodebookChange]) -> dict[str, str]:
    """The old -> new id mapping of a sequence of changes, applied in order."""
    result: dict[str, str] = {}
    for change in changes:
        for old, new in change.mapping.items():
            for key, value in list(result.items()):
                if value == old:
                    result[key] = new
            result[old] = new
    return {old: new for old, new in result.items() if old != new}


def _error(key: str, code_id: str, **values: Any) -> CodebookError:
    err = CodebookError(t(key, code=code_id, **values))
    err.code_id = code_id  # type: ignore[attr-defined]
    return err


def _repoint(code: Code, mapping: Mapping[str, str]) -> Code:
    """``code`` with parent and Moxley references renamed by ``mapping`` (deduplicated)."""

    def ids(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(mapping.get(value, value) for value in values))

    extra = dict(code.extra)
    for key in MOXLEY_REFERENCE_KEYS:
        if isinstance(extra.get(key), list):
            extra[key] = list(ids(extra[key]))
    return code.replace(parent=mapping.get(code.parent, code.parent) if code.parent else None,
                        moxley=ids(code.moxley), extra=extra)


def _rebuild(codebook: Codebook, codes: list[Code], change: CodebookChange) -> Codebook:
    return Codebook(codes, name=codebook.name, meta=codebook.meta,
                    changes=(*codebook.changes, change))


def add_code(codebook: Codebook, code: Code | str, *, emergent: bool = True,
             **fields_: Any) -> Codebook:
    """A codebook with ``code`` added as the last child of its parent (or last root).

    ``code`` is a :class:`Code` or an id plus keyword fields (``names=``, ``parent=``,
    ``definitions=`` ...). With ``emergent=True`` (default) a code built here gets basis
    ``emergent`` unless one is given, and ``extra["emergent"] = True``.
    """
    if isinstance(code, str):
        fields_.setdefault("names", {"id": code})
        if emergent:
            fields_.setdefault("basis", "emergent")
            fields_["extra"] = {**dict(fields_.get("extra") or {}), "emergent": True}
        code = Code(id=code, **fields_)
    elif fields_:
        code = code.replace(**fields_)
    if code.id in codebook:
        raise _error("codebook.edit.id_exists", code.id)
    change = CodebookChange("add", (code.id,), {}, {"parent": code.parent})
    return _rebuild(codebook, [*codebook, code], change)


def rename(codebook: Codebook, code_id: str, names: Mapping[str, str] | None = None, *,
           definitions: Mapping[str, str] | None = None) -> Codebook:
    """A codebook where the code's names (and/or definitions) are updated per language."""
    old = codebook[code_id]
    new = old.replace(names={**old.names, **(names or {})},
                      definitions={**old.definitions, **(definitions or {})})
    change = CodebookChange("rename", (old.id,), {}, {
        "before": {"names": dict(old.names), "definitions": dict(old.definitions)},
        "after": {"names": dict(new.names), "definitions": dict(new.definitions)}})
    return _rebuild(codebook, [new if c.id == old.id else c for c in codebook], change)


def reid(codebook: Codebook, old_id: str, new_id: str, *, keep_alias: bool = True) -> Codebook:
    """A codebook where ``old_id`` is now ``new_id``; children and references follow.

    With ``keep_alias`` the old id stays an alias so older references still resolve.
    """
    old = codebook[old_id]
    if new_id in codebook and codebook.resolve(new_id) != old.id:
        raise _error("codebook.edit.id_exists", new_id)
    mapping = {old.id: new_id}
    aliases = tuple(a for a in old.aliases if a != new_id)
    if keep_alias and old.id not in aliases:
        aliases += (old.id,)
    codes = []
    for code in codebook:
        if code.id == old.id:
            code = code.replace(id=new_id, aliases=aliases)
        codes.append(_repoint(code, mapping))
    change = CodebookChange("reid", (new_id,), mapping, {"before": old.id, "after": new_id})
    return _rebuild(codebook, codes, change)


def _union(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def merge(codebook: Codebook, source: str, target: str, *, merge_rules: bool = True) -> Codebook:
    """A codebook where ``source`` is folded into ``target``.

    The source's children move (in order) to the end of the target's children; its
    id and aliases become aliases of the target; include/exclude/examples and (with
    ``merge_rules``) keywords, lemmas, stems and regexes are united; references to the
    source point to the target. Merging into itself, into a descendant, or merging a
    stage code away is refused.
    """
    src, dst = codebook[source], codebook[target]
    if src.id == dst.id:
        raise _error("codebook.edit.merge_self", src.id)
    if dst.id in {c.id for c in codebook.descendants(src.id)}:
        raise _error("codebook.edit.merge_descendant", src.id, target=dst.id)
    if src.stage is not None:
        raise _error("codebook.edit.merge_stage", src.id, target=dst.id)
    rule = dst.rule
    if merge_rules:
        rule = Rule(**{**rule.to_dict(), **{
            name: _union(getattr(dst.rule, name), getattr(src.rule, name))
            for name in ("keywords", "lemmas", "stems", "regex")}})
    merged = dst.replace(
        include=_union(dst.include, src.include), exclude=_union(dst.exclude, src.exclude),
        examples=_union(dst.examples, src.examples), rule=rule,
        sensitive=dst.sensitive or src.sensitive,
        aliases=_union(dst.aliases, (src.id,), src.aliases))
    mapping = {src.id: dst.id}
    kept = [c for c in codebook if c.id != src.id]
    moved = [c for c in kept if c.parent == src.id]
    others = [c for c in kept if c.parent != src.id]
    codes = [_repoint(merged if c.id == dst.id else c, mapping) for c in others]
    codes += [_repoint(c, mapping) for c in moved]
    change = CodebookChange("merge", (src.id, dst.id), mapping,
                            {"source": src.to_dict(), "moved": [c.id for c in moved]})
    return _rebuild(codebook, codes, change)


def move(codebook: Codebook, code_id: str, new_parent: str | None) -> Codebook:
    """A codebook where the code (with its subtree) sits under ``new_parent``.

    It becomes the parent's last child (``None``: the last root). Moving a code under
    itself or a descendant is refused (it would create a cycle).
    """
    code = codebook[code_id]
    parent = None if new_parent is None else codebook[new_parent].id
    if parent is not None and (parent == code.id
                               or parent in {c.id for c in codebook.descendants(code.id)}):
        raise _error("codebook.edit.move_cycle", code.id, parent=parent)
    moved = code.replace(parent=parent)
    codes = [c for c in codebook if c.id != code.id] + [moved]
    change = CodebookChange("move", (code.id,), {},
                            {"before": code.parent, "after": parent})
    return _rebuild(codebook, codes, change)


def without(codebook: Codebook, code_ids: Iterable[str]) -> Codebook:
    """The codebook without ``code_ids`` and their descendants (e.g. sensitive codes
    left out of a shared export). Not an edit of the study's codebook: no change is
    recorded, and Moxley references to removed codes are dropped."""
    gone = {codebook.resolve(c) for c in code_ids}
    for code_id in list(gone):
        gone.update(c.id for c in codebook.descendants(code_id))
    kept = [code.replace(moxley=tuple(f for f in code.moxley if f not in gone))
            for code in codebook if code.id not in gone]
    return Codebook(kept, name=codebook.name, meta=codebook.meta, changes=codebook.changes)
