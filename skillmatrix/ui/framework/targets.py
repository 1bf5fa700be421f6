"""The targets table of one competency: roles x seniorities, a level (or none) per cell.

``TargetsModel`` is an adapter over plain ``Role`` records. Editing a cell does not change
the model: it emits ``targetRequested`` and the view stores it through an undoable command,
then calls :meth:`TargetsModel.set_role` with the stored role.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from skillmatrix.core.model import Role, Seniority
from skillmatrix.core.scale import Scale

SENIORITIES = tuple(Seniority)
Index = QModelIndex | QPersistentModelIndex
NO_TARGET = "—"


class TargetsModel(QAbstractTableModel):
    """Rows: roles; columns: seniorities; value: the target level or None.

    Signals:
        targetRequested(int, str, object): role id, seniority value, level (None = no target).
    """

    targetRequested = Signal(int, str, object)

    def __init__(self, scale: Scale, parent: Any = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.roles: list[Role] = []
        self.competency_id: int | None = None

    def load(self, roles: list[Role], competency_id: int | None, scale: Scale) -> None:
        """Show the roles' targets of ``competency_id`` on ``scale`` (one model reset)."""
        self.beginResetModel()
        self.roles, self.competency_id, self.scale = list(roles), competency_id, scale
        self.endResetModel()

    def set_role(self, role: Role) -> None:
        """A role's targets were stored: refresh its row."""
        for row, known in enumerate(self.roles):
            if known.id == role.id:
                self.roles[row] = role
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(SENIORITIES) - 1))
                return

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One row per role (none without a competency)."""
        return 0 if parent.isValid() or self.competency_id is None else len(self.roles)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per seniority."""
        return 0 if parent.isValid() else len(SENIORITIES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Seniorities across, role names down."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(SENIORITIES):
            return SENIORITIES[section].value
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return self.roles[section].name
        return None

    def level(self, index: Index) -> int | None:
        """The target at ``index``, or None when there is none."""
        if self.competency_id is None:
            return None
        role = self.roles[index.row()]
        return role.target(SENIORITIES[index.column()], self.competency_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A target's level text and tooltip for ``role``."""
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        level = self.level(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return NO_TARGET if level is None else f"{level}  {self.scale.label(level)}"
        if role == Qt.ItemDataRole.EditRole:
            return level
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            who = f"{self.roles[index.row()].name}, {SENIORITIES[index.column()].value}"
            if level is None:
                return f"{who}: no target (type a level to set one)"
            return f"{who}: target {level} {self.scale.label(level)}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Set a target through the view's edit (None clears it); False when nothing changed."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        level = None if value is None or value == "" else int(value)
        if level != self.level(index):
            self.targetRequested.emit(
                self.roles[index.row()].id, SENIORITIES[index.column()].value, level
            )
        return False  # the command refreshes the row once the target is stored


class LevelDelegate(QStyledItemDelegate):
    """Edits a target with a combo of the scale's levels plus "no target"."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo of the scale's levels and "no target"."""
        model = index.model()
        scale = getattr(model, "scale", None)
        combo = QComboBox(parent)
        combo.addItem(f"{NO_TARGET} no target", None)
        if scale is not None:
            for lv in scale.levels:
                combo.addItem(f"{lv.value}  {lv.label}", lv.value)
        # Picking an entry stores it at once: no extra Enter needed.
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        combo.activated.connect(lambda _i: self.closeEditor.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the cell's target in the combo."""
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the level chosen in the combo."""
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TargetsTable(QTableView):
    """The targets grid: type a digit to set a level, Delete to remove the target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("targetsTable")
        self.setAccessibleName("Target level by role and seniority")
        self.setItemDelegate(LevelDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def fit_rows(self) -> None:
        """As tall as its rows (a few roles): no empty box under the table."""
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.model().rowCount()))
        frame = 2 * self.frameWidth()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows + frame + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits set the target at once, Delete clears it; other keys as usual."""
        index = self.currentIndex()
        model = self.model()
        text = event.text()
        if index.isValid() and self.state() != QAbstractItemView.State.EditingState:
            scale = getattr(model, "scale", None)
            if text.isdigit() and scale is not None and int(text) in scale:
                model.setData(index, int(text), Qt.ItemDataRole.EditRole)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                model.setData(index, None, Qt.ItemDataRole.EditRole)
                return
        super().keyPressEvent(event)
