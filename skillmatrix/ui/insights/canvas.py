"""The Qt side of a chart: its canvas, the page that holds it and the chart theme.

A matplotlib canvas that waits for a resize to pause, the scrollable page that holds one
chart (or a message in its place), and the chart theme that matches the window's palette.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QWidget,
)

from skillmatrix.plots.theme import DARK, LIGHT, ChartTheme

#: Figures are built at this many dots per inch of logical (unscaled) screen pixels.
FIG_DPI = 100.0
#: A resize is over when no resize event came for this long.
SETTLE_MS = 150
MIN_WIDTH, MIN_HEIGHT = 480, 320


def chart_theme(palette: QPalette | None = None) -> ChartTheme:
    """The chart theme for ``palette`` (the application's by default).

    Dark on a dark base, light otherwise.
    """
    palette = palette if palette is not None else QApplication.palette()
    return DARK if palette.color(QPalette.ColorRole.Base).lightness() < 128 else LIGHT


class QuietCanvas(FigureCanvasQTAgg):
    """Adapter over matplotlib's Qt canvas that holds redraws while it is being resized.

    While resize events keep coming, the last drawn image stays on screen and no redraw
    runs; :data:`SETTLE_MS` after the last one, :attr:`resizeSettled` is emitted (the
    owner re-lays out the figure for the new size) and one redraw follows.

    Signals:
        resizeSettled(): the size stopped changing; the figure has its new size.
    """

    resizeSettled = Signal()

    # matplotlib's Qt canvas is untyped: its base calls are marked for strict mypy.
    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)  # type: ignore[no-untyped-call]
        #: called before a draw when the figure size changed since the last one (re-layout)
        self.before_draw: Callable[[], None] | None = None
        self._laid_out = tuple(figure.get_size_inches())
        self._holding = False
        self._held = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)

    @property
    def holding(self) -> bool:
        """True while a resize is in progress (redraws are held)."""
        return self._holding

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Hold the last image while the size changes; redraw once it settles."""
        if event.size() != event.oldSize():
            if hasattr(self, "renderer"):  # drawn once: keep that image until the size settles
                self._holding = True
            self._settle.start()
        super().resizeEvent(event)  # type: ignore[no-untyped-call]

    def draw(self) -> None:
        """Draw, laying the figure out first when its size changed."""
        size = tuple(self.figure.get_size_inches())
        if size != self._laid_out:
            self._laid_out = size
            if self.before_draw is not None:
                self.before_draw()
        super().draw()  # type: ignore[no-untyped-call]

    def draw_idle(self) -> None:
        """Draw later, unless a resize is holding the image."""
        if self._holding:
            self._held = True
            return
        super().draw_idle()  # type: ignore[no-untyped-call]

    def _on_settled(self) -> None:
        self._holding = False
        self.resizeSettled.emit()
        if self._held:
            self._held = False
            self.draw_idle()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the last image while a resize holds it, else as usual."""
        if not self._holding:
            super().paintEvent(event)  # type: ignore[no-untyped-call]
            return
        painter = QPainter(self)  # the last image as it was, the figure's ground around it
        try:
            painter.fillRect(self.rect(), QColor.fromRgbF(*self.figure.get_facecolor()))
            buf = self.renderer.buffer_rgba()
            image = QImage(buf, buf.shape[1], buf.shape[0], QImage.Format.Format_RGBA8888)
            image.setDevicePixelRatio(self.device_pixel_ratio)
            painter.drawImage(0, 0, image)
        finally:
            painter.end()


class FigurePage(QScrollArea):
    """Where one chart lives.

    A canvas filling the page or at its natural height (scrolling when taller), or a
    one-line message when there is nothing to draw.

    Args:
        fit: "fill" (the figure takes the visible size) or "natural" (the figure takes
            the visible width and the height the chart asks for).
        parent: the owner widget.

    Signals:
        settled(): the page was resized and the size has settled (re-lay out or rebuild).
    """

    settled = Signal()

    def __init__(self, fit: str = "fill", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fit = fit
        #: smallest canvas size in pixels for "fill" (the page scrolls below it)
        self.min_height = MIN_HEIGHT
        self.min_width = MIN_WIDTH
        self.canvas: QuietCanvas | None = None
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the charts' ground, in any theme
        self.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self.message = QLabel()
        self.message.setObjectName("chartMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.setStyleSheet("font-size: 11pt;")

    @property
    def figure(self) -> Figure | None:
        """The figure shown, or None while a message is shown."""
        return self.canvas.figure if self.canvas is not None else None

    def available_size(self, natural_height: float | None = None) -> tuple[float, float]:
        """(width, height) in inches a figure built now should have.

        Args:
            natural_height: the height the chart asks for (natural fit); the width then
                leaves room for the vertical scroll bar when it will not fit.
        """
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        w = max(self.width(), MIN_WIDTH)
        h = max(self.height(), MIN_HEIGHT)
        if self.min_width > w and natural_height is None:  # a horizontal scroll bar
            h -= bar
        tallest = self.min_height if natural_height is None else natural_height * FIG_DPI
        if tallest > h:  # a vertical scroll bar will take some width
            w -= bar
        height = max(h, self.min_height) / FIG_DPI if natural_height is None else natural_height
        return max(w, self.min_width, MIN_WIDTH) / FIG_DPI, height

    def set_min_height(self, pixels: int) -> None:
        """Keep a "fill" canvas at least ``pixels`` tall (the page scrolls below that)."""
        self.set_min_size(self.min_width, pixels)

    def set_min_size(self, width: int, height: int) -> None:
        """Keep a "fill" canvas at least ``width`` x ``height`` pixels.

        The page scrolls beyond that, so that every label stays readable.
        """
        self.min_width = max(width, MIN_WIDTH)
        self.min_height = max(height, MIN_HEIGHT)
        if self.canvas is not None and self.fit == "fill":
            self.canvas.setMinimumSize(self.min_width, self.min_height)

    def show_figure(self, figure: Figure, *, natural_height: float | None = None) -> QuietCanvas:
        """Show ``figure`` in a new canvas (the old one is deleted)."""
        canvas = QuietCanvas(figure)
        canvas.setObjectName("chartCanvas")
        if natural_height is None:
            canvas.setMinimumSize(self.min_width, self.min_height)
        else:
            canvas.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        if natural_height is not None:
            canvas.setFixedHeight(max(round(natural_height * FIG_DPI), 120))
            canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        canvas.resizeSettled.connect(self.settled)
        self._replace(canvas)
        self.canvas = canvas
        return canvas

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a chart."""
        self.message.setText(text)
        if self.canvas is not None or self.widget() is not self.message:
            self._replace(self.message)
        self.canvas = None

    def _replace(self, widget: QWidget) -> None:
        old = self.takeWidget()
        self.setWidget(widget)
        if old is not None and old is not self.message:
            old.deleteLater()

    def sizeHint(self) -> QSize:
        """A comfortable size for one chart."""
        return QSize(900, 640)
