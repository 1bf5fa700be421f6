"""Person profile: one person's levels against their role target, with their interest."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from skillmatrix.core.model import seniority_text
from skillmatrix.core.scale import INTEREST_LABELS, INTEREST_MAX
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import ordering, style
from skillmatrix.plots.theme import LIGHT, ChartTheme

BELOW = style.OKABE_ITO["vermillion"]
MEETS = style.OKABE_ITO["blue"]
NO_TARGET_BAR = "#9ecae1"


def interest_text(value: float) -> str:
    """Interest as filled and empty dots ("" when not given)."""
    if np.isnan(value):
        return ""
    k = int(value)
    return "●" * k + "○" * (INTEREST_MAX - k)


def profile_rows(snapshot: Snapshot, i: int, *, only_targeted: bool) -> np.ndarray:
    """Competency indices shown for person ``i``, grouped by category."""
    cols = ordering.competency_order(snapshot, "category")
    if only_targeted:
        keep = ~np.isnan(snapshot.targets[i, cols]) | ~np.isnan(snapshot.levels[i, cols])
        cols = cols[keep]
    return cols


def person_profile(
    snapshot: Snapshot,
    person_id: int,
    *,
    only_targeted: bool = True,
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Horizontal bars of one person's levels, a tick at the role target, interest dots.

    Bars are vermillion below target, blue at or above it, light blue where the role
    sets no target; not rated and N/A rows say so instead of drawing a bar.

    Args:
        snapshot: the ratings.
        person_id: the person's id (not index).
        only_targeted: show only competencies with a target or a rating.
        figsize: inches; by default the height follows the number of rows.
        dpi: dots per inch of the canvas.
        title: replaces the default title.
        theme: the chart's ground and ink (light for print, dark for a dark window).
    """
    i = snapshot.person_index(person_id)
    person = snapshot.people[i]
    cols = profile_rows(snapshot, i, only_targeted=only_targeted)
    cats = ordering.category_bands(snapshot, cols)
    # one row per competency plus a header row per category
    y_of = np.empty(len(cols))
    headers: list[tuple[float, str]] = []
    y = 0.0
    for band in cats:
        headers.append((y, band.label))
        y += 1
        for k in range(band.start, band.stop):
            y_of[k] = y
            y += 1
    n_rows = max(int(y), 3)
    fig = style.new_figure(figsize or (9.0, 1.9 + 0.21 * n_rows), dpi=dpi, theme=theme)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    style.style_axes(ax, grid_axis="x")
    scale = snapshot.scale
    levels = snapshot.levels[i, cols]
    targets = snapshot.targets[i, cols]
    na = snapshot.not_applicable[i, cols]
    with np.errstate(invalid="ignore"):
        colors = np.where(
            np.isnan(targets), NO_TARGET_BAR, np.where(levels < targets, BELOW, MEETS)
        )
    ax.barh(
        y_of,
        np.nan_to_num(levels, nan=0.0),
        height=0.65,
        color=list(colors),
        zorder=2,
        label="_levels",
    )
    has_t = ~np.isnan(targets)
    ax.scatter(
        targets[has_t],
        y_of[has_t],
        marker="|",
        s=(0.21 * 72 * 0.95) ** 2,
        color=theme.ink,
        linewidths=1.8,
        zorder=3,
    )
    interest = snapshot.interest[i, cols]
    x_int = scale.max + 0.9
    for k in range(len(cols)):
        if na[k]:
            text, color, font = "n/a", theme.muted, "italic"
        elif np.isnan(levels[k]):
            text, color, font = "not rated", theme.muted, "italic"
        elif levels[k] == scale.min:  # a zero-length bar: say the level
            below_k = colors[k] == BELOW  # the bar's status, in a colour text can take
            color = (
                theme.muted
                if np.isnan(targets[k])
                else theme.status_text["gap" if below_k else "ok"]
            )
            text, font = f"{scale.min} {scale.label(scale.min)}", "normal"
        else:
            text, color, font = "", theme.text, "normal"
        if text:
            ax.text(
                scale.min + 0.05,
                y_of[k],
                text,
                va="center",
                fontsize=style.SMALL_SIZE,
                color=color,
                style=font,
                fontweight="bold" if font == "normal" else None,
            )
        ax.text(
            x_int,
            y_of[k],
            interest_text(interest[k]),
            va="center",
            ha="left",
            fontsize=style.SMALL_SIZE,
            color=style.OKABE_ITO["green"],
        )
    for y_h, label in headers:
        ax.text(
            -0.02,
            y_h,
            label,
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=style.LABEL_SIZE,
            fontweight="bold",
            color=theme.text,
        )
    ax.text(
        x_int,
        -1.0,
        "Interest",
        ha="left",
        va="center",
        fontsize=style.SMALL_SIZE,
        color=theme.muted,
    )
    names = [
        ("★ " if snapshot.competencies[j].critical else "")
        + style.truncate(snapshot.competencies[j].name, 36)
        for j in cols
    ]
    ax.set_yticks(y_of, names)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(n_rows - 0.5, -1.5)
    ax.set_xlim(scale.min, x_int + 0.9)
    ax.set_xticks(
        [lv.value for lv in scale.levels], [f"{lv.value} {lv.label}" for lv in scale.levels]
    )
    ax.spines["left"].set_visible(False)
    style.axis_on_top(ax)  # a tall chart scrolls: its scale is read at the top first

    w, h = fig.get_size_inches()
    left = 0.35 + style.widest_in(names, style.LABEL_SIZE)
    with np.errstate(invalid="ignore"):
        below = int(np.sum(levels < targets))
    unrated = int(np.sum(has_t & np.isnan(levels) & ~na))
    top = style.add_title(
        fig,
        title or f"{person.name} — {seniority_text(person.seniority)} {person.role}".rstrip(),
        f"{style.scope_text(snapshot)} · {below} of {int(has_t.sum())} targets not met"
        f"{f', {unrated} not rated' if unrated else ''} · "
        f"interest: {' · '.join(f'{interest_text(k)} {v}' for k, v in INTEREST_LABELS.items())}",
        max_lines=4,
    )
    legend = [
        Patch(color=BELOW, label="Below target"),
        Patch(color=MEETS, label="Meets target"),
        Patch(color=NO_TARGET_BAR, label="No target"),
        Line2D(
            [],
            [],
            color=theme.ink,
            marker="|",
            linestyle="",
            markersize=10,
            markeredgewidth=1.8,
            label="Role target",
        ),
    ]
    top = style.add_legend(fig, legend, top) + 0.1 + style.TOP_TICKS_IN
    bottom = 0.35
    ax.set_position((left / w, bottom / h, (w - left - 0.25) / w, max(h - top - bottom, 0.5) / h))
    return fig
