"""A person's one-page profile for the 1:1.

Radar against the role target, the trend over cycles, and the growth goals with their
progress. One A4/Letter page, printable as PDF.

Built on a matplotlib Figure of its own (no pyplot), so it renders without a window; the
PDF is written next to the destination and renamed over it only when complete.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes

from skillmatrix.core.scale import Scale
from skillmatrix.plots import style
from skillmatrix.reports.atomic import new_part, os_error_text, publish
from skillmatrix.reports.errors import ReportError

#: Radar spokes at most; beyond this the largest gaps and the strongest are kept.
MAX_SPOKES = 16
#: Goal rows on the page (the rest are counted).
MAX_GOALS = 12
#: Lines of a goal's Actions cell, and the characters that fit on one.
MAX_ACTION_LINES = 3
ACTION_CHARS = 32
PAPER = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
LEVEL = style.OKABE_ITO["blue"]
TARGET = style.OKABE_ITO["vermillion"]


@dataclass(frozen=True, slots=True)
class Skill:
    """One spoke of the profile's radar: a competency's level and target."""

    competency: str
    category: str
    level: float  # NaN: not rated
    target: float  # NaN: the role sets none
    interest: float  # NaN: not given


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One cycle of the profile's trend: the mean level and target and the targets met."""

    cycle: str
    mean_level: float  # over the competencies with a target (NaN: none rated)
    mean_target: float
    met: int  # targets met
    targeted: int  # competencies with a target


@dataclass(frozen=True, slots=True)
class GoalRow:
    """One growth goal as the profile lists it."""

    competency: str
    target: int
    by: str
    action: str  # every action on one line (text output, tests)
    status: str
    progress: str
    #: One line per action ("course: SRE (done)"), drawn one under the other.
    actions: tuple[str, ...] = ()


@dataclass
class ProfileData:
    """Everything the page shows (names as the caller wants them shown)."""

    name: str
    team: str
    role: str
    seniority: str
    cycle: str
    scale: Scale
    skills: list[Skill]
    trend: list[TrendPoint] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    generated_on: date = field(default_factory=date.today)


def _rated(x: float) -> bool:
    return not math.isnan(x)


def _spokes(skills: Sequence[Skill]) -> list[Skill]:
    """The competencies the radar shows.

    Those with a target (all rated ones if the role sets none); over MAX_SPOKES, the largest
    gaps first, then the strongest.
    """
    chosen = [s for s in skills if _rated(s.target)] or [s for s in skills if _rated(s.level)]
    if len(chosen) > MAX_SPOKES:

        def gap(s: Skill) -> float:
            return (s.target if _rated(s.target) else 0) - (s.level if _rated(s.level) else 0)

        chosen = sorted(chosen, key=lambda s: (-gap(s), s.competency))[:MAX_SPOKES]
    return sorted(chosen, key=lambda s: (s.category, s.competency))


def _radar(ax: PolarAxes, data: ProfileData) -> None:
    spokes = _spokes(data.skills)
    scale = data.scale
    title = "Levels against the role target"
    pool = [s for s in data.skills if _rated(s.target)] or [s for s in data.skills
                                                            if _rated(s.level)]  # fmt: skip
    if len(spokes) < len(pool):  # say what the radar leaves out, never drop it silently
        title += f"\n{len(spokes)} of {len(pool)} shown: the largest gaps first"
    ax.set_title(title, fontsize=style.LABEL_SIZE + 1, pad=16)
    if len(spokes) < 3:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "Too few rated competencies\nwith a target for a radar",
                ha="center", va="center", transform=ax.transAxes, color=style.MUTED)  # fmt: skip
        return
    n = len(spokes)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.append(angles, angles[0])
    level = np.array([s.level if _rated(s.level) else scale.min for s in spokes], dtype=float)
    target = np.array([s.target if _rated(s.target) else np.nan for s in spokes], dtype=float)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(scale.min, scale.max)
    ax.set_yticks(range(scale.min, scale.max + 1))
    ax.set_yticklabels([str(v) for v in range(scale.min, scale.max + 1)],
                       fontsize=style.SMALL_SIZE, color=style.MUTED)  # fmt: skip
    ax.set_xticks(angles)
    ax.set_xticklabels([style.truncate(s.competency, 18) for s in spokes],
                       fontsize=style.SMALL_SIZE)  # fmt: skip
    ax.tick_params(axis="x", pad=4)
    if np.isfinite(target).any():
        t = np.where(np.isfinite(target), target, scale.min)
        ax.plot(closed, np.append(t, t[0]), color=TARGET, lw=1.4, ls="--", label="Role target")
    ax.plot(closed, np.append(level, level[0]), color=LEVEL, lw=2, marker="o", ms=3,
            label="Level now")  # fmt: skip
    ax.fill(closed, np.append(level, level[0]), color=LEVEL, alpha=0.18)
    unrated = [k for k, s in enumerate(spokes) if not _rated(s.level)]
    if unrated:
        ax.plot(angles[unrated], level[unrated], ls="none", marker="x", color=style.MUTED,
                label="Not rated")  # fmt: skip
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, frameon=False,
              fontsize=style.SMALL_SIZE)  # fmt: skip


