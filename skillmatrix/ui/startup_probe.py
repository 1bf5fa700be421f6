"""Start-up timing for benchmarks and tests, on when ``$SKILLMATRIX_STARTUP_PROBE`` is set.

Prints ``window-shown <s>`` at the window's first paint and ``grid-populated <s>`` at the
first paint of a non-empty Assess grid (then ``orm-at-grid <bool>``), in seconds since the
process started; then closes the window unless the variable is ``STAY_PROBE``. When the
window closes: ``tasks-at-close <n>``, the background tasks running then.

Qt is imported inside :func:`install` so that ``skillmatrix.ui`` can re-export the names
below without importing widgets.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skillmatrix.ui.main_window import MainWindow

#: Benchmarks set this: "1", or the spawning time as ``time.time()`` (see ``start_time``);
#: tests that close the window themselves set it to ``STAY_PROBE``.
PROBE_VAR = "SKILLMATRIX_STARTUP_PROBE"
#: The probe reports but never closes the window: whoever started the app closes it
#: (a self-close racing a test's SIGTERM lets the signal hit a process in finalisation).
STAY_PROBE = "stay"


def start_time(value: str) -> float:
    """The start time of this process.

    ``value`` when it is an epoch time (the spawner's ``time.time()``), else the process
    start time from ``/proc/self/stat`` (10 ms ticks).
    """
    if value.replace(".", "", 1).isdigit() and float(value) > 1e9:
        return float(value)
    with open("/proc/self/stat") as fh, open("/proc/uptime") as up:
        ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        uptime = float(up.read().split()[0])
    return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")


def install(window: MainWindow) -> None:
    """Watch ``window`` when ``$SKILLMATRIX_STARTUP_PROBE`` is set; otherwise do nothing."""
    value = os.environ.get(PROBE_VAR, "")
    if not value:
        return
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QWidget

    from skillmatrix.ui import tasks

    start = start_time(value)
    close_when_populated = value != STAY_PROBE

    def grid_has_rows(viewport: QObject) -> bool:
        grid = viewport.parent()
        return isinstance(grid, QAbstractItemView) and grid.model().rowCount() > 0

    class Probe(QObject):
        shown = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Close and obj is window:
                print(f"tasks-at-close {tasks.running()}", flush=True)
            elif event.type() == QEvent.Type.Paint:
                if obj is window:
                    if not self.shown:
                        self.shown = True
                        print(f"window-shown {time.time() - start:.4f}", flush=True)
                elif grid_has_rows(obj):  # the grid's viewport
                    obj.removeEventFilter(self)
                    print(f"grid-populated {time.time() - start:.4f}", flush=True)
                    # Whether the first screen needed SQLAlchemy (it should not: store.direct).
                    print(f"orm-at-grid {'sqlalchemy' in sys.modules}", flush=True)
                    if close_when_populated:
                        QTimer.singleShot(0, window.close)
            return False

    probe = Probe(window)
    window.installEventFilter(probe)

    def built(view: QWidget) -> None:
        grid = getattr(view, "grid", None)
        if isinstance(grid, QAbstractItemView):
            grid.viewport().installEventFilter(probe)

    window.pages["assess"].built.connect(built)
