"""Reading and writing codebooks: YAML (the full format), CSV (for spreadsheets), tables.

YAML: a mapping ``format: rpsw-codebook``, ``version``, ``name``, ``meta`` and ``codes``,
a list of code entries with the keys of :data:`YAML_FIELDS` (``name``/``definition``
are mappings by language; ``rule`` holds keywords, regex, speaker roles, ...). A bare
list of codes is accepted too, as are nested ``children:`` lists, ``name_id``/``name_en``
style keys and ``colour``. Errors name the file and the line of the code entry.

CSV: one row per code, columns :data:`CSV_COLUMNS` (required: ``id`` and a name) plus
:data:`CSV_MORE_COLUMNS`; lists are ``";"``-joined (a literal ``;`` inside an item is
written ``\\;``; items are stripped on reading); ``extra`` is JSON. Unknown columns
are kept in ``extra``. ``changes`` (edit history) are not written to CSV.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import CodebookError
from ..i18n import t
from .model import FORMAT, FORMAT_VERSION, Code, Codebook, Rule
from .validate import validate_codes

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

YAML_FIELDS = ("id", "parent", "name", "definition", "include", "exclude", "examples",
               "color", "sensitive", "stage", "moxley", "basis", "aliases", "rule", "extra")
_ALIASES = {"names": "name", "definitions": "definition", "colour": "color"}
RULE_FIELDS = ("keywords", "lemmas", "stems", "regex", "speaker_roles", "negation", "weight")
CSV_COLUMNS = ("id", "parent", "name_id", "name_en", "definition_id", "definition_en",
               "keywords", "stage", "color", "sensitive")
CSV_MORE_COLUMNS = ("include", "exclude", "examples", "moxley", "basis", "aliases", "regex",
                    "lemmas", "stems", "speaker_roles", "negation", "weight", "extra")
_TRUE = {"true", "ya", "yes", "y", "1", "benar"}
_FALSE = {"false", "tidak", "no", "n", "0", "salah", ""}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and keeps dates as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, int] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, t("codebook.file.duplicate_key", key=key), key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_located_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        """Build a mapping and remember its line (keyed by the final object's id)."""
        data: dict[Any, Any] = {}
        self.lines[id(data)] = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_located_map)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp",
                            lambda loader, node: loader.construct_scalar(node))


def _fail(key: str, code_id: str | None, path: Any, line: int | None = None,
          hint: str | None = None, **values: Any) -> CodebookError:
    err = CodebookError(t(key, code=code_id, **values), path=path, line=line, hint=hint)
    err.code_id = code_id  # type: ignore[attr-defined]
    return err


def _bool(value: Any, code_id: str, field: str, path: Any, line: int | None) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise _fail("codebook.file.bad_value", code_id, path, line, value=value, field=field,
                expected="true/false")


def _code_from_entry(entry: dict[str, Any], path: Any, line: int | None) -> Code:
    """A :class:`Code` from one YAML entry (already without ``children``)."""
    code_id = entry.get("id")
    data = {_ALIASES.get(key, key): value for key, value in entry.items()}
    for lang_key in [k for k in data if re.fullmatch(r"(name|definition)_\w+", str(k))]:
        kind, lang = lang_key.split("_", 1)
        data.setdefault(kind, {})
        if isinstance(data[kind], Mapping):
            data[kind] = {**data[kind], lang: data.pop(lang_key)}
    unknown = [key for key in data if key not in YAML_FIELDS]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), YAML_FIELDS, n=1)
        raise _fail("codebook.file.unknown_field", code_id, path, line,
                    t("codebook.hint.fields", fields=", ".join(close or YAML_FIELDS)),
                    field=unknown[0])
    names, definitions = data.get("name") or {}, data.get("definition") or {}
    rule = dict(data.get("rule") or {})
    bad_rule = [key for key in rule if key not in RULE_FIELDS]
    if bad_rule:
        raise _fail("codebook.file.unknown_field", code_id, path, line,
                    t("codebook.hint.fields", fields=", ".join(RULE_FIELDS)),
                    field=f"rule.{bad_rule[0]}")
    basis = data.get("basis")
    if isinstance(basis, list):
        basis = "; ".join(str(part) for part in basis)
    stage = data.get("stage")
    if isinstance(stage, str) and stage.strip().isdigit():
        stage = int(stage)
    return Code(
        id=code_id, names=names if isinstance(names, Mapping) else {"id": str(names)},
        parent=data.get("parent"),
        definitions=definitions if isinstance(definitions, Mapping) else {"id": str(definitions)},
        include=data.get("include") or (), exclude=data.get("exclude") or (),
        examples=data.get("examples") or (), color=data.get("color"),
        sensitive=_bool(data.get("sensitive", False), code_id, "sensitive", path, line),
        stage=stage, moxley=data.get("moxley") or (), basis=basis,
        aliases=data.get("aliases") or (), rule=Rule(**rule), extra=data.get("extra") or {},
    )


