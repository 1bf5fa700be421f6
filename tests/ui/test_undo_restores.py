"""Deletions and additions in the Team and Framework views are undoable and redoable.

Ids are kept, so later steps (ratings in the Assess view) keep working.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from skillmatrix.core.model import Cycle, Person
from skillmatrix.services import cycles, frameworks, people, ratings
from skillmatrix.ui.framework.view import FrameworkView
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.team.view import TeamView


def _team(window: MainWindow) -> TeamView:
    window.show_view("team")
    view = window.page("team").content
    assert isinstance(view, TeamView)
    return view


def _framework(window: MainWindow) -> FrameworkView:
    window.show_view("framework")
    view = window.page("framework").content
    assert isinstance(view, FrameworkView)
    return view


def _add(qtbot, view: TeamView, name: str, team: str = "") -> Person:  # type: ignore[no-untyped-def]
    dialog = view.add_person()
    qtbot.keyClicks(dialog.name, name)
    if team:
        dialog.team.setEditText(team)
    dialog.role.setCurrentText("Backend Engineer")
    dialog.seniority.setCurrentText("Senior")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    return people.find_person(view.ctx.db, name)


def _answers(monkeypatch, *texts: str) -> None:  # type: ignore[no-untyped-def]
    """QInputDialog.getText answers ``texts`` in turn."""
    pending = list(texts)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (pending.pop(0), True))


def _history(window: MainWindow, ada: Person) -> tuple[Cycle, Cycle]:
    """Ada rated in 2026-Q1 (then closed) and 2026-Q2, manager and self, with a note."""
    db, q1 = window.ctx.db, window.ctx.cycle
    comps = frameworks.list_competencies(db)[:3]
    ratings.rate_many(db, cycle_id=q1.id, cells=[(ada.id, c.id) for c in comps], level=2)
    ratings.rate(
        db,
        cycle_id=q1.id,
        person_id=ada.id,
        competency_id=comps[0].id,
        level=3,
        interest=2,
        note="wants to mentor",
        source="self",
    )
    q2 = cycles.start_cycle(db, name="2026-Q2")  # carries Q1 forward
    ratings.rate(db, cycle_id=q2.id, person_id=ada.id, competency_id=comps[1].id, level=4)
    cycles.close_cycle(db, q1.id)
    return q1, q2


def _everything(window: MainWindow, *cycle_list: Cycle) -> dict[int, Any]:
    return {c.id: ratings.list_ratings(window.ctx.db, c.id) for c in cycle_list}


def test_delete_person_with_ratings_in_two_cycles_undo_and_redo(
    qtbot, window: MainWindow, messages
) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    ada = _add(qtbot, view, "Ada", team="Payments")
    q1, q2 = _history(window, ada)
    before = _everything(window, q1, q2)
    assert sum(len(r) for r in before.values()) == 8
    view.select_person(ada.id)

    view.act_delete.trigger()
    assert "Delete Ada and 8 ratings?" in messages.confirmations[-1]
    assert "Undo" in messages.confirmations[-1]
    assert people.list_people(window.ctx.db, include_inactive=True) == []
    assert _everything(window, q1, q2) == {q1.id: [], q2.id: []}
    assert view.model.rowCount() == 0
    assert window.ctx.undo_stack.undoText() == "Delete Ada"

    window.acts.undo.trigger()
    assert people.get_person(window.ctx.db, ada.id) == ada  # same id, team, role ...
    assert _everything(window, q1, q2) == before  # the closed cycle's ratings too
    assert cycles.get_cycle(window.ctx.db, q1.id).closed
    assert [p.id for p in view.model.people()] == [ada.id]

    window.acts.redo.trigger()
    assert people.list_people(window.ctx.db, include_inactive=True) == []
    assert _everything(window, q1, q2) == {q1.id: [], q2.id: []}
    assert view.model.rowCount() == 0

    window.acts.undo.trigger()  # and back once more: nothing is lost going back and forth
    assert _everything(window, q1, q2) == before
    assert window.ctx.undo_stack.undoText() == "Add Ada"


def test_add_person_then_rate_in_assess_undo_twice_redo_twice(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ada = _add(qtbot, _team(window), "Ada", team="Payments")
    window.show_view("assess")
    assess = window.page("assess").content
    qtbot.waitUntil(lambda: assess.model.rowCount() == 1, timeout=10_000)
    assess.grid.setCurrentIndex(assess.model.index(0, 0))
    assess.grid.setFocus()
    qtbot.keyClick(assess.grid, "3")
    person_id, comp_id = assess.model.cell_id(0, 0)
    assert person_id == ada.id
    cell = {"cycle_id": window.ctx.cycle.id, "person_id": ada.id, "competency_id": comp_id}
    rated = ratings.get_rating(window.ctx.db, **cell)
    assert rated is not None and rated.level == 3

    stack = window.ctx.undo_stack
    stack.undo()  # the rating
    assert ratings.get_rating(window.ctx.db, **cell) is None
    stack.undo()  # the person, and the team the add created
    assert people.list_people(window.ctx.db, include_inactive=True) == []
    assert people.list_teams(window.ctx.db) == []

    stack.redo()
    assert people.get_person(window.ctx.db, ada.id) == ada  # the same id again
    stack.redo()  # so the rating step still finds its person
    assert ratings.get_rating(window.ctx.db, **cell) == rated
    assert stack.index() == stack.count() == 2
    qtbot.waitUntil(lambda: assess.model.rowCount() == 1, timeout=10_000)
    assert assess.model.data(assess.model.index(0, 0)) == "3"


def test_edit_into_a_new_team_undo_removes_that_team(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    ada = _add(qtbot, view, "Ada", team="Payments")
    view.select_person(ada.id)
    dialog = view.edit_person()
    assert dialog is not None
    dialog.team.setEditText("Platform")
    dialog.accept()
    assert people.get_person(window.ctx.db, ada.id).team == "Platform"
    window.ctx.undo_stack.undo()
    assert people.get_person(window.ctx.db, ada.id).team == "Payments"
    assert [t.name for t in people.list_teams(window.ctx.db)] == ["Payments"]
    window.ctx.undo_stack.redo()
    assert people.get_person(window.ctx.db, ada.id).team == "Platform"


def test_add_team_undo_and_redo(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _answers(monkeypatch, "Mobile")
    assert view.add_team() == "Mobile"
    mobile = people.list_teams(window.ctx.db)[0]
    selector = window.context_bar.team
    assert selector.findText("Mobile") > 0
    assert window.ctx.undo_stack.undoText() == "Add team Mobile"

    window.acts.undo.trigger()
    assert people.list_teams(window.ctx.db) == []
    assert selector.findText("Mobile") == -1
    window.acts.redo.trigger()
    assert people.list_teams(window.ctx.db) == [mobile]  # the same id
    assert selector.findText("Mobile") > 0


def test_remove_competency_undo_brings_back_targets_rule_and_ratings(
    qtbot, window: MainWindow, messages
) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    ada = people.add_person(db, name="Ada", role="Backend Engineer")
    q1, q2 = _history(window, ada)
    view = _framework(window)
    comp = frameworks.list_competencies(db)[0]  # both sources, both cycles; targets
    view.select_competency(comp.id)
    view.detail.description.setPlainText("Designs for failure.")  # an earlier step
    view.detail.description.editingFinished.emit()
    comp = frameworks.get_competency(db, comp.id)
    row = view.model.competency_item(comp.id).row()
    comps_before, roles_before = frameworks.list_competencies(db), frameworks.list_roles(db)
    assert any(comp.id in r.competency_ids for r in roles_before)
    before = _everything(window, q1, q2)

    view.remove_current()
    assert f"Remove {comp.name} and 4 ratings?" in messages.confirmations[-1]
    assert comp.id not in [c.id for c in frameworks.list_competencies(db)]
    assert view.model.competency_item(comp.id) is None
    assert all(comp.id not in r.competency_ids for r in frameworks.list_roles(db))

    window.acts.undo.trigger()
    assert frameworks.list_competencies(db) == comps_before  # same id and position
    assert frameworks.list_roles(db) == roles_before  # every target
    assert _everything(window, q1, q2) == before
    assert view.model.competency_item(comp.id).row() == row
    window.acts.undo.trigger()  # the earlier step still finds the competency by its id
    assert frameworks.get_competency(db, comp.id).description != "Designs for failure."

    window.acts.redo.trigger()
    window.acts.redo.trigger()
    assert comp.id not in [c.id for c in frameworks.list_competencies(db)]
    assert view.model.competency_item(comp.id) is None
    window.acts.undo.trigger()
    assert frameworks.get_competency(db, comp.id) == comp


def test_add_category_undo_redo_and_remove_an_empty_one(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    view = _framework(window)
    names = [c.name for c in frameworks.list_categories(db)]
    _answers(monkeypatch, "Tools")
    tools = view.add_category()
    assert tools is not None and view.model.category_item(tools.id) is not None
    window.acts.undo.trigger()
    assert [c.name for c in frameworks.list_categories(db)] == names
    assert view.model.category_item(tools.id) is None
    window.acts.redo.trigger()
    assert frameworks.list_categories(db)[-1] == tools  # same id and position
    assert view.model.category_item(tools.id) is not None

    # An empty category can be removed from the view, undoably.
    view._select(view.model.category_item(tools.id))
    assert view.tools.act_remove.isEnabled()
    view.remove_current()
    assert tools not in frameworks.list_categories(db)
    window.acts.undo.trigger()
    assert frameworks.list_categories(db)[-1] == tools
    assert view.model.category_item(tools.id).row() == len(names)
    # A category with competencies cannot be removed.
    first = frameworks.list_categories(db)[0]
    view._select(view.model.category_item(first.id))
    assert not view.tools.act_remove.isEnabled()


def test_add_competency_in_a_new_category_undo_removes_both(
    window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    view = _framework(window)
    view.tree.setCurrentIndex(view.tree.rootIndex())  # nothing selected: asks the category
    categories = frameworks.list_categories(db)
    _answers(monkeypatch, "Data", "SQL")
    sql = view.add_competency()
    assert sql is not None and sql.category == "Data"
    data = frameworks.list_categories(db)[-1]
    window.acts.undo.trigger()
    assert frameworks.list_categories(db) == categories
    assert view.model.category_item(data.id) is None
    window.acts.redo.trigger()
    assert frameworks.get_competency(db, "SQL") == sql
    assert frameworks.list_categories(db)[-1] == data
    assert view.model.competency_item(sql.id) is not None


def test_load_framework_says_it_cannot_be_undone_and_clears_the_history(
    window: MainWindow, messages
) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.core.frameworks import find_framework

    view = _framework(window)
    comp = frameworks.list_competencies(window.ctx.db)[0]
    view.select_competency(comp.id)
    view.detail.critical.click()
    assert window.ctx.undo_stack.count() == 1
    assert view.install_framework(find_framework("Engineer"))
    assert "cannot be undone and clears the undo history" in messages.confirmations[-1]
    assert window.ctx.undo_stack.count() == 0
