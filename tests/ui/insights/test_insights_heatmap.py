"""The heatmap in the Insights view: hover, click to jump, live updates in place."""

from __future__ import annotations

import numpy as np
from insights_data import open_view
from matplotlib.backend_bases import MouseButton, MouseEvent
from matplotlib.image import AxesImage
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from skillmatrix.services import ratings
from skillmatrix.services.cycles import list_cycles


def display_xy(hm, i: int, j: int) -> tuple[float, float]:
    """Canvas pixel coordinates (matplotlib, origin bottom left) of a cell's centre."""
    r = int(np.flatnonzero(hm.row_order == i)[0])
    c = int(np.flatnonzero(hm.col_order == j)[0])
    x, y = hm.ax.transData.transform((c, r))
    return float(x), float(y)


def test_only_the_visible_chart_is_built(qtbot, small) -> None:
    _, view = open_view(qtbot, small)
    assert set(view.charts) == {"heatmap"}
    view.set_chart("coverage")
    assert set(view.charts) == {"heatmap", "coverage"}
    assert view.charts["coverage"].figure is not None


def test_hover_names_person_competency_level_and_target(qtbot, small) -> None:
    _, view = open_view(qtbot, small)
    chart = view.charts["heatmap"]
    hm, canvas = chart.heatmap, chart.page.canvas
    snap = view.snapshot()
    i = next(k for k, p in enumerate(snap.people) if p.name == "Ana Silva")
    j = 0
    x, y = display_xy(hm, i, j)
    event = MouseEvent("motion_notify_event", canvas, x, y)
    assert event.inaxes is hm.ax
    canvas.callbacks.process("motion_notify_event", event)
    text = view.status.text()
    assert "Ana Silva" in text and snap.competencies[j].name in text
    assert "4 Expert" in text and "target" in text
    assert canvas.toolTip() == text == hm.cell_text(i, j)
    # leaving the matrix clears the cell text
    canvas.callbacks.process("motion_notify_event", MouseEvent("motion_notify_event", canvas, 2, 2))
    assert "Ana Silva" not in view.status.text()


def test_click_on_a_cell_jumps_to_that_rating_in_assess(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    chart = view.charts["heatmap"]
    hm, canvas = chart.heatmap, chart.page.canvas
    snap = view.snapshot()
    i, j = 2, 3
    x, y = display_xy(hm, i, j)
    views: list[str] = []
    ctx.showView.connect(views.append)
    with qtbot.waitSignal(ctx.showRating) as blocker:
        event = MouseEvent("button_press_event", canvas, x, y, button=MouseButton.LEFT)
        canvas.callbacks.process("button_press_event", event)
    assert blocker.args == [snap.people[i].id, snap.competencies[j].id]
    assert views == ["assess"]
    # the same through a real Qt mouse click on the widget (logical pixels, origin top left)
    pos = QPoint(
        int(x / canvas.device_pixel_ratio), int(canvas.height() - y / canvas.device_pixel_ratio)
    )
    with qtbot.waitSignal(ctx.showRating) as blocker:
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert blocker.args == [snap.people[i].id, snap.competencies[j].id]


def test_an_edit_updates_the_existing_image_in_place(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    chart = view.charts["heatmap"]
    hm, canvas = chart.heatmap, chart.page.canvas
    image = hm.plot.image
    images = len(hm.figure.findobj(AxesImage))
    snap = view.snapshot()
    i, j = 1, 5  # Ben, not rated yet
    assert np.isnan(snap.levels[i, j])
    cycle = list_cycles(small)[-1]
    change = ratings.rate(
        small,
        cycle_id=cycle.id,
        person_id=snap.people[i].id,
        competency_id=snap.competencies[j].id,
        level=3,
    )
    draws: list[object] = []
    canvas.mpl_connect("draw_event", draws.append)
    ctx.ratingsChanged.emit([change])
    r = int(np.flatnonzero(hm.row_order == i)[0])
    c = int(np.flatnonzero(hm.col_order == j)[0])
    assert hm.plot.image is image
    assert len(hm.figure.findobj(AxesImage)) == images
    assert hm.plot.image.get_array()[r, c] == 3
    assert draws == []  # blitted, not redrawn
    # the pixels on the Qt canvas show the new level's colour
    x, y = display_xy(hm, i, j)
    buf = np.asarray(canvas.renderer.buffer_rgba())
    pixel = buf[int(buf.shape[0] - y), int(x)]
    expected = np.round(np.array(image.cmap(image.norm(3))) * 255)
    assert np.abs(pixel.astype(int) - expected.astype(int)).max() <= 2
    assert view.snapshot().levels[i, j] == 3
    assert "3 Proficient" in hm.cell_text(i, j)


def test_several_edits_merge_into_one_redraw(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    hm = view.charts["heatmap"].heatmap
    snap = view.snapshot()
    cycle = list_cycles(small)[-1]
    cells = [(p.id, snap.competencies[7].id) for p in snap.people]
    changes = ratings.rate_many(small, cycle_id=cycle.id, cells=cells, level=2)
    calls: list[bool] = []
    original = hm.redraw

    def spy(*, blit: bool = False) -> None:
        calls.append(blit)
        original(blit=blit)

    hm.redraw = spy
    ctx.ratingsChanged.emit(changes)
    assert calls == [True]
    assert np.all(view.snapshot().levels[:, 7] == 2)


def test_edits_outside_the_scope_change_nothing(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small, team="Payments")
    hm = view.charts["heatmap"].heatmap
    assert hm.snapshot.shape[0] == 2
    before = hm.plot.image.get_array().copy()
    search = next(p for p in small_people(small) if p.team == "Search")
    cycle = list_cycles(small)[-1]
    comp = hm.snapshot.competencies[0].id
    change = ratings.rate(
        small, cycle_id=cycle.id, person_id=search.id, competency_id=comp, level=4
    )
    ctx.ratingsChanged.emit([change])
    np.testing.assert_array_equal(hm.plot.image.get_array(), before)


def small_people(db):
    from skillmatrix.services.people import list_people

    return list_people(db)


def test_follows_the_team_and_cycle_of_the_context(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    assert view.snapshot().shape[0] == 4
    ctx.set_team("Search")
    qtbot.waitUntil(lambda: view.charts["heatmap"].heatmap.snapshot.team == "Search")
    assert [p.name for p in view.charts["heatmap"].heatmap.snapshot.people] == [
        "Cleo Park",
        "Dan Weber",
    ]
    assert "Search" in view.scope_label.text()
    ratings_before = np.isfinite(view.snapshot().levels).sum()
    from skillmatrix.services.cycles import start_cycle

    new = start_cycle(small, name="2026-Q4", carry_forward=False)
    ctx.cyclesChanged.emit()
    ctx.set_cycle(new)
    qtbot.waitUntil(lambda: view.snapshot() is not None and view.snapshot().cycle.id == new.id)
    assert np.isfinite(view.snapshot().levels).sum() == 0 < ratings_before
    qtbot.waitUntil(lambda: "2026-Q4" in view.scope_label.text())