def _remember(code_id: str, line: int | None, lines: dict[str, int], path: Path) -> None:
    """Record the line of a code; a second entry with the same id is an error there."""
    if code_id in lines:
        raise _fail("codebook.duplicate_id", code_id, path, line, t("codebook.hint.unique_id"))
    lines[code_id] = line or 0


def read_yaml(path: str | PathLike[str]) -> Codebook:
    """Read and validate a codebook YAML file (errors name the file and line)."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError(t("codebook.file.not_found"), path=path)
    loader = _LineLoader(path.read_text(encoding="utf-8-sig"))
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CodebookError(t("codebook.file.syntax", error=exc.problem or exc), path=path,
                            line=None if mark is None else mark.line + 1) from None
    except yaml.YAMLError as exc:
        raise CodebookError(t("codebook.file.syntax", error=exc), path=path) from None
    finally:
        loader.dispose()
    header: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
    entries = data.get("codes") if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise CodebookError(t("codebook.file.shape"), path=path)
    if header.get("format", FORMAT) != FORMAT or (header.get("version") or 1) > FORMAT_VERSION:
        raise CodebookError(t("codebook.file.unsupported", format=header.get("format"),
                              version=header.get("version")), path=path)
    codes: list[Code] = []
    lines: dict[str, int] = {}

    def walk(items: list[Any], parent: str | None) -> None:
        for entry in items:
            line = loader.lines.get(id(entry))
            if not isinstance(entry, dict):
                raise CodebookError(t("codebook.file.code_shape", index=len(codes) + 1),
                                    path=path, line=line)
            entry = dict(entry)
            children = entry.pop("children", None) or []
            if not entry.get("id"):
                raise CodebookError(t("codebook.file.missing_id", index=len(codes) + 1),
                                    path=path, line=line)
            if parent is not None:
                entry.setdefault("parent", parent)
            code = _code_from_entry(entry, path, line)
            _remember(code.id, line, lines, path)
            codes.append(code)
            walk(children, code.id)

    walk(entries, None)
    validate_codes(codes, path=path, lines=lines)
    return Codebook(codes, name=str(header.get("name") or ""), meta=header.get("meta") or {},
                    validate=False)


class _Flow(list):  # type: ignore[type-arg]
    """A list written in YAML flow style (``[a, b, c]``): keywords, regexes, ids."""


class _Quoted(str):
    """A string written single-quoted (regexes: backslashes stay literal)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data),
                                                          style="'"))

_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                                         flow_style=True))


def _entry(code: Code) -> dict[str, Any]:
    """The YAML entry of a code, defaults left out; short id/pattern lists in flow style."""
    full = code.to_dict()
    entry: dict[str, Any] = {"id": code.id}
    for key in YAML_FIELDS[1:]:
        value = full.get({"name": "names", "definition": "definitions"}.get(key, key))
        if key == "rule":
            default = Rule().to_dict()
            value = {k: [_Quoted(p) for p in v] if k == "regex"
                     else _Flow(v) if isinstance(v, list) else v
                     for k, v in value.items() if v != default[k]}
        elif key in ("moxley", "aliases"):
            value = _Flow(value)
        if value in (None, False, [], {}, ""):
            continue
        entry[key] = value
    return entry


def write_yaml(codebook: Codebook, path: str | PathLike[str]) -> None:
    """Write ``codebook`` as YAML (lossless with :func:`read_yaml`, except ``changes``)."""
    document = {"format": FORMAT, "version": FORMAT_VERSION, "name": codebook.name,
                "meta": dict(codebook.to_dict()["meta"]),
                "codes": [_entry(code) for code in codebook]}
    text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=96, default_flow_style=False)
    Path(path).write_text(text, encoding="utf-8")


# --- CSV -----------------------------------------------------------------------------
def _join(items: Any) -> str:
    return ";".join(str(item).replace(";", "\\;") for item in items)


def _split(text: str) -> tuple[str, ...]:
    parts = re.split(r"(?<!\\);", text or "")
    return tuple(p.replace("\\;", ";").strip() for p in parts if p.strip())


def _row(code: Code) -> dict[str, str]:
    rule = code.rule
    return {
        "id": code.id, "parent": code.parent or "",
        "name_id": code.names.get("id", ""), "name_en": code.names.get("en", ""),
        "definition_id": code.definitions.get("id", ""),
        "definition_en": code.definitions.get("en", ""),
        "keywords": _join(rule.keywords), "stage": "" if code.stage is None else str(code.stage),
        "color": code.color or "", "sensitive": "true" if code.sensitive else "false",
        "include": _join(code.include), "exclude": _join(code.exclude),
        "examples": _join(code.examples), "moxley": _join(code.moxley),
        "basis": code.basis or "", "aliases": _join(code.aliases), "regex": _join(rule.regex),
        "lemmas": _join(rule.lemmas), "stems": _join(rule.stems),
        "speaker_roles": _join(rule.speaker_roles), "negation": rule.negation,
        "weight": repr(rule.weight),
        "extra": json.dumps(dict(code.to_dict()["extra"]), ensure_ascii=False)
        if code.extra else "",
    }


