"""The rating grid widget: a QTableView that turns rating keys into actions.

Arrows, Page Up/Down, Home/End and selection with Shift/Ctrl stay the table view's own;
rating keys (see :mod:`keys`) become ``actionRequested`` signals so the view can store them.
Tooltips are built on demand by ``tooltip_provider``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QToolTip, QWidget

from skillmatrix.ui.assess.header import CategoryHeader, PeopleHeader
from skillmatrix.ui.assess.keys import action_for

_Sel = QItemSelectionModel.SelectionFlag


class RatingGrid(QTableView):
    """People x competencies table (objectName ``ratingGrid``).

    Signals:
        actionRequested(object): a ``keys.KeyAction`` typed on a cell.
        paletteChanged(): the palette changed (light/dark); cell colours must be rebuilt.

    Attributes:
        tooltip_provider: ``provider(index) -> str`` builds a cell's tooltip when asked.
    """

    actionRequested = Signal(object)
    paletteChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingGrid")
        self.setAccessibleName("Ratings")
        self.setAccessibleDescription(
            "People by competency. Type a level, Delete to clear, N for not applicable, "
            "I for interest, Enter for a note."
        )
        self.setHorizontalHeader(CategoryHeader(self))
        self.setVerticalHeader(PeopleHeader(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.setAutoScroll(True)
        self.tooltip_provider: Callable[[QModelIndex], str] | None = None
        # Where the grid's last tooltip was asked (viewport, global) and its text, so a
        # change of what it lists can rebuild it (``refresh_tooltip``).
        self._tip: tuple[QPoint, QPoint, str] | None = None
        self.doubleClicked.connect(self.edit_note)
        # Category labels stay centred in the visible part of their band, so a scrolled
        # header must be repainted whole (Qt would only paint the strip scrolled in).
        self.horizontalScrollBar().valueChanged.connect(self._repaint_header)
        self.corner = QLabel(self)
        self.corner.setObjectName("keyHints")
        self.corner.setWordWrap(True)
        self.corner.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.corner.setContentsMargins(8, 6, 8, 8)
        self.corner.setAutoFillBackground(True)
        self.corner.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.corner.setBackgroundRole(QPalette.ColorRole.Button)

    def _repaint_header(self, _value: int) -> None:
        self.horizontalHeader().viewport().update()

    def set_hints(self, text: str) -> None:
        """Key hints shown in the top-left corner, above the names."""
        self.corner.setText(text)

    def updateGeometries(self) -> None:
        """Lay out the header views and place the corner widget over their corner."""
        super().updateGeometries()
        if not hasattr(self, "corner"):  # called while the constructor runs
            return
        fw = self.frameWidth()
        vh, hh = self.verticalHeader(), self.horizontalHeader()
        self.corner.setGeometry(fw, fw, vh.width(), hh.height())
        self.corner.raise_()

    # -- keyboard --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Turn rating keys into ``actionRequested``; other keys move and edit as usual."""
        action = action_for(event.key(), event.text(), event.modifiers())
        if action is not None and self.currentIndex().isValid():
            event.accept()
            self.actionRequested.emit(action)
            return
        super().keyPressEvent(event)

    def edit_note(self, index: QModelIndex | None = None) -> bool:
        """Open the inline note editor on ``index`` (default: the current cell)."""
        index = index if index is not None and index.isValid() else self.currentIndex()
        trigger = self.EditTrigger.AllEditTriggers
        # No event starts it (Qt takes a null event; the stubs only know a real one).
        return index.isValid() and bool(self.edit(index, trigger, None))  # type: ignore[call-overload]

    # -- moving ----------------------------------------------------------------------------
    def go_to(self, index: QModelIndex, *, center: bool = False) -> None:
        """Make ``index`` the current, only selected cell and scroll to it."""
        if not index.isValid():
            return
        self.selectionModel().setCurrentIndex(index, _Sel.ClearAndSelect)
        self.scrollTo(
            index, self.ScrollHint.PositionAtCenter if center else self.ScrollHint.EnsureVisible
        )

    def advance(self, *, down: bool) -> None:
        """Move the current cell one step right (or down), staying inside the grid."""
        cur = self.currentIndex()
        model = self.model()
        if not cur.isValid() or model is None:
            return
        r, c = cur.row(), cur.column()
        if down:
            r = min(r + 1, model.rowCount() - 1)
        else:
            c = min(c + 1, model.columnCount() - 1)
        self.go_to(model.index(r, c))

    def selected_cells(self) -> list[tuple[int, int]]:
        """(row, column) of every selected cell, or just the current cell."""
        cells: dict[tuple[int, int], None] = {}
        selection = self.selectionModel().selection()
        for rng in (selection.at(k) for k in range(selection.count())):
            for r in range(rng.top(), rng.bottom() + 1):
                for c in range(rng.left(), rng.right() + 1):
                    cells[(r, c)] = None
        cur = self.currentIndex()
        if not cells and cur.isValid():
            cells[(cur.row(), cur.column())] = None
        return list(cells)

    def repaint_cells(self, cells: Sequence[tuple[int, int]]) -> None:
        """Repaint display cells (row, column) whose values changed outside ``dataChanged``.

        For example an edit shown before it is stored (``assess.pending``).
        """
        model = self.model()
        for r, c in cells:
            self.viewport().update(self.visualRect(model.index(r, c)))

    # -- events ----------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        """Show the cell's tooltip from the tooltip provider; other events as usual."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            text = self.tooltip_provider(index) if index.isValid() and self.tooltip_provider else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport(), self.visualRect(index))
                self._tip = (event.pos(), event.globalPos(), text)
            else:
                self._tip = None
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def refresh_tooltip(self) -> None:
        """Build the tooltip being shown again.

        What it lists (evidence, goals) changed while it was open. Hidden tooltips need
        nothing: they are built when asked.
        """
        if self._tip is None or self.tooltip_provider is None:
            return
        pos, global_pos, shown = self._tip
        if not QToolTip.isVisible() or QToolTip.text() != shown:
            self._tip = None  # it closed, or another widget's tooltip is up now
            return
        index = self.indexAt(pos)
        text = self.tooltip_provider(index) if index.isValid() else ""
        if text and text != shown:
            QToolTip.showText(global_pos, text, self.viewport(), self.visualRect(index))
            self._tip = (pos, global_pos, text)

    def changeEvent(self, event: QEvent) -> None:
        """Announce a palette or font change (``paletteChanged``) so cached colours are rebuilt."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.paletteChanged.emit()
