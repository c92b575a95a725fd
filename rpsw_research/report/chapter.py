"""The Word chapter (Bab IV "Data dan Temuan Penelitian") built from a coded project.

This module lays out the document and its opening sections; the findings sections
live in :mod:`findings`. Every number comes from ``rpsw_research.analysis`` (or
``reliability``); the prose only states counts and where they come from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from .. import analysis
from ..analysis.quotes import citation, role_label
from ..analysis.tables import ProjectLike, StudyTables, study_tables
from ..corpus.model import SOURCE_KINDS
from ..errors import ReportError
from ..files import atomic_path
from ..i18n import catalogue, join_words, language, t
from ..privacy import guard_export, resolve_key
from ..privacy.bands import banded, quasi_identifiers
from . import findings
from .docx_parts import Captions, Footnotes, add_table, add_toc, new_document

CHAPTER = 4
HIDDEN_ATTRIBUTES = {"sintetis", "synthetic", "label"}



@dataclass(frozen=True)
class ReportOptions:
    """Choices for :func:`write_docx`.

    ``title``: the study title on the first page (default: the RPSW study's);
    ``quotes_per_stage``: block quotes under each stage; ``max_quote_chars``: longer
    passages are cut at a word boundary; ``reviewed_only``: count only manual and
    accepted codings; ``figures`` and ``appendices`` switch those parts;
    ``include_sensitive``: show codes flagged sensitive (exploitation) in tables;
    ``profile_attributes``: the informant attributes in the profile table (default:
    all but quasi-identifiers, see ``privacy.bands.QUASI_IDENTIFIER_WORDS``);
    ``reliability_unit``: the unit of inter-coder agreement (sentence, turn, paragraph).
    """

    title: str | None = None
    quotes_per_stage: int = 3
    max_quote_chars: int = 450
    reviewed_only: bool = False
    figures: bool = True
    appendices: bool = True
    include_sensitive: bool = False
    profile_attributes: tuple[str, ...] | None = None
    reliability_unit: str = "sentence"


@dataclass
class Chapter:
    """What every section writer needs: the document, the data and the numbering."""

    doc: DocumentObject
    tables: StudyTables
    lang: str
    options: ReportOptions
    captions: Captions
    footnotes: Footnotes
    notes: list[str] = field(default_factory=list)

    def text(self, key: str, **values: object) -> str:
        """Catalogue text in the report's language."""
        return t(key, self.lang, **values)

    def paragraph(self, text: str, *, justify: bool = True):
        """A body paragraph."""
        paragraph = self.doc.add_paragraph(text)
        if justify:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        return paragraph

    def role(self, informant: str | None) -> str:
        """The role label of an informant, or a neutral word when the consent register
        does not allow naming that informant's role."""
        if informant in self.tables.role_hidden:
            return self.text("report.role_hidden")
        roles = dict(zip(self.tables.informants["informant_id"], self.tables.informants["role"],
                         strict=True))
        return role_label(roles.get(informant), self.lang)

    def cite(self, row: dict) -> str:
        """The footnote citation of a quote row, respecting role-disclosure consent."""
        if row.get("informant") in self.tables.role_hidden:
            row = {**row, "role": None, "role_label": self.text("report.role_hidden")}
        return citation(row, self.lang)

    def table(self, frame: pd.DataFrame, caption: str, **kwargs) -> None:
        """A numbered table: caption above, as Indonesian theses place it."""
        self.captions.add(self.doc, "table", caption)
        add_table(self.doc, frame, lang=self.lang, **kwargs)

    def figure(self, figure, caption: str) -> None:
        """A numbered figure: caption below."""
        from .docx_parts import add_figure

        for axes in figure.axes:  # the numbered caption below says what it shows
            axes.set_title("")
        add_figure(self.doc, figure)
        self.captions.add(self.doc, "figure", caption)


def write_docx(
    project: ProjectLike | StudyTables,
    path: str | os.PathLike[str],
    lang: str = "id",
    *,
    coder: str | list[str] | None = None,
    options: ReportOptions | None = None,
    privacy_key: Any = None,
    allow_leaks: bool = False,
) -> Path:
    """Write the Bab IV chapter of ``project`` to ``path`` (``.docx``), atomically.

    ``coder`` limits the findings to one coder or several (default: every coder);
    ``lang`` is ``"id"`` (Indonesian, default) or ``"en"``. Returns the path written.

    Before the file appears it is scanned for identifying information (the names of
    ``privacy_key``, a :class:`~rpsw_research.privacy.PrivacyKey` or its path, and the
    identifier detectors): a leak raises :class:`~rpsw_research.errors.LeakError` and
    nothing is written, unless ``allow_leaks=True``. The project's consent register is
    respected: withdrawn informants are left out, and so are quotes of informants
    without consent to be quoted.
    """
    options = options or ReportOptions()
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise ReportError(t("report.not_docx", lang), path=target,
                          hint=t("report.not_docx_hint", lang))
    with language(lang):
        tables = study_tables(project, coder=coder, reviewed_only=options.reviewed_only)
        if tables.codebook is None or not len(tables.codebook):
            raise ReportError(t("report.no_codebook", lang), path=target,
                              hint=t("report.no_codebook_hint", lang))
        doc = new_document(lang)
        chapter = Chapter(doc, tables, lang, options,
                          Captions(CHAPTER, t("report.caption.table", lang),
                                   t("report.caption.figure", lang)),
                          Footnotes(doc))
        build(chapter)
        chapter.footnotes.finish()
        with atomic_path(target) as temporary:
            doc.save(str(temporary))
            guard_export(temporary, resolve_key(privacy_key), allow_leaks=allow_leaks,
                         label=target)
    return target


def build(chapter: Chapter) -> None:
    """All sections in thesis order."""
    front_matter(chapter)
    data_overview(chapter)
    informant_profiles(chapter)
    findings.stages(chapter)
    findings.moxley(chapter)
    findings.triangulation(chapter)
    findings.reliability(chapter)
    if chapter.options.appendices:
        findings.appendices(chapter)


def front_matter(chapter: Chapter) -> None:
    """Chapter title, the study it reports and the table of contents."""
    doc = chapter.doc
    heading = doc.add_heading(chapter.text("report.chapter_number"), level=1)
    heading.add_run().add_break()
    heading.add_run(chapter.text("report.chapter_name"))
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = chapter.options.title or chapter.text("report.default_study_title")
    subtitle = doc.add_paragraph(title)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.runs[0].italic = True
    chapter.paragraph(chapter.text("report.generated_note"))
    if _synthetic(chapter.tables):
        chapter.paragraph(chapter.text("report.synthetic_note")).runs[0].bold = True
    toc_title = doc.add_paragraph(chapter.text("report.toc"))
    toc_title.runs[0].bold = True
    add_toc(doc, chapter.text("report.toc_placeholder"))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _synthetic(tables: StudyTables) -> bool:
    for frame in (tables.informants,):
        for column in ("sintetis", "synthetic"):
            if column in frame.columns and frame[column].astype(str).str.lower().isin(
                    ("ya", "yes", "true", "1")).any():
                return True
    return False


def data_overview(chapter: Chapter) -> None:
    """Section A: approach, informants, techniques and the data set in numbers."""
    tables = chapter.tables
    chapter.doc.add_heading(chapter.text("report.overview.title"), level=2)
    informants = tables.informants
    by_role = informants.groupby("role", sort=False).size()
    roles = join_words([f"{role_label(role, chapter.lang)} ({n})"
                        for role, n in by_role.items()], chapter.lang) or "–"
    kinds = tables.sources["kind"].value_counts()
    chapter.paragraph(chapter.text(
        "report.overview.approach", n_informants=len(informants), roles=roles,
        n_interviews=int(kinds.get("wawancara", 0)),
        n_observations=int(kinds.get("observasi", 0)),
        n_documents=int(kinds.get("dokumen", 0))))
    summary = analysis.coding_summary(tables)
    n_codings, reviewed = int(summary["codings"].sum()), int(summary["reviewed"].sum())
    chapter.paragraph(chapter.text(
        "report.overview.analysis", n_codings=n_codings,
        coders=join_words(list(summary["coder"]), chapter.lang) or "–",
        n_reviewed=reviewed, n_suggested=n_codings - reviewed))
    if n_codings - reviewed:
        chapter.paragraph(chapter.text("report.overview.unreviewed_warning"))
    if tables.withdrawn:
        chapter.paragraph(chapter.text("report.consent.withdrawn",
                                       ids=join_words(tables.withdrawn, chapter.lang)))
    unquotable = [i for i in tables.unquotable if i not in tables.withdrawn]
    if unquotable:
        chapter.paragraph(chapter.text("report.consent.unquotable",
                                       ids=join_words(unquotable, chapter.lang)))
    if not tables.consent_recorded:
        chapter.paragraph(chapter.text("report.consent.none")).runs[0].bold = True
    table = analysis.sources_by_informant(tables)
    frame = pd.DataFrame({chapter.text("report.col.informant"): [
        chapter.text("report.total") if i == "total" else i for i in table.index]})
    for kind in SOURCE_KINDS:
        frame[chapter.text(f"report.col.{kind}")] = table[kind].to_numpy()
    chapter.table(frame, chapter.text("report.overview.table"))
    chapter.paragraph(chapter.text("report.overview.table_note")).runs[0].italic = True


def informant_profiles(chapter: Chapter) -> None:
    """Section B: the informant profile table, pseudonyms and bands only (exact ages
    and dates are banded; quasi-identifying attributes are left out by default)."""
    chapter.doc.add_heading(chapter.text("report.informants.title"), level=2)
    chapter.paragraph(chapter.text("report.informants.intro",
                                   n=len(chapter.tables.informants)))
    informants = banded(chapter.tables.informants, chapter.lang)
    quasi = quasi_identifiers(informants.columns)
    shown = list(chapter.options.profile_attributes or [
        c for c in informants.columns[2:] if c.lower() not in HIDDEN_ATTRIBUTES
        and c not in quasi])
    frame = pd.DataFrame({
        chapter.text("report.col.no"): range(1, len(informants) + 1),
        chapter.text("report.col.informant_id"): informants["informant_id"],
        chapter.text("report.col.role"): [chapter.role(i)
                                          for i in informants["informant_id"]],
    })
    for column in shown:
        values = informants[column].fillna("").astype(str).str.replace(";", ", ")
        values = values.map(lambda v: _attribute_value(v, chapter.lang))
        frame[_attribute_label(column, chapter.lang)] = values.replace("", "–").to_numpy()
    chapter.table(frame, chapter.text("report.informants.table"), font_size=9)


ACRONYMS = frozenset({"rpsw", "pskw", "nik", "ktp", "uep", "ims", "hiv"})


def _attribute_label(column: str, lang: str) -> str:
    """A register column as a header: a common attribute by its catalogue name
    (``jenis_kelamin`` -> ``Gender`` in English), any other by its words
    (``lama_tinggal_rpsw`` -> ``Lama tinggal RPSW``)."""
    label = _catalogued(f"report.attribute.{str(column).strip().lower()}", lang)
    if label is not None:
        return label
    words = str(column).replace("_", " ").split()
    words = [w.upper() if w.lower() in ACRONYMS else w for w in words]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


_AMOUNT = re.compile(r"^(?P<amount>[<>]?\s*\d+(?:\s*-\s*\d+)?)\s*(?P<unit>[^\W\d_]+)$")


def _attribute_value(value: str, lang: str) -> str:
    """A register value in the report's language where the catalogue knows it: a whole
    word (``perempuan``) or the unit of an amount (``10-15 tahun``); else as written."""
    word = _catalogued(f"report.value.{value.strip().lower()}", lang)
    if word is not None:
        return word
    amount = _AMOUNT.match(value.strip())
    unit = _catalogued(f"report.unit.{amount['unit'].lower()}", lang) if amount else None
    return f"{amount['amount']} {unit}" if amount and unit else value


def _catalogued(key: str, lang: str) -> str | None:
    """The catalogue text of ``key`` in ``lang``; None where the catalogue has no such key."""
    return t(key, lang) if key in catalogue() else None
