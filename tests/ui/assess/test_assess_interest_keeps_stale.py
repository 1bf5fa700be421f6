"""The I key on a stale rating changes its interest only.

It stays stale (the level was not confirmed), where C confirms it.
"""

from __future__ import annotations

import datetime as dt

from assess_data import SmallOrg
from PySide6.QtCore import Qt

from skillmatrix.services import cycles, ratings
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext


def test_the_interest_key_leaves_a_stale_rating_stale(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:  # type: ignore[no-untyped-def]
    pid, cid = org.people[0].id, org.competencies[0].id
    ratings.rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=2)
    cycles.start_cycle(org.db, name="2026-Q4", today=dt.date(2026, 10, 1))
    q1 = cycles.start_cycle(org.db, name="2027-Q1", today=dt.date(2027, 1, 1))
    ctx.set_cycle(q1)
    view.reload()
    idx = view.model.index_of(pid, cid)
    view.grid.setCurrentIndex(idx)
    view.grid.setFocus()
    assert view.model.cell(idx.row(), idx.column())[7:] == (True, True)  # carried, stale
    qtbot.keyClick(view.grid, Qt.Key.Key_I)
    stored = ratings.get_rating(org.db, cycle_id=q1.id, person_id=pid, competency_id=cid)
    assert stored is not None and stored.interest is not None and stored.level == 2
    assert stored.carried_in(q1.id)
    assert view.model.cell(idx.row(), idx.column())[7:] == (True, True)  # still stale
    qtbot.keyClick(view.grid, Qt.Key.Key_C)  # "still true" confirms it
    assert view.model.cell(idx.row(), idx.column())[7:] == (False, False)
