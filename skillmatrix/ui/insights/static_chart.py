"""A chart that is rebuilt rather than updated.

Coverage, gaps, profile, trend, teams, self vs manager: built for the visible size, rebuilt
when the data or the size changed.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from skillmatrix.plots import matrix_plot_of
from skillmatrix.ui.insights import charts
from skillmatrix.ui.insights.canvas import FIG_DPI, FigurePage, chart_theme
from skillmatrix.ui.insights.charts import ChartInput
from skillmatrix.ui.insights.heatmap_chart import fit_page

SIZE_TOLERANCE = 0.05  # inches


class StaticChart(QObject):
    """One rebuilt chart and its page.

    Args:
        kind: the chart key.
        parent: the widget that owns the page.
    """

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = charts.BY_KEY[kind]
        self.page = FigurePage(self.kind.fit, parent)
        self.page.setObjectName(f"{kind}Page")
        self.page.settled.connect(self._on_settled)
        self._last: tuple[ChartInput, dict[str, Any]] | None = None
        self._built_size: tuple[float, float] | None = None
        self._built_page_height = 0.0  # inches the page showed when built ("grow")
        self._natural: dict[tuple[Any, ...], float] = {}

    @property
    def figure(self) -> Figure | None:
        """The figure shown, or None."""
        return self.page.figure

    def show_data(self, data: ChartInput, options: dict[str, Any]) -> None:
        """Build the chart for ``data`` at the visible size (or show why it cannot be)."""
        self._last = (data, dict(options))
        key = self.kind.key
        message = charts.empty_message(key, data, options)
        if message:
            self._built_size = None
            self.page.show_message(message)
            return
        natural = None
        if self.kind.fit in ("natural", "grow"):
            sig = charts.natural_signature(key, data, options)
            natural = self._natural.get(sig)
            if natural is None:  # the chart's own height, measured once per shape
                natural = float(charts.build(key, data, options, None).get_size_inches()[1])
                self._natural[sig] = natural
            if self.kind.fit == "grow":  # no smaller than the page: the chart fills it
                natural = max(natural, self.page.viewport().height() / FIG_DPI)
        size = self.page.available_size(natural)
        figure = charts.build(key, data, options, size, dpi=FIG_DPI, theme=chart_theme())
        plot = matrix_plot_of(figure)
        if plot is not None:  # a matrix: keep every name readable, re-lay out on resize
            fit_page(self.page, plot)
            size = self.page.available_size(natural)
            figure.set_size_inches(*size)
            plot.layout()
        canvas = self.page.show_figure(figure, natural_height=natural)
        if plot is not None:
            canvas.before_draw = plot.layout
        self._built_size = size
        self._built_page_height = self.page.viewport().height() / FIG_DPI

    def _on_settled(self) -> None:
        figure = self.page.figure
        if figure is None or self._last is None or self._built_size is None:
            return
        w, h = figure.get_size_inches()
        bw, bh = self._built_size
        if self.kind.fit == "grow":  # its height follows the page's, not the other way
            h, bh = self.page.viewport().height() / FIG_DPI, self._built_page_height
        if abs(w - bw) > SIZE_TOLERANCE or abs(h - bh) > SIZE_TOLERANCE:
            self.show_data(*self._last)
