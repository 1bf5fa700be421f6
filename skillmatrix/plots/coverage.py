"""Coverage chart: per competency, people at or above the rule level vs people required."""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from skillmatrix.core import analytics
from skillmatrix.core.analytics import CoverageRow, worst_first
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import style
from skillmatrix.plots.theme import LIGHT, ChartTheme

MAX_ROWS = 80
_STATUSES = ("gap", "at-risk", "ok")


def row_label(row: CoverageRow) -> str:
    """Competency name, starred when critical."""
    return ("★ " if row.competency.critical else "") + style.truncate(row.competency.name, 40)


def end_label(row: CoverageRow) -> str:
    """Text at the end of a bar: covered/required and GAP or SPOF when it applies."""
    text = f"{row.covered}/{row.required}"
    if row.covered == 0:
        return text + "  GAP: nobody"
    if row.covered == 1:
        return text + "  SPOF: only " + style.truncate(row.coverers[0].name, 24)
    return text


def coverage_chart(
    snapshot: Snapshot,
    *,
    max_rows: int = MAX_ROWS,
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Horizontal bars of coverage per competency, worst first, with the required number.

    Bars show people at or above each competency's rule level
    (:func:`skillmatrix.core.analytics.coverage`); a black tick marks the people
    required; gaps and single points of failure are coloured and labelled; critical
    competencies are starred and bold.

    Args:
        snapshot: the ratings.
        max_rows: show at most this many competencies (the worst), with a note.
        figsize: inches; by default the height follows the number of rows.
        dpi: dots per inch of the canvas.
        title: replaces the default title.
        theme: the chart's ground and ink (light for print, dark for a dark window).
    """
    all_rows = worst_first(analytics.coverage(snapshot))
    rows = all_rows[:max_rows]
    n = len(rows)
    fig = style.new_figure(figsize or (10.0, 2.0 + 0.22 * max(n, 3)), dpi=dpi, theme=theme)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    style.style_axes(ax, grid_axis="x")
    y = np.arange(n)
    covered = [r.covered for r in rows]
    colors = [style.STATUS_COLORS[r.status] for r in rows]
    ax.barh(y, covered, height=0.7, color=colors, zorder=2)
    required = [r.required for r in rows]
    ax.scatter(
        required, y, marker="|", s=(0.22 * 72 * 0.9) ** 2, color=theme.ink, linewidths=1.6, zorder=3
    )
    x_max = max([*covered, *required, 1])
    for k, r in enumerate(rows):
        ax.text(
            max(r.covered, r.required) + x_max * 0.015,
            k,
            end_label(r),
            va="center",
            fontsize=style.SMALL_SIZE,
            color=theme.status_text[r.status] if r.covered <= 1 else theme.muted,
            fontweight="bold" if r.covered <= 1 else "normal",
        )
    ax.set_yticks(y, [row_label(r) for r in rows])
    for tick, r in zip(ax.get_yticklabels(), rows, strict=True):
        if r.competency.critical:
            tick.set_fontweight("bold")
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, x_max * 1.35 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.set_xlabel("People at or above the rule level", fontsize=style.LABEL_SIZE)
    ax.tick_params(axis="y", length=0)
    style.axis_on_top(ax)  # a tall chart scrolls: its scale is read at the top first

    w, h = fig.get_size_inches()
    labels = [row_label(r) for r in rows]
    left = 0.3 + style.widest_in(labels, style.LABEL_SIZE, bold=True)
    counts = {s: sum(r.status == s for r in all_rows) for s in _STATUSES}
    spofs = sum(r.covered == 1 for r in all_rows)
    note = f" · showing the {n} worst of {len(all_rows)}" if len(all_rows) > n else ""
    pooled = snapshot.team is None and len({p.team for p in snapshot.people if p.team}) > 1
    scope = " · people of all teams pooled: pick a team to judge it within one" if pooled else ""
    top = style.add_title(
        fig,
        title or f"Coverage — {style.scope_text(snapshot)}",
        f"{counts['gap']} with nobody, {counts['at-risk']} below rule ({spofs} single "
        f"points of failure), {counts['ok']} meet it{note}{scope}",
    )
    legend: list[Artist] = [
        Patch(color=style.STATUS_COLORS[s], label=style.STATUS_LABELS[s]) for s in _STATUSES
    ]
    legend += [
        Line2D(
            [],
            [],
            color=theme.ink,
            marker="|",
            linestyle="",
            markersize=10,
            markeredgewidth=1.6,
            label="People required",
        ),
        Line2D([], [], linestyle="", marker="$★$", color=theme.text, label="Critical"),
    ]
    top = style.add_legend(fig, legend, top) + 0.08 + style.TOP_AXIS_IN
    bottom = 0.35
    ax.set_position((left / w, bottom / h, (w - left - 0.3) / w, max(h - top - bottom, 0.5) / h))
    return fig
