"""Big grids load in a background thread; the window keeps working meanwhile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from skillmatrix.ui import snapshot_cache
from skillmatrix.ui.assess.view import AssessView
from skillmatrix.ui.context import AppContext


def test_a_big_grid_loads_in_the_background(
    qtbot, ctx: AppContext, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)  # everything counts as big
    view = AssessView(ctx, settings=settings)
    qtbot.addWidget(view)
    view.show()
    assert view._task is not None  # the load runs in a thread, not on the UI thread
    qtbot.waitUntil(lambda: view._task is None, timeout=10_000)
    assert view.model.rowCount() > 0 and view.model.columnCount() > 0


def test_a_change_during_a_background_load_triggers_another_load(
    qtbot, ctx: AppContext, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)
    view = AssessView(ctx, settings=settings)
    qtbot.addWidget(view)
    view.show()
    loads: list[object] = []
    original = view._loaded
    monkeypatch.setattr(
        view, "_loaded", lambda loaded, keep: (loads.append(loaded), original(loaded, keep))
    )
    view.schedule_reload()  # arrives while the first load runs: must not be lost
    # The first load either lands or is cancelled (its reading is no longer wanted);
    # either way a second one runs and lands.
    qtbot.waitUntil(lambda: len(loads) >= 2 and view._task is None, timeout=10_000)
    assert loads[-1] is not None and not view.model.loading
