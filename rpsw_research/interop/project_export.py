"""Export a :class:`~rpsw_research.project.Project` as a REFI-QDA ``.qdpx``.

Users are the coders (and memo authors); the codebook keeps its tree, colours and
definitions; each source is a UTF-8 ``.txt`` (``internal://<GUID>.txt``) with one
selection per coded span (code points) holding one coding per code and coder; memos
become notes; informants become cases with their attributes as variables and
references to their sources; source kinds become sets. GUIDs derive from stable keys
(uuid5), so the same project gives the same GUIDs and the same bytes (apart from the
export timestamp).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from os import PathLike
from pathlib import Path
from typing import Any

from .. import __version__
from ..files import atomic_path
from ..privacy import guard_export, resolve_key
from ..privacy.bands import quasi_identifiers
from ..privacy.consent import mask_roles, role_hidden, withdrawn_informants
from .model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
)
from .qdc import code_guid
from .qde_write import qdpx_bytes, variable_type
from .sidecar import SIDECAR_NAME, dumps, plain
from .xmlwrite import guid_or_stable, stable_guid

ROLE_VARIABLE = "peran"
"""Name of the case variable that carries an informant's role."""
DATE_VARIABLE = "tanggal"
PLACE_VARIABLE = "tempat"


def _clean(value: Any) -> Any:
    """``None`` for pandas' missing values, plain Python scalars otherwise."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def source_guid(source: Any) -> str:
    """The GUID of a source: the one kept from a REFI import, else stable from its id."""
    return guid_or_stable(source.metadata.get("refi_guid"), "source", source.id)


class _Exporter:
    def __init__(self, proj: Any, lang: str, include_rejected: bool,
                 include_sensitive: bool) -> None:
        self.proj = proj
        self.lang = lang
        self.include_rejected = include_rejected
        codebook = proj.codebook
        self.include_sensitive = include_sensitive
        self.sensitive = set() if include_sensitive or codebook is None else {
            code.id for code in codebook if code.sensitive}
        self.codebook = codebook.without(self.sensitive) if self.sensitive else codebook
        consents = getattr(proj, "consents", None)
        self.consents = consents() if callable(consents) else []
        self.withdrawn = set(withdrawn_informants(self.consents))
        self.users: dict[str, RefiUser] = {}
        self.notes: list[RefiNote] = []
        self.sidecar: dict[str, Any] = {"sources": {}, "codings": {}}

    def user(self, name: Any) -> str | None:
        name = _clean(name)
        if not name:
            return None
        name = str(name)
        if name not in self.users:
            self.users[name] = RefiUser(stable_guid("user", name), name, name)
        return self.users[name].guid

    def note(self, key: str, text: str, author: Any, created: Any, name: str | None) -> str:
        guid = stable_guid("note", key)
        self.notes.append(RefiNote(guid, name, str(text), user=self.user(author),
                                   created=_clean(created)))
        return guid

    def build(self) -> RefiProject:
        proj = self.proj
        for coder in proj.coders()["coder"].tolist():
            self.user(coder)
        self.user(getattr(proj, "user", None))
        codebook = self.codebook
        project = RefiProject(name=Path(proj.path).stem, origin=f"rpsw_research {__version__}",
                              modified=dt.datetime.now(dt.timezone.utc).isoformat())
        code_guids: dict[str, str] = {}
        if codebook is not None and len(codebook):
            code_guids = {code.id: code_guid(code) for code in codebook}
            for code in codebook:
                parent = code_guids.get(code.parent) if code.parent else None
                codable = code.extra.get("refi_codable") is not False
                project.codes.append(RefiCode(code_guids[code.id], code.name(self.lang), parent,
                                              codable, code.color,
                                              code.definition(self.lang) or None))
            self.sidecar["codebook"] = codebook.to_dict()
            self.sidecar["code_guids"] = code_guids
        sources = [source for source in proj.sources()
                   if not self.withdrawn & set(source.informants)]
        by_id = {source.id: RefiSource(source_guid(source), source.id, text=source.text,
                                       description=source.title or None)
                 for source in sources}
        self.codings(by_id, code_guids)
        self.source_memos(by_id, code_guids, project)
        project.sources = list(by_id.values())
        self.cases(project, sources, by_id)
        kinds: dict[str, list[str]] = defaultdict(list)
        for source in sources:
            kinds[source.kind].append(by_id[source.id].guid)
            self.sidecar["sources"][by_id[source.id].guid] = plain({
                "id": source.id, "kind": source.kind, "informants": list(source.informants),
                "date": source.date, "place": source.place, "title": source.title,
                "metadata": dict(source.metadata), "turns": list(source.turns),
                "paragraphs": list(source.paragraphs),
            })
        project.sets = [RefiSet(stable_guid("set", kind), kind, sources=guids)
                        for kind, guids in sorted(kinds.items())]
        project.users = list(self.users.values())
        project.notes = self.notes
        return project

    def codings(self, by_id: dict[str, RefiSource], code_guids: dict[str, str]) -> None:
        table = self.proj.codings()
        if not self.include_rejected:
            table = table[table["status"] != "rejected"]
        table = table[~table["code_id"].isin(self.sensitive)
                      & table["source_id"].isin(list(by_id))]
        selections: dict[tuple[str, int, int], RefiSelection] = {}
        seen: defaultdict[str, int] = defaultdict(int)
        for row in table.itertuples(index=False):
            source = by_id[row.source_id]
            key = (row.source_id, int(row.start), int(row.end))
            if key not in selections:
                selections[key] = RefiSelection(
                    stable_guid("selection", f"{source.guid}:{key[1]}:{key[2]}"),
                    key[1], key[2], key[1], key[2], user=self.user(row.coder),
                    created=_clean(row.created_at))
                source.selections.append(selections[key])
            base = f"{row.source_id}:{key[1]}:{key[2]}:{row.code_id}:{row.coder}"
            seen[base] += 1
            guid = stable_guid("coding", f"{base}:{seen[base]}")
            coding = RefiCoding(guid, code_guids[row.code_id], self.user(row.coder),
                                _clean(row.created_at))
            memo = _clean(row.memo)
            if memo:
                coding.note_refs.append(self.note(f"coding:{guid}", memo, row.coder,
                                                  row.created_at, None))
            selections[key].codings.append(coding)
            self.sidecar["codings"][guid] = {
                "method": row.method, "status": row.status, "rule": _clean(row.rule),
                "score": _clean(row.score),
            }

    def source_memos(self, by_id: dict[str, RefiSource], code_guids: dict[str, str],
                     project: RefiProject) -> None:
        memos = self.proj.memos()
        codes = {code.guid: code for code in project.codes}
        for row in memos.itertuples(index=False):
            if row.target == "coding":
                continue  # written with its coding
            key = f"{row.target}:{row.target_id}:{row.memo_id}"
            guid = self.note(key, row.text, row.author, row.created_at, None)
            if row.target == "source" and row.target_id in by_id:
                by_id[row.target_id].note_refs.append(guid)
            elif row.target == "code" and code_guids.get(row.target_id) in codes:
                codes[code_guids[row.target_id]].note_refs.append(guid)

    def cases(self, project: RefiProject, sources: list[Any],
              by_id: dict[str, RefiSource]) -> None:
        table = self.proj.informants_table()
        table = table[~table["informant_id"].isin(self.withdrawn)]
        table = mask_roles(table, role_hidden(list(table["informant_id"]), self.consents))
        if not self.include_sensitive:
            table = table.drop(columns=quasi_identifiers(table.columns))
        attributes = [c for c in table.columns if c not in ("informant_id",)]
        records = [{c: _clean(v) for c, v in row.items()} for row in table.to_dict("records")]
        names = [ROLE_VARIABLE if c == "role" else str(c) for c in attributes]
        for column, name in zip(attributes, names, strict=True):
            values = [r[column] for r in records]
            project.variables.append(RefiVariable(stable_guid("variable", name), name,
                                                  variable_type(values)))
        for record in records:
            informant = str(record["informant_id"])
            project.cases.append(RefiCase(
                stable_guid("case", informant), informant,
                variables={name: record[column]
                           for column, name in zip(attributes, names, strict=True)
                           if record[column] is not None},
                sources=[by_id[s.id].guid for s in sources if informant in s.informants],
            ))
        dated = [s for s in sources if s.date or s.place]
        if dated:
            for name, kind in ((DATE_VARIABLE, "Date"), (PLACE_VARIABLE, "Text")):
                project.variables.append(RefiVariable(stable_guid("variable", name), name, kind))
            for source in dated:
                values = {DATE_VARIABLE: source.date, PLACE_VARIABLE: source.place}
                by_id[source.id].variables = {k: v for k, v in values.items() if v}


def project_to_refi(proj: Any, *, lang: str = "id", include_rejected: bool = False,
                    include_sensitive: bool = False) -> tuple[RefiProject, dict[str, Any]]:
    """The neutral :class:`RefiProject` of ``proj`` and the sidecar content."""
    exporter = _Exporter(proj, lang, include_rejected, include_sensitive)
    return exporter.build(), exporter.sidecar


def export_qdpx(proj: Any, path: str | PathLike[str], *, lang: str = "id",
                include_rejected: bool = False, include_sensitive: bool = False,
                sidecar: bool = True, privacy_key: Any = None,
                allow_leaks: bool = False) -> Path:
    """Write ``proj`` as a REFI-QDA ``.qdpx`` at ``path`` (atomically); returns the path.

    ``lang`` picks the language of code names and definitions; rejected auto-coding
    suggestions are left out unless ``include_rejected``, and codes flagged sensitive
    (exploitation) with their codings, and informants' quasi-identifying attributes,
    unless ``include_sensitive`` — pass it to move a whole project to another tool.
    Sources and cases of informants who withdrew consent are never exported. With
    ``sidecar`` (default) the archive also carries ``rpsw_research.json`` so that
    :func:`import_qdpx` restores code ids, stages, rules and source metadata exactly;
    other tools ignore it. The archive is checked for
    identifying information before it appears: a leak (names of ``privacy_key``, or
    detected identifiers) raises :class:`~rpsw_research.errors.LeakError` and nothing
    is written, unless ``allow_leaks=True``.
    """
    project, content = project_to_refi(proj, lang=lang, include_rejected=include_rejected,
                                       include_sensitive=include_sensitive)
    extra = {SIDECAR_NAME: dumps(content)} if sidecar else None
    with atomic_path(path) as temporary:
        temporary.write_bytes(qdpx_bytes(project, extra))
        guard_export(temporary, resolve_key(privacy_key), allow_leaks=allow_leaks,
                     label=path)
    return Path(path)
