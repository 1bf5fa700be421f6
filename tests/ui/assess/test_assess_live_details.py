"""Evidence and growth goals changed anywhere show at once in every open view of them.

Changed in a dialog, the grid's menu, Edit ▸ Undo or Redo; shown in the grid's tooltip being
shown, the review mode, the evidence dialog and the growth plan, with no reload asked for.
"""

from __future__ import annotations

from assess_data import SmallOrg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from skillmatrix.core.model import Source
from skillmatrix.services import growth_plans as gp
from skillmatrix.services import ratings
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.evidence import Cell, EvidenceDialog, add_step, remove_step
from skillmatrix.ui.growth import commands
from skillmatrix.ui.growth.plan_dialog import GrowthPlanDialog
from skillmatrix.ui.review_mode import EVIDENCE, ReviewDialog


def _cell(org: SmallOrg, person: int, competency: int) -> Cell:
    p, c = org.people[person], org.competencies[competency]
    return Cell(org.cycle.id, p.id, c.id, p.name, c.name)


def _hover(view: AssessView, person_id: int, competency_id: int) -> str:
    """Ask the grid for the cell's tooltip as the mouse resting on it does; its text."""
    index = view.model.index_of(person_id, competency_id)
    pos = view.grid.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.grid.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.grid.viewport(), event)
    assert QToolTip.isVisible()
    return QToolTip.text()


def test_an_open_grid_tooltip_follows_evidence_undo_and_redo(
    qtbot, org: SmallOrg, view: AssessView, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    cell = _cell(org, 0, 1)
    ratings.rate(org.db, cycle_id=cell.cycle_id, person_id=cell.person_id,
                 competency_id=cell.competency_id, level=2)  # fmt: skip
    view.reload()
    before = _hover(view, cell.person_id, cell.competency_id)
    assert "Evidence" not in before
    assert add_step(ctx, cell, url="https://wiki.example.com/adr-7", text="Wrote ADR 7")
    qtbot.waitUntil(lambda: "Wrote ADR 7" in QToolTip.text(), timeout=2000)
    assert "Evidence</b> (1)" in QToolTip.text()
    assert ctx.undo()
    qtbot.waitUntil(lambda: "Evidence" not in QToolTip.text(), timeout=2000)
    assert ctx.redo()
    qtbot.waitUntil(lambda: "Wrote ADR 7" in QToolTip.text(), timeout=2000)
    QToolTip.hideText()


def test_an_open_grid_tooltip_follows_a_goal_and_its_undo(
    qtbot, org: SmallOrg, view: AssessView, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    ada, comp = org.people[0].id, org.competencies[0].id
    assert "Growth goal" not in _hover(view, ada, comp)
    goal = commands.create(
        ctx, person_id=ada, competency_id=comp, target_level=4, by_cycle_id=org.cycle.id
    )
    assert goal is not None
    qtbot.waitUntil(lambda: "Growth goal: reach 4" in QToolTip.text(), timeout=2000)
    assert commands.update(ctx, goal, target_level=3) is not None
    qtbot.waitUntil(lambda: "Growth goal: reach 3" in QToolTip.text(), timeout=2000)
    assert ctx.undo()
    qtbot.waitUntil(lambda: "Growth goal: reach 4" in QToolTip.text(), timeout=2000)
    assert ctx.undo()
    qtbot.waitUntil(lambda: "Growth goal" not in QToolTip.text(), timeout=2000)
    QToolTip.hideText()


def test_review_mode_shows_evidence_added_and_undone_elsewhere(
    qtbot, org: SmallOrg, view: AssessView, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    cell = _cell(org, 0, 2)
    ratings.rate(org.db, cycle_id=cell.cycle_id, person_id=cell.person_id,
                 competency_id=cell.competency_id, level=3, source=Source.SELF)  # fmt: skip
    dlg = ReviewDialog(ctx, cycle_id=cell.cycle_id, person_id=cell.person_id,
                       person_name=cell.person, parent=view)  # fmt: skip
    qtbot.addWidget(dlg)
    row = next(r for r, it in enumerate(dlg.items) if it.competency_id == cell.competency_id)
    assert dlg.table.item(row, EVIDENCE).text() == ""
    item = add_step(ctx, cell, text="Ran the game day")
    assert item is not None
    assert dlg.table.item(row, EVIDENCE).text() == "Ran the game day"
    assert dlg.table.item(row, EVIDENCE).toolTip() == "Ran the game day"
    assert ctx.undo()
    assert dlg.table.item(row, EVIDENCE).text() == ""
    assert ctx.redo()
    assert dlg.table.item(row, EVIDENCE).text() == "Ran the game day"
    assert remove_step(ctx, item, cell.label) is not None
    assert dlg.table.item(row, EVIDENCE).text() == ""
    # Someone else's evidence leaves this person's review alone.
    other = _cell(org, 1, 2)
    assert add_step(ctx, other, text="Bo's incident review")
    assert dlg.table.item(row, EVIDENCE).text() == ""


def test_evidence_dialog_lists_what_the_menu_and_undo_change(
    qtbot, org: SmallOrg, view: AssessView, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    cell = _cell(org, 1, 0)
    dlg = view.open_evidence(cell)
    assert isinstance(dlg, EvidenceDialog)
    assert dlg.items() == []
    dlg.text.setText("Mentored two juniors")
    dlg.add_button.click()
    [mine] = dlg.items()
    assert ctx.undo() and dlg.items() == []
    assert ctx.redo() and [e.id for e in dlg.items()] == [mine.id]
    # Added through another route (the grid's menu uses the same step): listed at once.
    theirs = add_step(ctx, cell, url="https://example.com/talk")
    assert theirs is not None
    assert {e.id for e in dlg.items()} == {mine.id, theirs.id}
    assert ctx.undo() and [e.id for e in dlg.items()] == [mine.id]
    # Another cell's evidence is not listed here.
    assert add_step(ctx, _cell(org, 1, 1), text="elsewhere")
    assert [e.id for e in dlg.items()] == [mine.id]


def test_plan_dialog_follows_goals_changed_elsewhere_and_undone(
    qtbot, org: SmallOrg, view: AssessView, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    ada, comp = org.people[0].id, org.competencies[1].id
    dlg = GrowthPlanDialog(ctx, person_id=ada, person_name=org.people[0].name, parent=view)
    qtbot.addWidget(dlg)
    assert dlg.rows == []
    goal = commands.create(ctx, person_id=ada, competency_id=comp, target_level=3)
    assert goal is not None
    assert [r.goal.id for r in dlg.rows] == [goal.id]
    assert commands.update(ctx, goal, status="in progress") is not None
    assert dlg.rows[0].goal.status == "in progress"
    assert ctx.undo() and dlg.rows[0].goal.status == "planned"
    assert ctx.undo() and dlg.rows == []
    assert ctx.redo() and [r.goal.id for r in dlg.rows] == [goal.id]
    assert gp.list_goals(org.db, person_id=ada)[0].id == goal.id
