"""In-process UI figures, each beside the bare floor of the same work.

One rating edit end to end, the heatmap after an edit, and scrolling the Assess grid.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import SIZES, copy_db, floor_time, measured, organisation_db, record
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QEvent, QObject, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QTableView, QWidget

EDITS = 20  # measured edits per size (after 3 warm-up edits)


class PaintSpy(QObject):
    """Counts paint events reaching the widgets it is installed on."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the UI did not get there in time")


@pytest.fixture(scope="module")
def app(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[QApplication]:
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("SkillMatrixBench")
    QCoreApplication.setApplicationName("SkillMatrixBench")
    yield qapp


# -- one rating edit end to end ----------------------------------------------------------------
@pytest.mark.parametrize("people", SIZES)
def test_edit_end_to_end(  # type: ignore[no-untyped-def]
    benchmark, app: QApplication, bench_dir: Path, people: int, monkeypatch
) -> None:
    from skillmatrix.services import cycles
    from skillmatrix.services.database import open_database
    from skillmatrix.ui.assess import AssessView
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.insights import InsightsView

    path = copy_db(organisation_db(bench_dir, people), bench_dir / f"edit{people}.db")
    db = open_database(path)
    ctx = AppContext(db)
    ctx.cycle = cycles.latest_cycle(db)
    host = QWidget()  # both views alive and on screen, as two windows would be
    row = QHBoxLayout(host)
    settings = QSettings(str(bench_dir / "a.ini"), QSettings.Format.IniFormat)
    assess = AssessView(ctx, host, settings=settings)
    # Time the debounced refresh itself (the UI-thread part; from 100,000 cells the risk
    # analytics then run in a worker). Patched before the view connects its timer to it.
    refresh: list[float] = []
    update_visible = InsightsView.update_visible

    def timed_update(self: InsightsView) -> None:
        began = time.perf_counter()
        update_visible(self)
        refresh.append(time.perf_counter() - began)

    monkeypatch.setattr(InsightsView, "update_visible", timed_update)
    insights = InsightsView(ctx, host)
    row.addWidget(assess)
    row.addWidget(insights)
    host.resize(2200, 900)
    host.show()
    wait_until(
        app,
        lambda: (
            (c := insights.charts.get("heatmap")) is not None
            and c.heatmap is not None
            and c.heatmap._drawn_size is not None
            and assess._task is None  # a big grid streams in: editable once all arrived
            and not assess.model.loading
        ),
        timeout=600,
    )
    canvas = insights.charts["heatmap"].page.canvas
    grid = assess.grid
    grid_spy, heat_spy = PaintSpy(), PaintSpy()
    grid.viewport().installEventFilter(grid_spy)
    canvas.installEventFilter(heat_spy)
    grid.setFocus()
    cells = iter(range(10_000))

    def edit() -> float:
        k = next(cells)
        index = assess.model.index(k % 20 + 5, (k * 7) % 50 + 3)
        grid.go_to(index)
        app.processEvents()
        level = 1 if assess.model.cell(index.row(), index.column())[1] != 1 else 2
        g, h = grid_spy.paints, heat_spy.paints
        start = time.perf_counter()
        QTest.keyClick(grid, str(level))
        while grid_spy.paints == g or heat_spy.paints == h:
            app.processEvents()
        took = time.perf_counter() - start
        # Let the debounced refresh of the other charts and the risk panel run (not timed
        # as the edit; its cost is reported on its own).
        wait_until(app, lambda: not insights._refresh.isActive())
        app.processEvents()
        return took

    for _ in range(3):
        edit()
    refresh.clear()
    times = [edit() for _ in range(EDITS)]
    it = iter(times)
    measured(benchmark, lambda: next(it), rounds=len(times))
    host.close()
    host.deleteLater()
    app.processEvents()
    db.close()

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    rid = con.execute("SELECT max(id) FROM ratings").fetchone()[0]
    levels = iter(range(10_000))

    def floor() -> None:
        con.execute("BEGIN")
        con.execute("UPDATE ratings SET level = ? WHERE id = ?", (next(levels) % 2 + 1, rid))
        con.execute("COMMIT")

    floor_s = floor_time(floor, rounds=51)
    con.close()
    record(
        benchmark,
        floor_s=floor_s,
        floor="one committed one-row sqlite3 UPDATE (WAL, synchronous=NORMAL)",
        budget="p90 <= 20 ms",
        met=sorted(times)[int(len(times) * 0.9)] <= 0.020,
        p90_s=sorted(times)[int(len(times) * 0.9)],
        refresh_after_s=statistics.median(refresh),
    )


# -- the heatmap after one edit ----------------------------------------------------------------
@pytest.fixture(scope="module")
def snapshot_1000(bench_dir: Path):  # type: ignore[no-untyped-def]
    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import load_snapshot

    db = open_database(organisation_db(bench_dir, 1_000))
    snap = load_snapshot(db)
    db.close()
    return snap


def _cut(snap, people: int, comps: int):  # type: ignore[no-untyped-def]
    """The first ``people`` x ``comps`` corner of a snapshot."""
    cut = {
        name: getattr(snap, name)[:people, :comps].copy()
        for name in ("levels", "not_applicable", "interest", "targets")
    }
    return dataclasses.replace(
        snap,
        people=snap.people[:people],
        competencies=snap.competencies[:comps],
        notes={},
        **cut,
    )


@pytest.mark.parametrize("shape", [(100, 50), (500, 200)], ids=["100x50", "500x200"])
def test_heatmap_after_edit(benchmark, app: QApplication, snapshot_1000, shape) -> None:
    import numpy as np
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    from skillmatrix.ui.insights.changes import CellUpdate
    from skillmatrix.ui.insights.heatmap_chart import HeatmapChart

    snap = _cut(snapshot_1000, *shape)
    holder = QWidget()
    holder.resize(1000, 700)
    chart = HeatmapChart(holder)
    lay = QHBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(chart.page)
    holder.show()
    app.processEvents()
    chart.show_snapshot(snap, order="team", competency_order="category")
    wait_until(app, lambda: chart.heatmap is not None and chart.heatmap._drawn_size is not None)
    spy = PaintSpy()
    chart.page.canvas.installEventFilter(spy)
    k = iter(range(10_000))

    def edit() -> None:
        n = next(k)
        before = spy.paints
        cell = CellUpdate(n % shape[0], (n * 7) % shape[1], float(n % 4 + 1), False)
        chart.apply(snap, [cell])
        while spy.paints == before:  # until the new pixels are on the widget
            app.processEvents()

    benchmark.pedantic(edit, rounds=40, iterations=1, warmup_rounds=3)
    holder.close()

    # Floor: a bare imshow of the same size on the same kind of canvas, set_data + draw.
    figure = Figure(figsize=(10, 7), dpi=100)
    canvas = FigureCanvasQTAgg(figure)
    canvas.resize(1000, 700)
    canvas.show()
    ax = figure.add_axes((0.05, 0.05, 0.9, 0.9))
    data = np.nan_to_num(snap.levels, nan=-1)
    image = ax.imshow(data, aspect="auto", interpolation="nearest", vmin=-1, vmax=4)
    canvas.draw()
    app.processEvents()

    def floor() -> None:
        n = next(k)
        data[n % shape[0], (n * 7) % shape[1]] = n % 4 + 1
        image.set_data(data)
        canvas.draw()
        canvas.repaint()

    floor_s = floor_time(floor, rounds=15)
    canvas.close()
    median = benchmark.stats.stats.median
    small = shape == (100, 50)
    record(
        benchmark,
        floor_s=floor_s,
        floor="set_data + draw on a bare imshow, same size, 1000x700 px",
        budget="<= 50 ms" if small else "(guide only)",
        met=median <= 0.050 if small else None,
    )


# -- scrolling the Assess grid -----------------------------------------------------------------
class TrivialModel(QAbstractTableModel):
    """5,000 x 300 numbers: the least a table model can do."""

    def __init__(self, rows: int, cols: int) -> None:
        super().__init__()
        self.n, self.m = rows, cols

    def rowCount(self, parent=None) -> int:  # type: ignore[no-untyped-def]
        return self.n

    def columnCount(self, parent=None) -> int:  # type: ignore[no-untyped-def]
        return self.m

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole:
            return str((index.row() + index.column()) % 5)
        return None


def _page_downs(app: QApplication, view: QWidget, pages: int = 30) -> Callable[[], None]:
    """One page down (the vertical scroll bar) and the repaint it causes."""
    bar = view.verticalScrollBar()
    spy = PaintSpy()
    view.viewport().installEventFilter(spy)

    def scroll() -> None:
        value = bar.value() + bar.pageStep()
        before = spy.paints
        bar.setValue(value if value <= bar.maximum() else 0)
        while spy.paints == before:
            app.processEvents()

    return scroll


def test_scroll_assess_grid_5000x300(benchmark, app: QApplication, bench_dir: Path) -> None:
    from skillmatrix.services import cycles
    from skillmatrix.services.database import open_database
    from skillmatrix.ui.assess import AssessView
    from skillmatrix.ui.context import AppContext

    db = open_database(organisation_db(bench_dir, 5_000))
    ctx = AppContext(db)
    ctx.cycle = cycles.latest_cycle(db)
    settings = QSettings(str(bench_dir / "s.ini"), QSettings.Format.IniFormat)
    view = AssessView(ctx, settings=settings)
    view.resize(1280, 800)
    view.show()
    wait_until(app, lambda: view.model.rowCount() == 5_000)
    app.processEvents()
    assert view.model.columnCount() == 300
    benchmark.pedantic(_page_downs(app, view.grid), rounds=40, iterations=1, warmup_rounds=3)
    view.close()
    db.close()

    table = QTableView()
    table.setModel(TrivialModel(5_000, 300))
    table.resize(1280, 800)
    table.show()
    app.processEvents()
    floor_s = floor_time(_page_downs(app, table), rounds=21)
    table.close()
    record(
        benchmark,
        floor_s=floor_s,
        floor="QTableView over a trivial 5,000 x 300 model",
        budget="(guide only: ~9 ms a page at 2,000 x 300)",
    )
