"""A stale Edit person dialog never overwrites another manager's change (issue 15)."""

from __future__ import annotations

from skillmatrix.services import people
from skillmatrix.store.database import Database
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.team.view import TeamView


def _team(window: MainWindow) -> TeamView:
    window.show_view("team")
    view = window.page("team").content
    assert isinstance(view, TeamView)
    return view


def test_stale_person_dialog_is_refused_reloaded_and_can_apply_again(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, db_path, messages
) -> None:
    ada = people.add_person(window.ctx.db, name="Ada", email="ada@example.com", team="Payments")
    window.ctx.peopleChanged.emit()
    view = _team(window)
    view.select_person(ada.id)
    dialog = view.edit_person()
    assert dialog is not None and dialog.name.text() == "Ada"

    # Another manager, on their own connection, changes Ada after the dialog loaded her.
    other = Database(db_path)
    try:
        people.update_person(other, ada.id, email="ada.lovelace@example.com")
    finally:
        other.close()

    dialog.name.setText("Ada King")
    dialog.accept()
    assert dialog.isVisible()  # refused: the user's edit is still in the dialog
    said = " ".join(text for _, text in messages.shown)
    assert "Ada" in said and "since you loaded it" in said
    stored = people.get_person(window.ctx.db, ada.id)
    assert (stored.name, stored.email) == ("Ada", "ada.lovelace@example.com")
    assert view.model.person(ada.id).email == "ada.lovelace@example.com"  # reloaded

    dialog.accept()  # OK again: theirs is applied over what is stored now
    assert not dialog.isVisible()
    assert people.get_person(window.ctx.db, ada.id).name == "Ada King"
