"""Team comparison: coverage share per category, one row per team."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from skillmatrix.core import analytics
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import style
from skillmatrix.plots.theme import LIGHT, ChartTheme

MAX_TEAMS = 60
MAX_ANNOTATED = 600  # cells; above this the percentages are left to the colour
NO_TEAM = "No team"


@dataclass(frozen=True)
class TeamShares:
    """Coverage share (0..1) per team (rows) and category (columns); NaN = not relevant."""

    teams: list[str]
    sizes: list[int]
    categories: list[str]
    share: np.ndarray


def team_shares(snapshot: Snapshot) -> TeamShares:
    """Per team, the share of each category's relevant competencies meeting their rule.

    A competency is relevant to a team when a member has a target for it (all
    competencies are when no member has any target). Coverage is computed inside the
    team: a rule of 2 people at Proficient needs 2 of the team's own members.
    """
    teams = sorted({p.team or NO_TEAM for p in snapshot.people})
    member = np.array([p.team or NO_TEAM for p in snapshot.people], dtype=object)
    cats = snapshot.categories
    cat_of = np.array([c.category for c in snapshot.competencies], dtype=object)
    share = np.full((len(teams), len(cats)), np.nan)
    sizes = []
    for t, team in enumerate(teams):
        sub = snapshot.subset(member == team)
        sizes.append(sub.shape[0])
        ok = np.array([r.status == "ok" for r in analytics.coverage(sub)])
        relevant = ~np.isnan(sub.targets).all(axis=0)
        if not relevant.any():
            relevant[:] = True
        for k, cat in enumerate(cats):
            cols = relevant & (cat_of == cat)
            if cols.any():
                share[t, k] = ok[cols].mean()
    return TeamShares(teams, sizes, cats, share)


def team_comparison(
    snapshot: Snapshot,
    *,
    max_teams: int = MAX_TEAMS,
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Heatmap of teams x categories: share of relevant competencies meeting their rule.

    Args:
        snapshot: ratings of everyone to compare (split by ``person.team``).
        max_teams: show at most this many teams (the largest), with a note.
        figsize: inches; by default the height follows the number of teams.
        dpi: dots per inch of the canvas.
        title: replaces the default title.
        theme: the chart's ground and ink (light for print, dark for a dark window).
    """
    data = team_shares(snapshot)
    keep = sorted(np.argsort(-np.array(data.sizes), kind="stable")[:max_teams])
    teams = [f"{style.truncate(data.teams[t], 24)} ({data.sizes[t]})" for t in keep]
    share = data.share[keep]
    n_t, n_c = share.shape
    cats = [style.truncate(c, 18) for c in data.categories]
    left = 0.35 + style.widest_in(teams, style.LABEL_SIZE)
    bottom = 0.35 + style.widest_in(cats, style.LABEL_SIZE) * 0.72
    cell = 0.3
    note = (
        f" · showing the {n_t} largest of {len(data.teams)} teams" if n_t < len(data.teams) else ""
    )
    subtitle = (
        "Share of each category's competencies (with a target in the team) that the team "
        "covers by its rule\n(n) = people · — = no such competency" + note
    )
    w = figsize[0] if figsize else max(left + n_c * 0.9 + 1.6, 7.0)
    top = style.title_height(subtitle, w) + 0.3
    h = figsize[1] if figsize else max(top + bottom + n_t * cell, 3.5)
    fig = style.new_figure((w, h), dpi=dpi, theme=theme)
    axis_h = max(h - top - bottom, 0.3)
    ax = fig.add_axes((left / w, bottom / h, (w - left - 1.5) / w, axis_h / h))
    cmap = colormaps["cividis"].with_extremes(bad=theme.not_rated)
    image = ax.imshow(
        np.ma.masked_invalid(share * 100),
        cmap=cmap,
        norm=Normalize(0, 100),
        aspect="auto",
        interpolation="nearest",
    )
    cell_h = axis_h / max(n_t, 1)  # inches; squeezed rows show colour, not numbers
    cell_w = (w - left - 1.5) / max(n_c, 1)
    # big cells (a few teams filling a page) get numbers to match
    cell_font = float(np.clip(min(cell_h, cell_w) * 72 * 0.22, style.SMALL_SIZE, 11.0))
    if n_t * n_c <= MAX_ANNOTATED and cell_h >= 0.17:
        for (r, c), v in np.ndenumerate(share):
            text = "—" if np.isnan(v) else f"{v * 100:.0f}%"
            dark = not np.isnan(v) and v < 0.55
            ax.text(
                c,
                r,
                text,
                ha="center",
                va="center",
                fontsize=cell_font,
                color="white" if dark else style.TEXT,  # on the cell: dark ink in any theme
                gid="on-cell",
            )
    ax.set_xticks(range(n_c), cats, rotation=45, ha="right", rotation_mode="anchor")
    k = style.stride(n_t, axis_h, style.LABEL_SIZE)  # never overlapping team names
    ax.set_yticks(range(0, n_t, k), teams[::k])
    ax.tick_params(labelsize=style.LABEL_SIZE, length=0, colors=theme.text)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(n_c + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_t + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=theme.background, linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    bar_h = min(2.5, axis_h)
    cax = fig.add_axes(((w - 1.2) / w, (bottom + axis_h - bar_h) / h, 0.15 / w, bar_h / h))
    cax.set_facecolor(theme.background)
    ax.set_facecolor(theme.background)
    cbar = fig.colorbar(image, cax=cax, ticks=[0, 25, 50, 75, 100])
    cbar.ax.set_yticklabels(["0%", "25%", "50%", "75%", "100%"], fontsize=style.SMALL_SIZE)
    cbar.outline.set_linewidth(0.5)
    cbar.outline.set_edgecolor(theme.muted)
    cax.tick_params(colors=theme.text)
    style.add_title(fig, title or f"Coverage by team — {style.scope_text(snapshot)}", subtitle)
    return fig
