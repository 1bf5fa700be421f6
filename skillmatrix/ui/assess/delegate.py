"""The grid's item delegate: fast cell painting and the inline note editor."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from skillmatrix.ui.assess.model import AssessModel
from skillmatrix.ui.assess.painter import CellPainter
from skillmatrix.ui.assess.roles import Role

Index = QModelIndex | QPersistentModelIndex
NOTE_EDITOR_WIDTH = 360


class CellDelegate(QStyledItemDelegate):
    """Paints cells from ``AssessModel.cell`` and edits a cell's note in a line edit.

    Painting reads the model directly (one tuple per cell) rather than several
    ``data()`` calls, and uses the brushes the :class:`CellPainter` made once.
    """

    def __init__(self, model: AssessModel, painter: CellPainter, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.cell_painter = painter
        self._hatch: QBrush | None = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Paint the cell through the cell painter (level, marks, selection and focus)."""
        row, col = index.row(), index.column()
        m = self._model
        state = option.state
        self.cell_painter.paint(
            painter,
            option.rect,
            m.cell(row, col),
            selected=bool(state & QStyle.StateFlag.State_Selected),
            focused=bool(state & QStyle.StateFlag.State_HasFocus),
            group_top=row > 0 and m.group_at(row) is not None,
            category_left=col > 0 and m.category_start(col),
        )
        if m.access is not None and not m.access.admin and m.locked(row):
            # Another team's person on a shared database: dotted (n/a is hatched), so
            # read-only shows at a glance; the tooltip and the banner say why.
            painter.fillRect(option.rect, self._locked_brush())

    def _locked_brush(self) -> QBrush:
        if self._hatch is None:
            # The text colour, faint: dark dots in the light theme, light ones in the dark.
            view = self.parent()
            assert isinstance(view, QWidget)  # the grid this delegate paints for
            color = QColor(view.palette().color(QPalette.ColorRole.Text))
            color.setAlpha(110)
            self._hatch = QBrush(color, Qt.BrushStyle.Dense6Pattern)
        return self._hatch

    # -- note editor -----------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A one-line note editor (objectName ``noteEditor``)."""
        editor = QLineEdit(parent)
        editor.setObjectName("noteEditor")
        editor.setPlaceholderText("Note — Enter saves, Esc cancels")
        editor.setAccessibleName("Note")
        editor.setFrame(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Load the cell's note into the editor, selected."""
        assert isinstance(editor, QLineEdit)
        editor.setText(self._model.note(index.row(), index.column()))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the edited note, if it changed."""
        assert isinstance(editor, QLineEdit)
        if editor.text().strip() != self._model.note(index.row(), index.column()):
            model.setData(index, editor.text(), Role.NOTE)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        """Place the note editor over the cell, wider than the cell when the viewport allows."""
        cell: QRect = option.rect
        parent = editor.parentWidget()
        avail = parent.width() if parent is not None else NOTE_EDITOR_WIDTH
        width = min(NOTE_EDITOR_WIDTH, max(avail, cell.width()))
        x = min(cell.x(), max(0, avail - width))
        height = max(cell.height(), editor.sizeHint().height())
        editor.setGeometry(x, cell.y(), width, height)
