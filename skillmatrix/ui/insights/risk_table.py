"""A flat, read-only table for the risk panel, and the titled box around it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

CELL = Qt.ItemDataRole.UserRole  # (person id, competency id) to open in Assess
#: (texts, cell to open or None, colour of column 1 or None, bold first column)
Row = tuple[Sequence[str], tuple[int, int] | None, str | None, bool]


class RiskTable(QTreeWidget):
    """A flat, read-only table of strings; rows can carry a cell to open in Assess."""

    def __init__(self, name: str, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setMinimumHeight(90)
        self.header().setStretchLastSection(False)  # fit_columns() shares the width out
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def fill(self, rows: Sequence[Row], *, empty: str = "") -> None:
        """Replace the rows: (texts, cell or None, colour of column 1 or None, bold)."""
        self.clear()
        items = []
        for texts, cell, color, bold in rows:
            item = QTreeWidgetItem([str(t) for t in texts])
            for column, text in enumerate(texts):
                item.setToolTip(column, str(text))
            if cell is not None:
                item.setData(0, CELL, cell)
                item.setToolTip(0, f"{texts[0]}\nDouble-click to open this rating in Assess")
            if color:
                item.setForeground(1, QBrush(QColor(color)))
            if bold:
                font = QFont(item.font(0))
                font.setBold(True)
                item.setFont(0, font)
            items.append(item)
        message = None
        if not items and empty:
            message = QTreeWidgetItem([empty])
            message.setForeground(0, QBrush(QColor("#666666")))
            items.append(message)
        self.addTopLevelItems(items)
        if message is not None:  # a sentence, not a competency: it takes the whole row
            message.setFirstColumnSpanned(True)
        self.fit_columns()
        rows_shown = min(max(len(items), 1), 8)
        self.setMaximumHeight(self.header().sizeHint().height() + 22 * rows_shown + 8)

    def fit_columns(self) -> None:
        """Column widths within the visible width.

        Every header fits its title, and what is left goes to the columns whose contents are
        wider, the least needy first (long names are cut with "…" and have a tooltip;
        headers are never cut).
        """
        header = self.header()
        n = self.columnCount()
        heads = [header.sectionSizeHint(k) for k in range(n)]
        wants = [max(self.sizeHintForColumn(k), h) for k, h in enumerate(heads)]
        widths = list(heads)
        # room beside a vertical scroll bar, shown or not (it comes with more rows later)
        bar = self.verticalScrollBar()
        room = self.viewport().width()
        if not bar.isVisible():
            room -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        spare = room - sum(widths)
        needy = sorted(range(n), key=lambda k: wants[k] - heads[k])
        for left, k in zip(range(n, 0, -1), needy, strict=True):
            give = max(min(wants[k] - widths[k], spare // left), 0)
            widths[k] += give
            spare -= give
        widths[-1] += max(spare, 0)  # the last column takes what is left
        for k in range(n):
            header.resizeSection(k, widths[k])

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the columns again when the width changed."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

    def texts(self) -> list[list[str]]:
        """Every row's texts (for tests and copying)."""
        rows = []
        for r in range(self.topLevelItemCount()):
            item = self.topLevelItem(r)
            if item is not None:
                rows.append([item.text(c) for c in range(self.columnCount())])
        return rows


def titled_box(title: str, name: str, *widgets: QWidget) -> QGroupBox:
    """A group box called ``title`` (objectName ``name``) holding ``widgets``."""
    box = QGroupBox(title)
    box.setObjectName(name)
    # Preferred, not Maximum: a word-wrapped label needs its height for the actual width
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    for w in widgets:
        layout.addWidget(w)
    return box
