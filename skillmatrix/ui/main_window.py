"""The main window: sidebar navigation over five views, toolbar selectors, status bar.

Views are hosted in :class:`~skillmatrix.ui.lazy.LazyPage` pages (see ``views.VIEWS``),
each built the first time it shows. With no database open, the welcome page replaces them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, QTimer, qVersion
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from skillmatrix import __version__
from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.ui import db_actions, guide, icons, settings, tasks
from skillmatrix.ui.context import AppContext, first_reads
from skillmatrix.ui.lazy import LazyPage
from skillmatrix.ui.live import STOP_LIVE_SECONDS, LiveUpdates
from skillmatrix.ui.menus import MainActions
from skillmatrix.ui.palette import apply_theme
from skillmatrix.ui.status import StatusLine
from skillmatrix.ui.toolbar import ContextBar
from skillmatrix.ui.views import VIEW_KEYS, VIEWS

if TYPE_CHECKING:
    from skillmatrix.ui.welcome import WelcomePage

SIDEBAR_STYLE = """
QListWidget#sidebar { background: palette(base); border: none; outline: 0;
                      border-right: 1px solid palette(mid); padding-top: 8px; }
QListWidget#sidebar::item { padding: 8px 10px; margin: 1px 6px; border-radius: 6px; }
QListWidget#sidebar::item:selected { background: palette(highlight);
                                     color: palette(highlighted-text); }
