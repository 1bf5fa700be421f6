"""Self vs manager: where a person's self-assessment differs from their manager's rating."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import ordering, style
from skillmatrix.plots._matrix import AxisSpec, MatrixPlot
from skillmatrix.plots.skills import matrix_figsize, na_legend_patch
from skillmatrix.plots.theme import LIGHT, ChartTheme

#: Differences of 2+ levels stand out; 0 and 1 stay pale. Purple: manager higher;
#: orange: self higher (PuOr, a colour-blind-safe diverging ColorBrewer scheme).
MANAGER_HIGHER = ("#2d004b", "#542788", "#8073ac", "#d8daeb")
SELF_HIGHER = ("#fee0b6", "#e08214", "#b35806", "#7f3b08")
AGREE = "#f7f7f7"
BIG = 2
#: Every marked cell is a strong colour, so a white box shows on all of them.
BIG_MARK = {"marker": "s", "facecolors": "none", "edgecolors": "#ffffff", "linewidths": 1.0}


def aligned(manager: Snapshot, self_: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(self - manager differences, either-N/A mask, manager person indices).

    People and competencies are matched by id; the result is in the manager snapshot's
    order, restricted to people present in both (competencies missing from the self
    snapshot count as not rated there).
    """
    rows = [i for i, p in enumerate(manager.people) if p.id in self_._person_index]
    s_rows = [self_.person_index(manager.people[i].id) for i in rows]
    s_cols = [self_._competency_index.get(c.id, -1) for c in manager.competencies]
    shape = (len(rows), len(manager.competencies))
    s_levels = np.full(shape, np.nan)
    s_na = np.zeros(shape, dtype=bool)
    have = [k for k, j in enumerate(s_cols) if j >= 0]
    if rows and have:
        src = np.ix_(s_rows, [s_cols[k] for k in have])
        s_levels[:, have] = self_.levels[src]
        s_na[:, have] = self_.not_applicable[src]
    diff = s_levels - manager.levels[rows]
    return diff, s_na | manager.not_applicable[rows], np.array(rows, dtype=np.intp)


def self_vs_manager(
    manager: Snapshot,
    self_assessment: Snapshot,
    *,
    order: str = "team",
    competency_order: str = "category",
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Diverging heatmap of self rating minus manager rating; |difference| >= 2 boxed.

    Args:
        manager: the manager's ratings (defines people, order and title).
        self_assessment: the same cycle's self-ratings.
        order: person order (see :func:`skillmatrix.plots.ordering.person_order`).
        competency_order: competency order (see
            :func:`skillmatrix.plots.ordering.competency_order`).
        figsize: inches; by default sized to the matrix and its labels.
        dpi: dots per inch of the canvas.
        title: replaces the default title.
        theme: the chart's ground and ink (light for print, dark for a dark window).
    """
    diff, na, kept = aligned(manager, self_assessment)
    sub = manager.subset(np.isin(np.arange(manager.shape[0]), kept))
    rows = ordering.person_order(sub, order)
    cols = ordering.competency_order(sub, competency_order)
    diff, na = diff[np.ix_(rows, cols)], na[np.ix_(rows, cols)]
    diff[na] = np.nan
    span = manager.scale.max - manager.scale.min
    colors = [*MANAGER_HIGHER[-span:], AGREE, *SELF_HIGHER[:span]]
    cmap, norm = style.discrete_cmap(colors, -span, bad=theme.not_rated)
    ticks = list(range(-span, span + 1))
    labels = [f"{t:+d}".replace("-", "−") if t else "0" for t in ticks]
    paired = int((~np.isnan(diff)).sum())
    big = np.abs(np.nan_to_num(diff)) >= BIG
    n_big = int(big.sum())
    higher = int((np.nan_to_num(diff) >= BIG).sum())
    fig = style.new_figure(figsize or matrix_figsize(*diff.shape), dpi=dpi, theme=theme)
    legend = [
        Patch(facecolor=theme.not_rated, label="Not rated by one or both"),
        na_legend_patch("N/A on either side", theme),
        Line2D(
            [],
            [],
            linestyle="",
            marker="s",
            markersize=9,
            markerfacecolor=SELF_HIGHER[2],
            markeredgecolor="white",
            markeredgewidth=1.2,
            label=f"Differ by {BIG}+ levels",
        ),
    ]
    plot = MatrixPlot(
        fig,
        rows=AxisSpec([sub.people[i].name for i in rows], ordering.person_bands(sub, rows, order)),
        cols=AxisSpec([sub.competencies[j].name for j in cols], ordering.category_bands(sub, cols)),
        cmap=cmap,
        norm=norm,
        cbar_ticks=ticks,
        cbar_labels=labels,
        cbar_title="Self − manager:  − manager rated higher · 0 agree · + self rated higher",
        legend=legend,
        title=title or f"Self vs manager ratings — {style.scope_text(manager)}",
        subtitle=f"{n_big} of {paired} paired ratings differ by {BIG}+ levels "
        f"({higher} rated higher by self, {n_big - higher} by the manager)",
        mark_style=BIG_MARK,
    )
    plot.note = "boxes hidden at this size: look for the dark cells"
    plot.set_values(diff, under=na)
    plot.set_marks(big)
    if figsize is None:
        plot.fit()
    else:
        plot.layout()
    return fig