def write_csv(codebook: Codebook, path: str | PathLike[str]) -> None:
    """Write one row per code in tree order (columns ``CSV_COLUMNS + CSV_MORE_COLUMNS``)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*CSV_COLUMNS, *CSV_MORE_COLUMNS],
                                lineterminator="\n")
        writer.writeheader()
        for code in codebook:
            writer.writerow(_row(code))


def _code_from_row(row: dict[str, str], path: Path, line: int) -> Code:
    get = {key: (value or "").strip() for key, value in row.items() if key}
    code_id = get.get("id", "")

    def bad(field: str, expected: str) -> CodebookError:
        return _fail("codebook.file.bad_value", code_id, path, line, value=get[field],
                     field=field, expected=expected)

    stage: int | None = None
    if get.get("stage"):
        if not re.fullmatch(r"\d+(\.0+)?", get["stage"]):
            raise bad("stage", "1, 2, 3, ...")
        stage = int(float(get["stage"]))
    try:
        weight = float(get["weight"]) if get.get("weight") else 1.0
    except ValueError:
        raise bad("weight", "> 0") from None
    try:
        extra = json.loads(get["extra"]) if get.get("extra") else {}
    except json.JSONDecodeError:
        raise bad("extra", "JSON") from None
    known = {*CSV_COLUMNS, *CSV_MORE_COLUMNS}
    extra.update({key: value for key, value in get.items() if key not in known and value})
    lang = {key: get[f"{kind}_{key}"] for kind in ("name",) for key in ("id", "en")
            if get.get(f"{kind}_{key}")}
    definitions = {key: get[f"definition_{key}"] for key in ("id", "en")
                   if get.get(f"definition_{key}")}
    rule = Rule(keywords=_split(get.get("keywords", "")), regex=_split(get.get("regex", "")),
                lemmas=_split(get.get("lemmas", "")), stems=_split(get.get("stems", "")),
                speaker_roles=_split(get.get("speaker_roles", "")),
                negation=get.get("negation") or "lower", weight=weight)
    return Code(id=code_id, names=lang, parent=get.get("parent") or None,
                definitions=definitions, include=_split(get.get("include", "")),
                exclude=_split(get.get("exclude", "")),
                examples=_split(get.get("examples", "")), color=get.get("color") or None,
                sensitive=_bool(get.get("sensitive", ""), code_id, "sensitive", path, line),
                stage=stage, moxley=_split(get.get("moxley", "")),
                basis=get.get("basis") or None, aliases=_split(get.get("aliases", "")),
                rule=rule, extra=extra)


def read_csv(path: str | PathLike[str], *, name: str = "") -> Codebook:
    """Read and validate a CSV codebook (errors name the file and row line)."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError(t("codebook.file.not_found"), path=path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        for required in ("id",):
            if required not in columns:
                raise CodebookError(t("codebook.csv.missing_column", column=required,
                                      columns=", ".join(columns) or "-"), path=path, line=1)
        if "name_id" not in columns and "name_en" not in columns:
            raise CodebookError(t("codebook.csv.missing_column", column="name_id",
                                  columns=", ".join(columns)), path=path, line=1)
        codes, lines = [], {}
        for row in reader:
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            code = _code_from_row(row, path, reader.line_num)
            _remember(code.id, reader.line_num, lines, path)
            codes.append(code)
    validate_codes(codes, path=path, lines=lines)
    return Codebook(codes, name=name or path.stem, validate=False)


# --- tables ----------------------------------------------------------------------------
def codebook_table(codebook: Codebook, lang: str = "id") -> pd.DataFrame:
    """One row per code in tree order: id, name, definition, include, exclude, parent, stage."""
    import pandas as pd

    rows = [{"id": code.id, "name": code.name(lang), "definition": code.definition(lang),
             "include": "; ".join(code.include), "exclude": "; ".join(code.exclude),
             "parent": code.parent, "stage": code.stage} for code in codebook]
    table = pd.DataFrame(rows, columns=["id", "name", "definition", "include", "exclude",
                                        "parent", "stage"])
    table["stage"] = table["stage"].astype("Int64")
    return table


def appendix_table(codebook: Codebook, lang: str = "id", *, labels: bool = False,
                   include_sensitive: bool = True) -> pd.DataFrame:
    """The report's codebook appendix: id, name, definition, include, exclude.

    ``labels=True`` renames the columns to the catalogue headings in ``lang``;
    ``include_sensitive=False`` drops codes flagged sensitive.
    """
    table = codebook_table(codebook, lang)[["id", "name", "definition", "include", "exclude"]]
    if not include_sensitive:
        keep = [not codebook[code_id].sensitive for code_id in table["id"]]
        table = table[keep].reset_index(drop=True)
    if labels:
        table = table.rename(columns={c: t(f"codebook.column.{c}", lang) for c in table.columns})
    return table
