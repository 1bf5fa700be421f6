"""Time one keyboard edit end to end at 500 people x 200 competencies (not a test).

Run: ``QT_QPA_PLATFORM=offscreen python tests/ui/assess/time_assess_edit.py``.
Keypress -> rate_many transaction -> undo command -> ratingsChanged -> dataChanged ->
the cell repainted (the view's pending paint is flushed with ``repaint``-free event
processing, so the time includes the real paint of the dirty region).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).parent))
from assess_data import big_org
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from skillmatrix.services import cycles
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext


class PaintSpy(QObject):
    """Counts paint events reaching the grid's viewport."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def main() -> None:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    db = big_org(folder / "big.db", n_people=500, n_comps=200)
    print(f"database built in {time.perf_counter() - t0:.1f} s")
    ctx = AppContext(db)
    ctx.cycle = cycles.latest_cycle(db)
    view = AssessView(ctx, settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    view.resize(1600, 1000)
    t0 = time.perf_counter()
    view.show()
    app.processEvents()
    print(f"first load + show: {(time.perf_counter() - t0) * 1000:.0f} ms")
    t0 = time.perf_counter()
    view.reload()
    print(f"reload (snapshot + model reset): {(time.perf_counter() - t0) * 1000:.0f} ms")
    spy = PaintSpy()
    view.grid.viewport().installEventFilter(spy)
    grid = view.grid
    grid.setFocus()
    times, paints = [], []
    for k in range(60):
        grid.go_to(view.model.index(250 + k % 20, 100 + k % 10))
        app.processEvents()
        before = spy.paints
        t0 = time.perf_counter()
        QTest.keyClick(grid, str(k % 5))
        while spy.paints == before:  # until the changed cell has been painted
            app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
        paints.append(spy.paints - before)
    times = times[5:]  # warm-up
    print(
        f"one edit end to end at 500x200: median {statistics.median(times):.1f} ms, "
        f"p90 {sorted(times)[int(len(times) * 0.9)]:.1f} ms, max {max(times):.1f} ms"
    )
    t0 = time.perf_counter()
    for _ in range(20):
        grid.viewport().repaint()
    print(f"full viewport repaint: {(time.perf_counter() - t0) / 20 * 1000:.1f} ms")
    db.close()


if __name__ == "__main__":
    main()
