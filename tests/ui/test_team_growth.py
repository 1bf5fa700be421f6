"""The Team view's growth plan and profile actions on the selected person."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from skillmatrix.core.plans import NewAction
from skillmatrix.services import frameworks, people
from skillmatrix.services import growth_plans as gp
from skillmatrix.ui.growth.plan_dialog import GrowthPlanDialog
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.profile_action import default_name
from skillmatrix.ui.team.view import TeamView


def test_plan_and_profile_from_the_team_view(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    ada = people.add_person(db, name="Ada Byron", team="Core", role="Backend Engineer")
    comp = frameworks.list_competencies(db)[0]
    gp.create_goal(db, person_id=ada.id, competency_id=comp.id, target_level=3)
    window.ctx.peopleChanged.emit()
    window.show_view("team")
    view = window.page("team").content
    assert isinstance(view, TeamView)
    view.reload()
    assert not view.act_plan.isEnabled()  # nobody selected yet
    view.select_person(ada.id)
    assert view.act_plan.isEnabled() and view.act_profile.isEnabled()
    view.act_plan.trigger()
    [dlg] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, GrowthPlanDialog) and w.isVisible()]  # fmt: skip
    assert dlg.person_id == ada.id and dlg.table.item(0, 0).text() == comp.name
    dlg.close()
    out = view.save_profile(str(tmp_path / "ada.pdf"))
    assert out is not None and (tmp_path / "ada.pdf").read_bytes().startswith(b"%PDF")


def test_default_profile_file_name_drops_what_files_cannot_hold() -> None:
    assert default_name('A/B: "C"', "2026-Q4") == "Profile - AB C - 2026-Q4.pdf"


def test_goal_editor_reads_what_was_chosen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui.growth.plan_dialog import GoalEditor

    db = window.ctx.db
    ada = people.add_person(db, name="Ada Byron", team="Core", role="Backend Engineer")
    bo = people.add_person(db, name="Bo Chen", team="Core", role="Backend Engineer")
    editor = GoalEditor(window.ctx, ada.id)
    qtbot.addWidget(editor)
    names = [editor.mentor.itemText(k) for k in range(editor.mentor.count())]
    assert "Bo Chen" in names and "Ada Byron" not in names  # not their own mentor
    editor.target.setCurrentIndex(editor.target.findData(4))
    assert editor.fields()["actions"] == []  # no first action unless one is chosen
    editor.mentor.setCurrentIndex(editor.mentor.findData(bo.id))
    assert editor.kind.currentData() == "mentor"  # a mentor makes the action "mentor"
    fields = editor.fields()
    assert (fields["target_level"], fields["actions"]) == (4, [NewAction("mentor", "", bo.id)])
    editor.kind.setCurrentIndex(editor.kind.findData("course"))
    editor.text.setText("Go course")
    assert editor.fields()["actions"] == [NewAction("course", "Go course", None)]
    goal = gp.create_goal(db, person_id=ada.id, **editor.fields())
    again = GoalEditor(window.ctx, ada.id, goal)
    qtbot.addWidget(again)
    assert not again.competency.isEnabled() and "competency_id" not in again.fields()
    assert "actions" not in again.fields() and again.target.currentData() == 4
    assert again.kind.isHidden()  # an existing goal's actions are edited in the plan
