"""The informant register (``informants.csv`` / ``.xlsx``) and the study's roles.

Columns: ``id``, ``peran`` (or ``role``) and any further attribute columns. Roles are
the built-in ``manajer_kasus``, ``pekerja_sosial``, ``korban`` (Indonesian and English
labels accepted), plus roles a study declares in ``roles.csv`` (``id,label_id,label_en``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InformantError
from ..i18n import t
from .model import Informant
from .sheets import read_rows


@dataclass(frozen=True)
class Role:
    """A participant role with its Indonesian and English labels."""

    id: str
    label_id: str
    label_en: str


BUILTIN_ROLES: tuple[Role, ...] = (
    Role("manajer_kasus", "pekerja sosial selaku manajer kasus", "social worker as case manager"),
    Role("pekerja_sosial", "pekerja sosial bidang pelayanan", "social worker (services)"),
    Role("korban", "perempuan korban trafiking", "woman survivor of trafficking"),
)
_EXTRA_LABELS = {
    "manajer_kasus": ("manajer kasus", "case manager", "mk"),
    "pekerja_sosial": ("pekerja sosial", "peksos", "social worker", "ps"),
    "korban": ("korban trafiking", "korban perdagangan orang", "victim", "survivor",
               "penyintas"),
}
_ID_PATTERN = re.compile(r"^[A-Za-z][\w.-]{0,31}$")
REGISTER_NAMES = ("informants.csv", "informants.xlsx", "informan.csv", "informan.xlsx")
ROLES_NAME = "roles.csv"


def _key(label: str) -> str:
    return " ".join(str(label).replace("_", " ").replace("-", " ").casefold().split())


class RoleSet:
    """Known roles, and the lookup of a written role label to a role id."""

    def __init__(self, roles: Iterable[Role] = BUILTIN_ROLES) -> None:
        self.roles: dict[str, Role] = {}
        self._labels: dict[str, str] = {}
        for role in roles:
            self.add(role)
        for role_id, labels in _EXTRA_LABELS.items():
            for label in labels:
                self._labels.setdefault(_key(label), role_id)

    def add(self, role: Role) -> None:
        """Add (or replace) a role; its id and both labels become accepted spellings."""
        self.roles[role.id] = role
        for label in (role.id, role.label_id, role.label_en):
            if label:
                self._labels[_key(label)] = role.id

    def lookup(self, label: str) -> str | None:
        """The role id written as ``label`` (id, Indonesian or English label), if known."""
        return self._labels.get(_key(label))


def read_roles(path: Path) -> RoleSet:
    """Built-in roles plus those declared in a ``roles.csv`` (``id,label_id,label_en``)."""
    roles = RoleSet()
    rows = read_rows(path, InformantError)
    header = [h.casefold() for h in rows[0][1]] if rows else []
    if "id" not in header:
        raise InformantError(t("corpus.register.no_column", column="id"), path=path, line=1)
    for _line, cells in rows[1:]:
        record = dict(zip(header, cells, strict=False))
        role_id = (record.get("id") or "").strip()
        if not role_id:
            continue
        roles.add(Role(role_id, (record.get("label_id") or role_id).strip(),
                       (record.get("label_en") or record.get("label_id") or role_id).strip()))
    return roles


def read_register(path: str | Path, roles: RoleSet | None = None) -> dict[str, Informant]:
    """Informants by id from ``informants.csv`` or ``.xlsx``.

    Raises :class:`InformantError` with the line for a missing ``id``/``peran`` column,
    an empty, malformed or duplicate id, or an unknown role.
    """
    path = Path(path)
    roles = roles or RoleSet()
    rows = read_rows(path, InformantError)
    if not rows:
        raise InformantError(t("corpus.register.empty"), path=path)
    header_line, header = rows[0]
    columns = [_column(h) for h in header]
    if "id" not in columns:
        raise InformantError(t("corpus.register.no_column", column="id"), path=path,
                             line=header_line, hint=t("corpus.register.columns_hint"))
    if "role" not in columns:
        raise InformantError(t("corpus.register.no_column", column="peran"), path=path,
                             line=header_line, hint=t("corpus.register.columns_hint"))
    informants: dict[str, Informant] = {}
    first_line: dict[str, int] = {}
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        record = {c: cells[i].strip() if i < len(cells) else "" for i, c in enumerate(columns)}
        ident = record.pop("id")
        if not _ID_PATTERN.match(ident):
            raise InformantError(t("corpus.register.bad_id", value=ident), path=path, line=line,
                                 hint=t("corpus.register.bad_id_hint"))
        if ident in informants:
            raise InformantError(t("corpus.register.duplicate", id=ident,
                                   first=first_line[ident]), path=path, line=line)
        written = record.pop("role")
        role = roles.lookup(written)
        if role is None:
            raise InformantError(
                t("corpus.register.unknown_role", role=written or "-"), path=path, line=line,
                hint=t("corpus.register.unknown_role_hint", roles=", ".join(roles.roles)))
        attributes: dict[str, Any] = {k: (v or None) for k, v in record.items() if k}
        informants[ident] = Informant(id=ident, role=role, attributes=attributes)
        first_line[ident] = line
    return informants


def _column(name: str) -> str:
    key = _key(name)
    if key in ("id", "kode", "code"):
        return "id"
    if key in ("peran", "role"):
        return "role"
    return str(name).strip()


def find_register(folder: Path) -> Path | None:
    """The register file of a study folder (top level), if any."""
    for name in REGISTER_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None
