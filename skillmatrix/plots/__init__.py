"""Matplotlib figures shared by the app, the Excel report and the command line.

Every builder returns a :class:`matplotlib.figure.Figure` with its own Agg canvas (no
pyplot, no Qt): the app wraps it in a Qt canvas, the report embeds
:func:`figure_png_bytes`, the command line calls :func:`save_figure`. The names below
are imported on first use, so importing the package (e.g. for the chart list in
:mod:`skillmatrix.plots.registry`) does not import matplotlib; using a builder does.

Builders:
    heatmap / HeatmapFigure: people x competencies by level, updated in place.
    coverage_chart: people covering each competency vs required, worst first.
    gap_heatmap: each person's gap to their role target.
    person_profile: one person's levels vs target, with interest.
    trend_chart: coverage share and average level per category across cycles.
    team_comparison: coverage share per category across teams.
    self_vs_manager: where self-assessment and manager rating differ.

The three matrix charts share one layout (:class:`MatrixPlot`; :func:`matrix_plot_of`
finds it on a figure): a UI can ask it the smallest size that keeps every name readable,
lay it out again after a resize, and read the full text of a shortened label.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillmatrix.plots._matrix import MatrixPlot
    from skillmatrix.plots._matrix import plot_of as matrix_plot_of
    from skillmatrix.plots.agreement import self_vs_manager
    from skillmatrix.plots.coverage import coverage_chart
    from skillmatrix.plots.export import FORMATS, figure_png_bytes, save_figure
    from skillmatrix.plots.gaps import gap_heatmap
    from skillmatrix.plots.ordering import COMPETENCY_ORDERS, PERSON_ORDERS
    from skillmatrix.plots.profile import person_profile
    from skillmatrix.plots.skills import HeatmapFigure, heatmap
    from skillmatrix.plots.teams import team_comparison
    from skillmatrix.plots.trend import trend_chart

#: public name -> (submodule, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    "COMPETENCY_ORDERS": ("ordering", "COMPETENCY_ORDERS"),
    "FORMATS": ("export", "FORMATS"),
    "PERSON_ORDERS": ("ordering", "PERSON_ORDERS"),
    "HeatmapFigure": ("skills", "HeatmapFigure"),
    "MatrixPlot": ("_matrix", "MatrixPlot"),
    "coverage_chart": ("coverage", "coverage_chart"),
    "figure_png_bytes": ("export", "figure_png_bytes"),
    "gap_heatmap": ("gaps", "gap_heatmap"),
    "heatmap": ("skills", "heatmap"),
    "matrix_plot_of": ("_matrix", "plot_of"),
    "person_profile": ("profile", "person_profile"),
    "save_figure": ("export", "save_figure"),
    "self_vs_manager": ("agreement", "self_vs_manager"),
    "team_comparison": ("teams", "team_comparison"),
    "trend_chart": ("trend", "trend_chart"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "COMPETENCY_ORDERS",
    "FORMATS",
    "PERSON_ORDERS",
    "HeatmapFigure",
    "MatrixPlot",
    "coverage_chart",
    "figure_png_bytes",
    "gap_heatmap",
    "heatmap",
    "matrix_plot_of",
    "person_profile",
    "save_figure",
    "self_vs_manager",
    "team_comparison",
    "trend_chart",
]
