"""The findings sections of the chapter: stages, Moxley, triangulation, reliability,
appendices. Each writer takes the :class:`~.chapter.Chapter` and adds its section;
all numbers come from ``analysis`` and ``reliability``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from docx.shared import Pt

from .. import analysis
from ..analysis.quotes import role_label
from ..corpus.model import SOURCE_KINDS
from ..errors import ReliabilityError
from ..i18n import format_date, format_number, join_words
from ..reliability import compare

if TYPE_CHECKING:
    from .chapter import Chapter

FRAMEWORK_GROUPS = ("moxley.peran", "moxley.jaringan", "moxley.tujuan")
"""Codebook branches read in the Moxley section besides the functions, if present."""


def stages(chapter: Chapter) -> None:
    """Section C: one subsection per stage with prose, quotes and an evidence table."""
    tables, lang = chapter.tables, chapter.lang
    stage_codes = tables.codebook.stages()
    chapter.doc.add_heading(chapter.text("report.stages.title"), level=2)
    if not stage_codes:
        chapter.paragraph(chapter.text("report.stages.none_in_codebook"))
        return
    chapter.paragraph(chapter.text("report.stages.intro", n=len(stage_codes)))
    tri = analysis.triangulation(tables, lang=lang).set_index("code_id")
    coverage = analysis.stage_coverage(tables, lang=lang)
    if chapter.options.figures and len(tables.codings):
        chapter.figure(analysis.stage_heatmap(tables, lang=lang),
                       chapter.text("report.fig.stage_heatmap"))
        if len(coverage):
            chapter.figure(analysis.coverage_timeline(tables, lang=lang),
                           chapter.text("report.fig.coverage"))
    for code in stage_codes:
        chapter.doc.add_heading(f"{code.stage}. {code.name(lang)}", level=3)
        definition = code.definition(lang)
        if definition:
            chapter.paragraph(chapter.text("report.stages.definition",
                                           definition=definition.strip()))
        found = analysis.evidence(tables, code.id)
        if found.empty:
            chapter.paragraph(chapter.text("report.stages.no_evidence"))
            continue
        chapter.paragraph(_evidence_sentence(chapter, found, tri.loc[code.id]))
        mine = coverage[coverage["stage"] == code.stage]
        if len(mine):
            chapter.paragraph(_coverage_sentence(chapter, mine))
        _quotes(chapter, code.id)
        chapter.table(_evidence_table(chapter, found),
                      chapter.text("report.stages.table", stage=code.name(lang)),
                      font_size=9)


def _evidence_sentence(chapter: Chapter, found: pd.DataFrame, row: pd.Series) -> str:
    lang = chapter.lang
    total = int(found["passages"].sum())
    kinds = [chapter.text(f"report.kind_count.{k}", n=int(row[k]))
             for k in SOURCE_KINDS if row[k]]
    voices = sorted({v for cell in found["voices"] for v in cell.split(";") if v})
    text = chapter.text("report.stages.evidence", n=total, n_sources=len(found),
                        kinds=join_words(kinds, lang), verdict=row["verdict_label"])
    if voices:
        labels = [f"{v} ({chapter.role(v)})" for v in voices]
        text += " " + chapter.text("report.stages.voices", voices=join_words(labels, lang))
    unreviewed = int(found["unreviewed"].sum())
    if unreviewed:
        text += " " + chapter.text("report.stages.unreviewed", n=unreviewed, total=total)
    return text


def _coverage_sentence(chapter: Chapter, coverage: pd.DataFrame) -> str:
    evidenced = list(coverage.loc[coverage["evidenced"], "survivor"])
    missing = list(coverage.loc[~coverage["evidenced"], "survivor"])
    lang = chapter.lang
    if not missing:
        return chapter.text("report.stages.coverage_all", survivors=join_words(evidenced, lang))
    if not evidenced:
        return chapter.text("report.stages.coverage_none", survivors=join_words(missing, lang))
    return chapter.text("report.stages.coverage_some", survivors=join_words(evidenced, lang),
                        missing=join_words(missing, lang))


def _quotes(chapter: Chapter, code_id: str) -> None:
    hidden = () if chapter.options.include_sensitive else tuple(
        code.id for code in chapter.tables.codebook if code.sensitive)
    found = analysis.quotes(chapter.tables, code_id, n=chapter.options.quotes_per_stage,
                            max_chars=chapter.options.max_quote_chars, exclude_codes=hidden,
                            lang=chapter.lang)
    for row in found.itertuples():
        paragraph = chapter.doc.add_paragraph(f"“{row.quote}”", style="Quote")
        chapter.footnotes.add(paragraph, chapter.cite(row._asdict()))


def _evidence_table(chapter: Chapter, found: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        chapter.text("report.col.source_id"): found["source_id"],
        chapter.text("report.col.kind"): [chapter.text(f"report.kind.{k}")
                                          for k in found["kind"]],
        chapter.text("report.col.informants"): [(i or "–").replace(";", ", ")
                                                for i in found["informants"]],
        chapter.text("report.col.date"): [format_date(d, chapter.lang) or "–"
                                          for d in found["date"]],
        chapter.text("report.col.passages"): found["passages"],
    })


def moxley(chapter: Chapter) -> None:
    """Section D: the stages read through Moxley's functions, roles and networks."""
    tables, lang = chapter.tables, chapter.lang
    chapter.doc.add_heading(chapter.text("report.moxley.title"), level=2)
    functions = analysis.matrix(tables, rows="kind", columns="moxley", labels="id")
    if functions.shape[1] == 0:
        chapter.paragraph(chapter.text("report.moxley.no_mapping"))
        return
    chapter.paragraph(chapter.text("report.moxley.intro"))
    codebook = tables.codebook
    stage_codes = codebook.stages()
    totals = functions.sum(axis=0)
    mapping = pd.DataFrame({
        chapter.text("report.col.stage"): [f"{c.stage}. {c.name(lang)}" for c in stage_codes],
        chapter.text("report.moxley.col.functions"): [
            ", ".join(codebook[f].name(lang) for f in c.moxley) or "–" for c in stage_codes],
        chapter.text("report.moxley.col.basis"): [
            chapter.text("report.moxley.inference") if c.extra.get("moxley_basis",
                                                                    "inference")
            == "inference" else str(c.extra.get("moxley_basis")) for c in stage_codes],
    })
    chapter.table(mapping, chapter.text("report.moxley.mapping_table"))
    by_function = pd.DataFrame({
        chapter.text("report.moxley.col.function"): [codebook[f].name(lang)
                                                     for f in functions.columns],
        **{chapter.text(f"report.col.{k}"): [int(functions.loc[k, f]) if k in functions.index
                                             else 0 for f in functions.columns]
           for k in SOURCE_KINDS},
        chapter.text("report.col.passages"): [int(totals[f]) for f in functions.columns],
        chapter.text("report.moxley.col.flag"): [_flag(chapter, codebook[f])
                                                 for f in functions.columns],
    })
    chapter.table(by_function, chapter.text("report.moxley.function_table"))
    chapter.paragraph(chapter.text("report.moxley.honesty"))
    freq = analysis.frequencies(tables, lang=lang)
    for group in FRAMEWORK_GROUPS:
        if group not in codebook:
            continue
        children = [c.id for c in codebook.children(group)]
        part = freq[freq["code_id"].isin(children)]
        frame = pd.DataFrame({
            chapter.text("report.col.code_name"): part["code_name"],
            chapter.text("report.col.passages"): part["passages"],
            chapter.text("report.col.sources"): part["sources"],
            chapter.text("report.col.informants"): part["informants"],
        })
        chapter.table(frame, chapter.text("report.moxley.group_table",
                                          group=codebook[group].name(lang)))
        if int(part["passages"].sum()) == 0:
            chapter.paragraph(chapter.text("report.moxley.group_empty"))


