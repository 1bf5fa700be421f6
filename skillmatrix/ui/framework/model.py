"""The framework tree: categories with their competencies (an adapter over plain records).

Built from ``Category`` and ``Competency`` lists; single edits update one item in place.
Renaming in the tree (F2) does not change the item directly: it emits ``renameRequested``
so the view can store it through an undoable command, which then updates the item.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from skillmatrix.core.model import Competency
from skillmatrix.store.records import Category

KindRole = Qt.ItemDataRole.UserRole + 1  # "category" or "competency"
IdRole = Qt.ItemDataRole.UserRole + 2
RecordRole = Qt.ItemDataRole.UserRole + 3  # the Category or Competency record
HEADERS = ("Competency", "Critical", "Description")
Index = QModelIndex | QPersistentModelIndex


def _first_line(text: str, limit: int = 140) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class FrameworkModel(QStandardItemModel):
    """Categories (top level) and competencies (children); three columns (``HEADERS``).

    Signals:
        renameRequested(str, int, str): kind ("category"/"competency"), id, new name.
    """

    renameRequested = Signal(str, int, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self._categories: dict[int, QStandardItem] = {}
        self._competencies: dict[int, QStandardItem] = {}

    # -- building --------------------------------------------------------------------------
    def load(self, categories: list[Category], competencies: list[Competency]) -> None:
        """Show ``categories`` and their ``competencies`` (one model reset)."""
        self.beginResetModel()
        self.blockSignals(True)  # one reset instead of a signal per item
        try:
            self.removeRows(0, self.rowCount())
            self._categories.clear()
            self._competencies.clear()
            for category in categories:
                self.invisibleRootItem().appendRow(self._category_row(category))
            for comp in competencies:
                cid = self._category_id(comp.category)
                parent = self._categories.get(cid) if cid is not None else None
                if parent is not None:
                    parent.appendRow(self._competency_row(comp))
            for item in self._categories.values():
                self._update_count(item)
        finally:
            self.blockSignals(False)
            self.endResetModel()

    def _category_id(self, name: str) -> int | None:
        folded = name.casefold()
        for cid, item in self._categories.items():
            if item.data(RecordRole).name.casefold() == folded:
                return cid
        return None

    def _category_row(self, category: Category) -> list[QStandardItem]:
        name = QStandardItem(category.name)
        font = QFont(name.font())
        font.setBold(True)
        name.setFont(font)
        name.setData("category", KindRole)
        name.setData(category.id, IdRole)
        name.setData(category, RecordRole)
        self._categories[category.id] = name
        return [name, self._cell(""), self._cell("")]

    def _competency_row(self, comp: Competency) -> list[QStandardItem]:
        name = QStandardItem(comp.name)
        name.setData("competency", KindRole)
        name.setData(comp.id, IdRole)
        self._competencies[comp.id] = name
        row = [name, self._cell(""), self._cell("")]
        self._fill(row, comp)
        return row

    @staticmethod
    def _cell(text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        return item

    def _fill(self, row: list[QStandardItem], comp: Competency) -> None:
        name, critical, description = row
        name.setText(comp.name)
        name.setData(comp, RecordRole)
        name.setToolTip(comp.description or comp.name)
        critical.setText("Critical" if comp.critical else "")
        bold = QFont(critical.font())
        bold.setBold(True)  # scans down the column in either theme, unlike a fixed colour
        critical.setFont(bold)
        critical.setToolTip("Critical: a gap here is a business risk" if comp.critical else "")
        description.setText(_first_line(comp.description))
        description.setToolTip(comp.description)

    def _update_count(self, category_item: QStandardItem) -> None:
        n = category_item.rowCount()
        self.invisibleRootItem().child(category_item.row(), 2).setText(
            f"{n} competenc{'y' if n == 1 else 'ies'}"
        )

    # -- lookups ---------------------------------------------------------------------------
    def competency_item(self, competency_id: int) -> QStandardItem | None:
        """The tree item of a competency, or None."""
        return self._competencies.get(competency_id)

    def category_item(self, category_id: int) -> QStandardItem | None:
        """The tree item of a category, or None."""
        return self._categories.get(category_id)

    def competency_count(self) -> int:
        """How many competencies the tree holds."""
        return len(self._competencies)

    def category_count(self) -> int:
        """How many categories the tree holds."""
        return len(self._categories)

    # -- in-place updates ------------------------------------------------------------------
    def update_competency(self, comp: Competency) -> None:
        """Show a competency's changed fields in place."""
        item = self._competencies.get(comp.id)
        if item is None:
            return
        parent = item.parent()
        row = [parent.child(item.row(), c) for c in range(3)]
        self._fill(row, comp)

    def add_competency(self, comp: Competency) -> QStandardItem | None:
        """Add a competency under its category; None when the category is not in the tree."""
        parent = self._categories.get(self._category_id(comp.category) or -1)
        if parent is None:
            return None
        row = self._competency_row(comp)
        parent.insertRow(min(comp.position, parent.rowCount()), row)
        self._update_count(parent)
        return row[0]

    def remove_competency(self, competency_id: int) -> None:
        """Take a competency out of the tree."""
        item = self._competencies.pop(competency_id, None)
        if item is not None:
            parent = item.parent()
            parent.removeRow(item.row())
            self._update_count(parent)

    def move_competency(self, competency_id: int, position: int) -> None:
        """Move a competency to ``position`` within its category."""
        item = self._competencies.get(competency_id)
        if item is None:
            return
        parent = item.parent()
        row = parent.takeRow(item.row())
        parent.insertRow(max(0, min(position, parent.rowCount())), row)

    def add_category(self, category: Category) -> QStandardItem:
        """Insert a category at its place by (position, id) among the others."""
        root = self.invisibleRootItem()
        at = sum(
            1
            for r in range(root.rowCount())
            if (other := root.child(r).data(RecordRole)) is not None
            and (other.position, other.id) < (category.position, category.id)
        )
        row = self._category_row(category)
        root.insertRow(at, row)
        self._update_count(row[0])
        return row[0]

    def remove_category(self, category_id: int) -> None:
        """Take a category's row (and any competency rows under it) out of the tree."""
        item = self._categories.pop(category_id, None)
        if item is None:
            return
        for child in range(item.rowCount()):
            self._competencies.pop(item.child(child, 0).data(IdRole), None)
        self.invisibleRootItem().removeRow(item.row())

    def update_category(self, category: Category) -> None:
        """Show a category's new name."""
        item = self._categories.get(category.id)
        if item is not None:
            item.setText(category.name)
            item.setData(category, RecordRole)
            for child in range(item.rowCount()):  # competencies name their category
                comp_item = item.child(child, 0)
                comp = comp_item.data(RecordRole)
                if comp is not None:
                    comp_item.setData(replace(comp, category=category.name), RecordRole)

    def order_categories(self, order: list[int]) -> None:
        """Put the top-level rows in ``order`` (category ids)."""
        root = self.invisibleRootItem()
        for position, category_id in enumerate(order):
            item = self._categories.get(category_id)
            if item is not None and item.row() != position:
                root.insertRow(position, root.takeRow(item.row()))

    # -- editing names in place ------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A name edited in the tree renames the competency or category (through the view)."""
        if role == Qt.ItemDataRole.EditRole and index.column() == 0:
            kind, item_id = index.data(KindRole), index.data(IdRole)
            text = str(value).strip()
            if kind and text and text != index.data(Qt.ItemDataRole.DisplayRole):
                self.renameRequested.emit(kind, int(item_id), text)
            return False  # the command updates the item once the rename is stored
        return super().setData(index, value, role)
