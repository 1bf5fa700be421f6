"""Undo/redo, closed cycles, and other views' changes patching the grid in place."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

from assess_data import SmallOrg
from PySide6.QtCore import Qt

from skillmatrix.services import cycles
from skillmatrix.services.ratings import get_rating, list_ratings, rate
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.assess.roles import Role
from skillmatrix.ui.context import AppContext


def at(view: AssessView, row: int, col: int) -> None:
    view.grid.go_to(view.model.index(row, col))


def everything(org: SmallOrg, cycle_id: int | None = None) -> list:  # type: ignore[type-arg]
    return list_ratings(org.db, cycle_id or org.cycle.id)


def test_undo_and_redo_restore_the_database_exactly(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    pid, cid = view.model.cell_id(0, 0)
    # An older rating, by someone else on another day, with interest and a note.
    rate(
        org.db,
        cycle_id=org.cycle.id,
        person_id=pid,
        competency_id=cid,
        level=1,
        interest=2,
        note="pairing with Ada",
        rated_by="previous manager",
    )
    with org.db.session() as s:  # backdate it, as a carried-forward rating would be
        from skillmatrix.store import models

        row = s.query(models.Rating).one()
        row.rated_on = dt.date(2026, 4, 2)
    view.reload()
    original = everything(org)
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "3")
    after_edit = everything(org)
    assert after_edit != original and after_edit[0].level == 3
    assert after_edit[0].interest == 2 and after_edit[0].note == "pairing with Ada"
    ctx.undo_stack.undo()
    assert everything(org) == original  # who, when, interest, note: all as before
    assert view.model.data(view.model.index(0, 0)) == "1"
    ctx.undo_stack.redo()
    assert everything(org) == after_edit
    assert view.model.data(view.model.index(0, 0)) == "3"


def test_undo_of_a_new_rating_removes_the_row(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    saved: list[str] = []
    ctx.saved.connect(saved.append)
    at(view, 2, 2)
    qtbot.keyClick(view.grid, "2")
    assert saved and saved[-1].startswith("Saved ") and "2 Working" in saved[-1]
    assert ctx.undo_stack.undoText().endswith("→ 2 Working")
    ctx.undo_stack.undo()
    assert everything(org) == []
    assert saved[-1].startswith("Undone")


def test_undo_lands_in_the_cycle_the_edit_was_made_in(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "2")
    q3 = everything(org)
    q4 = cycles.start_cycle(org.db, name="2026-Q4", carry_forward=True)
    ctx.set_cycle(q4)
    view.reload()
    assert view.model.snapshot.cycle.name == "2026-Q4"
    assert view.model.data(view.model.index(0, 0)) == "2"  # carried forward
    reset: list[int] = []
    view.model.modelReset.connect(lambda: reset.append(1))
    ctx.undo_stack.undo()  # the Q3 edit
    assert everything(org) == []
    # Q4 untouched: its copy of the rating still says it was confirmed in Q3.
    assert everything(org, q4.id) == [replace(r, confirmed_cycle_id=org.cycle.id) for r in q3]
    assert q3
    assert view.model.data(view.model.index(0, 0)) == "2"  # the shown cycle did not change
    assert reset == []


def test_a_closed_cycle_refuses_edits(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "2")
    before = everything(org)
    failed: list[str] = []
    ctx.failed.connect(failed.append)
    with qtbot.waitSignal(view.model.modelReset):
        ctx.set_cycle(cycles.close_cycle(org.db, org.cycle.id))
    assert view.banner.isVisible()
    assert view.banner.text().startswith("2026-Q3 is closed — read-only")
    idx = view.model.index(0, 0)
    assert not view.model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    at(view, 0, 0)
    for key in ("3", Qt.Key.Key_Delete, "n", "i"):
        qtbot.keyClick(view.grid, key)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    assert everything(org) == before
    assert failed and all(m == "2026-Q3 is closed — read-only" for m in failed)
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()  # refused by the service too
    assert everything(org) == before
    assert any("closed" in m for m in failed[-1:])


def test_a_cycle_closed_behind_the_views_back_is_refused_by_the_service(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    cycles.close_cycle(org.db, org.cycle.id)  # no signal: the grid still thinks it is open
    at(view, 1, 1)
    qtbot.keyClick(view.grid, "3")
    assert everything(org) == []
    assert "closed" in view.banner.text()
    assert not view.model.writable


def test_other_views_changes_patch_only_that_cell(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    changed: list[tuple[int, int, int, int]] = []
    resets: list[int] = []
    m = view.model
    m.dataChanged.connect(
        lambda a, b, _r=(): changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    m.modelReset.connect(lambda: resets.append(1))
    m.layoutChanged.connect(lambda: resets.append(2))
    pid, cid = m.cell_id(2, 5)
    change = rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=4)
    ctx.ratingsChanged.emit([change])
    assert changed == [(2, 5, 2, 5)]
    assert m.data(m.index(2, 5)) == "4"
    other_cycle = dataclasses.replace(change, cycle_id=org.cycle.id + 99)
    self_source = rate(
        org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=1, source="self"
    )
    ctx.ratingsChanged.emit([other_cycle, self_source])  # neither is shown
    assert changed == [(2, 5, 2, 5)]
    changed.clear()
    at(view, 1, 1)
    qtbot.keyClick(view.grid, "2")  # this view's own edit takes the same path
    assert changed == [(1, 1, 1, 1)]
    qtbot.wait(10)
    assert resets == []


def test_a_selection_edit_signals_each_row_once(qtbot, view: AssessView) -> None:
    changed: list[tuple[int, int, int, int]] = []
    view.model.dataChanged.connect(
        lambda a, b, _r=(): changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    at(view, 0, 1)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(view.grid, key, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.grid, "1")
    assert sorted(changed) == [(0, 1, 0, 3), (1, 1, 1, 3)]


def test_ctx_signals_reload_once(qtbot, view: AssessView, ctx: AppContext, org: SmallOrg) -> None:
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    ctx.cyclesChanged.emit()
    ctx.peopleChanged.emit()
    ctx.set_source("self")
    qtbot.waitUntil(lambda: resets == [1])
    qtbot.wait(20)
    assert resets == [1]
    assert view.model.source.value == "self"
    assert get_rating(org.db, cycle_id=org.cycle.id, person_id=1, competency_id=1) is None
    assert view.model.data(view.model.index(0, 0), Role.PERSON_ID) == view.model.person(0).id