def _flag(chapter: Chapter, code) -> str:
    flags = []
    if "unverified_moxley" in code.basis_kinds:
        flags.append(chapter.text("report.moxley.flag_unverified"))
    if code.extra.get("extension"):
        flags.append(chapter.text("report.moxley.flag_extension"))
    return "; ".join(flags) or "–"


def triangulation(chapter: Chapter) -> None:
    """Section E: triangulation of sources and techniques (keabsahan data)."""
    tables, lang = chapter.tables, chapter.lang
    chapter.doc.add_heading(chapter.text("report.triangulation.title"), level=2)
    chapter.paragraph(chapter.text("report.triangulation.intro"))
    tri = analysis.triangulation(tables, lang=lang)
    roles = [c for c in tri.columns if c in set(tables.informants["role"])]
    frame = pd.DataFrame({chapter.text("report.col.stage"): [
        f"{s}. {n}" for s, n in zip(tri["stage"], tri["name"], strict=True)]})
    for column in (*SOURCE_KINDS, *roles):
        label = (chapter.text(f"report.col.{column}") if column in SOURCE_KINDS
                 else role_label(column, lang))
        frame[label] = tri[column].to_numpy()
    frame[chapter.text("report.col.verdict_label")] = tri["verdict_label"].to_numpy()
    chapter.table(frame, chapter.text("report.triangulation.table"), font_size=8.5)
    counts = tri["verdict"].value_counts()
    chapter.paragraph(chapter.text(
        "report.triangulation.summary", both=int(counts.get("both", 0)),
        technique=int(counts.get("technique", 0)), source=int(counts.get("source", 0)),
        single=int(counts.get("single", 0)), none=int(counts.get("none", 0)),
        total=len(tri)))
    if chapter.options.figures and len(tables.codings):
        chapter.figure(analysis.triangulation_chart(tables, lang=lang),
                       chapter.text("report.fig.triangulation"))


