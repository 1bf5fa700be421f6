"""Team edits as undoable service calls (see ``skillmatrix.ui.undo``).

Redoing "Add person" after an undo creates the person again under a new id; an ``IdMap``
maps the first id to the current one so later steps (edit, deactivate) still find them.
"""

from __future__ import annotations

from collections.abc import Callable

from skillmatrix.core.model import Person
from skillmatrix.services import people
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.team.dialog import PersonFields
from skillmatrix.ui.undo import IdMap, run_edit, run_once

#: Applies a stored change to the view: (person, or None once deleted; their id).
Apply = Callable[[Person | None, int], None]


def add_person(ctx: AppContext, fields: PersonFields, apply: Apply, ids: IdMap) -> Person | None:
    """Add a person; undo deletes them again."""
    made: list[Person] = []

    def after(result: object, undone: bool) -> None:
        if undone:
            apply(None, made[-1].id)
            return
        assert isinstance(result, Person)
        if made:
            ids.moved(made[-1].id, result.id)
        made.append(result)
        apply(result, result.id)

    return run_edit(
        ctx,
        f"Add {fields.name}",
        lambda db: people.add_person(
            db,
            name=fields.name,
            email=fields.email,
            team=fields.team,
            role=fields.role,
            seniority=fields.seniority,
        ),
        # Ratings given since (in Assess) were undone first: the stack unwinds in order.
        lambda db: people.delete_person(db, made[-1].id),
        after,
    )


def edit_person(
    ctx: AppContext, old: Person, fields: PersonFields, apply: Apply, ids: IdMap
) -> Person | None:
    """Store new fields; undo restores the old ones."""

    def store(values: Person | PersonFields) -> Callable[[object], Person]:
        return lambda db: people.update_person(
            db,
            ids.current(old.id),
            name=values.name,
            email=values.email,
            team=values.team or None,
            role=values.role or None,
            seniority=values.seniority,
        )

    return run_edit(
        ctx,
        f"Edit {old.name}",
        store(fields),
        store(old),
        lambda result, _undone: apply(result, result.id),  # type: ignore[attr-defined]
    )


def set_active(
    ctx: AppContext, person: Person, active: bool, apply: Apply, ids: IdMap
) -> Person | None:
    """Deactivate (kept with history) or reactivate; undo does the opposite."""
    verb = "Reactivate" if active else "Deactivate"
    return run_edit(
        ctx,
        f"{verb} {person.name}",
        lambda db: people.set_active(db, ids.current(person.id), active),
        lambda db: people.set_active(db, ids.current(person.id), not active),
        lambda result, _undone: apply(result, result.id),  # type: ignore[attr-defined]
    )


def delete_person(ctx: AppContext, person: Person, apply: Apply) -> int | None:
    """Delete for good: not undoable, since the ratings go with the person.

    The undo history is cleared too: earlier steps may refer to this person.
    """
    deleted = run_once(
        ctx,
        lambda db: people.delete_person(db, person.id),
        f"Deleted {person.name}",
        clears_undo=True,
    )
    if deleted is not None:
        apply(None, person.id)
    return deleted
