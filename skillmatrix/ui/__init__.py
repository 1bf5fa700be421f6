"""The desktop app (the only package that imports Qt).

``open_main_window(db)`` builds and shows the main window on a database (tests, scripts);
``run(db)`` is what ``skillmatrix`` with no command runs. Both import only what the first
window needs: the Insights and Reports views (matplotlib, openpyxl) load when first shown.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from skillmatrix.ui._none_guard import protect_none

protect_none()  # before any widget exists: see _none_guard for the PySide6 bug

if TYPE_CHECKING:
    from skillmatrix.ui.main_window import MainWindow


def open_main_window(db: str | os.PathLike[str]) -> MainWindow:
    """Open the database ``db`` (path or URL) in a new, shown main window.

    Creates the QApplication if there is none.

    Raises:
        DatabaseError: the database cannot be opened (nothing is shown then).
    """
    from skillmatrix.services.database import open_database
    from skillmatrix.ui.app import ensure_application
    from skillmatrix.ui.main_window import MainWindow

    ensure_application()
    database = open_database(db)
    window = MainWindow()
    window.adopt_database(database)
    window.show()
    return window


def run(db: str | None = None) -> int:
    """Run the app: show the window first, then open ``db``, ``$SKILLMATRIX_DB`` or the
    last database (or stay on the welcome page); returns the exit code."""
    from PySide6.QtCore import QTimer

    from skillmatrix.ui.app import ensure_application
    from skillmatrix.ui.main_window import MainWindow

    app = ensure_application()
    window = MainWindow()
    window.show()
    target = db or os.environ.get("SKILLMATRIX_DB", "").strip() or None
    # Opening (SQLAlchemy, maybe a migration) waits until the window is on screen.
    QTimer.singleShot(0, lambda: window.open_initial(target))
    code = app.exec()
    if window.ctx.db is not None:
        window.ctx.db.close()  # every change is already committed; this only frees the file
    return code
