"""Gap heatmap: how far each person is below their role target, per competency."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import ordering, style
from skillmatrix.plots._matrix import AxisSpec, MatrixPlot
from skillmatrix.plots.skills import (
    matrix_figsize,
    na_legend_patch,
    not_in_role_patch,
    not_rated_patch,
)
from skillmatrix.plots.theme import LIGHT, ChartTheme

#: 0 (on or above target) is a quiet blue; 1.. levels below grow from light to dark orange.
ON_TARGET = "#cfe3f3"
GAP_RAMP = ("#fdd49e", "#fc8d59", "#d7301f", "#7f0000", "#4d0000", "#2b0000")


def gap_values(snapshot: Snapshot) -> np.ndarray:
    """(P, C) ``max(0, target - level)`` where both exist and the cell is not N/A, else NaN."""
    with np.errstate(invalid="ignore"):
        gap: np.ndarray = np.maximum(snapshot.targets - snapshot.levels, 0.0)
    gap[snapshot.not_applicable] = np.nan
    return gap


def gap_heatmap(
    snapshot: Snapshot,
    *,
    order: str = "gap",
    competency_order: str = "category",
    only_targeted: bool = True,
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Each person's gap to their role target (0 = on or above target).

    Not rated cells with a target are grey (they count as a full gap in the totals of
    :func:`skillmatrix.core.analytics.person_gaps`, but the chart does not guess a level),
    N/A cells are white with a slash, cells without a target (not in the person's role)
    a very light grey.

    Args:
        snapshot: the ratings and targets.
        order: person order (see :func:`skillmatrix.plots.ordering.person_order`);
            by default the largest total gap first.
        competency_order: competency order (see
            :func:`skillmatrix.plots.ordering.competency_order`).
        only_targeted: leave out competencies nobody has a target for.
        figsize: inches; by default sized to the matrix and its labels.
        dpi: dots per inch of the canvas.
        title: replaces the default title.
        theme: the chart's ground and ink (light for print, dark for a dark window).
    """
    rows = ordering.person_order(snapshot, order)
    cols = ordering.competency_order(snapshot, competency_order)
    if only_targeted:
        targeted = ~np.isnan(snapshot.targets).all(axis=0)
        cols = cols[targeted[cols]]
    fig = style.new_figure(
        figsize or matrix_figsize(len(rows), max(len(cols), 1)), dpi=dpi, theme=theme
    )
    scale = snapshot.scale
    max_gap = scale.max - scale.min
    colors = [ON_TARGET, *GAP_RAMP[:max_gap]]
    cmap, norm = style.discrete_cmap(colors, 0, bad=theme.not_rated, over=theme.not_in_role)
    labels = ["0 on target"] + [f"{g} below" for g in range(1, max_gap + 1)]
    people = [snapshot.people[i] for i in rows]
    comps = [snapshot.competencies[j] for j in cols]
    legend = [
        not_rated_patch(theme=theme),
        not_in_role_patch(theme=theme),
        na_legend_patch(theme=theme),
    ]
    below = int((gap_values(snapshot)[np.ix_(rows, cols)] > 0).sum())
    plot = MatrixPlot(
        fig,
        rows=AxisSpec([p.name for p in people], ordering.person_bands(snapshot, rows, order)),
        cols=AxisSpec(
            [("★ " if c.critical else "") + c.name for c in comps],
            ordering.category_bands(snapshot, cols),
        ),
        cmap=cmap,
        norm=norm,
        cbar_ticks=list(range(max_gap + 1)),
        cbar_labels=labels,
        cbar_title="Levels below target",
        legend=legend,
        title=title or f"Gaps to role targets — {style.scope_text(snapshot)}",
        subtitle=f"{below} ratings below target · people by {order} · ★ critical",
    )
    sub = np.ix_(rows, cols)
    targets = snapshot.targets[sub]
    na = snapshot.not_applicable[sub]
    plot.set_values(gap_values(snapshot)[sub], under=na, over=np.isnan(targets) & ~na)
    plot.set_marks(np.zeros(targets.shape, dtype=bool))
    if figsize is None:
        plot.fit()
    return fig
