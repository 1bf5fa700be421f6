"""Choosing the role framework a new database starts from."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.errors import FrameworkError
from skillmatrix.core.frameworks import Framework, builtin_frameworks
from skillmatrix.core.scale import Scale
from skillmatrix.ui import icons
from skillmatrix.ui.dialogs.scale_choice import ScaleChoice

FrameworkRole = Qt.ItemDataRole.UserRole + 1


def framework_text(fw: Framework) -> str:
    """A framework's list entry: its name and how many competencies in how many categories."""
    n = len(fw.competencies)
    cats = len(fw.categories)
    return (
        f"{fw.name}\n{n} competenc{'y' if n == 1 else 'ies'} in {cats} "
        f"categor{'y' if cats == 1 else 'ies'}"
    )


class FrameworkList(QListWidget):
    """The built-in frameworks, two lines each: name, then what it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frameworkList")
        self.setAccessibleName("Role frameworks")
        self.setIconSize(QSize(28, 28))
        self.setSpacing(2)
        self.setUniformItemSizes(True)
        try:
            found = builtin_frameworks()
        except FrameworkError as exc:
            found = []
            self.addItem(f"Built-in frameworks unavailable: {exc}")
        for fw in found:
            self.add_framework(fw)
        if self.count():
            self.setCurrentRow(0)

    def add_framework(self, fw: Framework) -> QListWidgetItem:
        """Add ``fw`` to the list."""
        item = QListWidgetItem(framework_text(fw), self)
        icons.bind(item, "framework")
        item.setData(FrameworkRole, fw)
        item.setToolTip(fw.description or fw.name)
        return item

    def framework(self) -> Framework | None:
        """The selected framework, or None."""
        item = self.currentItem()
        found: Framework | None = item.data(FrameworkRole) if item is not None else None
        return found


class ChooseFrameworkDialog(QDialog):
    """Pick a built-in framework or a framework file, and the scale, for a new database.

    Pick a built-in framework, or load one from a file, and the proficiency scale, for a new
    database.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chooseFramework")
        self.setWindowTitle("Start from a role framework")
        self.setMinimumSize(460, 360)
        intro = QLabel(
            "Pick the role framework your team is assessed against. You can load more "
            "roles, or edit competencies and targets, later in the Framework view.",
            self,
        )
        intro.setWordWrap(True)
        self.list = FrameworkList(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.scale = ScaleChoice(self)
        scale_label = QLabel("Proficiency &scale:", self)
        scale_label.setBuddy(self.scale)
        scale_note = QLabel("Used by every rating, chart and report; chosen once.", self)
        scale_note.setWordWrap(True)
        scale_row = QFormLayout()
        scale_row.addRow(scale_label, self.scale)
        scale_row.addRow("", scale_note)
        from_file = QPushButton("From a &file…", self)
        from_file.setToolTip("Load a framework .toml file")
        from_file.clicked.connect(self._from_file)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.addButton(from_file, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(scale_row)
        layout.addWidget(buttons)

    def _from_file(self) -> None:
        from skillmatrix.ui.framework.load import framework_from_file

        fw = framework_from_file(self, scale=self.scale.scale())
        if fw is not None:
            self.list.setCurrentItem(self.list.add_framework(fw))

    def framework(self) -> Framework | None:
        """The framework chosen, or None."""
        return self.list.framework()

    def chosen_scale(self) -> Scale:
        """The scale chosen for the new database."""
        return self.scale.scale()
