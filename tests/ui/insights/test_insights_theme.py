"""Insights on first open and in the dark theme.

A progress state shows while the chart code loads; in the dark theme the charts follow the
window's palette, and change with it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from insights_data import open_view
from matplotlib.colors import to_hex
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from skillmatrix.plots.theme import DARK, LIGHT
from skillmatrix.ui.insights import chart_modules
from skillmatrix.ui.palette import dark_palette, light_palette


def test_opening_the_view_imports_no_matplotlib() -> None:
    code = (
        "import sys; import skillmatrix.ui.insights.view; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib')[:3])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


def test_the_first_open_shows_progress_until_the_chart_code_has_loaded(
    qtbot, small, monkeypatch
) -> None:
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.insights import InsightsView

    release, started = threading.Event(), threading.Event()
    real = chart_modules.import_modules

    def slow_import() -> None:  # as on a cold start: matplotlib takes its time
        started.set()
        assert release.wait(10)
        real()

    monkeypatch.setattr(chart_modules, "_loaded", False)
    monkeypatch.setattr(chart_modules, "import_modules", slow_import)
    view = InsightsView(AppContext(small))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(started.is_set, timeout=5000)  # the import runs in the background...
    qtbot.wait(50)  # ...while the UI thread keeps handling events
    assert view.chart_stack.currentWidget() is view.loading_page
    assert view.placeholder.text() == "Loading charts…"
    assert view.progress.isVisible() and view.progress.maximum() == 0  # busy
    assert view.charts == {}
    # the risk panel does not wait for matplotlib
    assert view.risk.headline.text()
    release.set()
    qtbot.waitUntil(lambda: view.charts.get("heatmap") is not None, timeout=10_000)
    chart = view.charts["heatmap"]
    assert view.chart_stack.currentWidget() is chart.page
    qtbot.waitUntil(lambda: chart.page.figure is not None, timeout=5000)
    view.chart_modules.wait()


@pytest.fixture
def dark_app(qapp) -> Iterator[QApplication]:
    before = QApplication.palette()
    QApplication.setPalette(dark_palette())
    yield qapp
    QApplication.setPalette(before)


def _ground(page) -> str:  # type: ignore[no-untyped-def]
    return to_hex(page.figure.get_facecolor())


def test_charts_follow_a_dark_palette_and_its_change(qtbot, demo, dark_app) -> None:
    _, view = open_view(qtbot, demo, team="Payments")
    page = view.charts["heatmap"].page
    assert _ground(page) == DARK.background
    base = page.viewport().palette().color(QPalette.ColorRole.Base)
    assert base.lightness() < 60  # no white slab around the chart either
    view.set_chart("coverage")
    qtbot.waitUntil(lambda: view.charts["coverage"].page.figure is not None, timeout=5000)
    assert _ground(view.charts["coverage"].page) == DARK.background
    QApplication.setPalette(light_palette())  # View > Theme > Light
    qtbot.waitUntil(lambda: _ground(view.charts["coverage"].page) == LIGHT.background, timeout=5000)
    view.set_chart("heatmap")
    qtbot.waitUntil(lambda: _ground(view.charts["heatmap"].page) == LIGHT.background, timeout=5000)
