"""The desktop app (the only package that imports Qt).

``open_main_window(db)`` builds and shows the main window on a database (tests, scripts);
``run(db)`` is what ``skillmatrix`` with no command runs. Both import only what the first
window needs: the Insights and Reports views (matplotlib, openpyxl) load when first shown.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from skillmatrix.ui.startup_probe import PROBE_VAR, STAY_PROBE
from skillmatrix.ui.threads import THREAD_PREFIX

__all__ = ["PROBE_VAR", "STAY_PROBE", "open_main_window", "run"]

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
    """Run the app and return its exit code.

    Shows the window first, then opens ``db``, ``$SKILLMATRIX_DB`` or the last database (or
    stays on the welcome page).
    """
    from skillmatrix.paths import chosen_database
    from skillmatrix.ui import startup_probe, tasks
    from skillmatrix.ui.app import ensure_application
    from skillmatrix.ui.main_window import MainWindow
    from skillmatrix.ui.terminate import close_on_terminate
    from skillmatrix.ui.warmup import warm_up_store

    app = ensure_application()
    window = MainWindow(welcome=False)  # open_initial shows it if nothing opens
    close_on_terminate(window)
    startup_probe.install(window)  # only when $SKILLMATRIX_STARTUP_PROBE is set
    target = chosen_database(db)  # None: the last database, else the welcome page

    # Opening waits until the window has been painted (a zero timer alone runs before the
    # first paint, and the window would stay blank). The first screen is read without
    # SQLAlchemy (store.direct); once it is painted, and a big grid's background load has
    # landed, SQLAlchemy loads in the background (when_idle waits for both).
    def open_then_warm_up() -> None:
        if not window.isVisible():  # closed before its first paint
            return
        window.open_initial(target)
        if window.ctx.db is not None:
            tasks.when_idle(warm_up_store)

    window.after_first_paint(open_then_warm_up)
    window.show()
    code = app.exec()
    stopped = tasks.running() == 0  # the window's closing stopped them (tasks.stop_all)
    if window.ctx.db is not None:
        window.ctx.db.close()  # every change is already committed; this only frees the file
    if not stopped or _threads_left():
        # A task ignored its cancel for STOP_TIMEOUT: its thread cannot be destroyed while
        # it runs (Qt aborts). Its transaction, if any, is rolled back by SQLite. Likewise a
        # daemon thread still importing (the warm-up: greenlet's C++, compiled extensions)
        # while the interpreter finalises can abort the quit ("terminate called without an
        # active exception"); nothing is left to write, so the process ends here.
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _threads_left() -> bool:
    """Whether one of the app's background threads (the warm-up import, say) still runs."""
    import threading

    return any(t.name.startswith(THREAD_PREFIX) and t.is_alive() for t in threading.enumerate())
