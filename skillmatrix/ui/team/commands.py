"""Team edits as undoable service calls (see ``skillmatrix.ui.undo``).

Every step keeps ids: redoing "Add person" brings the person back under the id they
first got, and undoing "Delete person" puts them back with the same id and every rating
they had, so later steps (an edit, a rating in the Assess view) still find them.

A team that an edit created by naming it (the person dialog creates unknown teams) goes
again when that edit is undone, and comes back on redo.
"""

from __future__ import annotations

from collections.abc import Callable

from skillmatrix.core.model import Person, Seniority, Team
from skillmatrix.services import people
from skillmatrix.services.restore import DeletedPerson
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.team.dialog import PersonFields
from skillmatrix.ui.undo import VersionChain, run_addition, run_edit, run_removal

#: Applies a stored change to the view: (person, or None once deleted; their id).
Apply = Callable[[Person | None, int], None]


def _reload(ctx: AppContext, person_id: int, apply: Apply) -> Callable[[], None]:
    """After a conflict: show the person as stored, so the user can apply theirs again.

    Another manager changed them since this window loaded them.
    """

    def reload() -> None:
        stored = ctx.call(lambda db: people.get_person(db, person_id), quiet=True)
        apply(stored if isinstance(stored, Person) else None, person_id)

    return reload


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _creates_team(ctx: AppContext, team: str | None) -> bool:
    """True when storing ``team`` will create it (no team of that name yet)."""
    if not team or not team.strip():
        return False
    teams = ctx.call(people.list_teams, quiet=True)
    return teams is not None and _fold(team) not in {_fold(t.name) for t in teams}


def add_person(ctx: AppContext, fields: PersonFields, apply: Apply) -> Person | None:
    """Add a person; undo deletes them, redo puts them back with the same id.

    Undo also deletes a team the add created.
    """
    new_team = _creates_team(ctx, fields.team)

    def after(result: object, undone: bool) -> None:
        if isinstance(result, DeletedPerson):
            apply(None, result.person.id)
        elif isinstance(result, Person):
            apply(result, result.id)

    return run_addition(
        ctx,
        f"Add {fields.name}",
        lambda db: people.add_person(
            db,
            name=fields.name,
            email=fields.email,
            team=fields.team,
            role=fields.role,
            # A new person's dialog always has one chosen (Mid unless changed).
            seniority=fields.seniority or Seniority.MID,
        ),
        # Ratings given since (in Assess) were undone first: the stack unwinds in order.
        lambda db, person: people.delete_person(db, person.id, drop_empty_team=new_team),
        lambda db, deleted: people.restore_person(db, deleted=deleted),
        after,
    )


def edit_person(ctx: AppContext, old: Person, fields: PersonFields, apply: Apply) -> Person | None:
    """Store new fields; undo restores the old ones (and drops a team the edit created)."""
    new_team = _creates_team(ctx, fields.team)
    chain = VersionChain(
        old.version, row=("person", old.id), seen=ctx.row_versions
    )  # compare-and-set on the version the dialog loaded

    def store(values: Person | PersonFields, *, drop: bool = False) -> Callable[[object], Person]:
        return chain.step(
            lambda db, expected: people.update_person(
                db,
                old.id,
                name=values.name,
                email=values.email,
                team=values.team or None,
                role=values.role or None,
                seniority=values.seniority,
                drop_empty_team=drop,
                expected_version=expected,
            )
        )

    return run_edit(
        ctx,
        f"Edit {old.name}",
        store(fields),
        store(old, drop=new_team),
        lambda result, _undone: apply(result, result.id),
        _reload(ctx, old.id, apply),
    )


def set_active(ctx: AppContext, person: Person, active: bool, apply: Apply) -> Person | None:
    """Deactivate (kept with history) or reactivate; undo does the opposite."""
    verb = "Reactivate" if active else "Deactivate"
    chain = VersionChain(person.version, row=("person", person.id), seen=ctx.row_versions)
    return run_edit(
        ctx,
        f"{verb} {person.name}",
        chain.step(lambda db, v: people.set_active(db, person.id, active, expected_version=v)),
        chain.step(lambda db, v: people.set_active(db, person.id, not active, expected_version=v)),
        lambda result, _undone: apply(result, result.id),
        _reload(ctx, person.id, apply),
    )


def delete_person(ctx: AppContext, person: Person, apply: Apply) -> DeletedPerson | None:
    """Delete a person with every rating (all cycles, closed ones too).

    Undo puts the person and all their ratings back under the same ids; redo deletes them
    again.
    """

    def after(result: object, undone: bool) -> None:
        if isinstance(result, DeletedPerson):
            apply(None, result.person.id)
        elif isinstance(result, Person):
            apply(result, result.id)

    # A stale delete would lose another manager's change: it compares the version too.
    chain = VersionChain(
        person.version,
        lambda record: record.person.version,
        row=("person", person.id),
        seen=ctx.row_versions,
    )

    def restore(db: object, deleted: DeletedPerson) -> Person:
        restored = people.restore_person(db, deleted=deleted)  # type: ignore[arg-type]
        chain.expected = restored.version
        return restored

    return run_removal(
        ctx,
        f"Delete {person.name}",
        chain.step(lambda db, v: people.delete_person(db, person.id, expected_version=v)),
        restore,
        after,
        _reload(ctx, person.id, apply),
    )


def add_team(ctx: AppContext, name: str, changed: Callable[[], None]) -> Team | None:
    """Create a team; undo removes it, redo brings it back under the same id.

    It is empty again by the time undo removes it.
    """
    return run_addition(
        ctx,
        f"Add team {name}",
        lambda db: people.add_team(db, name=name),
        lambda db, team: people.remove_team(db, team=team.id),
        lambda db, team: people.restore_team(db, team=team),
        lambda _result, _undone: changed(),
    )
