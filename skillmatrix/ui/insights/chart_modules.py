"""The chart code (matplotlib and its Qt canvas) imported off the UI thread, once.

Importing it takes about a second; done on the UI thread the first time Insights opened,
the window froze with no feedback. Now the view shows a progress state and asks
:class:`ChartModules` for the modules: they are imported in a worker thread and
``ready`` fires on the UI thread. Nothing here imports matplotlib itself.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QObject, QThreadPool, Signal

#: What the first chart needs that imports matplotlib.
MODULES: tuple[str, ...] = (
    "skillmatrix.ui.insights.heatmap_chart",
    "skillmatrix.ui.insights.static_chart",
    "skillmatrix.ui.insights.save",
)
#: Set once :data:`MODULES` have been imported in full (by any view).
_loaded = False


def import_modules() -> None:
    """Import :data:`MODULES` (runs in the worker thread)."""
    for name in MODULES:
        importlib.import_module(name)


class _Relay(QObject):
    """Lives in the UI thread; the worker emits through it (a queued connection)."""

    done = Signal(str)  # "" when imported, else the error


class ChartModules(QObject):
    """Imports the chart modules in a worker thread when first asked.

    Signals:
        ready(): the modules are imported (on the UI thread).
        failed(str): importing them failed; one line saying why.
    """

    ready = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._running = False

    @property
    def loaded(self) -> bool:
        return _loaded

    @property
    def running(self) -> bool:
        return self._running

    def ensure(self) -> bool:
        """True when the modules are imported; else start importing them (once) and
        return False (``ready`` or ``failed`` follows)."""
        if _loaded:
            return True
        if not self._running:
            self._running = True
            relay = self._relay

            def run() -> None:
                try:
                    import_modules()
                except Exception as exc:  # reported on the UI thread, as one line
                    relay.done.emit(f"{type(exc).__name__}: {exc}")
                else:
                    relay.done.emit("")

            self._pool.start(run)
        return False

    def wait(self) -> None:
        """Block until the import has finished (tests, shutdown)."""
        self._pool.waitForDone()

    def _on_done(self, error: str) -> None:
        global _loaded
        self._running = False
        if error:
            self.failed.emit(error)
            return
        _loaded = True
        self.ready.emit()
