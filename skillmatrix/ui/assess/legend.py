"""The legend under the grid: level colours with labels, and what each mark means.

Swatches are painted by the same :class:`CellPainter` as the grid, so the legend can never
disagree with the cells. Items wrap onto more lines when the window is narrow.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from skillmatrix.core.trust import STALE_AFTER
from skillmatrix.ui.assess.model import Cell
from skillmatrix.ui.assess.painter import CellPainter
from skillmatrix.ui.assess.roles import CellState

SWATCH = QSize(28, 24)
_GAP, _SPACING, _LINE = 5, 12, 4

_R, _NA, _NR = CellState.RATED, CellState.NOT_APPLICABLE, CellState.NOT_RATED


def _cell(
    state: int,
    level: int = -1,
    *,
    interest: int = -1,
    note: bool = False,
    below: bool = False,
    differs: bool = False,
    outside: bool = False,
    carried: bool = False,
    stale: bool = False,
) -> Cell:
    """A sample cell for a swatch (the model's ``Cell`` tuple, fields by name)."""
    return (state, level, interest, note, below, differs, outside, carried, stale)


class Legend(QWidget):
    """Level colours and marks; call :meth:`set_painter` when the scale or mode changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessLegend")
        self.setAccessibleName("Legend")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._painter: CellPainter | None = None
        self._items: list[tuple[Cell, str]] = []
        self._stale_after = STALE_AFTER

    def set_painter(
        self, painter: CellPainter, *, comparing: bool = False, stale_after: int | None = None
    ) -> None:
        """Show the levels of ``painter``'s scale (and the "differs" mark when comparing).

        ``stale_after``: the cycles after which a rating is marked stale (None: as before).
        """
        self._painter = painter
        if stale_after is not None:
            self._stale_after = stale_after
        mid = painter.scale.levels[len(painter.scale.levels) // 2].value
        items: list[tuple[Cell, str]] = [
            (_cell(_R, lv.value), f"{lv.value} {lv.label}") for lv in painter.scale.levels
        ]
        items += [
            (_cell(_NR), "not rated"),
            (_cell(_NA), "n/a"),
            (_cell(_NR, outside=True), "not in role"),
            (_cell(_R, mid, carried=True), "carried forward, not yet confirmed (C confirms)"),
            (
                _cell(_R, mid, carried=True, stale=True),
                f"stale: not confirmed in {self._stale_after}+ cycles",
            ),
            (_cell(_R, mid, below=True), "below target"),
            (_cell(_NR, interest=0), "not interested"),
            (_cell(_NR, interest=3), "interest (1–3 dots)"),
            (_cell(_NR, note=True), "note"),
        ]
        if comparing:
            items.append((_cell(_R, mid, differs=True), "self differs by 2+"))
        self._items = items
        self.setToolTip(
            "Keys: a digit sets the level · Delete clears · N = n/a · I = interest · "
            "C = confirm a carried-forward rating unchanged · Enter/F2 = note · "
            "select many cells to set them all at once"
        )
        self._fit()
        self.update()

    def _fit(self) -> None:
        self.setFixedHeight(self.heightForWidth(max(self.width(), 1)))

    def _layout(self, width: int) -> tuple[list[tuple[QRect, QRect, str]], int]:
        fm = self.fontMetrics()
        x = y = 0
        placed = []
        for _cell, label in self._items:
            w = SWATCH.width() + _GAP + fm.horizontalAdvance(label)
            if x > 0 and x + w > width:
                x, y = 0, y + SWATCH.height() + _LINE
            sw = QRect(x, y, SWATCH.width(), SWATCH.height())
            text = QRect(x + SWATCH.width() + _GAP, y, w - SWATCH.width() - _GAP, SWATCH.height())
            placed.append((sw, text, label))
            x += w + _SPACING
        return placed, y + SWATCH.height()

    def hasHeightForWidth(self) -> bool:
        """The legend wraps, so its height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height the legend's wrapped items need at ``width``."""
        return self._layout(max(width, 1))[1] + 8

    def sizeHint(self) -> QSize:
        """A 600-pixel-wide legend, as tall as its items need there."""
        return QSize(600, self.heightForWidth(max(self.width(), 600)))

    def minimumSizeHint(self) -> QSize:
        """At least one row of swatches."""
        return QSize(200, SWATCH.height() + 8)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-fit the items to the new width."""
        super().resizeEvent(event)
        self._fit()

    def paintEvent(self, e: QPaintEvent) -> None:
        """Paint each level's swatch and label, wrapped to the width."""
        if self._painter is None:
            return
        p = QPainter(self)
        placed, _ = self._layout(self.width())
        pal = self.palette()
        for (cell, _label), (sw, text, label) in zip(self._items, placed, strict=True):
            sw = sw.translated(0, 4)
            self._painter.paint(p, sw, cell)
            p.setPen(pal.color(QPalette.ColorRole.Mid))
            p.drawRect(sw.adjusted(0, 0, -1, -1))
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(text.translated(0, 4), Qt.AlignmentFlag.AlignVCenter, label)
        p.end()
