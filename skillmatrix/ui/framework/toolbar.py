"""The Framework view's action row: filter, add, move, remove, load."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QToolButton

from skillmatrix.core.model import Competency
from skillmatrix.store.records import Category
from skillmatrix.ui import icons
from skillmatrix.ui.framework import load

if TYPE_CHECKING:
    from skillmatrix.ui.framework.view import FrameworkView


def _action(view: FrameworkView, text: str, icon: str, tip: str) -> QAction:
    action = QAction(text, view)
    icons.bind(action, icon)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    return action


def build_toolbar(view: FrameworkView) -> QHBoxLayout:
    """Create the view's actions (``view.act_*``) and the row of buttons for them."""
    view.act_category = _action(view, "Add &category…", "folder-add", "Add a category")
    view.act_competency = _action(
        view, "&Add competency…", "add", "Add a competency to the selected category"
    )
    view.act_up = _action(view, "Move &up", "arrow-up", "Move up (Alt+Up)")
    view.act_down = _action(view, "Move do&wn", "arrow-down", "Move down (Alt+Down)")
    view.act_remove = _action(view, "&Remove…", "delete", "Remove the competency and its ratings")
    view.act_category.triggered.connect(view.add_category)
    view.act_competency.triggered.connect(view.add_competency)
    view.act_up.triggered.connect(lambda: view.move_current(-1))
    view.act_down.triggered.connect(lambda: view.move_current(+1))
    view.act_remove.triggered.connect(view.remove_current)

    bar = QHBoxLayout()
    view.add_tool(bar, view.act_category)
    view.add_tool(bar, view.act_competency, "Ins")
    view.add_tool(bar, view.act_up, "Alt+Up")
    view.add_tool(bar, view.act_down, "Alt+Down")
    view.add_tool(bar, view.act_remove)
    view.act_remove.setShortcut("Del")
    view.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    view.tree.addAction(view.act_remove)
    bar.addStretch(1)
    view.load_menu = load.build_menu(view, view.install_framework)
    view.load_button = QToolButton(view)
    view.load_button.setObjectName("loadFramework")
    view.load_button.setText("&Load framework…")
    view.load_button.setToolTip("Install a built-in role framework or a framework file")
    icons.bind(view.load_button, "load")
    view.load_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    view.load_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    view.load_button.setMenu(view.load_menu)
    bar.addWidget(view.load_button)
    return bar


def update_actions(view: FrameworkView) -> None:
    """Enable what applies to the current tree item."""
    record = view.current_record()
    index = view.tree.currentIndex().siblingAtColumn(0)
    row = index.row() if index.isValid() else -1
    rows = view.proxy.rowCount(index.parent()) if index.isValid() else 0
    movable = isinstance(record, Competency | Category) and not view.search.text().strip()
    view.act_up.setEnabled(movable and row > 0)
    view.act_down.setEnabled(movable and 0 <= row < rows - 1)
    empty_category = (
        isinstance(record, Category)
        and (item := view.model.category_item(record.id)) is not None
        and item.rowCount() == 0
    )
    view.act_remove.setEnabled(isinstance(record, Competency) or empty_category)
    view.act_remove.setToolTip(
        "Remove the empty category" if empty_category else "Remove the competency and its ratings"
    )
    # On a shared database only an admin may change the framework (the database says so
    # too): the edits are disabled, with the reason where the user looks.
    reason = view.ctx.access.admin_reason("change the framework") if view.ctx.db else None
    if reason is not None:
        for action in (
            view.act_category,
            view.act_competency,
            view.act_up,
            view.act_down,
            view.act_remove,
        ):
            action.setEnabled(False)
            action.setToolTip(reason)
        view.load_button.setEnabled(False)
        view.load_button.setToolTip(reason)
        view.details.setEnabled(False)
        view.details.setToolTip(reason)
