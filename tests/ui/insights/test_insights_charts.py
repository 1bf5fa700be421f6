"""Every chart in the view, resizing, debounced refresh, and a screenshot to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from insights_data import open_view
from matplotlib.figure import Figure
from PySide6.QtWidgets import QApplication

from skillmatrix.services import ratings
from skillmatrix.services.cycles import list_cycles
from skillmatrix.ui.insights import charts
from skillmatrix.ui.insights.canvas import SETTLE_MS
from skillmatrix.ui.insights.view import REFRESH_MS, panel_width

#: Set to a folder to keep the screenshots (e.g. to look at them after a change).
SHOTS = os.environ.get("SKILLMATRIX_SHOTS")


def shot(view, tmp_path: Path, name: str) -> Path:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"insights-{name}.png"
    assert view.grab().save(str(path))
    return path


@pytest.mark.parametrize("kind", [k.key for k in charts.CHARTS])
def test_every_chart_draws_on_the_demo_team(qtbot, demo, tmp_path, kind) -> None:
    _, view = open_view(qtbot, demo, team="Payments")
    view.set_chart(kind)
    page = view.charts[kind].page
    assert view.chart_stack.currentWidget() is page
    qtbot.wait(50)
    if kind == "agreement":  # the demo has no self-assessments
        assert page.figure is None
        assert "No self-assessments" in page.message.text()
        assert not view.save_button.isEnabled()
    else:
        assert isinstance(page.figure, Figure), page.message.text()
        w, h = page.figure.get_size_inches()
        assert abs(w * 100 - page.canvas.width()) <= 2
        assert abs(h * 100 - page.canvas.height()) <= 2
        assert view.save_button.isEnabled()
    assert shot(view, tmp_path, kind).stat().st_size > 10_000


def test_screenshot_of_the_whole_organisation(qtbot, demo, tmp_path) -> None:
    _, view = open_view(qtbot, demo, size=(1400, 900))
    hm = view.charts["heatmap"].heatmap
    assert hm.snapshot.shape[0] == 40
    _, ys = hm.plot.tick_label_counts()
    assert ys == 40  # every name is readable at 40 people (the page scrolls)
    assert shot(view, tmp_path, "all-teams").exists()


def test_the_demo_heatmap_names_everyone_in_a_1280_by_800_window(qtbot, demo, tmp_path) -> None:
    # 1130 x 640: what Insights gets of the default 1280 x 800 window
    _, view = open_view(qtbot, demo, size=(1130, 640))
    chart = view.charts["heatmap"]
    page, canvas, hm = chart.page, chart.page.canvas, chart.heatmap
    qtbot.waitUntil(lambda: hm.plot.tick_label_counts() == (45, 40), timeout=3000)
    assert canvas.width() <= page.viewport().width()  # no sideways scrolling
    assert canvas.height() > page.viewport().height()  # the page scrolls down instead
    panel = view.risk.width()
    assert abs(panel - panel_width(view.splitter.width())) <= 8 and panel < view.width() / 3
    ax = hm.ax.get_window_extent()
    assert ax.width / hm.figure.bbox.width > 0.75  # the matrix takes the canvas width
    bands = {t.get_text() for t in hm.plot._band_texts}
    assert {b.label for b in hm.plot.cols.bands} <= bands  # categories in full
    for kind in ("gaps", "coverage", "profile"):
        view.set_chart(kind)
        qtbot.wait(50)
        page = view.charts[kind].page
        assert page.figure is not None and page.canvas.width() <= page.viewport().width()
        shot(view, tmp_path, f"1280-{kind}")
    assert view.charts["gaps"].page.figure.axes[0].get_yticklabels()[39].get_text()


def test_the_splitter_keeps_what_the_user_chose(qtbot, small) -> None:
    _, view = open_view(qtbot, small, size=(1000, 700))
    assert abs(view.risk.width() - panel_width(view.splitter.width())) <= 8
    view.splitter.moveSplitter(500, 1)
    chosen = view.risk.width()
    view.resize(1200, 700)
    QApplication.processEvents()
    assert view.risk.width() >= chosen  # the user's panel is not squeezed back


def test_a_resize_waits_to_settle_then_lays_out_once(qtbot, small) -> None:
    _, view = open_view(qtbot, small)
    chart = view.charts["heatmap"]
    canvas = chart.page.canvas
    draws: list[object] = []
    canvas.mpl_connect("draw_event", draws.append)
    for width in (1200, 1100, 1000, 900):
        view.resize(width, 800)
        QApplication.processEvents()
        assert canvas.holding
    assert draws == []
    qtbot.waitUntil(lambda: len(draws) == 1, timeout=SETTLE_MS * 10)
    qtbot.wait(SETTLE_MS * 2)
    assert len(draws) == 1
    w, _ = chart.heatmap.figure.get_size_inches()
    assert abs(w * 100 - canvas.width()) <= 2
    ax = chart.heatmap.ax.get_position()
    assert ax.x1 < 1.0  # laid out for the new width: the legend column still fits


def test_other_charts_rebuild_once_after_a_burst_of_edits(qtbot, small, monkeypatch) -> None:
    ctx, view = open_view(qtbot, small)
    view.set_chart("coverage")
    chart = view.charts["coverage"]
    built: list[int] = []
    original = chart.show_data
    monkeypatch.setattr(chart, "show_data", lambda d, o: (built.append(1), original(d, o)))
    snap = view.snapshot()
    cycle = list_cycles(small)[-1]
    for j in range(3):
        change = ratings.rate(
            small,
            cycle_id=cycle.id,
            person_id=snap.people[1].id,
            competency_id=snap.competencies[j].id,
            level=4,
        )
        ctx.ratingsChanged.emit([change])
    assert built == []
    qtbot.waitUntil(lambda: built == [1], timeout=REFRESH_MS * 10)
    qtbot.wait(REFRESH_MS * 2)
    assert built == [1]
