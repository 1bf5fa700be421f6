"""File menu work on databases: new, open, backup copy, import, and the demo.

Every failure (locked, disk full, not a SkillMatrix file, made by a newer version) ends as
one clear message box, and the database already open stays open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.ui.dialogs.frameworks import ChooseFrameworkDialog
from skillmatrix.ui.tasks import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from skillmatrix.ui.dialogs.connect_server import ConnectServerDialog
    from skillmatrix.ui.window_api import WindowApi

DB_FILTER = "SkillMatrix databases (*.db *.sqlite *.sqlite3 *.skillmatrix);;All files (*)"


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def suggested_new_path() -> Path:
    """Where a new database is offered.

    The default file (the command line's default), or a free name next to it.
    """
    from skillmatrix.paths import default_database_path

    path = default_database_path()
    n = 1
    while path.exists():
        n += 1
        path = path.with_name(f"skillmatrix-{n}.db")
    return path


def ask_new_path(window: WindowApi, title: str = "New database") -> Path | None:
    """Ask where to create a new database; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(
        window.as_widget(),
        title,
        str(suggested_new_path()),
        DB_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not path:
        return None
    chosen = Path(path)
    if not chosen.suffix:
        chosen = chosen.with_suffix(".db")
    if chosen.exists():
        QMessageBox.warning(
            window.as_widget(),
            title,
            f"{chosen} already exists. Choose a new file name; to work on an existing "
            "database, use File › Open.",
        )
        return None
    return chosen


def new_database(window: WindowApi) -> bool:
    """File › New database…: a file, then the framework to start from."""
    path = ask_new_path(window)
    if path is None:
        return False
    dialog = ChooseFrameworkDialog(window.as_widget())
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.framework() is None:
        return False
    fw = dialog.framework()
    assert fw is not None
    return create_database(window, path, fw, dialog.chosen_scale())


def create_database(
    window: WindowApi, path: Path, fw: Framework, scale: Scale = DEFAULT_SCALE
) -> bool:
    """Create ``path`` on ``scale`` with ``fw`` installed and a first cycle, then switch to it."""
    from skillmatrix.services import cycles
    from skillmatrix.services.new_database import create_database as create
    from skillmatrix.ui.opening import wait_for

    def make() -> Any:
        made = create(path, scale=scale, frameworks=[fw]).db
        try:
            cycles.start_cycle(made, carry_forward=False)
        except BaseException:
            made.close()
            raise
        return made

    try:  # off the UI thread (ui.opening): the window repaints meanwhile
        db = wait_for(window.as_widget(), f"Creating {path.name}", make)
    except SkillMatrixError as exc:
        _remove_db_files(path)  # nothing half-made is left behind
        QMessageBox.warning(window.as_widget(), "Could not create the database", str(exc))
        return False
    window.adopt_database(db)
    window.show_view("team")  # a new database has nobody to rate yet: start with people
    window.ctx.saved.emit(f"Created {path.name} from the {fw.name} framework")
    return True


def open_dialog(window: WindowApi) -> bool:
    """File › Open…: choose a database file and switch to it; True when it opened."""
    start = os.path.dirname(window.ctx.db.name) if window.ctx.db is not None else ""
    path, _ = QFileDialog.getOpenFileName(window.as_widget(), "Open database", start, DB_FILTER)
    return bool(path) and window.open_database(path)


def save_backup(window: WindowApi) -> BackgroundTask | None:
    """File › Save a Backup Copy…: a consistent copy, written off the UI thread."""
    from skillmatrix.services.backup import backup_copy

    db = window.ctx.db
    if db is None:
        return None
    if getattr(db, "path", None) is None:
        QMessageBox.information(
            window.as_widget(), "Save a backup copy", "Only database files can be copied from here."
        )
        return None
    source = Path(db.path)
    default = source.with_name(f"{source.stem}-{dt.date.today():%Y-%m-%d}{source.suffix}")
    dest, _ = QFileDialog.getSaveFileName(
        window.as_widget(), "Save a backup copy", str(default), DB_FILTER
    )
    if not dest:
        return None

    def done(copy: Path | None) -> None:
        if copy is not None:
            window.ctx.saved.emit(f"Backup copy saved to {copy}")

    return run_in_background(
        window.as_widget(), "Saving a backup copy", lambda _p, _c: backup_copy(db, dest), done
    )


def run_import(window: WindowApi) -> Any:
    """File › Import…: the import wizard, once it is part of the build."""
    try:
        from skillmatrix.ui.reports.import_wizard import run_import_wizard
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("skillmatrix.ui.reports"):
            QMessageBox.information(
                window.as_widget(),
                "Import",
                "Importing spreadsheets is not available in this build yet.",
            )
            return None
        raise
    return run_import_wizard(window.ctx, window.as_widget())


def demo_path() -> Path:
    """Where the demo database is created."""
    from skillmatrix.paths import data_dir

    return data_dir() / "demo.db"


def explore_demo(window: WindowApi, path: Path | None = None) -> BackgroundTask | None:
    """Open the demo organisation, creating it first (in the background) if needed."""
    path = path or demo_path()
    if path.exists() and path.stat().st_size > 0:
        window.open_database(path)
        return None
    try:
        from skillmatrix.services.demo import create_demo
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("skillmatrix.services"):
            QMessageBox.information(
                window.as_widget(), "Demo", "The demo is not available in this build yet."
            )
            return None
        raise
    from skillmatrix.services.database import open_database

    def work(progress: Any, cancelled: Any) -> Any:
        db = open_database(path)
        try:
            # One transaction: a cancel or an error leaves an empty (removable) file.
            return create_demo(
                db, people=40, teams=3, cycles=4, seed=0, progress=progress, cancelled=cancelled
            )
        finally:
            db.close()

    def done(result: Any) -> None:
        if result is None:  # cancelled: a half-made demo is no demo
            _remove_db_files(path)
            return
        window.open_database(path)

    task = run_in_background(window.as_widget(), "Creating the demo organisation", work, done)
    task.error.connect(lambda _message: _remove_db_files(path))
    return task


def connect_dialog(window: WindowApi) -> ConnectServerDialog:
    """The File › Connect to Server… dialog, filled in with the OS user as the login."""
    import getpass

    from skillmatrix.services.credentials import keyring_available
    from skillmatrix.ui.dialogs.connect_server import ConnectServerDialog

    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = ""
    return ConnectServerDialog(keyring=keyring_available(), user=user, parent=window.as_widget())


def connect_with(window: WindowApi, dialog: ConnectServerDialog) -> bool:
    """Open the server database ``dialog`` names.

    A typed password is remembered in the keyring when asked (never in the settings: Recent
    keeps the URL without it).
    """
    from sqlalchemy.engine import make_url

    from skillmatrix.services.credentials import remember_password

    url = dialog.url()
    password = dialog.typed_password()
    opened = window.open_database(url, password=password)
    remember = opened and password and dialog.remember.isChecked()
    if remember and not remember_password(make_url(url), password or ""):
        window.statusBar().showMessage("The password could not be stored in the keyring", 8000)
    return opened


def connect_server(window: WindowApi) -> bool:
    """File › Connect to Server…: ask for a server database and open it; True when it opened."""
    dialog = connect_dialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return connect_with(window, dialog)