def _trend(ax: Axes, data: ProfileData) -> None:
    ax.set_title("Trend over cycles", fontsize=style.LABEL_SIZE + 1, loc="left")
    style.style_axes(ax, grid_axis="y")
    points = data.trend
    if not points:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No earlier cycles", ha="center", va="center",
                transform=ax.transAxes, color=style.MUTED)  # fmt: skip
        return
    x = np.arange(len(points))
    ax.plot(x, [p.mean_level for p in points], color=LEVEL, marker="o", lw=2,
            label="Mean level (role competencies)")  # fmt: skip
    ax.plot(x, [p.mean_target for p in points], color=TARGET, ls="--", lw=1.4,
            label="Mean target")  # fmt: skip
    ax.set_ylim(data.scale.min, data.scale.max + 0.3)
    ax.set_xticks(x)
    ax.set_xticklabels([p.cycle for p in points], fontsize=style.SMALL_SIZE)
    ax.tick_params(axis="y", labelsize=style.SMALL_SIZE)
    ax.set_xlim(-0.5, len(points) - 0.5)
    for k, p in enumerate(points):
        if p.targeted:
            ax.annotate(f"{p.met}/{p.targeted} met", (k, data.scale.max + 0.15), ha="center",
                        fontsize=style.SMALL_SIZE, color=style.MUTED)  # fmt: skip
    ax.legend(loc="lower right", frameon=False, fontsize=style.SMALL_SIZE)


def _facts(ax: Axes, data: ProfileData) -> None:
    ax.set_axis_off()
    with_target = [s for s in data.skills if _rated(s.target)]
    met = [s for s in with_target if _rated(s.level) and s.level >= s.target]
    below = sorted(
        (s for s in with_target if not (_rated(s.level) and s.level >= s.target)),
        key=lambda s: -(s.target - (s.level if _rated(s.level) else data.scale.min)),
    )
    keen = [s.competency for s in data.skills if _rated(s.interest) and s.interest >= 2]
    strong = [s.competency for s in data.skills if _rated(s.level) and s.level >= data.scale.max]

    def level(s: Skill) -> str:
        return "not rated" if not _rated(s.level) else f"{s.level:g}"

    targets = f"{len(met)} of {len(with_target)}" if with_target else "no role target"
    lines: list[tuple[str, list[str]]] = [
        ("Targets met", [targets]),
        ("Largest gaps", [f"{s.competency} {level(s)} → {s.target:g}" for s in below[:4]]),
        ("Can teach", strong[:6]),
        ("Wants to grow in", keen[:6]),
    ]
    y = 0.95
    for label, items in lines:
        ax.text(0.0, y, label, fontsize=style.LABEL_SIZE, weight="bold", va="top",
                transform=ax.transAxes)  # fmt: skip
        wrapped = "\n".join(style.fit_text(t, 2.9, style.LABEL_SIZE) for t in items[:4])
        if len(items) > 4:
            wrapped += f"\n… and {len(items) - 4} more"
        ax.text(0.0, y - 0.06, wrapped or "–", fontsize=style.LABEL_SIZE, va="top",
                transform=ax.transAxes, color=style.TEXT, linespacing=1.4)  # fmt: skip
        y -= 0.06 + 0.055 * (wrapped.count("\n") + 1) + 0.05


def _action_lines(goal: GoalRow) -> list[str]:
    """The Actions cell of a goal, a line each (a line that does not fit is cut with …)."""
    items = list(goal.actions) or [goal.action]
    lines = [style.truncate(a, ACTION_CHARS) for a in items[:MAX_ACTION_LINES]]
    if len(items) > MAX_ACTION_LINES:
        lines[-1] = style.truncate(f"… and {len(items) - MAX_ACTION_LINES + 1} more actions",
                                   ACTION_CHARS)  # fmt: skip
    return lines


