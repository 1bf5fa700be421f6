"""The bar above the grid: what is shown, role filter, sort, typing direction, find."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core import palette
from skillmatrix.core.review import Progress, describe
from skillmatrix.ui.assess.rows import SortOrder

ALL_ROLES = "All roles"


class ElidedLabel(QLabel):
    """A label that ends in "…" when squeezed instead of being cut off."""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the text elided at the right to fit the label."""
        p = QPainter(self)
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        p.drawText(self.contentsRect(), int(self.alignment()), text)
        p.end()

    def setText(self, text: str) -> None:
        """Set the text, showing it in full in the tooltip."""
        super().setText(text)
        self.setToolTip(text)


class ProgressLabel(QLabel):
    """The review progress, in full when there is room, else shorter.

    The shorter text leaves the due date out and keeps the overdue count, so the date never
    widens the window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._short = ""

    def set_texts(self, full: str, short: str) -> None:
        """Set the full text and the shorter one shown when space is short."""
        self._short = short
        self.setText(full)

    def minimumSizeHint(self) -> QSize:
        """Wide enough for the short text only."""
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._short or self.text())
        return QSize(width + margins.left() + margins.right() + 2, hint.height())

    def shown_text(self) -> str:
        """What is painted at the current width."""
        room = self.contentsRect().width()
        fm = self.fontMetrics()
        if fm.horizontalAdvance(self.text()) <= room or not self._short:
            return self.text()
        return fm.elidedText(self._short, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the full text or, when it does not fit, the short one."""
        p = QPainter(self)
        p.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())
        p.end()


class FindEdit(QLineEdit):
    """Find box; Escape gives the focus back to the grid.

    Signals:
        escaped(): Escape was pressed.
    """

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape emits ``escaped``; other keys as usual."""
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class AssessToolbar(QWidget):
    """Controls of the Assess view.

    Signals:
        roleChanged(object): the role filter (a role name, "" = no role, None = all).
        sortChanged(object): a ``rows.SortOrder``.
        directionChanged(bool): True when typing a level moves down, False for right.
    """

    roleChanged = Signal(object)
    sortChanged = Signal(object)
    directionChanged = Signal(bool)
    reviewRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = QVBoxLayout(self)  # the title on its own row: it never shares room with controls
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        lay = QHBoxLayout()
        self.title = ElidedLabel(self)
        self.title.setObjectName("assessTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(120)
        rows.addWidget(self.title)
        rows.addLayout(lay)

        self.role = QComboBox(self)
        self.role.setObjectName("roleFilter")
        self.role.setAccessibleName("Role filter")
        self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.role.currentIndexChanged.connect(lambda _i: self.roleChanged.emit(self.current_role()))
        lay.addWidget(self._label("&Role:", self.role))
        lay.addWidget(self.role)

        self.sort = QComboBox(self)
        self.sort.setObjectName("sortOrder")
        self.sort.setAccessibleName("Sort people")
        for order in SortOrder:
            self.sort.addItem(order.value, order)
        self.sort.currentIndexChanged.connect(
            lambda _i: self.sortChanged.emit(self.sort.currentData())
        )
        lay.addWidget(self._label("S&ort:", self.sort))
        lay.addWidget(self.sort)

        lay.addWidget(QLabel("After a level, move:", self))
        self.right = self._toggle("→", "Move right after typing a level (rate one person)")
        self.down = self._toggle("↓", "Move down after typing a level (rate one competency)")
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.right)
        group.addButton(self.down)
        self.right.setChecked(True)
        self.down.toggled.connect(self.directionChanged.emit)
        lay.addWidget(self.right)
        lay.addWidget(self.down)
        lay.addStretch(1)

        self.review = ProgressLabel(self)
        self.review.setObjectName("reviewProgress")
        self.review.setToolTip(
            "People whose ratings have all been set or confirmed in this cycle; faded cells "
            "were carried forward and wait for a look (C confirms one unchanged)"
        )
        lay.addWidget(self.review)
        self.review_button = QToolButton(self)
        self.review_button.setObjectName("reviewPerson")
        self.review_button.setText("Re&view…")
        self.review_button.setToolTip(
            "Reconcile the selected person's self-assessment with your ratings (Ctrl+R)"
        )
        self.review_button.setAccessibleName("Review the selected person")
        self.review_button.clicked.connect(self.reviewRequested.emit)
        lay.addWidget(self.review_button)

        self.find_edit = FindEdit(self)
        self.find_edit.setObjectName("assessFind")
        self.find_edit.setAccessibleName("Find person or competency")
        self.find_edit.setPlaceholderText("Find person or competency…")
        self.find_edit.setClearButtonEnabled(True)
        hint = self.find_edit.fontMetrics().horizontalAdvance(self.find_edit.placeholderText())
        self.find_edit.setMinimumWidth(max(180, hint + 48))  # the hint whole, and the clear button
        lay.addWidget(self.find_edit)
        self.find_result = QLabel(self)
        self.find_result.setObjectName("findResult")
        self.find_result.setMinimumWidth(70)
        lay.addWidget(self.find_result)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _toggle(self, text: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setCheckable(True)
        b.setToolTip(tip)
        b.setAccessibleName(tip)
        b.setAutoRaise(False)
        return b

    def current_role(self) -> str | None:
        """The role chosen ("" = people without a role), None for all roles."""
        # Item 0 carries no data: reading an empty QVariant back as None loses a reference
        # to None in PySide6 6.12 on Python 3.11, so it is never read.
        k = self.role.currentIndex()
        return None if k <= 0 else str(self.role.itemData(k))

    def set_roles(self, roles: list[str], current: str | None) -> None:
        """Fill the role filter (without emitting) and select ``current`` if still there."""
        self.role.blockSignals(True)
        self.role.clear()
        self.role.addItem(ALL_ROLES)
        for r in roles:
            self.role.addItem(r or "No role", r)
        k = roles.index(current) + 1 if current in roles else 0
        self.role.setCurrentIndex(k)
        self.role.blockSignals(False)

    def set_review_progress(self, progress: Progress | None) -> None:
        """Show "Reviewed X of Y · due D" and how many reviews are overdue, highlighted.

        Hidden for None: nobody shown, rows loading or self ratings shown.
        """
        if progress is None:
            self.review.setVisible(False)
            return
        text = describe(progress)
        text = text[0].upper() + text[1:]
        short = describe(replace(progress, due=None))
        short = short[0].upper() + short[1:]
        if progress.overdue:
            dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
            colors = palette.DARK_STATUS_TEXT_COLORS if dark else palette.STATUS_TEXT_COLORS
            self.review.setStyleSheet(f"color: {colors['gap']}; font-weight: 600;")
        else:
            self.review.setStyleSheet("")
        self.review.set_texts(text, short)
        self.review.setAccessibleName(text)
        self.review.setVisible(progress.people > 0)

    def set_direction(self, down: bool) -> None:
        """Check the Down or Right direction button."""
        (self.down if down else self.right).setChecked(True)