"""


def _recent_label(target: str) -> str:
    """A Recent entry's short name: the file's, the server database's, or the service's.

    A login that is just a service name has no database in its URL.
    """
    if "://" not in target:
        return Path(target).name
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(target)
    service = parse_qs(parts.query).get("service", [""])[0]
    return parts.path.lstrip("/") or (f"service {service}" if service else target)


class MainWindow(QMainWindow):
    """The SkillMatrix main window (objectName ``mainWindow``).

    Args:
        ctx: the shared context; a new one (no database yet) when None.
        welcome: show the welcome page now; False leaves a blank page for a start-up
            that is about to open a database (``open_initial`` shows the welcome page
            if nothing opens).
    """

    def __init__(
        self, ctx: AppContext | None = None, parent: QWidget | None = None, *, welcome: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("SkillMatrix")
        self.ctx = ctx or AppContext(None, self)
        self.ctx.dialog_parent = self
        self._restored_view = False
        self._after_paint: list[Callable[[], object]] = []

        # The toolbar's selectors connect to databaseChanged before any view (see toolbar.py).
        self.toolbar = QToolBar("Toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.addToolBar(self.toolbar)
        self.context_bar = ContextBar(self.ctx, self.toolbar)

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Views")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setFixedWidth(172)
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.views = QStackedWidget(self)
        self.views.setObjectName("viewStack")
        self.pages: dict[str, LazyPage] = {}
        for n, spec in enumerate(VIEWS, start=1):
            item = QListWidgetItem(spec.title, self.sidebar)  # icons: see _show_workspace
            item.setToolTip(f"{spec.description}  (Ctrl+{n})")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, spec.description)
            page = LazyPage(self.ctx, spec, self.views)
            self.pages[spec.key] = page
            self.views.addWidget(page)
        self.sidebar.currentRowChanged.connect(self._row_changed)
        workspace = QWidget(self)
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        column = QWidget(workspace)
        stack = QVBoxLayout(column)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        self.guide = guide.install(self, column)  # a database not set up yet: its steps
        stack.addWidget(self.guide)
        stack.addWidget(self.views, 1)
        row.addWidget(column, 1)

        # The welcome page is built when first shown: a start-up that opens a database
        # never needs it (the window shows a blank page for the moment the opening takes).
        self._welcome: WelcomePage | None = None
        self.central = QStackedWidget(self)
        self._blank = QWidget(self)  # while a start-up database opens
        self.central.addWidget(self._blank)
        self.central.addWidget(workspace)
        self.workspace = workspace
        self._decorated = False
        self.setCentralWidget(self.central)

        self.status = StatusLine(self.ctx, self.statusBar())
        # Changes committed by other windows or managers show here too (ui.live).
        self.live = LiveUpdates(self.ctx, self)
        self.live.applied.connect(self.status.show_update)
        self.acts = MainActions(self)
        self.recent_menu = self.acts.recent_menu
        self.acts.toolbar.triggered.connect(settings.set_toolbar_visible)
        self.ctx.showView.connect(self.show_view)
        self.ctx.showRating.connect(self._show_rating)
        self.ctx.cycleChanged.connect(lambda _c: self.update_cycle_actions())
        self._restore_geometry()
        self._show_welcome(build=welcome)

    @property
    def welcome(self) -> WelcomePage:
        """The page shown while no database is open (built on first use)."""
        if self._welcome is None:
            from skillmatrix.ui.welcome import WelcomePage

            page = WelcomePage(settings.recent_databases(), self)
            page.createRequested.connect(self._create_from_welcome)
            page.openRequested.connect(lambda: db_actions.open_dialog(self))
            page.openRecentRequested.connect(self.open_database)
            page.demoRequested.connect(lambda: db_actions.explore_demo(self))
            self.central.addWidget(page)
            self._welcome = page
        return self._welcome

    def as_widget(self) -> QWidget:
        """The window itself, as the parent of its dialogs (see ui.window_api)."""
        return self

    # -- geometry and settings -------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry, state = settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                area = screen.availableGeometry()
                self.resize(min(1280, area.width()), min(800, area.height()))
                self.move(area.center() - self.rect().center())
        if state is not None:
            self.restoreState(state)

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the window has been painted.

        For start-up work that must not keep it blank; after a second at the latest, in case
        it is never painted.
        """
        self._after_paint.append(callback)
        QTimer.singleShot(1000, self._run_after_paint)

    def showEvent(self, event: QShowEvent) -> None:
        """Give the current view the keyboard once the window is shown."""
        super().showEvent(event)
        # Opened before it was shown (open_main_window): give the view the keyboard now,
        # before activation hands it to the first widget of the tab chain (the toolbar).
        if self.ctx.db is not None and self.focusWidget() is None:
            self.pages[self.current_view()].focus_content()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Run the work waiting for the first paint once this paint is on screen."""
        super().paintEvent(event)
        if self._after_paint:
            QTimer.singleShot(0, self._run_after_paint)  # once this paint is on screen

    def _run_after_paint(self) -> None:
        pending, self._after_paint = self._after_paint, []
        for callback in pending:
            callback()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window state, stop the background work, then close."""
        # Every change is already committed (one transaction per edit): just remember.
        settings.set_window_state(self.saveGeometry(), self.saveState())
        if self.ctx.db is not None:
            settings.set_last_view(self.current_view())
        # A load or an export still running is cancelled and waited for (bounded): its
        # thread must not outlive the window (see tasks.stop_all).
        tasks.stop_all()
        self.live.stop(wait=STOP_LIVE_SECONDS)
        super().closeEvent(event)

    # -- databases -------------------------------------------------------------------------
    def open_database(self, target: str | Path, *, password: str | None = None) -> bool:
        """Open ``target`` and switch to it; on failure keep the current one.

        ``target`` is a path or URL; a server's ``password`` is for this connection only,
        else the keyring's.
        """
        from skillmatrix.services.database import open_database
        from skillmatrix.ui.opening import shown_name, wait_for

        name = shown_name(target)
        self.statusBar().showMessage(f"Opening {name}…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def opened() -> tuple[Any, Any]:
            db = open_database(target, password=password)
            return db, first_reads(db)

        try:  # off the UI thread: the window repaints while a server answers
            db, access = wait_for(self, f"Opening {name}", opened)
        except SkillMatrixError as exc:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
            QMessageBox.warning(self, "Could not open the database", str(exc))
            self.ctx.failed.emit(str(exc))
            return False
        QApplication.restoreOverrideCursor()
        self.statusBar().clearMessage()
        self.adopt_database(db, access=access)
        return True

    def adopt_database(self, db: object, *, access: Any = None) -> None:
        """Make ``db`` (an open Database) the window's database.

        ``access``: its login's rights, if read already.
        """
        old = self.ctx.db
        self.ctx.set_database(db, access=access)
        if old is not None and old is not db and hasattr(old, "close"):
            old.close()  # release the file so it can be moved or deleted
        name = str(getattr(db, "name", db))
        settings.set_last_database(name)
        settings.add_recent_database(name)
        self.setWindowTitle(f"{Path(name).name if '://' not in name else name} — SkillMatrix")
        self.setWindowFilePath(name if "://" not in name else "")
        self.status.set_database(name)
        first = not self._restored_view
        step = self.guide.step  # a database not set up opens on its first missing step
        if step is not None:
            self._restored_view = True
            self.show_view(guide.step_view(step))
        elif first:
            # Chosen while the workspace is hidden, so only this view gets built.
            self._restored_view = True
            last = settings.last_view()
            self.show_view(last if last in VIEW_KEYS else "assess")
        self._show_workspace()
        if first and not self.sidebar.hasFocus():
            self.pages[self.current_view()].focus_content()
        self.toolbar.setVisible(settings.toolbar_visible())
        self.acts.toolbar.setEnabled(True)
        for action in self.acts.needs_db:
            action.setEnabled(True)
        self.update_cycle_actions()

    def _show_workspace(self) -> None:
        if not self._decorated:  # the sidebar's icons, when it is first seen
            self._decorated = True
            for row, spec in enumerate(VIEWS):
                icons.bind(self.sidebar.item(row), spec.icon)
        self.central.setCurrentWidget(self.workspace)

    def _show_welcome(self, *, build: bool = True) -> None:
        self.central.setCurrentWidget(self.welcome if build else self._blank)
        self.toolbar.hide()
        self.acts.toolbar.setEnabled(False)
        for action in self.acts.needs_db:
            action.setEnabled(False)
        self.status.set_database(None)

    def _create_from_welcome(self, fw: object) -> None:
        path = db_actions.ask_new_path(self, f"Save the new {getattr(fw, 'name', '')} database")
        if path is not None:
            db_actions.create_database(self, path, fw)  # type: ignore[arg-type]

    def open_initial(self, target: str | None) -> None:
        """Start-up: open ``target``, else the last database if it still exists.

        Else stay on the welcome page.
        """
        last = settings.last_database()
        if target:
            self.open_database(target)
        elif last and ("://" in last or Path(last).exists()):
            self.open_database(last)
        elif last:
            self.statusBar().showMessage(f"The last database, {last}, was not found.", 8000)
        if self.ctx.db is None:
            self._show_welcome()

    def fill_recent_menu(self) -> None:
        """List the recent databases in File › Open Recent."""
        menu = self.recent_menu
        menu.clear()
        recent = settings.recent_databases()
        for target in recent:
            missing = "://" not in target and not Path(target).exists()
            label = f"{_recent_label(target)}  —  {target}" + ("  (missing)" * missing)
            action = menu.addAction(label)
            action.setEnabled(not missing)
            action.triggered.connect(lambda _c=False, t=target: self.open_database(t))
        if not recent:
            menu.addAction("No recent databases").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear Recent", settings.clear_recent_databases)

    # -- views -----------------------------------------------------------------------------
    def current_view(self) -> str:
        """The key of the view shown."""
        row = self.sidebar.currentRow()
        return VIEWS[row].key if 0 <= row < len(VIEWS) else "assess"

    def page(self, key: str) -> LazyPage:
        """The page of view ``key``."""
        return self.pages[key]

    def show_view(self, key: str) -> None:
        """Switch to a view ("team", "framework", "assess", "insights", "reports")."""
        if key in VIEW_KEYS and self.ctx.db is not None:
            self.sidebar.setCurrentRow(VIEW_KEYS.index(key))
            if not self.sidebar.hasFocus():  # arrowing through the sidebar keeps its focus
                self.pages[key].focus_content()

    def _row_changed(self, row: int) -> None:
        if not 0 <= row < len(VIEWS):
            return
        key = VIEWS[row].key
        self.views.setCurrentIndex(row)
        self.acts.views[key].setChecked(True)
        settings.set_last_view(key)

    def _show_rating(self, person_id: int, competency_id: int) -> None:
        page = self.pages["assess"]
        was_built = page.is_built
        self.show_view("assess")
        if not was_built and page.is_built:
            # The view connected to showRating while this emission was running: repeat it.
            QTimer.singleShot(0, lambda: self.ctx.showRating.emit(person_id, competency_id))

    def find(self) -> None:  # type: ignore[override]  # Edit › Find, not QWidget.find(WId)
        """Edit › Find: focus the current view's search, or say there is none."""
        if not self.pages[self.current_view()].focus_find():
            self.statusBar().showMessage("There is nothing to search in this view.", 4000)

    def update_cycle_actions(self) -> None:
        """Enable and name the Cycle menu's actions for the current cycle."""
        cycle, has_db = self.ctx.cycle, self.ctx.db is not None
        self.acts.start_cycle.setText(
            "&Start Next Cycle…" if cycle is not None else "&Start First Cycle…"
        )
        self.acts.close_cycle.setEnabled(has_db and cycle is not None and not cycle.closed)
        self.acts.reopen_cycle.setEnabled(has_db and cycle is not None and cycle.closed)
        self.acts.set_due.setEnabled(has_db and cycle is not None and not cycle.closed)
        # A shared database: cycles are an admin's (the database refuses them to managers).
        reason = (
            self.ctx.access.admin_reason("start, close or reopen cycles or set their due dates")
            if has_db
            else None
        )
        for action, tip in (
            (self.acts.start_cycle, "Start the next quarter's assessments"),
            (self.acts.close_cycle, "Make the current cycle read-only history"),
            (self.acts.reopen_cycle, "Allow corrections to a closed cycle"),
            (self.acts.set_due, "Set the day the current cycle's reviews are due"),
        ):
            if reason is not None:
                action.setEnabled(False)
            action.setToolTip(reason or tip)
            action.setStatusTip(reason or tip)

    # -- appearance and help ---------------------------------------------------------------
    def set_theme(self, theme: str) -> None:
        """Use and remember ``theme`` ("light", "dark" or "system")."""
        settings.set_theme(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        icons.refresh()
        for widget in (self.sidebar, self._welcome):
            if widget is not None:
                widget.setStyleSheet(widget.styleSheet())  # re-resolve palette() in the sheets
        self.context_bar.reload_cycles()
        self.acts.themes[theme].setChecked(True)

    def set_stale_after(self, cycles: int) -> None:
        """Mark ratings not confirmed within ``cycles`` cycles as stale (remembered)."""
        settings.set_stale_after(cycles)
        for key in ("assess", "insights"):  # content: None until the view is built
            content = self.pages[key].content if key in self.pages else None
            if content is not None and hasattr(content, "apply_stale_setting"):
                content.apply_stale_setting()

    def ask_stale_after(self) -> None:
        """Ask for the cycles after which a rating is stale, and apply it to the views."""
        from PySide6.QtWidgets import QInputDialog

        cycles, ok = QInputDialog.getInt(
            self,
            "Stale ratings",
            "Mark a rating stale when it was not confirmed in this many cycles:",
            settings.stale_after(),
            1,
            20,
        )
        if ok:
            self.set_stale_after(cycles)

    def show_shortcuts(self) -> QWidget:
        """Show the keyboard shortcuts dialog."""
        from skillmatrix.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.acts.groups, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        """Show the About box with the version and the open database."""
        db = getattr(self.ctx.db, "name", None)
        QMessageBox.about(
            self,
            "About SkillMatrix",
            f"<h3>SkillMatrix {__version__}</h3>"
            "<p>A skills matrix for engineering managers: rate your team against role "
            "competencies, see coverage gaps and single points of failure, and export the "
            "quarterly Excel report.</p>"
            + (f"<p>Database: {db}</p>" if db else "")
            + f"<p>Qt {qVersion()}, PySide6 {pyside_version}</p>",
        )
