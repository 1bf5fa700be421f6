"""The main window's menus and their actions (File, Edit, Cycle, View, Help)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from skillmatrix.ui import cycle_actions, db_actions, icons, settings
from skillmatrix.ui.views import VIEWS

if TYPE_CHECKING:
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.main_window import MainWindow

Key = QKeySequence.StandardKey


class MainActions:
    """Every action of the menu bar, by name, plus the menus that group them."""

    def __init__(self) -> None:
        self.groups: list[tuple[str, list[QAction]]] = []
        self.views: dict[str, QAction] = {}
        self.themes: dict[str, QAction] = {}
        self.stale_after: QAction | None = None
        self.needs_db: list[QAction] = []


def _add(
    window: MainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | Key | str | None = None,
    *,
    icon: str | None = None,
    tip: str = "",
    needs_db: bool = True,
    registry: MainActions | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon:
        icons.bind(action, icon)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    if needs_db and registry is not None:
        registry.needs_db.append(action)
    return action


def _undo_action(window: MainWindow, ctx: AppContext, *, forward: bool) -> QAction:
    """Edit › Undo or Redo, named after the step (as ``createUndoAction`` would), but run
    through ``ctx.undo``/``ctx.redo``: the stack moves only when the step worked. The
    ``shortcutName`` property is the plain name the shortcuts dialog lists."""
    stack = ctx.undo_stack
    name = "Redo" if forward else "Undo"
    action = QAction(f"&{name}", window)
    action.setProperty("shortcutName", name)
    action.setEnabled(stack.canRedo() if forward else stack.canUndo())

    def retitle(text: str) -> None:
        action.setText(f"&{name} {text}" if text else f"&{name}")

    if forward:
        stack.canRedoChanged.connect(action.setEnabled)
        stack.redoTextChanged.connect(retitle)
        action.triggered.connect(lambda _checked=False: ctx.redo())
    else:
        stack.canUndoChanged.connect(action.setEnabled)
        stack.undoTextChanged.connect(retitle)
        action.triggered.connect(lambda _checked=False: ctx.undo())
    return action


def build_menus(window: MainWindow) -> MainActions:
    """Create the menu bar of ``window``; returns the actions for enabling and listing."""
    acts = MainActions()
    bar = window.menuBar()
    ctx = window.ctx
    add = functools.partial(_add, window, registry=acts)

    file = bar.addMenu("&File")
    acts.new = add(
        file,
        "&New Database…",
        lambda: db_actions.new_database(window),
        Key.New,
        icon="database-new",
        needs_db=False,
        tip="Create a database from a role framework",
    )
    acts.open = add(
        file,
        "&Open…",
        lambda: db_actions.open_dialog(window),
        Key.Open,
        icon="folder-open",
        needs_db=False,
        tip="Open an existing database",
    )
    acts.connect = add(
        file,
        "&Connect to Server…",
        lambda: db_actions.connect_server(window),
        "Ctrl+Shift+O",
        icon="server",
        needs_db=False,
        tip="Open a shared PostgreSQL database (host, port, database, login)",
    )
    window.recent_menu = file.addMenu("Open &Recent")
    window.recent_menu.setObjectName("recentMenu")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file.addSeparator()
    acts.backup = add(
        file,
        "Save a &Backup Copy…",
        lambda: db_actions.save_backup(window),
        "Ctrl+Shift+S",
        icon="backup",
        tip="Copy the database to a file of your choice",
    )
    file.addSeparator()
    acts.import_ = add(
        file,
        "&Import…",
        lambda: db_actions.run_import(window),
        "Ctrl+I",
        icon="import",
        tip="Bring ratings in from a spreadsheet",
    )
    acts.export = add(
        file,
        "&Export Report…",
        lambda: window.show_view("reports"),
        "Ctrl+E",
        icon="export",
        tip="Write the quarterly Excel report",
    )
    file.addSeparator()
    acts.quit = add(file, "&Quit", window.close, Key.Quit, needs_db=False)
    acts.groups.append(
        (
            "File",
            [acts.new, acts.open, acts.connect, acts.backup, acts.import_, acts.export, acts.quit],
        )
    )

    edit = bar.addMenu("&Edit")
    acts.undo = _undo_action(window, ctx, forward=False)
    acts.undo.setShortcut(QKeySequence(Key.Undo))
    acts.redo = _undo_action(window, ctx, forward=True)
    acts.redo.setShortcuts([QKeySequence(Key.Redo), QKeySequence("Ctrl+Y")])
    edit.addAction(acts.undo)
    edit.addAction(acts.redo)
    edit.addSeparator()
    acts.find = add(
        edit,
        "&Find…",
        window.find,
        Key.Find,
        icon="search",
        tip="Search in the current view",
    )
    acts.groups.append(("Edit", [acts.undo, acts.redo, acts.find]))

    cycle = bar.addMenu("&Cycle")
    acts.start_cycle = add(
        cycle,
        "&Start Next Cycle…",
        lambda: cycle_actions.start_next_cycle(window),
        icon="cycle-next",
        tip="Start the next quarter's assessments",
    )
    acts.close_cycle = add(
        cycle,
        "&Close Cycle",
        lambda: cycle_actions.close_cycle(window),
        icon="lock",
        tip="Make the current cycle read-only history",
    )
    acts.reopen_cycle = add(
        cycle,
        "&Reopen Cycle",
        lambda: cycle_actions.reopen_cycle(window),
        tip="Allow corrections to a closed cycle",
    )

    view = bar.addMenu("&View")
    for n, spec in enumerate(VIEWS, start=1):
        action = add(
            view,
            f"&{n} {spec.title}",
            lambda key=spec.key: window.show_view(key),
            f"Ctrl+{n}",
            icon=spec.icon,
            tip=spec.description,
        )
        action.setCheckable(True)
        acts.views[spec.key] = action
    group = QActionGroup(window)
    for action in acts.views.values():
        group.addAction(action)
    acts.groups.append(("Views", list(acts.views.values())))
    view.addSeparator()
    acts.refresh = add(
        view,
        "&Refresh",
        window.ctx.refresh,
        "F5",
        tip="Reload everything from the database (others' changes also show by themselves)",
    )
    acts.refresh.setObjectName("actRefresh")
    acts.groups.append(("View", [acts.refresh]))
    acts.toolbar = window.toolbar.toggleViewAction()
    acts.toolbar.setText("Show &Toolbar")
    view.addAction(acts.toolbar)
    theme_menu = view.addMenu("T&heme")
    themes = QActionGroup(window)
    for key, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
        action = theme_menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(settings.theme() == key)
        action.triggered.connect(lambda _c=False, k=key: window.set_theme(k))
        themes.addAction(action)
        acts.themes[key] = action
    acts.stale_after = view.addAction("Mark Ratings &Stale After…")
    acts.stale_after.setObjectName("actStaleAfter")
    acts.stale_after.setStatusTip(
        "How many cycles a rating may go unconfirmed before the grid marks it stale"
    )
    acts.stale_after.triggered.connect(lambda _c=False: window.ask_stale_after())

    help_menu = bar.addMenu("&Help")
    acts.shortcuts = add(
        help_menu,
        "&Keyboard Shortcuts",
        window.show_shortcuts,
        "Ctrl+/",
        icon="keyboard",
        needs_db=False,
    )
    acts.about = add(help_menu, "&About SkillMatrix", window.show_about, needs_db=False)
    acts.groups.append(("Help", [acts.shortcuts]))
    return acts