def reliability(chapter: Chapter) -> None:
    """Section F: inter-coder agreement, when two or more coders coded."""
    lang = chapter.lang
    summary = analysis.coding_summary(chapter.tables)
    # coders are people who coded by hand; accepting suggestions is reviewing, not coding
    coders = list(summary.loc[summary["manual"] > 0, "coder"])
    chapter.doc.add_heading(chapter.text("report.reliability.title"), level=2)
    if not coders:
        chapter.paragraph(chapter.text("report.reliability.none_reviewed"))
        return
    if len(coders) < 2:
        chapter.paragraph(chapter.text("report.reliability.single_coder",
                                       coders=join_words(coders, lang)))
        return
    unit = chapter.options.reliability_unit
    try:
        table = compare(chapter.tables.project, coders, unit=unit, lang=lang)
    except ReliabilityError as error:
        chapter.paragraph(chapter.text("report.reliability.not_computed",
                                       coders=join_words(coders, lang), reason=error.message))
        return
    overall = table[table["scope"] == "overall"].iloc[0]
    chapter.paragraph(chapter.text(
        "report.reliability.intro", coders=join_words(coders, lang),
        unit=chapter.text(f"unit.{unit}"), n_units=int(overall["n_units"])))
    rows = table[table["scope"].isin(["code", "overall"])]
    frame = pd.DataFrame({
        chapter.text("report.col.code_name"): rows["code_name"],
        chapter.text("report.reliability.col.agreement"): [
            format_number(100 * v, 1, lang) + "%" for v in rows["percent_agreement"]],
        chapter.text("report.reliability.col.kappa"): rows["kappa"].round(3),
        chapter.text("report.reliability.col.alpha"): rows["alpha"].round(3),
        chapter.text("report.reliability.col.disagree"): rows["n_disagree"],
    })
    chapter.table(frame, chapter.text("report.reliability.table", unit=chapter.text(
        f"unit.{unit}")), font_size=9)
    chapter.paragraph(chapter.text(
        "report.reliability.overall",
        agreement=format_number(100 * overall["percent_agreement"], 1, lang),
        kappa=_number(overall["kappa"], lang), kappa_text=overall["kappa_interpretation"] or "–",
        alpha=_number(overall["alpha"], lang),
        alpha_text=overall["alpha_interpretation"] or "–"))
    notes = [n for n in rows["note"].dropna().unique() if n]
    for note in notes:
        chapter.paragraph(note)
    method = chapter.doc.add_paragraph(chapter.text("report.reliability.method",
                                                    method=overall["method"]))
    method.runs[0].font.size = Pt(10)


def _number(value: float, lang: str) -> str:
    return "–" if pd.isna(value) else format_number(value, 3, lang)


def appendices(chapter: Chapter) -> None:
    """Appendices: codebook, code x informant matrix, audit summary."""
    tables, lang = chapter.tables, chapter.lang
    include_sensitive = chapter.options.include_sensitive
    chapter.doc.add_heading(chapter.text("report.appendix.title"), level=2)
    codebook = tables.codebook.appendix_table(lang, labels=True,
                                              include_sensitive=include_sensitive)
    chapter.table(codebook, chapter.text("report.appendix.codebook"), font_size=8)
    if not include_sensitive:
        chapter.paragraph(chapter.text("report.appendix.sensitive_left_out"))
    sensitive = {c.id for c in tables.codebook if c.sensitive}
    matrix = analysis.matrix(tables, columns="code", labels="id").T
    matrix = matrix[(matrix.sum(axis=1) > 0) & (~matrix.index.isin(sensitive)
                                                 | include_sensitive)]
    matrix.insert(0, chapter.text("report.col.code_name"),
                  [tables.codebook[c].name(lang) for c in matrix.index])
    matrix = matrix.rename_axis(chapter.text("report.col.code")).reset_index()
    chapter.table(matrix, chapter.text("report.appendix.matrix"), font_size=8)
    project = tables.project
    if project is not None and hasattr(project, "audit"):
        summary = analysis.audit_summary(project.audit())
        if len(summary):
            summary.columns = [chapter.text(f"report.audit.{c}") for c in summary.columns]
            chapter.table(summary, chapter.text("report.appendix.audit"), font_size=8)
