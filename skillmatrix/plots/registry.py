"""Every chart the app offers, in one list.

The command line (``skillmatrix plot``), the Insights chart chooser and the report's Charts
sheet all read it, so none of them can offer a chart the others have never heard of.

Importing this module does not import matplotlib: the command line builds its parser
from it at start-up. :meth:`ChartSpec.builder` imports the drawing function when needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Literal

#: What a chart is drawn from:
#: "snapshot": one cycle of the scope; "person": one cycle and a chosen person;
#: "cycles": the scope in every cycle, oldest first; "teams": one cycle of every team;
#: "self_and_manager": one cycle's manager ratings and the same cycle's self-assessments.
Needs = Literal["snapshot", "person", "cycles", "teams", "self_and_manager"]


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart.

    Attributes:
        key: stable name, the ``plot`` argument and part of saved file names.
        title: what the chart chooser and the help show.
        module, function: the builder in :mod:`skillmatrix.plots` returning a Figure.
        needs: what it is drawn from (see :data:`Needs`).
        summary: one line for ``skillmatrix plot --help``.
        options: what the chooser lets the user set: "order", "competency_order", "person".
        default_order: its default person order.
        fit: how Insights sizes it: "fill" (the visible area) or "natural" (own height).
        report: its caption on the report's Charts sheet, or "" when it is not there.
    """

    key: str
    title: str
    module: str
    function: str
    needs: Needs
    summary: str
    options: tuple[str, ...] = ()
    default_order: str = "team"
    fit: str = "fill"
    report: str = ""

    def builder(self) -> Callable[..., Any]:
        """The drawing function (imports matplotlib)."""
        build: Callable[..., Any] = getattr(import_module(self.module), self.function)
        return build


_P = "skillmatrix.plots."
CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "heatmap",
        "Skills heatmap",
        _P + "skills",
        "heatmap",
        "snapshot",
        "people x competencies, coloured by level",
        ("order", "competency_order"),
        report="Skills heatmap",
    ),
    ChartSpec(
        "coverage",
        "Coverage",
        _P + "coverage",
        "coverage_chart",
        "snapshot",
        "people covering each competency vs its rule, worst first",
        fit="natural",
        report="Coverage by competency",
    ),
    ChartSpec(
        "gaps",
        "Gaps to target",
        _P + "gaps",
        "gap_heatmap",
        "snapshot",
        "each person's gap to their role target",
        ("order", "competency_order"),
        default_order="gap",
    ),
    ChartSpec(
        "profile",
        "Person profile",
        _P + "profile",
        "person_profile",
        "person",
        "one person's levels vs target, with interest (needs --person)",
        ("person",),
        fit="natural",
    ),
    ChartSpec(
        "trend",
        "Trend",
        _P + "trend",
        "trend_chart",
        "cycles",
        "coverage and average level per category across every cycle",
        report="Trend by category",
    ),
    ChartSpec(
        "teams",
        "Team comparison",
        _P + "teams",
        "team_comparison",
        "teams",
        "coverage per category across teams (every team of the cycle)",
        fit="grow",
        report="Teams compared",
    ),
    ChartSpec(
        "agreement",
        "Self vs manager",
        _P + "agreement",
        "self_vs_manager",
        "self_and_manager",
        "where self-assessments and manager ratings differ",
        ("order", "competency_order"),
    ),
)
BY_KEY: dict[str, ChartSpec] = {c.key: c for c in CHARTS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
