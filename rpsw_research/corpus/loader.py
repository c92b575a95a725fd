"""``load_corpus``: a study folder -> a :class:`Corpus` and a :class:`LoadReport`.

The folder holds ``informants.csv`` (or ``.xlsx``), an optional ``roles.csv``, and the
sources, in sub-folders ``wawancara/``, ``observasi/``, ``dokumen/`` (which give the kind
when front matter does not) or anywhere below. ``README.md`` files, hidden files, a
``gold/`` folder and working folders whose name starts with ``_`` are skipped. A bad
file never stops loading: it is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..errors import InputError, RpswError
from ..i18n import t
from .formats import SUPPORTED_SUFFIXES
from .informants import (
    REGISTER_NAMES,
    ROLES_NAME,
    Role,
    RoleSet,
    find_register,
    read_register,
    read_roles,
)
from .metadata import KIND_ALIASES
from .model import Informant, Source
from .source import read_source

T = TypeVar("T")
CONSENT_NAMES = ("persetujuan.csv", "persetujuan.yaml", "consents.csv", "consents.yaml")
"""File names of a study's consent register (read by ``rpsw_research.privacy``)."""
SKIPPED_FOLDERS = frozenset({"gold", "__pycache__", "node_modules"})
AUXILIARY_SUFFIXES = frozenset({
    ".csv", ".tsv", ".xlsx", ".xls", ".yaml", ".yml", ".json", ".toml", ".ini", ".py",
    ".ipynb", ".rpsw", ".qdpx", ".qdc", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".log",
})
"""Files that live in a study folder but are not sources: skipped, not errors."""


@dataclass(frozen=True)
class FileIssue:
    """A file the loader skipped or could not read, with the reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Corpus:
    """Informants (by id), sources (ordered by id) and roles of a study folder."""

    informants: dict[str, Informant] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    roles: dict[str, Role] = field(default_factory=dict)
    root: str | None = None
    consent_register: str | None = None
    """Path of the study's consent register (``persetujuan.csv``...), if it has one."""

    def source(self, source_id: str) -> Source:
        """The source with ``source_id`` (KeyError if absent)."""
        for item in self.sources:
            if item.id == source_id:
                return item
        raise KeyError(source_id)

    def __getitem__(self, source_id: str) -> Source:
        return self.source(source_id)

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def counts_by_kind(self) -> dict[str, int]:
        """Number of sources of each kind, kinds in their canonical order."""
        counts = Counter(source.kind for source in self.sources)
        return {kind: counts[kind] for kind in sorted(counts, key=_kind_order)}

    @property
    def word_count(self) -> int:
        """Words over all sources."""
        return sum(source.word_count for source in self.sources)


def _kind_order(kind: str) -> tuple[int, str]:
    order = ("wawancara", "observasi", "dokumen")
    return (order.index(kind) if kind in order else len(order), kind)


