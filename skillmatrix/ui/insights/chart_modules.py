"""The chart code (matplotlib and its Qt canvas) imported off the UI thread, once.

Importing it takes about a second; done on the UI thread the first time Insights opened,
the window froze with no feedback. Now the view shows a progress state and asks
:class:`ChartModules` for the modules: they are imported in a worker thread and
``ready`` fires on the UI thread. Nothing here imports matplotlib itself.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QObject, Signal

from skillmatrix.ui.latest import LatestOnly, one_line

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
        self._worker = LatestOnly(self)
        self._worker.ready.connect(self._on_imported)
        self._worker.failed.connect(lambda error, _token: self.failed.emit(one_line(error)))

    @property
    def loaded(self) -> bool:
        """True once the chart modules are imported."""
        return _loaded

    @property
    def running(self) -> bool:
        """True while the import is running."""
        return self._worker.latest is not None

    def ensure(self) -> bool:
        """True when the modules are imported; else start importing them (once) and return False.

        ``ready`` or ``failed`` follows.
        """
        if _loaded:
            return True
        if not self.running:
            self._worker.submit(lambda: import_modules(), "import")  # looked up late: tests
        return False

    def wait(self) -> None:
        """Block until the import has finished (tests, shutdown)."""
        self._worker.wait()

    def _on_imported(self, _result: object, _token: object) -> None:
        global _loaded
        _loaded = True
        self.ready.emit()
