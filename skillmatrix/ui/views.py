"""The five views of the main window, in sidebar order.

Each view has an explicit factory, called as ``factory(ctx, parent)`` the first time its
page shows. The factories import their view only then: Insights pulls in matplotlib and
Reports openpyxl, which start-up must not pay for. Optional methods the window uses:
``focus_find()`` (Edit › Find, Ctrl+F).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from skillmatrix.ui.context import AppContext
from skillmatrix.ui.lazy import ViewSpec


def _team(ctx: AppContext, parent: QWidget) -> QWidget:
    from skillmatrix.ui.team.view import TeamView

    return TeamView(ctx, parent)


def _framework(ctx: AppContext, parent: QWidget) -> QWidget:
    from skillmatrix.ui.framework.view import FrameworkView

    return FrameworkView(ctx, parent)


def _assess(ctx: AppContext, parent: QWidget) -> QWidget:
    from skillmatrix.ui.assess.view import AssessView

    return AssessView(ctx, parent)


def _insights(ctx: AppContext, parent: QWidget) -> QWidget:
    from skillmatrix.ui.insights.view import InsightsView

    return InsightsView(ctx, parent)


def _reports(ctx: AppContext, parent: QWidget) -> QWidget:
    from skillmatrix.ui.reports.view import ReportsView

    return ReportsView(ctx, parent)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("team", "Team", "team", _team, "People, teams, roles and seniority."),
    ViewSpec(
        "framework",
        "Framework",
        "framework",
        _framework,
        "Competencies, level descriptions, targets and coverage rules.",
    ),
    ViewSpec(
        "assess",
        "Assess",
        "assess",
        _assess,
        "Rate everyone against the framework, from the keyboard.",
    ),
    ViewSpec(
        "insights",
        "Insights",
        "insights",
        _insights,
        "Coverage, single points of failure, gaps and trends.",
    ),
    ViewSpec(
        "reports",
        "Reports",
        "reports",
        _reports,
        "The quarterly Excel report and self-assessment forms.",
    ),
)

VIEW_KEYS: tuple[str, ...] = tuple(v.key for v in VIEWS)


def view_spec(key: str) -> ViewSpec:
    """The view with ``key``; raises KeyError for another key."""
    for spec in VIEWS:
        if spec.key == key:
            return spec
    raise KeyError(key)
