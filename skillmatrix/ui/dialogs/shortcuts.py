"""Help › Keyboard Shortcuts: every menu shortcut plus the keys of the views."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: Keys handled inside views (not menu actions), by view.
VIEW_KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Assess grid",
        (
            ("0 – 4", "Set the level (and move on)"),
            ("Delete", "Clear the rating"),
            ("N", "Mark not applicable"),
            ("I", "Cycle interest"),
            ("Enter / F2", "Edit the note"),
            ("Arrow keys", "Move between people and competencies"),
            ("Shift+Arrow keys", "Select several cells, then type a level for all"),
        ),
    ),
    (
        "Team",
        (
            ("Insert", "Add person"),
            ("Enter / F2", "Edit the selected person"),
            ("Delete", "Delete the selected person (asks first)"),
        ),
    ),
    (
        "Framework",
        (
            ("Insert", "Add competency"),
            ("F2", "Rename in the tree"),
            ("Alt+Up / Alt+Down", "Move the competency or category"),
            ("Delete", "Remove the competency (asks first)"),
            ("0 – 4 in Targets", "Set a target level; Delete removes it"),
        ),
    ),
)


def _text(action: QAction) -> str:
    named = action.property("shortcutName")  # Undo/Redo: not "Undo Ada · SQL → 3"
    if isinstance(named, str) and named:
        return named
    text = action.text().replace("&", "").rstrip("…").strip()
    head, _, rest = text.partition(" ")
    return rest if head.isdigit() and rest else text  # "1 Team" -> "Team"


def _keys(action: QAction) -> str:
    """Every shortcut of the action ("Ctrl+Shift+Z, Ctrl+Y"), in the platform's notation."""
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in action.shortcuts()
        if not sequence.isEmpty()
    )


class ShortcutsDialog(QDialog):
    """A two-column list: keys and what they do, grouped by menu and view."""

    def __init__(
        self, groups: Iterable[tuple[str, Iterable[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsList")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Keys", "Action"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for title, actions in groups:
            rows = [(_keys(action), _text(action)) for action in actions if _keys(action)]
            self._group(title, rows)
        for title, keys in VIEW_KEYS:
            self._group(title, list(keys))
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

    def _group(self, title: str, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        head = QTreeWidgetItem(self.tree, [title, ""])
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        head.setFirstColumnSpanned(True)
        for keys, what in rows:
            QTreeWidgetItem(self.tree, [keys, what])

    def rows(self) -> list[tuple[str, str]]:
        """Every (keys, action) line shown (tests and accessibility checks)."""
        root = self.tree.invisibleRootItem()
        items = [root.child(i) for i in range(root.childCount())]
        return [(item.text(0), item.text(1)) for item in items if item is not None]
