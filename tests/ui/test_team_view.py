"""The Team view: add, edit, deactivate, delete people through the real widgets; undo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from skillmatrix.core.model import Seniority
from skillmatrix.services import people, ratings
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.team.dialog import PersonDialog
from skillmatrix.ui.team.view import TeamView


def _team(window: MainWindow) -> TeamView:
    window.show_view("team")
    view = window.page("team").content
    assert isinstance(view, TeamView)
    return view


def _add(
    qtbot,
    view: TeamView,
    name: str,
    email: str = "",
    team: str = "",  # type: ignore[no-untyped-def]
    seniority: str = "Senior",
) -> None:
    dialog = view.add_person()
    qtbot.keyClicks(dialog.name, name)
    dialog.email.setText(email)
    if team:
        dialog.team.setEditText(team)
    dialog.role.setCurrentText("Backend Engineer")
    dialog.seniority.setCurrentText(seniority)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()


def _names(window: MainWindow, *, inactive: bool = True) -> list[str]:
    return [p.name for p in people.list_people(window.ctx.db, include_inactive=inactive)]


def test_empty_team_shows_a_helpful_empty_state(window: MainWindow) -> None:
    view = _team(window)
    assert view.pages.currentWidget() is view.empty
    assert "No people yet" in view.empty.title.text()
    assert view.empty.button is not None and "Add person" in view.empty.button.text()


def test_add_person_through_the_dialog_is_stored_and_undoable(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada Lovelace", "ada@example.com", "Payments")
    stored = people.list_people(window.ctx.db)
    assert [(p.name, p.email, p.team, p.role, p.seniority) for p in stored] == [
        ("Ada Lovelace", "ada@example.com", "Payments", "Backend Engineer", Seniority.SENIOR)
    ]
    assert view.proxy.rowCount() == 1 and view.pages.currentWidget() is view.table
    assert window.ctx.undo_stack.undoText() == "Add Ada Lovelace"

    window.acts.undo.trigger()
    assert _names(window) == [] and view.model.rowCount() == 0
    window.acts.redo.trigger()
    assert _names(window) == ["Ada Lovelace"] and view.model.rowCount() == 1


def test_refused_person_keeps_the_dialog_open(qtbot, window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    dialog = view.add_person()
    dialog.name.setText("Bob")
    dialog.email.setText("not an email")
    dialog.accept()
    assert dialog.isVisible()
    assert "not an email" in messages.texts("warning")[0]
    assert _names(window) == []
    dialog.reject()


def test_edit_updates_the_row_in_place_and_undo_restores(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada", team="Payments")
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    dialog = view.edit_person()
    assert dialog is not None and dialog.name.text() == "Ada"
    dialog.name.setText("Ada King")
    dialog.team.setEditText("Platform")
    dialog.seniority.setCurrentText("Staff")
    dialog.accept()
    person = people.list_people(window.ctx.db)[0]
    assert (person.name, person.team, person.seniority) == ("Ada King", "Platform", Seniority.STAFF)
    assert resets == []  # one row changed, no reset
    assert view.model.people()[0].name == "Ada King"

    window.ctx.undo_stack.undo()
    person = people.list_people(window.ctx.db)[0]
    assert (person.name, person.team, person.seniority) == ("Ada", "Payments", Seniority.SENIOR)
    window.ctx.undo_stack.redo()
    assert people.list_people(window.ctx.db)[0].name == "Ada King"


def test_enter_opens_the_edit_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada")
    view.table.setFocus()
    view.select_person(people.list_people(window.ctx.db)[0].id)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialogs = [d for d in view.findChildren(PersonDialog) if d.isVisible()]
    assert any(d.windowTitle() == "Edit person" for d in dialogs)
    for d in dialogs:
        d.reject()


def test_deactivate_keeps_the_person_listed_with_show_inactive(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada")
    _add(qtbot, view, "Grace")
    view.select_person(next(p.id for p in people.list_people(window.ctx.db) if p.name == "Ada"))
    view.act_toggle.trigger()
    ada = next(
        p for p in people.list_people(window.ctx.db, include_inactive=True) if p.name == "Ada"
    )
    assert ada.active is False
    assert _names(window, inactive=False) == ["Grace"]
    assert view.proxy.rowCount() == 1
    view.show_inactive.setChecked(True)
    assert view.proxy.rowCount() == 2
    assert "inactive" in view.count.text()

    window.ctx.undo_stack.undo()
    assert _names(window, inactive=False) == ["Ada", "Grace"]
    window.ctx.undo_stack.redo()
    assert _names(window, inactive=False) == ["Grace"]


def test_delete_confirmation_counts_the_ratings(qtbot, window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada")
    ada = people.list_people(window.ctx.db)[0]
    from skillmatrix.services import frameworks

    comps = frameworks.list_competencies(window.ctx.db)[:3]
    for comp in comps:
        ratings.rate(
            window.ctx.db,
            cycle_id=window.ctx.cycle.id,
            person_id=ada.id,
            competency_id=comp.id,
            level=2,
        )
    view.select_person(ada.id)

    messages.answer = messages.answer.Cancel
    view.act_delete.trigger()
    assert "3 ratings" in messages.confirmations[0]
    assert _names(window) == ["Ada"]

    messages.answer = messages.answer.Yes
    view.act_delete.trigger()
    assert _names(window) == []
    assert view.model.rowCount() == 0
    window.ctx.undo_stack.undo()  # undoable: Ada and her 3 ratings come back
    assert _names(window) == ["Ada"] and people.count_ratings(window.ctx.db, ada.id) == 3


def test_search_and_team_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada", "ada@pay.example", "Payments")
    _add(qtbot, view, "Grace", "grace@plat.example", "Platform")
    qtbot.keyClicks(view.search, "plat")
    assert view.proxy.rowCount() == 1
    view.search.clear()
    window.ctx.set_team("Payments")
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 0).data() == "Ada"
    qtbot.keyClicks(view.search, "zzz")
    assert view.pages.currentWidget() is view.empty
    assert "Nobody matches" in view.empty.title.text()


def test_add_team(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    view = _team(window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Mobile", True))
    assert view.add_team() == "Mobile"
    assert [t.name for t in people.list_teams(window.ctx.db)] == ["Mobile"]
    teams = window.context_bar.team
    assert teams.findText("Mobile") > 0


def test_reopened_database_has_everything(qtbot, window: MainWindow, db_path) -> None:  # type: ignore[no-untyped-def]
    view = _team(window)
    _add(qtbot, view, "Ada", team="Payments")
    window.close()
    window.ctx.db.close()
    from skillmatrix.ui import open_main_window

    again = open_main_window(db_path)
    qtbot.addWidget(again)
    view = _team(again)
    assert [p.name for p in view.model.people()] == ["Ada"]
    again.close()
    again.ctx.db.close()


def test_review_column_follows_the_cycle_and_its_ratings(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services import frameworks, review
    from skillmatrix.ui.team.model import REVIEW

    view = _team(window)
    db = window.ctx.db
    ann = people.add_person(db, name="Ann", team="Core", role="Backend Engineer")
    bob = people.add_person(db, name="Bob", team="Core", role="Backend Engineer")
    window.ctx.peopleChanged.emit()
    view.reload()
    cycle = window.ctx.cycle
    assert cycle is not None
    review.record_step(db, cycle_id=cycle.id, person_ids=[bob.id], step="form_sent_on")
    review.set_due(db, cycle.id, dt.date(2099, 1, 1))  # 2026-Q1 ended long ago
    comp = frameworks.list_competencies(db)[0]
    change = ratings.rate(db, cycle_id=cycle.id, person_id=ann.id, competency_id=comp.id, level=3)
    window.ctx.ratingsChanged.emit([change])
    if not view.isVisible():  # a new database may open on the guided start instead
        view.reload()

    def column() -> dict[str, str]:
        m = view.model
        return {m.index(r, 0).data(): m.index(r, REVIEW).data() for r in range(m.rowCount())}

    qtbot.waitUntil(lambda: column() == {"Ann": "Reviewed", "Bob": "Sent"}, timeout=3000)
    assert "2026-Q1: reviewed 1 of 2" in view.count.text()
    # Past the due date, Bob's row says overdue (and is coloured).
    review.set_due(db, cycle.id, dt.date(2000, 1, 1))
    view.reload()
    qtbot.waitUntil(lambda: column()["Bob"] == "Sent · overdue", timeout=3000)
    row = next(r for r in range(view.model.rowCount()) if view.model.index(r, 0).data() == "Bob")
    assert view.model.index(row, REVIEW).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_enter_on_the_review_column_opens_the_review_mode(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from skillmatrix.core.model import Source
    from skillmatrix.services import frameworks
    from skillmatrix.ui.review_mode import ReviewDialog
    from skillmatrix.ui.team.model import REVIEW

    view = _team(window)
    db = window.ctx.db
    ann = people.add_person(db, name="Ann", team="Core", role="Backend Engineer")
    window.ctx.peopleChanged.emit()
    view.reload()
    cycle = window.ctx.cycle
    assert cycle is not None
    comp = frameworks.list_competencies(db)[0]
    ratings.rate(db, cycle_id=cycle.id, person_id=ann.id, competency_id=comp.id, level=3,
                 source=Source.SELF)  # fmt: skip
    view.reload()
    view.select_person(ann.id)
    view.table.setCurrentIndex(view.table.currentIndex().siblingAtColumn(REVIEW))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialogs = [
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, ReviewDialog) and w.isVisible() and w.parent() is view
    ]  # fmt: skip
    assert len(dialogs) == 1 and dialogs[0].windowTitle() == "Review: Ann"
    dlg = dialogs[0]
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)  # accept the self rating of 3
    qtbot.keyClick(dlg.finish_button, Qt.Key.Key_Return)
    got = ratings.get_rating(db, cycle_id=cycle.id, person_id=ann.id, competency_id=comp.id)
    assert got is not None and got.level == 3
    if not view.isVisible():  # hidden behind the guided start: no timer runs
        view.reload()
    row = view.model.row_of(ann.id)
    qtbot.waitUntil(lambda: view.model.index(row, REVIEW).data() == "Agreed", timeout=3000)


def test_unknown_seniority_shows_as_unknown_and_can_be_set(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui.team.model import SENIORITY

    db = window.ctx.db
    una = people.add_person(db, name="Una", role="Backend Engineer")
    people.update_person(db, una.id, seniority=None)  # as an import without seniority stores
    view = _team(window)
    view.reload()

    def cell(role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return view.model.data(view.model.index(0, SENIORITY), role)

    assert cell() == "Unknown"
    assert "no target applies" in str(cell(Qt.ItemDataRole.ToolTipRole))
    view.select_person(una.id)
    dialog = view.edit_person()
    assert dialog is not None
    assert dialog.seniority.currentIndex() == -1  # not preselected as Mid
    assert dialog.seniority.placeholderText().startswith("Unknown")
    assert dialog.fields().seniority is None
    dialog.accept()  # nothing chosen: it stays unknown, no undo step
    assert people.find_person(db, "Una").seniority is None
    assert window.ctx.undo_stack.undoText() != "Edit Una"

    dialog = view.edit_person()
    assert dialog is not None
    dialog.seniority.setCurrentText("Senior")
    dialog.accept()
    assert people.find_person(db, "Una").seniority == Seniority.SENIOR
    assert cell() == "Senior"
    window.ctx.undo_stack.undo()
    assert people.find_person(db, "Una").seniority is None
    assert cell() == "Unknown"
