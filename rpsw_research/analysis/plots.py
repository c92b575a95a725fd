"""Figures of the findings, one place for all of them.

Each function returns a ``matplotlib.figure.Figure`` (no pyplot state) that a notebook
shows inline and the report embeds. Colours come from the Okabe-Ito palette and the
sequential 'cividis' map, both safe for colour-blind readers and readable in grey.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..corpus.model import SOURCE_KINDS
from ..i18n import catalogue, t
from .cooccurrence import cooccurrence
from .coverage import stage_coverage, triangulation
from .frequencies import frequencies
from .matrix import matrix
from .tables import ProjectLike, StudyTables, study_tables

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000")
KIND_COLOURS = dict(zip(SOURCE_KINDS, ("#0072B2", "#E69F00", "#009E73"), strict=True))


def _wrap(label: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _heatmap(table: pd.DataFrame, title: str, xlabel: str, ylabel: str,
             fmt: str = "{:d}") -> Figure:
    rows, cols = table.shape
    fig = Figure(figsize=(max(6.0, 1.1 * cols + 2.5), max(3.0, 0.55 * rows + 2.0)),
                 layout="constrained")
    ax = fig.add_subplot()
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="cividis", aspect="auto", vmin=0)
    ax.set_xticks(range(cols), [_wrap(c, 14) for c in table.columns], fontsize=8)
    ax.set_yticks(range(rows), [_wrap(r, 28) for r in table.index], fontsize=8)
    top = np.nanmax(values) if values.size else 0
    for (i, j), value in np.ndenumerate(values):
        shown = fmt.format(int(value)) if fmt == "{:d}" else fmt.format(value)
        ax.text(j, i, shown, ha="center", va="center", fontsize=8,
                color="black" if top and value > top * 0.6 else "white")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


def stage_heatmap(data: ProjectLike | StudyTables, *, rows: str = "informant",
                  lang: str = "id", **filters) -> Figure:
    """Heatmap of coded passages: stages across, informants (or ``rows``) down."""
    table = matrix(data, rows=rows, columns="stage", lang=lang, **filters)
    row_key = f"analysis.fig.rows.{rows}"
    ylabel = t(row_key, lang) if row_key in catalogue() else rows
    return _heatmap(table, t("analysis.fig.stage_heatmap", lang),
                    t("analysis.fig.stage", lang), ylabel)


def code_bars(data: ProjectLike | StudyTables, *, codes: list[str] | None = None,
              top: int = 20, lang: str = "id", **filters) -> Figure:
    """Horizontal bars of passages per code, stacked by source kind."""
    freq = frequencies(data, by="kind", lang=lang, **filters)
    if codes is not None:
        freq = freq[freq["code_id"].isin(codes)]
    pivot = freq.pivot_table(index=["code_id", "code_name"], columns="source_kind",
                             values="passages", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(columns=[k for k in SOURCE_KINDS if k in pivot.columns])
    pivot = pivot[pivot.sum(axis=1) > 0]
    order = pivot.sum(axis=1).sort_values(ascending=True, kind="stable")
    pivot = pivot.loc[order.index[-top:]]
    fig = Figure(figsize=(8, max(3.0, 0.35 * len(pivot) + 1.5)), layout="constrained")
    ax = fig.add_subplot()
    left = np.zeros(len(pivot))
    labels = [_wrap(name, 40) for _, name in pivot.index]
    for kind in pivot.columns:
        ax.barh(labels, pivot[kind].to_numpy(), left=left, color=KIND_COLOURS[kind],
                label=t(f"analysis.kind.{kind}", lang))
        left += pivot[kind].to_numpy()
    ax.set_xlabel(t("analysis.fig.passages", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(t("analysis.fig.code_bars", lang))
    ax.legend(loc="lower right", fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    return fig


def coverage_timeline(data: ProjectLike | StudyTables, *, lang: str = "id",
                      **filters) -> Figure:
    """For each survivor, the stages 1-7 in order: evidenced, or a gap."""
    cov = stage_coverage(data, lang=lang, **filters)
    survivors = list(dict.fromkeys(cov["survivor"]))
    stages = cov.drop_duplicates("stage")[["stage", "stage_name"]]
    fig = Figure(figsize=(9, 2.4 + 0.6 * max(len(survivors), 1)), layout="constrained")
    ax = fig.add_subplot()
    for y, survivor in enumerate(survivors):
        mine = cov[cov["survivor"] == survivor]
        ax.plot(mine["stage"], [y] * len(mine), color="#BBBBBB", lw=1, zorder=1)
        hit, gap = mine[mine["evidenced"]], mine[mine["gap"]]
        rest = mine[~mine["evidenced"] & ~mine["gap"]]
        first = y == 0
        ax.scatter(hit["stage"], [y] * len(hit), s=40 + 12 * hit["passages"].clip(upper=20),
                   color="#0072B2", zorder=2,
                   label=t("analysis.fig.evidenced", lang) if first else None)
        ax.scatter(gap["stage"], [y] * len(gap), s=90, marker="X", color="#D55E00",
                   zorder=3, label=t("analysis.fig.gap", lang) if first else None)
        ax.scatter(rest["stage"], [y] * len(rest), s=40, facecolors="white",
                   edgecolors="#999999", zorder=2,
                   label=t("analysis.fig.no_evidence", lang) if first else None)
    ax.set_yticks(range(len(survivors)), survivors)
    ax.set_xticks(list(stages["stage"]), [_wrap(f"{s}. {n}", 14) for s, n in
                                          zip(stages["stage"], stages["stage_name"],
                                              strict=True)], fontsize=8)
    ax.set_ylim(-0.7, max(len(survivors), 1) - 0.3)
    ax.invert_yaxis()
    ax.set_title(t("analysis.fig.coverage", lang))
    if survivors:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


def triangulation_chart(data: ProjectLike | StudyTables, *, lang: str = "id",
                        **filters) -> Figure:
    """Passages per stage by technique, with the triangulation verdict beside each bar."""
    tri = triangulation(data, lang=lang, **filters)
    fig = Figure(figsize=(9, 0.55 * len(tri) + 1.8), layout="constrained")
    ax = fig.add_subplot()
    labels = [_wrap(f"{s}. {n}", 28) for s, n in zip(tri["stage"], tri["name"], strict=True)]
    left = np.zeros(len(tri))
    for kind in SOURCE_KINDS:
        ax.barh(labels, tri[kind].to_numpy(), left=left, color=KIND_COLOURS[kind],
                label=t(f"analysis.kind.{kind}", lang))
        left += tri[kind].to_numpy()
    for y, (total, verdict) in enumerate(zip(left, tri["verdict_label"], strict=True)):
        ax.text(total + max(left.max(), 1) * 0.01, y, verdict, va="center", fontsize=7)
    ax.set_xlim(0, max(left.max(), 1) * 1.45)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.invert_yaxis()
    ax.set_xlabel(t("analysis.fig.passages", lang))
    ax.set_title(t("analysis.fig.triangulation", lang))
    ax.legend(loc="lower right", fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    return fig


def cooccurrence_heatmap(data: ProjectLike | StudyTables, *, unit: str = "sentence",
                         codes: list[str] | None = None, jaccard: bool = False,
                         lang: str = "id", **filters) -> Figure:
    """Heatmap of code co-occurrence (stage codes by default)."""
    if codes is None:
        tables = study_tables(data, **filters)
        codes = [c.id for c in tables.codebook.stages()]
    table = cooccurrence(data, unit=unit, codes=codes, jaccard=jaccard, lang=lang, **filters)
    title = t("analysis.fig.cooccurrence", lang, unit=t(f"unit.{unit}", lang))
    return _heatmap(table, title, "", "",
                    fmt="{:.2f}" if jaccard else "{:d}")

