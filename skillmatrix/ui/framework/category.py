"""The detail panel of a category: its name and what it holds."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from skillmatrix.store.records import Category


class CategoryPanel(QWidget):
    """Renames a category.

    Signals:
        renameRequested(str): a new name.
    """

    renameRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category: Category | None = None
        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.name = QLineEdit(self)
        self.name.setObjectName("categoryName")
        self.name.setAccessibleName("Category name")
        self.name.editingFinished.connect(self._done)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def show_category(self, category: Category, competencies: int) -> None:
        """Show ``category`` and how many competencies it holds."""
        self.category = category
        self.heading.setText(category.name)
        self.name.setText(category.name)
        if competencies:
            self.summary.setText(
                f"{competencies} competenc{'y' if competencies == 1 else 'ies'}. Select one "
                "in the tree to edit its description, levels, targets and coverage rule; "
                "Alt+Up / Alt+Down reorders."
            )
        else:
            self.summary.setText("No competencies yet: use Add competency… to add one here.")

    def _done(self) -> None:
        text = self.name.text().strip()
        if self.category is None:
            return
        if not text:
            self.name.setText(self.category.name)
        elif text != self.category.name:
            self.renameRequested.emit(text)
