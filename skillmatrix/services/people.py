"""Teams and people: one user action, one transaction, a plain record back."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Person, Seniority, Team
from skillmatrix.services import restore
from skillmatrix.services.reads import list_teams as list_teams
from skillmatrix.services.restore import DeletedPerson
from skillmatrix.services.unset import UNSET, Unset
from skillmatrix.store import models, repo_changes, repo_roles, versions
from skillmatrix.store import repo_people as repo
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import by_name
from skillmatrix.store.names import clean_name


def _seniority(value: Seniority | str) -> Seniority:
    try:
        return value if isinstance(value, Seniority) else Seniority.parse(str(value))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _email(value: str | None) -> str:
    email = (value or "").strip()
    if email and ("@" not in email or " " in email):
        raise ValidationError(f"{email!r} is not an email address")
    return email


def add_team(db: Database, *, name: str) -> Team:
    """Create a team.

    Raises:
        ValidationError: the name is empty or already used (ignoring case).
    """
    with db.session() as s:
        existing = by_name(s, models.Team, name)
        if existing is not None:
            raise ValidationError(f"a team named {existing.name!r} already exists")
        row = repo.ensure_team(s, name)
        return Team(id=row.id, name=row.name)


def remove_team(db: Database, *, team: int | str) -> Team:
    """Remove a team that has nobody in it (undo of "Add team").

    Returns:
        The removed team, for ``restore_team``.

    Raises:
        NotFoundError: no such team.
        ValidationError: people (active or not) are still in it.
    """
    with db.session() as s:
        row = repo.team_row(s, team)
        count = repo.count_in_team(s, row.id)
        if count:
            who = "1 person is" if count == 1 else f"{count} people are"
            raise ValidationError(
                f"team {row.name!r} cannot be removed: {who} still in it; move them first"
            )
        removed = Team(id=row.id, name=row.name)
        s.delete(row)
        return removed


def restore_team(db: Database, *, team: Team) -> Team:
    """Put a removed team back under the same id (undo of ``remove_team``).

    Raises:
        ValidationError: the id or the name is taken.
    """
    with db.session() as s:
        row = repo.insert_team(s, team.id, team.name)
        return Team(id=row.id, name=row.name)


def add_person(
    db: Database,
    *,
    name: str,
    email: str = "",
    team: str | None = None,
    role: str | None = None,
    seniority: Seniority | str = Seniority.MID,
) -> Person:
    """Add a person; a team that does not exist yet is created.

    Raises:
        ValidationError: empty name, malformed email or unknown seniority.
        NotFoundError: ``role`` does not exist.
    """
    name = clean_name(name, "person")
    email, sen = _email(email), _seniority(seniority)
    with db.session() as s:
        row = models.Person(
            name=name,
            email=email,
            team_id=repo.ensure_team(s, team).id if team else None,
            role_id=repo_roles.role_row(s, role).id if role else None,
            seniority=sen.value,
            active=True,
        )
        s.add(row)
        s.flush()
        added = repo.get_person(s, row.id)
        _record(s, db, "person.add", added, new=repo_changes.person_fields(added))
        return added


def update_person(
    db: Database,
    person_id: int,
    *,
    name: str | Unset = UNSET,
    email: str | Unset = UNSET,
    team: str | Unset | None = UNSET,
    role: str | Unset | None = UNSET,
    seniority: Seniority | str | Unset | None = UNSET,
    active: bool | Unset = UNSET,
    drop_empty_team: bool = False,
    expected_version: int | None = None,
) -> Person:
    """Change the fields given.

    ``team=None`` / ``role=None`` clear them, ``seniority=None`` makes it unknown again
    (undo of setting an imported person's seniority).

    ``drop_empty_team`` removes the team they leave when nobody is left in it (undo of
    an edit that created that team). ``expected_version``: the version the edit was
    loaded at (None: not checked).

    Raises:
        NotFoundError: no such person or role.
        ValidationError: an invalid value.
        ChangedMeanwhileError: the person changed since ``expected_version``.
    """
    with db.session() as s:
        row = repo.person_row(s, person_id)
        before = repo.get_person(s, person_id)  # (read before the claim: no extra flush)
        versions.claim(row, expected_version, f"person {row.name!r}")
        old_team = row.team_id
        with s.no_autoflush:  # one UPDATE: the version moves by one
            if name is not UNSET:
                row.name = clean_name(name, "person")
            if email is not UNSET:
                row.email = _email(email)
            if team is not UNSET:
                row.team_id = repo.ensure_team(s, team).id if team else None
            if role is not UNSET:
                row.role_id = repo_roles.role_row(s, role).id if role else None
            if seniority is not UNSET:
                row.seniority = None if seniority is None else _seniority(seniority).value
            if active is not UNSET:
                row.active = bool(active)
        s.flush()
        if drop_empty_team and old_team != row.team_id:
            _drop_if_empty(s, old_team)
        after = repo.get_person(s, person_id)
        repo_changes.record_person_change(s, db.identity, before, after)
        return after


def move_people(db: Database, moves: dict[int, str]) -> list[tuple[Person, Person]]:
    """Apply a reorg: each person id to its new team (created when new), one transaction.

    Returns:
        (before, after) per person moved, in the order given (undo moves them back).

    Raises:
        NotFoundError: no such person.
        ValidationError: an empty team name.
    """
    changed: list[tuple[Person, Person]] = []
    with db.session() as s:
        for person_id, team in moves.items():
            before = repo.get_person(s, person_id)
            row = repo.person_row(s, person_id)
            row.team_id = repo.ensure_team(s, clean_name(team, "team")).id
            s.flush()
            after = repo.get_person(s, person_id)
            repo_changes.record_person_change(s, db.identity, before, after)
            changed.append((before, after))
    return changed


def set_active(
    db: Database, person_id: int, active: bool, *, expected_version: int | None = None
) -> Person:
    """Mark someone as left (inactive) or back; their ratings are kept either way."""
    return update_person(db, person_id, active=active, expected_version=expected_version)


def count_ratings(db: Database, person_id: int) -> int:
    """How many ratings (every cycle and source) a person has."""
    with db.reading() as s:
        repo.person_row(s, person_id)
        return repo.count_ratings(s, person_id)


def delete_person(
    db: Database,
    person_id: int,
    *,
    drop_empty_team: bool = False,
    expected_version: int | None = None,
) -> DeletedPerson:
    """Delete a person and all their ratings (every cycle and source, closed ones too).

    Args:
        db: the database.
        person_id: who.
        drop_empty_team: also remove their team when nobody is left in it (undo of an
            "Add person" that created the team).
        expected_version: the person's version as loaded (None: not checked).

    Returns:
        What was deleted, for ``restore_person`` (undo); ``rating_count`` says how many
        ratings went with them.

    Raises:
        NotFoundError: no such person.
        ChangedMeanwhileError: the person changed since ``expected_version`` (a stale
            delete would lose that change).
    """
    with db.session() as s:
        row = repo.person_row(s, person_id)
        versions.check(row, expected_version, f"person {row.name!r}")
        team_id = row.team_id
        deleted = DeletedPerson(
            person=repo.get_person(s, person_id),
            team_id=team_id,
            role_id=row.role_id,
            created_at=row.created_at,
            ratings=restore.capture_ratings(s, person_id=person_id),
        )
        # Recorded before the delete: on a server, the policy checks the person is
        # still in one of the manager's teams.
        _record(
            s,
            db,
            "person.delete",
            deleted.person,
            old={
                **repo_changes.person_fields(deleted.person),
                "ratings": len(deleted.ratings),
            },
        )
        s.delete(row)  # the database cascades to ratings (ON DELETE CASCADE)
        s.flush()
        if drop_empty_team and _drop_if_empty(s, team_id):
            deleted = replace(deleted, team_removed=True)
        return deleted


def _record(
    s: Session,
    db: Database,
    action: str,
    person: Person,
    *,
    old: repo_changes.Value = None,
    new: repo_changes.Value = None,
) -> None:
    repo_changes.record(
        s,
        who=db.identity,
        action=action,
        kind="person",
        entity_id=person.id,
        name=person.name,
        old=old,
        new=new,
    )


def _drop_if_empty(s: Session, team_id: int | None) -> bool:
    """Remove team ``team_id`` if nobody is in it; True when removed."""
    if team_id is None or repo.count_in_team(s, team_id):
        return False
    team = s.get(models.Team, team_id)
    if team is None:
        return False
    s.delete(team)
    s.flush()
    return True


def restore_person(db: Database, *, deleted: DeletedPerson) -> Person:
    """Put a deleted person back (undo of ``delete_person``) in one transaction.

    The same id, fields and creation time, and every rating they had.

    Ratings in closed cycles come back too: see ``services.restore`` for why that is
    not a write to a closed cycle in the sense the guard protects.

    Raises:
        ValidationError: the id is taken.
        NotFoundError: their role, or a cycle or competency of their ratings, is gone.
    """
    p = deleted.person
    with db.session() as s:
        team_id = deleted.team_id
        if team_id is not None and s.get(models.Team, team_id) is None:
            # Removed with them (or since): back under its old id unless the name is
            # taken by now, in which case that team is theirs.
            same_name = by_name(s, models.Team, p.team)
            team_id = (same_name or repo.insert_team(s, team_id, p.team)).id
        role_id = deleted.role_id
        if role_id is not None and s.get(models.Role, role_id) is None:
            role_id = repo_roles.role_row(s, p.role).id if p.role else None
        repo.insert_person(
            s,
            person_id=p.id,
            name=p.name,
            email=p.email,
            team_id=team_id,
            role_id=role_id,
            seniority=p.seniority,
            active=p.active,
            created_at=deleted.created_at,
        )
        restore.put_back_ratings(s, deleted.ratings)
        back = repo.get_person(s, p.id)
        _record(
            s,
            db,
            "person.restore",
            back,
            new={**repo_changes.person_fields(back), "ratings": len(deleted.ratings)},
        )
        return back


def get_person(db: Database, person_id: int) -> Person:
    """One person by id.

    Raises:
        NotFoundError: no such person.
    """
    with db.reading() as s:
        return repo.get_person(s, person_id)


def list_people(
    db: Database, *, team: str | int | None = None, include_inactive: bool = False
) -> list[Person]:
    """People ordered by name, of one team (by name or id) or everyone."""
    with db.reading() as s:
        return repo.list_people(s, team=team, include_inactive=include_inactive)


def find_person(db: Database, name_or_email: str) -> Person:
    """The one person with this name or email (ignoring case).

    Raises:
        NotFoundError: nobody matches.
        ValidationError: several people match.
    """
    with db.reading() as s:
        return repo.find_person(s, name_or_email)
