"""The Framework view's action row: filter, add, move, remove, load.

:class:`FrameworkToolbar` owns the actions; the view hands it the callbacks to run, so
this module does not import the view (issue 11).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from skillmatrix.core.frameworks import Framework
from skillmatrix.ui import icons
from skillmatrix.ui.framework import load

REMOVE_TIP = "Remove the competency and its ratings"


class FrameworkToolbar:
    """The view's actions (``act_*``), the load menu and the row of buttons for them.

    Args:
        view: the Framework view: parent of the actions, and where their shortcuts live.
        tree: the category / competency tree, where Del removes.
        add_category, add_competency, move, remove, install: what the actions run
            (``move(-1)`` is up); ``install(fw)`` installs a chosen framework.
    """

    def __init__(
        self,
        view: QWidget,
        tree: QWidget,
        *,
        add_category: Callable[[], object],
        add_competency: Callable[[], object],
        move: Callable[[int], object],
        remove: Callable[[], object],
        install: Callable[[Framework], object],
    ) -> None:
        self._view = view
        self.act_category = self._action("Add &category…", "folder-add", "Add a category")
        self.act_competency = self._action(
            "&Add competency…", "add", "Add a competency to the selected category"
        )
        self.act_up = self._action("Move &up", "arrow-up", "Move up (Alt+Up)")
        self.act_down = self._action("Move do&wn", "arrow-down", "Move down (Alt+Down)")
        self.act_remove = self._action("&Remove…", "delete", REMOVE_TIP)
        self.act_category.triggered.connect(lambda _c=False: add_category())
        self.act_competency.triggered.connect(lambda _c=False: add_competency())
        self.act_up.triggered.connect(lambda _c=False: move(-1))
        self.act_down.triggered.connect(lambda _c=False: move(+1))
        self.act_remove.triggered.connect(lambda _c=False: remove())

        self.bar = QHBoxLayout()
        self._add_tool(self.act_category)
        self._add_tool(self.act_competency, "Ins")
        self._add_tool(self.act_up, "Alt+Up")
        self._add_tool(self.act_down, "Alt+Down")
        self._add_tool(self.act_remove)
        self.act_remove.setShortcut("Del")
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        tree.addAction(self.act_remove)
        self.bar.addStretch(1)
        self.load_menu = load.build_menu(view, install)
        self.load_button = QToolButton(view)
        self.load_button.setObjectName("loadFramework")
        self.load_button.setText("&Load framework…")
        self.load_button.setToolTip("Install a built-in role framework or a framework file")
        icons.bind(self.load_button, "load")
        self.load_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.load_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.load_button.setMenu(self.load_menu)
        self.bar.addWidget(self.load_button)

    def _action(self, text: str, icon: str, tip: str) -> QAction:
        action = QAction(text, self._view)
        icons.bind(action, icon)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        return action

    def _add_tool(self, action: QAction, shortcut: str | None = None) -> None:
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._view.addAction(action)
        button = QToolButton(self._view)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.bar.addWidget(button)

    def update(
        self,
        *,
        up: bool,
        down: bool,
        removable: bool,
        empty_category: bool,
        refused: str | None,
    ) -> None:
        """Enable what applies to the current tree item.

        ``refused`` is why nothing may change the framework (a shared database's non-admin),
        shown as the tooltip.
        """
        self.act_up.setEnabled(up)
        self.act_down.setEnabled(down)
        self.act_remove.setEnabled(removable)
        self.act_remove.setToolTip("Remove the empty category" if empty_category else REMOVE_TIP)
        if refused is not None:
            for action in (
                self.act_category,
                self.act_competency,
                self.act_up,
                self.act_down,
                self.act_remove,
            ):
                action.setEnabled(False)
                action.setToolTip(refused)
            self.load_button.setEnabled(False)
            self.load_button.setToolTip(refused)
