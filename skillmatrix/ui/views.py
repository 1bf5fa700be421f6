"""The five views of the main window, in sidebar order.

To plug a view in, export ``cls`` from ``module`` (or from ``<module>.view``); it is built
as ``cls(ctx, parent)`` the first time its page shows. Optional methods the window uses:
``focus_find()`` (Edit › Find, Ctrl+F).
"""

from __future__ import annotations

from skillmatrix.ui.lazy import ViewSpec

VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "team",
        "Team",
        "team",
        "skillmatrix.ui.team",
        "TeamView",
        "People, teams, roles and seniority.",
    ),
    ViewSpec(
        "framework",
        "Framework",
        "framework",
        "skillmatrix.ui.framework",
        "FrameworkView",
        "Competencies, level descriptions, targets and coverage rules.",
    ),
    ViewSpec(
        "assess",
        "Assess",
        "assess",
        "skillmatrix.ui.assess",
        "AssessView",
        "Rate everyone against the framework, from the keyboard.",
    ),
    ViewSpec(
        "insights",
        "Insights",
        "insights",
        "skillmatrix.ui.insights",
        "InsightsView",
        "Coverage, single points of failure, gaps and trends.",
    ),
    ViewSpec(
        "reports",
        "Reports",
        "reports",
        "skillmatrix.ui.reports",
        "ReportsView",
        "The quarterly Excel report and self-assessment forms.",
    ),
)

VIEW_KEYS: tuple[str, ...] = tuple(v.key for v in VIEWS)


def view_spec(key: str) -> ViewSpec:
    for spec in VIEWS:
        if spec.key == key:
            return spec
    raise KeyError(key)
