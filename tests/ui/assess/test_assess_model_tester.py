"""pytest-qt's qtmodeltester on the Assess model while it is used.

Edits, undo, a change of source and a streamed load. The C++ tester reports a broken rule as
a Qt warning, which fails the test (qt_log_level_fail = "WARNING" in pyproject.toml); the
Python one checks the values each role returns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from assess_data import demo_org
from PySide6.QtCore import QSettings

from skillmatrix.store import direct_stream
from skillmatrix.ui import snapshot_cache
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext


@pytest.mark.parametrize("force_py", [False, True], ids=["qt", "python"])
def test_the_model_keeps_qt_s_rules_through_edits_undo_and_a_source_change(
    qtbot,  # type: ignore[no-untyped-def]
    qtmodeltester,
    view: AssessView,
    ctx: AppContext,
    force_py: bool,
) -> None:
    qtmodeltester.check(view.model, force_py=force_py)  # watches every signal from now on
    view.grid.go_to(view.model.index(0, 0))
    for key in "3n2i":  # a level, N/A, another level, interest: each a dataChanged
        qtbot.keyClick(view.grid, key)
    ctx.undo_stack.undo()
    ctx.undo_stack.redo()
    with qtbot.waitSignal(view.model.modelReset):
        ctx.set_source("both")
    with qtbot.waitSignal(view.model.modelReset):
        ctx.set_source("self")
    qtbot.keyClick(view.grid, "4")
    assert view.model.rowCount() > 0 and view.model.columnCount() > 0


def test_the_model_keeps_qt_s_rules_while_rows_stream_in(
    qtbot,  # type: ignore[no-untyped-def]
    qtmodeltester,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = demo_org(tmp_path / "demo.db", people_count=40)
    try:
        ctx = AppContext(db)
        monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)  # everything counts as big
        monkeypatch.setattr(direct_stream, "FIRST", 6)
        monkeypatch.setattr(direct_stream, "BATCH", 9)
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        view = AssessView(ctx, settings=settings)
        qtbot.addWidget(view)
        qtmodeltester.check(view.model, force_py=True)
        view.show()
        qtbot.waitUntil(lambda: view._task is None, timeout=20_000)
        assert view.model.rowCount() == 40 and not view.model.loading
    finally:
        db.close()
