"""The charts Insights offers, what data each needs and how each is built (no Qt).

Only :func:`build` imports matplotlib (through :mod:`skillmatrix.plots`), so the view
can show itself, and a progress state, before matplotlib has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import registry
from skillmatrix.ui.insights.data import Key

if TYPE_CHECKING:  # matplotlib is imported by build() only: the view opens without it
    from matplotlib.figure import Figure

    from skillmatrix.plots.theme import ChartTheme


@dataclass(frozen=True, slots=True)
class ChartKind:
    """One entry of the chart chooser.

    Attributes:
        key: stable name ("heatmap", "coverage", ...), also used in file names.
        label: what the chooser shows.
        fit: "fill" (takes the visible area), "natural" (visible width, own height) or
            "grow" (the visible area, or its own height when that is taller).
        options: which options it takes: "order", "competency_order", "person".
        default_order: its default person order.
    """

    key: str
    label: str
    fit: str
    options: tuple[str, ...] = ()
    default_order: str = "team"


#: The chooser's charts: every chart of the one registry the command line and the report
#: read too (a chart added there appears here; :func:`build` must draw it).
CHARTS: tuple[ChartKind, ...] = tuple(
    ChartKind(c.key, c.title, c.fit, c.options, c.default_order) for c in registry.CHARTS
)
BY_KEY: dict[str, ChartKind] = {k.key: k for k in CHARTS}
#: Person and competency orders offered in the chooser (first = default).
PERSON_ORDERS: tuple[str, ...] = ("team", "role", "seniority", "gap", "name")
COMPETENCY_ORDERS: tuple[str, ...] = ("category", "coverage")


@dataclass
class ChartInput:
    """The snapshots one chart is drawn from.

    Attributes:
        snapshot: the current scope (cycle, team, source).
        trend: the scope in every cycle, oldest first (trend only).
        everyone: the current cycle for all teams (team comparison only).
        self_ratings: self-assessments of the current scope (self vs manager only).
        manager: manager ratings of the current scope (self vs manager only).
    """

    snapshot: Snapshot
    trend: list[Snapshot] = field(default_factory=list)
    everyone: Snapshot | None = None
    self_ratings: Snapshot | None = None
    manager: Snapshot | None = None


@dataclass(frozen=True)
class Needs:
    """The snapshot keys behind each :class:`ChartInput` field (None: not needed)."""

    snapshot: Key
    trend: list[Key] = field(default_factory=list)
    everyone: Key | None = None
    self_ratings: Key | None = None
    manager: Key | None = None

    def keys(self) -> list[Key]:
        """Every key, without repeats."""
        optional = (self.everyone, self.self_ratings, self.manager)
        return list(dict.fromkeys([self.snapshot, *self.trend, *(k for k in optional if k)]))


def needed_keys(kind: str, scope: Key, trend: list[Key]) -> Needs:
    """The snapshot keys chart ``kind`` needs.

    Args:
        kind: a chart key.
        scope: the current (cycle, team, source).
        trend: the scope's key in every cycle, oldest first.
    """
    if kind == "trend":
        return Needs(scope, trend=trend)
    if kind == "teams":
        return Needs(scope, everyone=scope._replace(team=None))
    if kind == "agreement":
        return Needs(
            scope,
            manager=scope._replace(source="manager"),
            self_ratings=scope._replace(source="self"),
        )
    return Needs(scope)


def empty_message(kind: str, data: ChartInput, options: dict[str, Any]) -> str | None:
    """Why ``kind`` cannot be drawn now (one line for the user), or None when it can."""
    snap = data.snapshot
    if snap.cycle is None:
        return "No assessment cycle yet: start one (Cycle › Start First Cycle…) to see insights."
    if not snap.competencies:
        return "No competencies yet: install a role framework first."
    if not snap.people:
        return f"Nobody in {snap.team or 'any team'} yet: add people in the Team view."
    if kind == "profile":
        pid = options.get("person")
        if pid is None or pid not in snap._person_index:
            return "Choose a person to see their profile."
    if kind == "trend" and len(data.trend) < 2:
        return "The trend needs at least two cycles; this is the first one."
    if kind == "teams":
        everyone = data.everyone or snap
        if len({p.team for p in everyone.people}) < 2:
            return "The team comparison needs people in at least two teams."
    if kind == "agreement":
        own = data.self_ratings
        if own is None or not np.isfinite(own.levels).any():
            return f"No self-assessments in {snap.cycle.name} yet."
    return None


def build(
    kind: str,
    data: ChartInput,
    options: dict[str, Any],
    figsize: tuple[float, float] | None,
    dpi: float = 100,
    theme: ChartTheme | None = None,
) -> Figure:
    """Build chart ``kind`` (check :func:`empty_message` first).

    Args:
        kind: a chart key (not "heatmap": that one is kept and updated in place).
        data: the snapshots.
        options: "order", "competency_order", "person" as the chart takes them.
        figsize: inches; None for the chart's own size.
        dpi: dots per inch.
        theme: the chart theme (light when None).
    """
    from skillmatrix import plots
    from skillmatrix.plots.theme import LIGHT

    look: dict[str, Any] = {"dpi": dpi, "theme": theme or LIGHT}
    snap = data.snapshot
    order = options.get("order", BY_KEY[kind].default_order)
    comp_order = options.get("competency_order", "category")
    if kind == "heatmap":
        return plots.heatmap(
            snap, order=order, competency_order=comp_order, figsize=figsize, **look
        )
    if kind == "coverage":
        return plots.coverage_chart(snap, figsize=figsize, **look)
    if kind == "gaps":
        return plots.gap_heatmap(
            snap, order=order, competency_order=comp_order, figsize=figsize, **look
        )
    if kind == "profile":
        return plots.person_profile(snap, int(options["person"]), figsize=figsize, **look)
    if kind == "trend":
        return plots.trend_chart(data.trend, figsize=figsize, **look)
    if kind == "teams":
        return plots.team_comparison(data.everyone or snap, figsize=figsize, **look)
    if kind == "agreement":
        manager = data.manager or snap
        assert data.self_ratings is not None
        return plots.self_vs_manager(
            manager,
            data.self_ratings,
            order=order,
            competency_order=comp_order,
            figsize=figsize,
            **look,
        )
    raise ValueError(f"unknown chart {kind!r}")


def natural_signature(kind: str, data: ChartInput, options: dict[str, Any]) -> tuple[Any, ...]:
    """What a chart's own height depends on (its height is cached under this)."""
    snap = data.everyone if kind == "teams" and data.everyone else data.snapshot
    return (kind, snap.shape, options.get("person"), snap.cycle.id if snap.cycle else None)


def file_stem(kind: str, snapshot: Snapshot) -> str:
    """A file name (no suffix) saying what the chart shows, e.g. "coverage-Payments-2026-Q3"."""
    parts = [kind, snapshot.team or "all-teams"]
    if snapshot.cycle is not None:
        parts.append(snapshot.cycle.name)
    text = "-".join(parts)
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
