"""One exception hierarchy for every user-facing failure.

Every error names the file (and line or position where known), says what is wrong,
and how to fix it. The message text comes from the i18n catalogue, so it follows the
current language (Indonesian by default).
"""

from __future__ import annotations

from os import PathLike

from .i18n import t


class RpswError(Exception):
    """Base class of all rpsw_research errors.

    ``message`` says what is wrong, ``path``/``line`` where, ``hint`` how to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        parts = []
        if self.path is not None:
            where = t("error.where.file", path=self.path)
            if self.line is not None:
                where += ", " + t("error.where.line", line=self.line)
            parts.append(where + ":")
        parts.append(self.message)
        if self.hint:
            parts.append("(" + t("error.hint", hint=self.hint) + ")")
        return " ".join(parts)


# --- input: files, encodings, metadata -------------------------------------------------
class InputError(RpswError):
    """A file given to the toolkit cannot be used as it is."""


class UnsupportedFormatError(InputError):
    """The file's suffix or content is not a format the toolkit reads."""


class FileFormatError(InputError):
    """The file claims a format but its content is broken (truncated, not a zip, ...)."""


class EncodingError(InputError):
    """The file's bytes cannot be decoded as text."""


class EmptySourceError(InputError):
    """The file holds no text (empty file, scanned PDF without a text layer, ...)."""


class UnsafeArchiveError(InputError):
    """An archive is unsafe to open (zip bomb, path traversal, too many entries)."""


class MetadataError(InputError):
    """Front matter, a metadata table or a register row is invalid."""


class InformantError(MetadataError):
    """The informant register is invalid, or a source names an unknown informant."""


# --- codebook ------------------------------------------------------------------------
class CodebookError(RpswError):
    """The codebook is invalid (duplicate id, unknown parent, cycle, bad rule, ...)."""


class UnknownCodeError(CodebookError, KeyError):
    """A code id that the codebook does not hold."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.args[0]


# --- project and coding ----------------------------------------------------------------
class ProjectError(RpswError):
    """A project file cannot be created, opened or written."""


class NotAProjectError(ProjectError):
    """The file exists but is not an rpsw_research project."""


class ProjectExistsError(ProjectError):
    """Refusing to overwrite an existing file."""


class SchemaVersionError(ProjectError):
    """The project was written by a newer version of the toolkit."""


class ProjectLockedError(ProjectError):
    """Another process holds the project's write lock."""


class UnknownSourceError(ProjectError, KeyError):
    """A source id that the project does not hold."""

    def __str__(self) -> str:
        return self.args[0]


class DuplicateSourceError(ProjectError):
    """The same source (by id or content hash) is already in the project."""


class CodingError(RpswError):
    """A coding request is invalid (offsets, quote, unit)."""


class OffsetError(CodingError):
    """Offsets out of range or reversed."""


class QuoteNotFoundError(CodingError):
    """A quote does not occur in the source text."""


class AmbiguousQuoteError(CodingError):
    """A quote occurs more than once and no occurrence was given."""


# --- analysis, reliability, outputs -------------------------------------------------
class AnalysisError(RpswError):
    """An analysis cannot be computed on the given data or arguments."""


class ReliabilityError(AnalysisError):
    """Agreement cannot be computed (one coder, no units, degenerate data)."""


class UndefinedAgreementError(ReliabilityError):
    """A chance-corrected coefficient is undefined: the data show no variation.

    Raised when expected agreement is 1 (expected disagreement 0), e.g. every unit
    falls in one category. ``observed`` carries the observed agreement (percent
    agreement, usually 1.0) so a caller can still report it.
    """

    def __init__(self, message: str, *, observed: float | None = None,
                 hint: str | None = None) -> None:
        self.observed = observed
        super().__init__(message, hint=hint)


class OutputError(RpswError):
    """An output file cannot be written (missing folder, unwritable location)."""


class ReportError(OutputError):
    """A report or table export cannot be written."""


class InteropError(InputError):
    """A REFI-QDA (.qdpx/.qdc) file cannot be read or written."""


class PrivacyError(RpswError):
    """A privacy rule blocks the operation (leak found, consent missing, key problem)."""


class LeakError(PrivacyError):
    """An export would carry identifying information out."""
