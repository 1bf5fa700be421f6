"""A big grid streams in (issue 14): the first screen's rows first, the rest behind them.

Meanwhile the rows not read yet show as loading, nothing can be edited, and once every
row has arrived the grid equals a grid loaded whole.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from assess_data import demo_org
from PySide6.QtCore import QSettings, Qt

from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import direct_stream
from skillmatrix.ui import snapshot_cache
from skillmatrix.ui.assess.keys import Action, KeyAction
from skillmatrix.ui.assess.roles import CellState
from skillmatrix.ui.assess.view import AssessView
from skillmatrix.ui.context import AppContext


@pytest.fixture
def demo_ctx(qtbot, tmp_path: Path) -> AppContext:  # type: ignore[no-untyped-def]
    db = demo_org(tmp_path / "demo.db", people_count=40)
    yield AppContext(db)
    db.close()


def _grid(view: AssessView) -> list[list[tuple[object, ...]]]:
    m = view.model
    return [[m.cell(r, c) for c in range(m.columnCount())] for r in range(m.rowCount())]


def _names(view: AssessView) -> list[str]:
    return [view.model.person(r).name for r in range(view.model.rowCount())]


def test_a_big_grid_streams_in_and_ends_equal_to_a_whole_load(
    qtbot,
    demo_ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    whole = AssessView(
        demo_ctx, settings=QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(whole)
    whole.show()  # small: loaded at once, on the UI thread
    assert whole._task is None and whole.model.rowCount() == 40

    monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)  # everything counts as big
    monkeypatch.setattr(direct_stream, "FIRST", 6)
    monkeypatch.setattr(direct_stream, "BATCH", 9)
    view = AssessView(
        demo_ctx, settings=QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(view)
    stored: list[object] = []
    demo_ctx.ratingsChanged.connect(stored.append)
    seen: list[dict[str, object]] = []
    original = view._streamed

    def watch(part, keep, chosen):  # type: ignore[no-untyped-def]
        original(part, keep, chosen)
        m = view.model
        states = [m.cell(r, 0)[0] for r in range(m.rowCount())]
        seen.append(
            {
                "rows": m.rowCount(),
                "loading": m.loading,
                "editable": bool(m.flags(m.index(0, 0)) & Qt.ItemFlag.ItemIsEditable),
                "waiting": states.count(CellState.LOADING),
                "banner": view.banner.state_text or "",
                "names": _names(view),
            }
        )
        if m.loading:  # a level typed now is refused: nothing is stored while rows are missing
            view.grid.setCurrentIndex(m.index(0, 0))
            view._on_action(KeyAction(Action.SET_LEVEL, 3))

    monkeypatch.setattr(view, "_streamed", watch)
    view.show()
    qtbot.waitUntil(lambda: view._task is None, timeout=20_000)

    head, *body = seen
    assert head["rows"] == 6 and head["names"] == _names(whole)[:6]  # the first screen
    assert len(body) == 1 + (40 - 6 + 8) // 9  # then everybody: the first batch, the rest
    assert all(s["rows"] == 40 and s["names"] == _names(whole) for s in body)
    assert [s["waiting"] for s in body] == [34, 25, 16, 7, 0]  # rows fill in display order
    *before, last = seen
    assert all(s["loading"] and not s["editable"] for s in before)
    assert all("Loading ratings" in str(s["banner"]) for s in before)
    assert not last["loading"] and last["editable"]  # the last batch ends the load
    assert stored == []  # every typed level was refused
    # Done: editable, and cell for cell what the whole load shows.
    m = view.model
    assert not m.loading and m.writable
    assert _names(view) == _names(whole) and _grid(view) == _grid(whole)
    assert view.toolbar.review.text() == whole.toolbar.review.text()
    snap = load_snapshot(demo_ctx.db)
    assert m.snapshot is not None and m.snapshot.shape == snap.shape


def test_rows_still_loading_are_drawn_and_described_as_loading(
    qtbot,
    demo_ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from skillmatrix.ui.assess.tooltip import cell_tooltip

    monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)
    monkeypatch.setattr(direct_stream, "FIRST", 6)
    monkeypatch.setattr(direct_stream, "BATCH", 100)
    view = AssessView(
        demo_ctx, settings=QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(view)
    view.resize(900, 600)
    checked: list[str] = []
    original = view._streamed

    def watch(part, keep, chosen):  # type: ignore[no-untyped-def]
        original(part, keep, chosen)
        m = view.model
        if part.head:
            assert m.review_progress(due=None, today=dt.date.today()) is None  # no partial count
            checked.append("head")
        elif m.loading:  # the first batch of everybody: rows 6.. are still to come
            last = m.rowCount() - 1
            assert m.cell(last, 0)[0] == CellState.LOADING
            assert m.data(m.index(last, 0), Qt.ItemDataRole.AccessibleTextRole).endswith("loading")
            assert m.data(m.index(last, 0)) == ""
            assert "Loading…" in cell_tooltip(m, last, 0)
            assert m.cell(0, 0)[0] != CellState.LOADING  # the first rows are read
            view.grab()  # the loading rows paint
            checked.append("batch")

    monkeypatch.setattr(view, "_streamed", watch)
    view.show()
    qtbot.waitUntil(lambda: view._task is None, timeout=20_000)
    assert checked == ["head", "batch"]