@dataclass
class LoadReport:
    """What ``load_corpus`` did: files read, skipped (with reasons), errors, warnings."""

    folder: str
    files_read: list[str] = field(default_factory=list)
    skipped: list[FileIssue] = field(default_factory=list)
    errors: list[FileIssue] = field(default_factory=list)
    warnings: list[FileIssue] = field(default_factory=list)
    counts_by_kind: dict[str, int] = field(default_factory=dict)
    informants: int = 0
    words: int = 0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.errors

    def summary(self, lang: str | None = None) -> str:
        """A readable multi-line summary in ``lang`` (default: the current language)."""
        lines = [t("corpus.report.title", lang, folder=self.folder),
                 t("corpus.report.sources", lang, count=sum(self.counts_by_kind.values()))]
        for kind, count in self.counts_by_kind.items():
            lines.append(t("corpus.report.kind", lang, kind=t(f"corpus.kind.{kind}", lang)
                           if kind in KIND_ALIASES.values() else kind, count=count))
        lines.append(t("corpus.report.informants", lang, count=self.informants))
        lines.append(t("corpus.report.words", lang, count=self.words))
        for title, issues in (("corpus.report.errors", self.errors),
                              ("corpus.report.warnings", self.warnings),
                              ("corpus.report.skipped", self.skipped)):
            if issues:
                lines.append(t(title, lang, count=len(issues)))
                lines.extend(f"  - {issue}" for issue in issues)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def load_corpus(folder: str | Path) -> tuple[Corpus, LoadReport]:
    """Read the register and every source under ``folder`` (recursively).

    Never stops at a bad file: failures land in ``report.errors`` with path and reason,
    good files are loaded. Raises :class:`InputError` only if ``folder`` is not a folder.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(t("corpus.folder.missing"), path=root, hint=t("corpus.folder.hint"))
    report = LoadReport(folder=str(root))
    roles = RoleSet()
    roles_path = root / ROLES_NAME
    if roles_path.is_file():
        roles = _guard(report, roles_path, lambda: read_roles(roles_path)) or roles
    informants: dict[str, Informant] = {}
    register_path = find_register(root)
    if register_path is None:
        report.warnings.append(FileIssue(str(root), t("corpus.report.no_register")))
    else:
        loaded = _guard(report, register_path, lambda: read_register(register_path, roles))
        informants = loaded or {}
    register = set(informants) if register_path is not None else None
    sources: dict[str, Source] = {}
    for path in _walk(root, report):
        source = _guard(report, path, lambda p=path: read_source(
            p, register=register, default_kind=_folder_kind(p, root)))
        if source is None:
            continue
        if source.id in sources:
            first = sources[source.id].path
            report.errors.append(FileIssue(str(path), t("corpus.report.duplicate_id",
                                                         id=source.id, first=first)))
            continue
        sources[source.id] = source
        report.warnings.extend(FileIssue(str(path), w) for w in source.warnings)
    corpus = Corpus(informants=informants,
                    sources=tuple(sources[key] for key in sorted(sources)),
                    roles=dict(roles.roles), root=str(root),
                    consent_register=_consent_register(root))
    report.counts_by_kind = corpus.counts_by_kind()
    report.informants = len(informants)
    report.words = corpus.word_count
    return corpus, report


def _guard(report: LoadReport, path: Path, action: Callable[[], T]) -> T | None:
    """Run ``action``; record the file as read, or its error, and return the result."""
    try:
        result = action()
    except RpswError as exc:
        report.errors.append(FileIssue(str(path), exc.message + (
            f" ({t('error.hint', hint=exc.hint)})" if exc.hint else "") + (
            f" [{t('error.where.line', line=exc.line)}]" if exc.line else "")))
        return None
    except Exception as exc:  # a library's surprise must not stop the whole load
        report.errors.append(FileIssue(str(path), t("corpus.report.unexpected",
                                                     error=f"{type(exc).__name__}: {exc}")))
        return None
    report.files_read.append(str(path))
    return result


def _walk(root: Path, report: LoadReport) -> Iterator[Path]:
    """Candidate source files under ``root`` in a stable order; others are reported."""
    own = {name.casefold() for name in (*REGISTER_NAMES, ROLES_NAME, *CONSENT_NAMES)}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue  # hidden files and folders (.git, .DS_Store, ~ lock files...)
        if any(_skipped_folder(part) for part in relative.parts[:-1]) or \
                (path.is_dir() and _skipped_folder(path.name)):
            if path.is_dir() and _skipped_folder(path.name):
                report.skipped.append(FileIssue(str(path), t("corpus.skip.folder")))
            continue
        if not path.is_file():
            continue
        name = path.name.casefold()
        if len(relative.parts) == 1 and name in own:
            continue
        if name.startswith("~$"):
            continue  # Word's lock file of an open document
        if name.startswith("readme."):
            report.skipped.append(FileIssue(str(path), t("corpus.skip.readme")))
        elif path.suffix.lower() in SUPPORTED_SUFFIXES or path.suffix.lower() == ".doc":
            yield path
        elif path.suffix.lower() in AUXILIARY_SUFFIXES:
            report.skipped.append(FileIssue(str(path), t("corpus.skip.auxiliary")))
        else:
            yield path  # read_source reports the unsupported format as an error


def _consent_register(root: Path) -> str | None:
    for name in CONSENT_NAMES:
        if (root / name).is_file():
            return str(root / name)
    return None


def _skipped_folder(name: str) -> bool:
    """Reference data (``gold/``) and working folders (``_sumber/``: leading ``_``)."""
    return name.casefold() in SKIPPED_FOLDERS or name.startswith("_")


def _folder_kind(path: Path, root: Path) -> str | None:
    """The kind named by the nearest enclosing folder (``wawancara/``, ``interviews``...)."""
    for part in reversed(path.relative_to(root).parts[:-1]):
        kind = KIND_ALIASES.get(part.casefold()) or KIND_ALIASES.get(part.casefold().rstrip("s"))
        if kind:
            return kind
    return None
