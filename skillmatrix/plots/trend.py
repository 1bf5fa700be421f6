"""Trend across cycles: coverage share and average level per category."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from skillmatrix.core import analytics
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import style
from skillmatrix.plots.theme import LIGHT, ChartTheme


@dataclass(frozen=True)
class CategoryStats:
    """Per category (rows) and cycle (columns): share meeting the rule and mean level."""

    categories: list[str]
    cycles: list[str]
    coverage_share: np.ndarray  # (K, N) 0..1, NaN where the category is absent
    mean_level: np.ndarray  # (K, N), NaN where nothing is rated


def category_stats(snapshot: Snapshot, categories: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(share of competencies meeting their rule, mean rated level) per category.

    The mean is over every rated cell of the category (N/A and not rated excluded).
    """
    rows = analytics.coverage(snapshot)
    ok = np.array([r.status == "ok" for r in rows], dtype=float)
    cat = np.array([c.category for c in snapshot.competencies], dtype=object)
    levels = np.where(snapshot.not_applicable, np.nan, snapshot.levels)
    share = np.full(len(categories), np.nan)
    mean = np.full(len(categories), np.nan)
    for k, name in enumerate(categories):
        cols = cat == name
        if cols.any():
            share[k] = ok[cols].mean()
            cells = levels[:, cols]
            rated = cells[~np.isnan(cells)]
            mean[k] = rated.mean() if rated.size else np.nan
    return share, mean


def trend_stats(snapshots: Sequence[Snapshot]) -> CategoryStats:
    """:func:`category_stats` for each snapshot (oldest first), over all their categories."""
    categories = list(dict.fromkeys(c for s in snapshots for c in s.categories))
    cycles = [s.cycle.name if s.cycle else f"Cycle {k + 1}" for k, s in enumerate(snapshots)]
    share = np.full((len(categories), len(snapshots)), np.nan)
    mean = np.full_like(share, np.nan)
    for n, snap in enumerate(snapshots):
        share[:, n], mean[:, n] = category_stats(snap, categories)
    return CategoryStats(categories, cycles, share, mean)


def trend_chart(
    snapshots: Sequence[Snapshot],
    *,
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Two panels over cycles: rules met and average level, one line per category.

    The first is the share of competencies meeting their coverage rule. Colour and marker
    both differ between lines.

    Args:
        snapshots: one snapshot per cycle, oldest first.
        figsize: inches.
        dpi: dots per inch of the canvas.
        title: replaces the default title.
        theme: the chart's ground and ink (light for print, dark for a dark window).

    Raises:
        ValueError: no snapshots.
    """
    if not snapshots:
        raise ValueError("a trend needs at least one cycle")
    stats = trend_stats(snapshots)
    fig = style.new_figure(figsize or (10.0, 7.0), dpi=dpi, theme=theme)
    w, h = fig.get_size_inches()
    legend_w = 0.7 + style.text_width_in(
        max(stats.categories, key=len, default=""), style.LABEL_SIZE
    )
    scale = snapshots[-1].scale
    level_w = style.text_width_in(
        max((f"{lv.value} {lv.label}" for lv in scale.levels), key=len), style.LABEL_SIZE
    )
    left, right, top, bottom, gap = level_w + 0.55, legend_w + 0.2, 1.0, 0.55, 0.45
    panel_h = (h - top - bottom - gap) / 2
    axes = [
        fig.add_axes((left / w, (bottom + panel_h + gap) / h, (w - left - right) / w, panel_h / h)),
        fig.add_axes((left / w, bottom / h, (w - left - right) / w, panel_h / h)),
    ]
    x = np.arange(len(stats.cycles))
    n_cat = len(stats.categories)
    # the black line of the cycle would vanish on a dark ground: it takes the text colour
    lines = [theme.text if c == style.OKABE_ITO["black"] else c for c in style.CATEGORICAL]
    values = (stats.coverage_share * 100, stats.mean_level)
    for ax, data in zip(axes, values, strict=True):
        style.style_axes(ax, grid_axis="y")
        for k, name in enumerate(stats.categories):
            dodge = (k - (n_cat - 1) / 2) * min(0.03, 0.3 / max(n_cat, 1))  # equal values
            ax.plot(
                x + dodge,
                data[k],
                color=lines[k % len(lines)],
                marker=style.MARKERS[k % len(style.MARKERS)],
                markersize=5,
                linestyle=("-", "--", ":")[(k // len(style.CATEGORICAL)) % 3],
                linewidth=1.6,
                label=name,
            )
        ax.set_xticks(x, stats.cycles)
        ax.set_xlim(-0.3, len(x) - 0.7)
    axes[0].set_ylim(-3, 103)
    axes[0].set_ylabel("% meeting coverage rule", fontsize=style.LABEL_SIZE)
    axes[0].set_title(
        "Competencies meeting their coverage rule",
        loc="left",
        fontsize=style.LABEL_SIZE + 1,
        color=theme.text,
    )
    axes[0].tick_params(labelbottom=False)
    axes[1].set_ylim(scale.min - 0.1, scale.max + 0.1)
    axes[1].set_yticks(
        [lv.value for lv in scale.levels], [f"{lv.value} {lv.label}" for lv in scale.levels]
    )
    axes[1].set_title(
        "Average rated level", loc="left", fontsize=style.LABEL_SIZE + 1, color=theme.text
    )
    fig.legend(
        handles=axes[0].get_lines(),
        loc="upper left",
        frameon=False,
        fontsize=style.LABEL_SIZE,
        title="Category",
        title_fontsize=style.LABEL_SIZE,
        bbox_to_anchor=((w - right + 0.2) / w, 1 - top / h),
        labelcolor=theme.text,
    ).get_title().set_color(theme.text)
    first, last = stats.cycles[0], stats.cycles[-1]
    span = first if len(stats.cycles) == 1 else f"{first} to {last}"
    team = snapshots[-1].team or "All teams"
    latest = snapshots[-1]
    pooled = latest.team is None and len({p.team for p in latest.people if p.team}) > 1
    style.add_title(
        fig,
        title or f"Trend by category — {team} · {span}",
        f"{len(snapshots)} cycles, oldest on the left"
        + (" · coverage judged over all teams pooled (org-wide)" if pooled else ""),
    )
    return fig
