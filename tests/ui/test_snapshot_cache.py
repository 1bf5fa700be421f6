"""The window's snapshot cache: the Assess grid and Insights share one snapshot.

Issue 14: two copies of a 20,000-person snapshot were ~320 MB; never a stale one. Issue 11:
each stored change is written into each snapshot once, by the cache.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "assess"))
from assess_data import demo_org

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.insights.data import InsightsData, Key


@pytest.fixture
def ctx(qtbot, tmp_path: Path) -> AppContext:  # type: ignore[no-untyped-def]
    db = demo_org(tmp_path / "demo.db", people_count=12)
    yield AppContext(db)
    db.close()


def _assess(qtbot, ctx: AppContext, tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from skillmatrix.ui.assess.view import AssessView

    view = AssessView(ctx, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view._task is None and view.model.snapshot is not None)
    return view


def test_insights_takes_the_grids_snapshot_and_both_stay_right(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services.ratings import rate

    view = _assess(qtbot, ctx, tmp_path)
    snap = view.model.snapshot
    assert snap is not None and snap.cycle is not None
    data = InsightsData(ctx.db, ctx.snapshots)
    key = Key(snap.cycle.id, None, "manager")
    assert data.missing([key]) == []  # nothing to read: the grid's snapshot is taken
    assert data.get(key) is snap
    # An edit reaches both: the cache writes the one snapshot, each view repaints its cell.
    person, comp = snap.people[0], snap.competencies[0]
    level = 1 if snap.levels[0, 0] != 1 else 2
    change = rate(
        ctx.db, cycle_id=snap.cycle.id, person_id=person.id, competency_id=comp.id, level=level
    )
    changes = [change]
    ctx.ratingsChanged.emit(changes)
    assert [(u.i, u.j) for u in data.apply(changes)[key]] == [(0, 0)]
    fresh = load_snapshot(ctx.db, cycle=snap.cycle.id)
    np.testing.assert_array_equal(snap.levels, fresh.levels)
    assert view.model.cell(*_cell_of(view, person.id, comp.id))[1] == level


def _cell_of(view, person_id: int, competency_id: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    index = view.model.index_of(person_id, competency_id)
    return index.row(), index.column()


def test_no_snapshot_is_shared_across_a_change_of_people(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = _assess(qtbot, ctx, tmp_path)
    snap = view.model.snapshot
    assert snap is not None and snap.cycle is not None
    key = Key(snap.cycle.id, None, "manager")
    ctx.peopleChanged.emit()  # the grid reloads later; its old snapshot must not be taken
    assert InsightsData(ctx.db, ctx.snapshots).missing([key]) == [key]
    # Nor an offer for data read before the change.
    stale = ctx.snapshots.generation() - 1
    ctx.snapshots.offer(key, snap, since=stale)
    assert ctx.snapshots.find(key) is None
    # Another team or source is another snapshot.
    ctx.snapshots.offer(key, snap, since=ctx.snapshots.generation())
    assert ctx.snapshots.find(key) is snap
    assert ctx.snapshots.find(Key(snap.cycle.id, "Nope", "manager")) is None
    assert ctx.snapshots.find(Key(snap.cycle.id, None, "self")) is None


def test_each_change_is_written_once_with_assess_and_insights_open(
    qtbot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services.ratings import rate
    from skillmatrix.ui.insights.view import InsightsView

    view = _assess(qtbot, ctx, tmp_path)
    insights = InsightsView(ctx)
    qtbot.addWidget(insights)
    insights.show()
    snap = view.model.snapshot
    assert snap is not None and snap.cycle is not None
    key = Key(snap.cycle.id, None, "manager")
    qtbot.waitUntil(lambda: insights.data.get(key) is not None)
    assert insights.data.get(key) is snap  # one snapshot for both views
    writes: list[tuple[int, int, int]] = []
    original = Snapshot.write_cell

    def counted(self: Snapshot, i: int, j: int, rating: object) -> None:
        writes.append((id(self), i, j))
        original(self, i, j, rating)  # type: ignore[arg-type]

    monkeypatch.setattr(Snapshot, "write_cell", counted)
    announced: list[object] = []
    ctx.snapshots.cellsChanged.connect(announced.append)
    person, comp = snap.people[2], snap.competencies[3]
    level = 1 if snap.levels[2, 3] != 1 else 2
    change = rate(
        ctx.db, cycle_id=snap.cycle.id, person_id=person.id, competency_id=comp.id, level=level
    )
    ctx.ratingsChanged.emit([change])
    assert writes == [(id(snap), 2, 3)]  # once, though two views show it
    assert announced == [{key: [(2, 3)]}]
    assert view.model.cell(*_cell_of(view, person.id, comp.id))[1] == level
    assert snap.levels[2, 3] == level
