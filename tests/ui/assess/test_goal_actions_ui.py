"""A goal's actions in the growth plan, by keyboard.

Insert adds (the mentor pairs first), Space marks done or open, Delete removes; each one
undo step; a stale edit is refused.
"""

from __future__ import annotations

import os

from assess_data import SmallOrg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from skillmatrix.core.plans import NewAction
from skillmatrix.services import goal_actions as ga
from skillmatrix.services import growth_plans as gp
from skillmatrix.services import ratings
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.growth.action_panel import PAIRED, ActionEditor
from skillmatrix.ui.growth.plan_dialog import GrowthPlanDialog


def _paired_goal(org: SmallOrg) -> gp.Goal:
    """Bo (4, the mentor pair) can teach Ada (1, keen) the first competency."""
    cyc, ada, bo = org.cycle.id, org.people[0].id, org.people[1].id
    comp = org.competencies[0].id
    ratings.rate(org.db, cycle_id=cyc, person_id=bo, competency_id=comp, level=4)
    ratings.rate(org.db, cycle_id=cyc, person_id=ada, competency_id=comp, level=1, interest=3)
    return gp.goal_from_gap(org.db, cycle_id=cyc, person_id=ada, competency_id=comp)


def _stored(org: SmallOrg) -> list[tuple[str, str, int | None, str]]:
    [goal] = gp.list_goals(org.db)
    return [(a.kind, a.text, a.mentor_id, a.status) for a in goal.actions]


def _accept_editor(text: str) -> None:
    """Fill the modal action editor (once it is open) and press Enter."""

    def fill() -> None:
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, ActionEditor)
        editor.text.setText(text)
        editor.accept()

    QTimer.singleShot(0, fill)


def test_actions_added_marked_done_and_removed_by_keyboard(
    qtbot,
    org: SmallOrg,
    ctx: AppContext,
    messages,  # type: ignore[no-untyped-def]
) -> None:
    goal = _paired_goal(org)
    bo = org.people[1]
    dlg = GrowthPlanDialog(ctx, person_id=goal.person_id, person_name=org.people[0].name)
    qtbot.addWidget(dlg)
    dlg.show()
    panel = dlg.action_panel
    assert panel.goal is not None and panel.goal.id == goal.id and panel.table.rowCount() == 0
    assert not panel.done_button.isEnabled() and panel.add_button.isEnabled()
    # The editor offers the mentor pair first, chosen already.
    editor = ActionEditor(ctx, goal)
    qtbot.addWidget(editor)
    assert editor.mentor.itemText(1) == bo.name + PAIRED and editor.mentor.currentData() == bo.id
    assert editor.kind.currentData() == "mentor"
    if shots := os.environ.get("SKILLMATRIX_SHOTS"):
        editor.grab().save(os.path.join(shots, "action_editor.png"))
    panel.table.setFocus()
    _accept_editor("pairing weekly")
    qtbot.keyClick(panel.table, Qt.Key.Key_Insert)
    assert _stored(org) == [("mentor", "pairing weekly", bo.id, "open")]
    assert panel.add_action(NewAction("course", "=SUM(A1) course")) is not None
    assert dlg.table.item(0, 3).text() == (
        f"mentor: {bo.name}, pairing weekly; course: =SUM(A1) course"
    )
    assert panel.table.currentRow() == 1 and "0 of 2 done" in panel.title.text()
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert [s for *_r, s in _stored(org)] == ["open", "done"]
    assert panel.table.item(1, 3).text() == "done" and panel.done_button.text() == "Mark &open"
    assert "1 of 2 done" in panel.title.text() and dlg.table.item(0, 3).text().endswith("(done)")
    assert ctx.undo() and [s for *_r, s in _stored(org)] == ["open", "open"]
    assert ctx.redo() and [s for *_r, s in _stored(org)] == ["open", "done"]
    if shots := os.environ.get("SKILLMATRIX_SHOTS"):  # look at it, light and dark
        from skillmatrix.ui.palette import dark_palette

        dlg.action_panel.table.selectRow(0)
        dlg.grab().save(os.path.join(shots, "goal_actions.png"))
        before = dlg.palette()
        dlg.setPalette(dark_palette())
        dlg.action_panel.show_goal(dlg.selected())
        dlg.grab().save(os.path.join(shots, "goal_actions_dark.png"))
        dlg.setPalette(before)
        dlg.action_panel.table.selectRow(1)
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [k for k, *_r in _stored(org)] == ["course"]
    assert ctx.undo() and [k for k, *_r in _stored(org)] == ["mentor", "course"]
    assert ctx.redo() and ctx.undo()  # removed and back again under the same id
    assert messages.shown == []


def test_a_stale_action_is_refused_and_shown_as_stored(
    qtbot,
    org: SmallOrg,
    ctx: AppContext,
    messages,  # type: ignore[no-untyped-def]
) -> None:
    goal = _paired_goal(org)
    course = ga.add_action(org.db, goal.id, kind="course", text="SRE")
    dlg = GrowthPlanDialog(ctx, person_id=goal.person_id, person_name=org.people[0].name)
    qtbot.addWidget(dlg)
    dlg.show()
    ga.update_action(org.db, course.id, text="SRE basics")  # another writer, meanwhile
    dlg.action_panel.table.setFocus()
    qtbot.keyClick(dlg.action_panel.table, Qt.Key.Key_Space)
    assert _stored(org) == [("course", "SRE basics", None, "open")]  # nothing overwritten
    [(kind, text)] = messages.shown
    assert kind == "warning" and "the course action was changed" in text
    assert dlg.action_panel.table.item(0, 2).text() == "SRE basics"  # re-read: as stored
    assert ctx.undo_stack.count() == 0
