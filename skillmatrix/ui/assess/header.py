"""Grid headers: competencies under category bands, and people with role and seniority.

:class:`CategoryHeader` draws two levels: a band per category spanning its competencies,
and each competency's name rotated to read bottom-up (readable at 30 px per column).
:class:`PeopleHeader` is the frozen first column: "Name — Role, Seniority", with a line and
the team's name where a new team starts.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHeaderView, QWidget

from skillmatrix.core.model import seniority_text
from skillmatrix.ui.assess.model import AssessModel
from skillmatrix.ui.assess.roles import Role

COLUMN_WIDTH = 30
ROW_HEIGHT = 26
NAMES_MIN, NAMES_MAX = 70, 170  # height of the rotated competency names, px
PEOPLE_MIN, PEOPLE_MAX = 200, 360  # width of the people column, px
_PAD = 6


def _tint(palette: QPalette, k: int) -> QColor:
    """Alternating header backgrounds, so neighbouring categories read as blocks."""
    base = palette.color(QPalette.ColorRole.Button)
    return base if k % 2 == 0 else base.darker(112)


class _GridHeader(QHeaderView):
    """What both headers share.

    Fixed clickable sections, a re-measure whenever the model resets or re-sorts, and the
    tint of the current and selected sections.
    """

    def __init__(
        self, orientation: Qt.Orientation, name: str, size: int, parent: QWidget | None
    ) -> None:
        super().__init__(orientation, parent)
        self.setObjectName(name)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(size)
        self.setHighlightSections(True)
        self.setSectionsClickable(True)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._refresh)
            model.layoutChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        raise NotImplementedError

    def _paint_selection(self, painter: QPainter, rect: QRect, section: int) -> None:
        """Tint ``rect`` when ``section`` holds the current cell (strong) or a selected one."""
        sel = self.selectionModel()
        if sel is None:
            return
        if self.orientation() == Qt.Orientation.Horizontal:
            current = sel.currentIndex().column() == section
            selected = current or sel.columnIntersectsSelection(section, QModelIndex())
        else:
            current = sel.currentIndex().row() == section
            selected = current or sel.rowIntersectsSelection(section, QModelIndex())
        if selected:
            hl = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            hl.setAlpha(150 if current else 70)
            painter.fillRect(rect, hl)


class CategoryHeader(_GridHeader):
    """Horizontal header: category bands above rotated competency names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, "competencyHeader", COLUMN_WIDTH, parent)
        self.setMinimumSectionSize(12)
        self._groups: list[tuple[int, int, str]] = []
        self._group_of: list[int] = []
        self._names_height = NAMES_MIN

    def _band_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _refresh(self) -> None:
        model = self.model()
        self._groups, self._group_of = [], []
        longest = 0
        fm = self.fontMetrics()
        n = model.columnCount() if model is not None else 0
        for col in range(n):
            cat = str(model.headerData(col, Qt.Orientation.Horizontal, Role.CATEGORY) or "")
            name = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            longest = max(longest, fm.horizontalAdvance(name))
            if self._groups and self._groups[-1][2] == cat:
                first, _, _ = self._groups[-1]
                self._groups[-1] = (first, col, cat)
            else:
                self._groups.append((col, col, cat))
            self._group_of.append(len(self._groups) - 1)
        self._names_height = max(NAMES_MIN, min(NAMES_MAX, longest + 2 * _PAD))
        self.updateGeometry()
        self.viewport().update()

    def sizeHint(self) -> QSize:
        """Room for the category band and the rotated competency names."""
        return QSize(super().sizeHint().width(), self._band_height() + self._names_height)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        """Paint one competency's section: its category band colour and rotated name."""
        if logicalIndex >= len(self._group_of):
            return
        pal = self.palette()
        band = self._band_height()
        names = rect.adjusted(0, band, 0, 0)
        painter.fillRect(names, _tint(pal, self._group_of[logicalIndex]))
        self._paint_selection(painter, names, logicalIndex)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(names.topRight(), names.bottomRight())
        painter.drawLine(names.bottomLeft(), names.bottomRight())
        model = self.model()
        text = str(model.headerData(logicalIndex, Qt.Orientation.Horizontal) or "")
        fm = self.fontMetrics()
        text = fm.elidedText(text, Qt.TextElideMode.ElideRight, names.height() - 2 * _PAD)
        painter.save()
        painter.translate(names.center().x() + 1, names.bottom() - _PAD)
        painter.rotate(-90)
        painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
        painter.drawText(QPoint(0, (fm.ascent() - fm.descent()) // 2), text)
        painter.restore()

    def paintEvent(self, e: QPaintEvent) -> None:
        """Paint the headers, then the category bands' names over them."""
        super().paintEvent(e)
        if not self._groups:
            return
        p = QPainter(self.viewport())
        pal = self.palette()
        band = self._band_height()
        fm = self.fontMetrics()
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        fm = QFontMetrics(bold)
        width = self.viewport().width()
        dirty = e.rect()
        for k, (first, last, name) in enumerate(self._groups):
            x0 = self.sectionViewportPosition(first)
            x1 = self.sectionViewportPosition(last) + self.sectionSize(last)
            if x1 < max(0, dirty.left()) or x0 > min(width, dirty.right() + 1):
                continue  # off screen, or not in the region being repainted
            r = QRect(x0, 0, x1 - x0, band)
            p.fillRect(r, _tint(pal, k).darker(108))
            p.setPen(pal.color(QPalette.ColorRole.Dark))
            p.drawLine(r.topLeft(), r.bottomLeft())
            p.drawLine(r.bottomLeft(), r.bottomRight())
            visible = r.intersected(QRect(0, 0, width, band))  # keep the label on screen
            label = fm.elidedText(name, Qt.TextElideMode.ElideRight, visible.width() - 8)
            p.setPen(pal.color(QPalette.ColorRole.ButtonText))
            p.drawText(visible.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignCenter, label)
            if k > 0:
                p.setPen(pal.color(QPalette.ColorRole.Text))
                p.drawLine(x0, 0, x0, self.height())
        p.end()


class PeopleHeader(_GridHeader):
    """Vertical header: "Name — Role, Seniority", team names where a team starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, "peopleHeader", ROW_HEIGHT, parent)
        self._width = PEOPLE_MIN

    def _refresh(self) -> None:
        model = self.model()
        fm = self.fontMetrics()
        longest = 0
        if isinstance(model, AssessModel):
            # The first rows and an even sample of the rest: measuring every name of a
            # big organisation cost ~40 ms a reset, for a width clamped to PEOPLE_MAX anyway.
            count = model.rowCount()
            sample = list(range(min(count, 300)))
            if count > 300:
                sample += range(300, count, max(1, (count - 300) // 300))
            for row in sample:
                longest = max(
                    longest, fm.horizontalAdvance(str(model.headerData(row, self.orientation())))
                )
        self._width = max(PEOPLE_MIN, min(PEOPLE_MAX, longest + 3 * _PAD + 70))  # + team
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """The width of the people column; the height comes from the rows."""
        # Only the width counts for a vertical header (the table lays it out by width);
        # QHeaderView's own hint asks the model for the contents of 200 sections.
        return QSize(self._width, self.defaultSectionSize())

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        """Paint one person's section: the name, with the team group separator above."""
        model = self.model()
        if not isinstance(model, AssessModel) or logicalIndex >= model.rowCount():
            return
        pal = self.palette()
        painter.fillRect(rect, pal.color(QPalette.ColorRole.Button))
        self._paint_selection(painter, rect, logicalIndex)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        person = model.person(logicalIndex)
        fm = self.fontMetrics()
        inner = rect.adjusted(_PAD, 0, -_PAD, 0)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        group = model.group_at(logicalIndex)
        if group is not None:  # first of a team: a line above and the team's name
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            if logicalIndex > 0:
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            bold = self.font()
            bold.setBold(True)
            painter.setFont(bold)
            team = QFontMetrics(bold).elidedText(
                group, Qt.TextElideMode.ElideRight, inner.width() // 3
            )
            painter.drawText(
                inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, team
            )
            painter.setFont(self.font())
            inner.setRight(inner.right() - QFontMetrics(bold).horizontalAdvance(team) - _PAD)
        name = fm.elidedText(person.name, Qt.TextElideMode.ElideRight, inner.width())
        painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
        painter.drawText(inner, align, name)
        detail = ", ".join(x for x in (person.role, seniority_text(person.seniority)) if x)
        rest = inner.adjusted(fm.horizontalAdvance(name), 0, 0, 0)
        if rest.width() > 20:
            detail = fm.elidedText(f" — {detail}", Qt.TextElideMode.ElideRight, rest.width())
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rest, align, detail)
