"""The re-identification key: real names -> pseudonyms, kept OUTSIDE the project.

The key is a separate file the researcher names (YAML or CSV). It lists people,
places and organisations with their real name, aliases and spelling variants and
the pseudonym or placeholder that replaces them (``K1``, ``Mawar``, ``[NAMA-1]``,
``[TEMPAT-2]``). The toolkit reads it, never copies it: no name from the key is
ever written into a project, a log or a message (``repr`` of a key is masked).

YAML form::

    entries:
      - kind: person            # person|place|organisation (orang|tempat|lembaga)
        name: Siti Aminah
        aliases: [Siti, Ami]
        variants: [Sity Aminah]
        replacement: K1         # optional; default [NAMA-n] / [TEMPAT-n] / [LEMBAGA-n]
        match: auto             # auto|capitalised|any (see names.py)
    common_words: [ratih]       # optional: more names that are also ordinary words

CSV form: one row per entry, columns ``kind,name,aliases,variants,replacement,match``
(Indonesian headers ``jenis,nama,alias,varian,pengganti,cocok`` also accepted);
list cells are separated by ``;``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import yaml

from ..corpus.metadata import canonical_keys
from ..errors import PrivacyError
from ..i18n import t

KINDS = ("person", "place", "organisation")
MATCH_POLICIES = ("auto", "capitalised", "any")
_KIND_ALIASES = {
    "person": "person",
    "orang": "person",
    "nama": "person",
    "name": "person",
    "place": "place",
    "tempat": "place",
    "lokasi": "place",
    "location": "place",
    "organisation": "organisation",
    "organization": "organisation",
    "organisasi": "organisation",
    "lembaga": "organisation",
    "org": "organisation",
}
_PLACEHOLDER_STEM = {"person": "NAMA", "place": "TEMPAT", "organisation": "LEMBAGA"}
_FIELD_ALIASES = {
    "kind": "kind",
    "jenis": "kind",
    "name": "name",
    "nama": "name",
    "aliases": "aliases",
    "alias": "aliases",
    "variants": "variants",
    "varian": "variants",
    "ejaan": "variants",
    "replacement": "replacement",
    "pengganti": "replacement",
    "pseudonym": "replacement",
    "pseudonim": "replacement",
    "placeholder": "replacement",
    "match": "match",
    "cocok": "match",
    "informant": "informant",
    "informan": "informant",
    "auto_variants": "auto_variants",
    "varian_otomatis": "auto_variants",
}
_TRUE = {"true", "ya", "yes", "1", "y"}
_FALSE = {"false", "tidak", "no", "0", "n", ""}
MIN_FORM_LENGTH = 2


@dataclass(frozen=True)
class KeyEntry:
    """One person, place or organisation of the key and what replaces it.

    ``forms()`` gives the name, aliases and listed variants (honorifics stripped for
    people). ``match`` is the capitalisation policy (see ``names.py``);
    ``auto_variants`` adds old-spelling variants (``Soekarno``/``Sukarno``).
    """

    kind: str
    name: str
    replacement: str
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    match: str = "auto"
    auto_variants: bool = True
    informant: str | None = None
    line: int | None = None

    def forms(self) -> tuple[str, ...]:
        """Every written form of the entry, unique, in the order given."""
        seen: dict[str, None] = {}
        for form in (self.name, *self.aliases, *self.variants):
            seen.setdefault(form, None)
        return tuple(seen)

    def __repr__(self) -> str:  # never show a real name in a notebook or log
        forms = len(self.forms())
        return f"KeyEntry(kind={self.kind!r}, replacement={self.replacement!r}, forms={forms})"


@dataclass(frozen=True)
class PrivacyKey:
    """A loaded re-identification key: entries plus extra common words.

    Build one with :meth:`load` (from a file) or :meth:`from_entries` (in code).
    """

    entries: tuple[KeyEntry, ...]
    common_words: frozenset[str] = frozenset()
    path: str | None = None

    @classmethod
    def load(
        cls, path: str | PathLike[str], *, forbid_inside: Iterable[str | PathLike[str]] = ()
    ) -> PrivacyKey:
        """Read a key file (``.yaml``/``.yml``/``.csv``) and validate it.

        ``forbid_inside``: folders the key must not lie in (the project's folder, the
        data folder being imported); a key there raises :class:`PrivacyError`.
        """
        p = Path(path)
        if not p.is_file():
            raise PrivacyError(t("privacy.key.missing"), path=p, hint=t("privacy.key.missing_hint"))
        for folder in forbid_inside:
            ensure_outside(p, folder)
        suffix = p.suffix.lower()
        try:
            raw = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PrivacyError(
                t("privacy.key.encoding"), path=p, hint=t("privacy.key.encoding_hint")
            ) from exc
        if suffix in (".yaml", ".yml"):
            rows, common = _read_yaml(raw, p)
        elif suffix == ".csv":
            rows, common = _read_csv(raw), ()
        else:
            raise PrivacyError(
                t("privacy.key.format", suffix=suffix or "-"),
                path=p,
                hint=t("privacy.key.format_hint"),
            )
        return cls.from_entries(rows, common_words=common, path=str(p))

    @classmethod
    def from_entries(
        cls,
        rows: Sequence[dict[str, Any] | KeyEntry],
        *,
        common_words: Iterable[str] = (),
        path: str | None = None,
    ) -> PrivacyKey:
        """Build and validate a key from mappings (as in the YAML) or entries."""
        counters = {kind: 0 for kind in KINDS}
        taken = {
            r.replacement if isinstance(r, KeyEntry) else _clean(_get(r, "replacement"))
            for r in rows
        }
        entries = []
        for row in rows:
            entry = row if isinstance(row, KeyEntry) else _entry(row, counters, taken, path)
            entries.append(entry)
        key = cls(tuple(entries), frozenset(w.casefold() for w in common_words), path)
        _validate(key)
        return key

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"PrivacyKey(path={self.path!r}, entries={len(self.entries)})"


def ensure_outside(key_path: str | PathLike[str], folder: str | PathLike[str]) -> None:
    """Raise :class:`PrivacyError` if ``key_path`` lies inside ``folder``."""
    key_abs = Path(key_path).resolve()
    folder_abs = Path(folder).resolve()
    if folder_abs.is_file() or (not folder_abs.exists() and folder_abs.suffix):
        folder_abs = folder_abs.parent  # a project file: its folder is what counts
    if key_abs == folder_abs or folder_abs in key_abs.parents:
        raise PrivacyError(
            t("privacy.key.inside", folder=str(folder)),
            path=key_path,
            hint=t("privacy.key.inside_hint"),
        )


def resolve_key(
    key: PrivacyKey | str | PathLike[str] | None,
    *,
    forbid_inside: Iterable[str | PathLike[str]] = (),
) -> PrivacyKey | None:
    """A :class:`PrivacyKey` from a key or a key file path (``None`` stays ``None``).

    A loaded key that came from a file is checked against ``forbid_inside`` too.
    """
    if key is None:
        return None
    if isinstance(key, PrivacyKey):
        if key.path is not None:
            for folder in forbid_inside:
                ensure_outside(key.path, folder)
        return key
    return PrivacyKey.load(key, forbid_inside=forbid_inside)


# --- reading --------------------------------------------------------------------------
class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(raw: str, path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    try:
        data = yaml.load(raw, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PrivacyError(
            t("privacy.key.yaml", problem=getattr(exc, "problem", None) or "?"),
            path=path,
            line=None if mark is None else mark.line + 1,
            hint=t("privacy.key.yaml_hint"),
        ) from None
    if isinstance(data, dict):
        common = data.get("common_words", data.get("kata_umum", [])) or []
        data = data.get("entries", data.get("entri"))
    else:
        common = []
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise PrivacyError(t("privacy.key.shape"), path=path, hint=t("privacy.key.shape_hint"))
    if not isinstance(common, list):
        raise PrivacyError(t("privacy.key.shape"), path=path, hint=t("privacy.key.shape_hint"))
    return data, [str(word) for word in common]


def _read_csv(raw: str) -> list[dict[str, Any]]:
    rows = []
    reader = csv.DictReader(io.StringIO(raw))
    for row in reader:
        number = reader.line_num
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        clean = {str(k).strip(): v for k, v in row.items() if k is not None}
        clean["__line__"] = number
        for field in ("aliases", "alias", "variants", "varian", "ejaan"):
            if isinstance(clean.get(field), str):
                clean[field] = [part for part in clean[field].split(";")]
        rows.append(clean)
    return rows


# --- one entry ------------------------------------------------------------------------
def _entry(
    row: dict[str, Any], counters: dict[str, int], taken: set[str], path: str | None
) -> KeyEntry:
    line = row.get("__line__")
    fields = canonical_keys(row, _FIELD_ALIASES, lambda raw, accepted: PrivacyError(
        t("privacy.key.field", field=raw), path=path, line=line,
        hint=t("privacy.key.field_hint", fields=accepted)), skip=("__line__",))

    def fail(message: str, hint: str) -> PrivacyError:
        return PrivacyError(message, path=path, line=line, hint=hint)

    kind = _KIND_ALIASES.get(str(fields.get("kind") or "person").strip().lower())
    if kind is None:
        raise fail(t("privacy.key.kind", kind=fields.get("kind")), t("privacy.key.kind_hint"))
    name = _clean(fields.get("name"))
    if not name:
        raise fail(t("privacy.key.no_name"), t("privacy.key.no_name_hint"))
    aliases = _forms(fields.get("aliases"), kind, fail)
    variants = _forms(fields.get("variants"), kind, fail)
    name = _strip_honorific(name) if kind == "person" else name
    match = str(fields.get("match") or "auto").strip().lower()
    match = {"kapital": "capitalised", "capitalized": "capitalised", "semua": "any"}.get(
        match, match
    )
    if match not in MATCH_POLICIES:
        raise fail(t("privacy.key.match", match=match), t("privacy.key.match_hint"))
    auto = fields.get("auto_variants", True)
    if isinstance(auto, str):
        if auto.strip().lower() not in _TRUE | _FALSE:
            raise fail(t("privacy.key.bool", value=auto), t("privacy.key.bool_hint"))
        auto = auto.strip().lower() in _TRUE
    informant = _clean(fields.get("informant")) or None
    replacement = _clean(fields.get("replacement")) or informant or ""
    while not replacement:
        # a numbered placeholder, skipping any the researcher wrote explicitly
        counters[kind] += 1
        replacement = f"[{_PLACEHOLDER_STEM[kind]}-{counters[kind]}]"
        if replacement in taken:
            replacement = ""
    return KeyEntry(
        kind=kind,
        name=name,
        replacement=replacement,
        aliases=aliases,
        variants=variants,
        match=match,
        auto_variants=bool(auto),
        informant=informant,
        line=line,
    )


def _get(row: dict[str, Any], field: str) -> Any:
    """The value of ``field`` in a raw row, under any accepted (Indonesian) name."""
    for raw, value in row.items():
        if _FIELD_ALIASES.get(str(raw).strip().lower()) == field:
            return value
    return None


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _forms(value: Any, kind: str, fail: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise fail(t("privacy.key.list"), t("privacy.key.list_hint"))
    forms = [_clean(item) for item in value]
    forms = [_strip_honorific(f) if kind == "person" else f for f in forms if f]
    return tuple(f for f in forms if f)


def _strip_honorific(form: str) -> str:
    """``Bu Aminah`` -> ``Aminah``: the matcher keeps any honorific and replaces the name."""
    from .names import HONORIFICS

    words = form.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _validate(key: PrivacyKey) -> None:
    from .names import form_matches

    owner: dict[str, KeyEntry] = {}
    for entry in key.entries:
        if entry.kind not in KINDS or entry.match not in MATCH_POLICIES:
            raise PrivacyError(
                t("privacy.key.kind", kind=entry.kind), path=key.path, line=entry.line
            )
        for form in entry.forms():
            if len(form.replace(" ", "")) < MIN_FORM_LENGTH:
                raise PrivacyError(
                    t("privacy.key.short", kind=entry.kind),
                    path=key.path,
                    line=entry.line,
                    hint=t("privacy.key.short_hint"),
                )
            folded = form.casefold()
            other = owner.setdefault(folded, entry)
            if other is not entry and other.replacement != entry.replacement:
                raise PrivacyError(
                    t("privacy.key.duplicate", line=other.line or "?"),
                    path=key.path,
                    line=entry.line,
                    hint=t("privacy.key.duplicate_hint"),
                )
    for entry in key.entries:
        for other in key.entries:
            if any(form_matches(entry.replacement, form) for form in other.forms()):
                raise PrivacyError(
                    t("privacy.key.circular", replacement=entry.replacement),
                    path=key.path,
                    line=entry.line,
                    hint=t("privacy.key.circular_hint"),
                )
