"""After each rating edit, the 100 x 50 heatmap repaints the edited cell.

Through the real Qt canvas, from emitting ratingsChanged to the pixels being painted; the
time it takes is measured in ``tests/benchmarks/test_bench_ui.py`` (heatmap), not here.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pytest
from insights_data import grid_db, open_view
from PySide6.QtWidgets import QApplication

from skillmatrix.services import ratings
from skillmatrix.services.cycles import list_cycles

EDITS = 25


@pytest.fixture
def grid(tmp_path):
    db = grid_db(tmp_path / "grid.db", 100, 50)
    yield db
    db.close()


def edit_times(qtbot, ctx, view, db) -> list[float]:
    chart = view.charts["heatmap"]
    canvas = chart.page.canvas
    snap = view.snapshot()
    cycle = list_cycles(db)[-1]
    rng = np.random.default_rng(7)
    times = []
    for _ in range(EDITS):
        i, j = int(rng.integers(snap.shape[0])), int(rng.integers(snap.shape[1]))
        level = int((np.nan_to_num(view.snapshot().levels[i, j]) + 1) % 5)
        change = ratings.rate(  # the database write is not part of the redraw
            db,
            cycle_id=cycle.id,
            person_id=snap.people[i].id,
            competency_id=snap.competencies[j].id,
            level=level,
        )
        QApplication.processEvents()
        start = time.perf_counter()
        ctx.ratingsChanged.emit([change])
        while canvas._draw_pending:  # a full redraw, if one was queued, must finish too
            QApplication.processEvents()
        QApplication.processEvents()  # and the paint event it asked for
        times.append((time.perf_counter() - start) * 1000)
        r = int(np.flatnonzero(chart.heatmap.row_order == i)[0])
        c = int(np.flatnonzero(chart.heatmap.col_order == j)[0])
        assert chart.heatmap.plot.image.get_array()[r, c] == level
    return times


def test_each_edit_repaints_its_cell_of_the_100_by_50_heatmap(qtbot, grid, capsys) -> None:
    ctx, view = open_view(qtbot, grid, size=(1450, 800))
    canvas = view.charts["heatmap"].page.canvas
    assert view.snapshot().shape == (100, 50)
    assert canvas.width() >= 950 and canvas.height() >= 650  # about the guide's 1000 x 700
    times = edit_times(qtbot, ctx, view, grid)
    median, worst = statistics.median(times), max(times)
    with capsys.disabled():
        print(
            f"\n100x50 heatmap, canvas {canvas.width()}x{canvas.height()} px: ratingsChanged "
            f"-> painted: median {median:.1f} ms, max {worst:.1f} ms over {EDITS} edits"
        )
    assert len(times) == EDITS  # each edit's cell was checked in the painted image
