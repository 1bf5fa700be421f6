"""The Team view's edits: add, edit, deactivate, delete people and add teams.

The base class of :class:`~skillmatrix.ui.team.view.TeamView`: it declares what it uses
of the view (``ctx``, ``model``, ``selected_person``, ``select_person``,
``_update_state``), which the view implements. Every change is an undoable command from
``team.commands``, and ``_apply`` puts its stored result in the table in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from skillmatrix.core.model import Person
from skillmatrix.services import frameworks, people
from skillmatrix.ui.dialogs.confirm import confirm
from skillmatrix.ui.team import commands
from skillmatrix.ui.team.dialog import PersonDialog, PersonFields

if TYPE_CHECKING:
    from skillmatrix.services.restore import DeletedPerson
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.team.model import PeopleModel


class PeopleActions(QWidget):
    """Add / edit / deactivate / delete, for the Team view."""

    ctx: AppContext
    model: PeopleModel
    _own_change: bool

    # -- what the view provides --------------------------------------------------------------
    def selected_person(self) -> Person | None:
        """The person of the selected row, if any."""
        raise NotImplementedError

    def select_person(self, person_id: int) -> None:
        """Select ``person_id``'s row and scroll to it."""
        raise NotImplementedError

    def _update_state(self) -> None:
        raise NotImplementedError

    # -- applying stored changes -----------------------------------------------------------
    def _apply(self, person: Person | None, person_id: int) -> None:
        if person is None:
            self.model.remove(person_id)
        else:
            self.model.upsert(person)
            self.select_person(person.id)
        self._own_change = True
        try:
            self.ctx.peopleChanged.emit()
        finally:
            self._own_change = False
        self._update_state()

    # -- actions ---------------------------------------------------------------------------
    def _dialog(
        self, person: Person | None, submit: Callable[[PersonFields], bool]
    ) -> PersonDialog:
        teams = [t.name for t in self.ctx.call(people.list_teams, quiet=True) or []]
        roles = [r.name for r in self.ctx.call(frameworks.list_roles, quiet=True) or []]
        dialog = PersonDialog(
            teams, roles, person=person, submit=submit, default_team=self.ctx.team, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_person(self) -> PersonDialog:
        """Open the Add person dialog (window-modal); returns it."""

        def submit(fields: PersonFields) -> bool:
            return commands.add_person(self.ctx, fields, self._apply) is not None

        return self._dialog(None, submit)

    def edit_person(self, person: Person | None = None) -> PersonDialog | None:
        """Open the Edit dialog for ``person`` (default: the selected one)."""
        person = person or self.selected_person()
        if person is None:
            return None

        # The version the dialog was loaded at: a save compares it, so another manager's
        # change made since (even one a live update already showed) is not overwritten.
        loaded = person

        def submit(fields: PersonFields) -> bool:
            nonlocal loaded
            current = self.model.person(person.id) or person
            if fields == PersonFields(
                current.name,
                current.email,
                current.team or None,
                current.role or None,
                current.seniority,
            ):
                return True  # nothing changed: no empty step on the undo stack
            old = replace(current, version=loaded.version)
            if commands.edit_person(self.ctx, old, fields, self._apply) is not None:
                return True
            # Refused (a conflict reloaded the row): pressing OK again applies theirs
            # over what is stored now.
            loaded = self.model.person(person.id) or loaded
            return False

        return self._dialog(person, submit)

    def toggle_active(self) -> Person | None:
        """Deactivate the selected person, or activate them again (undoable)."""
        person = self.selected_person()
        if person is None:
            return None
        return commands.set_active(self.ctx, person, not person.active, self._apply)

    def delete_person(self) -> DeletedPerson | None:
        """Delete the selected person after a confirmation naming their ratings count.

        Undoable: Edit › Undo puts them back with every rating.
        """
        person = self.selected_person()
        if person is None:
            return None
        count = self.ctx.call(people.count_ratings, person.id)
        if count is None:
            return None
        ratings = "no ratings" if count == 0 else f"{count} rating{'s' if count != 1 else ''}"
        detail = (
            f"Their {ratings} in every cycle, closed ones included, will be deleted with "
            "them (Edit › Undo puts everything back).\n\nTo keep their history in "
            "reports, deactivate them instead."
            if count
            else "They have no ratings. Edit › Undo puts them back."
        )
        if not confirm(
            self,
            "Delete person",
            f"Delete {person.name} and {ratings}?",
            "Delete",
            detail=detail,
            destructive=True,
        ):
            return None
        return commands.delete_person(self.ctx, person, self._apply)

    def add_team(self) -> str | None:
        """Ask for a team name and create it, undoably.

        Teams are also created by typing one in the person dialog.
        """
        name, ok = QInputDialog.getText(self, "Add team", "Team name:")
        if not ok or not name.strip():
            return None
        team = commands.add_team(self.ctx, name.strip(), self.ctx.peopleChanged.emit)
        return team.name if team is not None else None