def _goals(ax: Axes, data: ProfileData) -> None:
    ax.set_axis_off()
    ax.set_title("Growth goals", fontsize=style.LABEL_SIZE + 1, loc="left")
    if not data.goals:
        ax.text(0.0, 0.85, "No growth goals yet.", fontsize=style.LABEL_SIZE,
                color=style.MUTED, transform=ax.transAxes)  # fmt: skip
        return
    # MAX_GOALS lines of table; a goal takes a line per action (at most MAX_ACTION_LINES).
    shown: list[tuple[GoalRow, list[str]]] = []
    used = 0
    for g in data.goals:
        lines = _action_lines(g)
        if used + len(lines) > MAX_GOALS:
            break
        shown.append((g, lines))
        used += len(lines)
    rows = [
        [style.truncate(g.competency, 20), str(g.target), g.by, "\n".join(lines), g.status,
         style.truncate(g.progress, 38)]
        for g, lines in shown
    ]  # fmt: skip
    table = ax.table(
        cellText=rows,
        colLabels=["Competency", "Target", "By", "Actions", "Status", "Progress"],
        # Progress is "missed: from 1 to 4, now 2 (2026-Q3)"; Actions lists several
        # ("mentor: Bo; course: SRE (done)"): the two widest columns.
        colWidths=[0.19, 0.06, 0.08, 0.30, 0.10, 0.27],
        loc="upper left",
        cellLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(style.SMALL_SIZE)
    table.scale(1, 1.35)
    for (r, _c), cell in table.get_celld().items():
        if r > 0:  # a row as tall as its lines of actions
            cell.set_height(cell.get_height() * len(shown[r - 1][1]))
        cell.set_edgecolor(style.GRID)
        if r == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor("#f2f2f2")
    if len(data.goals) > len(shown):
        ax.text(0.0, 0.0, f"… and {len(data.goals) - len(shown)} more goals",
                fontsize=style.SMALL_SIZE, color=style.MUTED, transform=ax.transAxes)  # fmt: skip


def profile_figure(data: ProfileData, *, paper: str = "A4") -> Figure:
    """The one-page profile as a Figure (portrait ``paper``)."""
    fig = style.new_figure(PAPER.get(paper, PAPER["A4"]), dpi=100)
    who = ", ".join(x for x in (data.team, f"{data.seniority} {data.role}".strip()) if x)
    fig.text(0.06, 0.965, data.name, fontsize=style.TITLE_SIZE + 4, weight="bold", va="top")
    fig.text(0.06, 0.935, f"{who} · {data.cycle}" if who else data.cycle,
             fontsize=style.LABEL_SIZE + 1, color=style.MUTED, va="top")  # fmt: skip
    fig.text(0.94, 0.965, f"1:1 profile · {data.generated_on:%d %b %Y}",
             fontsize=style.SMALL_SIZE, color=style.MUTED, ha="right", va="top")  # fmt: skip
    radar = fig.add_axes((0.1, 0.55, 0.44, 0.29), projection="polar")
    assert isinstance(radar, PolarAxes)
    _radar(radar, data)
    _facts(fig.add_axes((0.63, 0.55, 0.32, 0.33)), data)
    _trend(fig.add_axes((0.08, 0.33, 0.86, 0.15)), data)
    _goals(fig.add_axes((0.06, 0.04, 0.88, 0.24)), data)
    fig.text(0.5, 0.012, f"Levels {data.scale.min}-{data.scale.max}: " + ", ".join(
        f"{v} {data.scale.label(v)}" for v in range(data.scale.min, data.scale.max + 1)),
        fontsize=style.SMALL_SIZE - 1, color=style.MUTED, ha="center")  # fmt: skip
    return fig


def write_profile_pdf(path: str | Path, data: ProfileData, *, paper: str = "A4") -> Path:
    """Write the profile as a one-page PDF; replaced atomically.

    Raises:
        ReportError: the folder is missing or the file cannot be written.
    """
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise ReportError(f"{path}: the profile is a PDF, name it *.pdf")
    if not path.parent.is_dir():
        raise ReportError(f"cannot write {path}: the folder {path.parent} does not exist")
    fig = profile_figure(data, paper=paper)
    try:
        part = new_part(path)
        try:
            fig.savefig(part, format="pdf", metadata={"Title": f"Profile · {data.name}",
                                                      "Creator": "SkillMatrix"})  # fmt: skip
            publish(part, path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {os_error_text(exc)}") from None
    return path
