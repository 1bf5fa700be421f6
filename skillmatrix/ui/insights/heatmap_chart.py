"""The skills heatmap in the app: drawn once, updated cell by cell, hover and click.

Adapter between :class:`skillmatrix.plots.HeatmapFigure` and a Qt page: it owns the
figure and its canvas, turns mouse events into cell hovers and clicks, and applies
rating changes to the existing image (blitting the heatmap axes only).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.backend_bases import LocationEvent, MouseButton, MouseEvent
from matplotlib.figure import Figure
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import HeatmapFigure, MatrixPlot
from skillmatrix.ui.insights.canvas import FIG_DPI, MIN_WIDTH, FigurePage, chart_theme
from skillmatrix.ui.insights.changes import CellUpdate


def fit_page(page: FigurePage, plot: MatrixPlot) -> None:
    """Give ``page`` the smallest canvas size that keeps every name of ``plot`` readable.

    Up to 60 rows and 60 columns; the page scrolls beyond its visible size for that.
    """
    width = max(page.viewport().width(), MIN_WIDTH) / FIG_DPI
    w_in, _ = plot.min_size(width)
    _, h_in = plot.min_size(max(width, w_in))
    page.set_min_size(math.ceil(w_in * FIG_DPI), math.ceil(h_in * FIG_DPI))


class HeatmapChart(QObject):
    """The heatmap page and its figure (see the module docstring).

    Signals:
        hovered(str): the text of the cell under the mouse ("" when none).
        clicked(int, int): (person id, competency id) of a left-clicked cell.
    """

    hovered = Signal(str)
    clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = FigurePage("fill", parent)
        self.page.setObjectName("heatmapPage")
        self.page.settled.connect(self._fit)
        self.heatmap: HeatmapFigure | None = None
        self._orders: tuple[str, str] | None = None
        self._hover: tuple[int, int] | None = None
        self._label: str | None = None

    @property
    def figure(self) -> Figure | None:
        """The heatmap's figure, or None before one is shown."""
        return self.heatmap.figure if self.heatmap is not None else None

    def show_snapshot(self, snapshot: Snapshot, *, order: str, competency_order: str) -> None:
        """Show ``snapshot``: in place when only levels changed, else build the figure."""
        same_orders = self._orders == (order, competency_order)
        if self.heatmap is not None and same_orders and self.page.canvas is not None:
            if self.heatmap.update(snapshot):  # rebuilt on the same figure: people changed
                self._fit()
            return
        self._orders = (order, competency_order)
        width, height = self.page.available_size()
        figure = Figure(figsize=(width, height), dpi=FIG_DPI)
        canvas = self.page.show_figure(figure)
        self.heatmap = HeatmapFigure(
            snapshot,
            order=order,
            competency_order=competency_order,
            figure=figure,
            theme=chart_theme(),
        )
        fit_page(self.page, self.heatmap.plot)  # the canvas grows; the first draw re-lays out
        canvas.before_draw = self._relayout
        canvas.mpl_connect("motion_notify_event", self._on_motion)
        canvas.mpl_connect("button_press_event", self._on_press)
        canvas.mpl_connect("figure_leave_event", self._on_leave)
        canvas.draw_idle()

    def rebuild(self) -> None:
        """Build the figure afresh on the next :meth:`show_snapshot` (the theme changed)."""
        self._orders = None

    def _fit(self) -> None:
        """The page's size settled (or the matrix changed): keep every name readable."""
        if self.heatmap is not None and self.page.canvas is not None:
            fit_page(self.page, self.heatmap.plot)

    def _relayout(self) -> None:
        """Re-place and re-thin labels for a new size (runs just before the draw)."""
        if self.heatmap is not None:
            self.heatmap.plot.layout()

    def apply(self, snapshot: Snapshot, cells: Sequence[CellUpdate]) -> None:
        """Change the given cells of the existing image; one merged redraw (blit)."""
        hm = self.heatmap
        if hm is None:
            return
        with hm.deferred_draw():
            for c in cells:
                hm.update_cell(c.i, c.j, c.level, not_applicable=c.not_applicable, redraw=False)
        hm.snapshot = snapshot  # same people and competencies: names and ids stay valid
        hm.redraw(blit=True)
        if self._hover is not None:
            self.hovered.emit(hm.cell_text(*self._hover))

    def cell_text(self, i: int, j: int) -> str:
        """Tooltip text of the cell of person ``i``, competency ``j`` (snapshot indices)."""
        return self.heatmap.cell_text(i, j) if self.heatmap is not None else ""

    # -- mouse -----------------------------------------------------------------------------
    def _cell(self, event: MouseEvent) -> tuple[int, int] | None:
        hm = self.heatmap
        if hm is None or event.inaxes is not hm.ax:
            return None
        return hm.cell_at(event.xdata, event.ydata)

    def _on_motion(self, event: MouseEvent) -> None:
        cell = self._cell(event)
        label = None
        if cell is None and self.heatmap is not None and event.inaxes is None:
            label = self.heatmap.plot.label_at(event)  # a shortened name: say it in full
        if cell == self._hover and label == self._label:
            return
        self._hover, self._label = cell, label
        text = self.cell_text(*cell) if cell is not None else (label or "")
        canvas = self.page.canvas
        if canvas is not None:
            canvas.setToolTip(text)
            if text:
                QToolTip.showText(QCursor.pos(), text, canvas)
            else:
                QToolTip.hideText()
        self.hovered.emit(text)

    def _on_leave(self, _event: LocationEvent) -> None:
        if self._hover is not None or self._label is not None:
            self._hover = self._label = None
            if self.page.canvas is not None:
                self.page.canvas.setToolTip("")
            self.hovered.emit("")

    def _on_press(self, event: MouseEvent) -> None:
        if event.button is not MouseButton.LEFT or event.dblclick:
            return
        cell = self._cell(event)
        if cell is None or self.heatmap is None:
            return
        snap = self.heatmap.snapshot
        self.clicked.emit(snap.people[cell[0]].id, snap.competencies[cell[1]].id)
