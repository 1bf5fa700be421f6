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
    from skillmatrix.ui.window_api import WindowApi

Key = QKeySequence.StandardKey


def _add(
    window: WindowApi,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | Key | str | None = None,
    *,
    icon: str | None = None,
    tip: str = "",
    needs_db: bool = True,
    needs: list[QAction] | None = None,
) -> QAction:
    action = QAction(text, window.as_widget())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon:
        icons.bind(action, icon)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    if needs_db and needs is not None:
        needs.append(action)
    return action


def _undo_action(window: WindowApi, ctx: AppContext, *, forward: bool) -> QAction:
    """Edit › Undo or Redo, named after the step, run through ``ctx.undo``/``ctx.redo``.

    Named as ``createUndoAction`` would; the stack moves only when the step worked. The
    ``shortcutName`` property is the plain name the shortcuts dialog lists.
    """
    stack = ctx.undo_stack
    name = "Redo" if forward else "Undo"
    action = QAction(f"&{name}", window.as_widget())
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


def _open_department(window: WindowApi) -> None:
    from skillmatrix.ui.department import open_department  # its services: when first used

    open_department(window.ctx, window.as_widget())


class MainActions:
    """The menu bar of a main window.

    It creates and owns every action, by name, and the menus that group them (for enabling
    and for the shortcuts dialog).
    """

    def __init__(self, window: WindowApi) -> None:
        self.groups: list[tuple[str, list[QAction]]] = []
        self.views: dict[str, QAction] = {}
        self.themes: dict[str, QAction] = {}
        self.needs_db: list[QAction] = []
        self._build(window)

    def _build(self, window: WindowApi) -> None:
        bar = window.menuBar()
        ctx = window.ctx
        parent = window.as_widget()
        add = functools.partial(_add, window, needs=self.needs_db)

        file = bar.addMenu("&File")
        self.new = add(
            file,
            "&New Database…",
            lambda: db_actions.new_database(window),
            Key.New,
            icon="database-new",
            needs_db=False,
            tip="Create a database from a role framework",
        )
        self.open = add(
            file,
            "&Open…",
            lambda: db_actions.open_dialog(window),
            Key.Open,
            icon="folder-open",
            needs_db=False,
            tip="Open an existing database",
        )
        self.connect = add(
            file,
            "&Connect to Server…",
            lambda: db_actions.connect_server(window),
            "Ctrl+Shift+O",
            icon="server",
            needs_db=False,
            tip="Open a shared PostgreSQL database (host, port, database, login)",
        )
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(window.fill_recent_menu)
        file.addSeparator()
        self.backup = add(
            file,
            "Save a &Backup Copy…",
            lambda: db_actions.save_backup(window),
            "Ctrl+Shift+S",
            icon="backup",
            tip="Copy the database to a file of your choice",
        )
        file.addSeparator()
        self.import_ = add(
            file,
            "&Import…",
            lambda: db_actions.run_import(window),
            "Ctrl+I",
            icon="import",
            tip="Bring ratings in from a spreadsheet",
        )
        self.export = add(
            file,
            "&Export Report…",
            lambda: window.show_view("reports"),
            "Ctrl+E",
            icon="export",
            tip="Write the quarterly Excel report",
        )
        file.addSeparator()
        self.quit = add(file, "&Quit", window.close, Key.Quit, needs_db=False)
        self.groups.append(
            (
                "File",
                [
                    self.new,
                    self.open,
                    self.connect,
                    self.backup,
                    self.import_,
                    self.export,
                    self.quit,
                ],
            )
        )

        edit = bar.addMenu("&Edit")
        self.undo = _undo_action(window, ctx, forward=False)
        self.undo.setShortcut(QKeySequence(Key.Undo))
        self.redo = _undo_action(window, ctx, forward=True)
        self.redo.setShortcuts([QKeySequence(Key.Redo), QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo)
        edit.addAction(self.redo)
        edit.addSeparator()
        self.find = add(
            edit,
            "&Find…",
            window.find,
            Key.Find,
            icon="search",
            tip="Search in the current view",
        )
        self.groups.append(("Edit", [self.undo, self.redo, self.find]))

        cycle = bar.addMenu("&Cycle")
        self.start_cycle = add(
            cycle,
            "&Start Next Cycle…",
            lambda: cycle_actions.start_next_cycle(window),
            icon="cycle-next",
            tip="Start the next quarter's assessments",
        )
        self.close_cycle = add(
            cycle,
            "&Close Cycle",
            lambda: cycle_actions.close_cycle(window),
            icon="lock",
            tip="Make the current cycle read-only history",
        )
        self.reopen_cycle = add(
            cycle,
            "&Reopen Cycle",
            lambda: cycle_actions.reopen_cycle(window),
            tip="Allow corrections to a closed cycle",
        )
        cycle.addSeparator()
        self.set_due = add(
            cycle,
            "Set &Due Date…",
            lambda: cycle_actions.set_due_date(window),
            tip="Set the day the current cycle's reviews are due",
        )
        self.set_due.setObjectName("actSetDueDate")

        view = bar.addMenu("&View")
        for n, spec in enumerate(VIEWS, start=1):
            action = add(
                view,
                f"&{n} {spec.title}",
                functools.partial(window.show_view, spec.key),
                f"Ctrl+{n}",
                icon=spec.icon,
                tip=spec.description,
            )
            action.setCheckable(True)
            self.views[spec.key] = action
        group = QActionGroup(parent)
        for action in self.views.values():
            group.addAction(action)
        self.groups.append(("Views", list(self.views.values())))
        view.addSeparator()
        self.department = add(
            view,
            "&Department Coverage…",
            lambda: _open_department(window),
            "Ctrl+Shift+D",
            tip="Every team's coverage of every competency, as counts (no names)",
        )
        self.department.setObjectName("actDepartment")
        self.refresh = add(
            view,
            "&Refresh",
            window.ctx.refresh,
            "F5",
            tip="Reload everything from the database (others' changes also show by themselves)",
        )
        self.refresh.setObjectName("actRefresh")
        self.groups.append(("View", [self.department, self.refresh]))
        self.toolbar = window.toolbar.toggleViewAction()
        self.toolbar.setText("Show &Toolbar")
        view.addAction(self.toolbar)
        theme_menu = view.addMenu("T&heme")
        themes = QActionGroup(parent)
        for key, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = theme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(settings.theme() == key)
            action.triggered.connect(lambda _c=False, k=key: window.set_theme(k))
            themes.addAction(action)
            self.themes[key] = action
        self.stale_after = view.addAction("Mark Ratings &Stale After…")
        self.stale_after.setObjectName("actStaleAfter")
        self.stale_after.setStatusTip(
            "How many cycles a rating may go unconfirmed before the grid marks it stale"
        )
        self.stale_after.triggered.connect(lambda _c=False: window.ask_stale_after())

        help_menu = bar.addMenu("&Help")
        self.shortcuts = add(
            help_menu,
            "&Keyboard Shortcuts",
            window.show_shortcuts,
            "Ctrl+/",
            icon="keyboard",
            needs_db=False,
        )
        self.about = add(help_menu, "&About SkillMatrix", window.show_about, needs_db=False)
        self.groups.append(("Help", [self.shortcuts]))
