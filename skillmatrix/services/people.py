"""Teams and people: one user action, one transaction, a plain record back."""

from __future__ import annotations

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Person, Seniority, Team
from skillmatrix.services.unset import UNSET, Unset
from skillmatrix.store import models, repo_roles
from skillmatrix.store import repo_people as repo
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import by_name, clean_name


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


def list_teams(db: Database) -> list[Team]:
    """Every team, by name ignoring case."""
    with db.session() as s:
        return repo.list_teams(s)


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
        return repo.get_person(s, row.id)


def update_person(
    db: Database,
    person_id: int,
    *,
    name: str | Unset = UNSET,
    email: str | Unset = UNSET,
    team: str | Unset | None = UNSET,
    role: str | Unset | None = UNSET,
    seniority: Seniority | str | Unset = UNSET,
    active: bool | Unset = UNSET,
) -> Person:
    """Change the fields given; ``team=None`` / ``role=None`` clear them.

    Raises:
        NotFoundError: no such person or role.
        ValidationError: an invalid value.
    """
    with db.session() as s:
        row = repo.person_row(s, person_id)
        if name is not UNSET:
            row.name = clean_name(name, "person")
        if email is not UNSET:
            row.email = _email(email)
        if team is not UNSET:
            row.team_id = repo.ensure_team(s, team).id if team else None
        if role is not UNSET:
            row.role_id = repo_roles.role_row(s, role).id if role else None
        if seniority is not UNSET:
            row.seniority = _seniority(seniority).value
        if active is not UNSET:
            row.active = bool(active)
        s.flush()
        return repo.get_person(s, person_id)


def set_active(db: Database, person_id: int, active: bool) -> Person:
    """Mark someone as left (inactive) or back; their ratings are kept either way."""
    return update_person(db, person_id, active=active)


def count_ratings(db: Database, person_id: int) -> int:
    """How many ratings (every cycle and source) a person has."""
    with db.session() as s:
        repo.person_row(s, person_id)
        return repo.count_ratings(s, person_id)


def delete_person(db: Database, person_id: int) -> int:
    """Delete a person and all their ratings.

    Returns:
        The number of ratings deleted with them.
    """
    with db.session() as s:
        row = repo.person_row(s, person_id)
        deleted = repo.count_ratings(s, person_id)
        s.delete(row)  # the database cascades to ratings (ON DELETE CASCADE)
        return deleted


def get_person(db: Database, person_id: int) -> Person:
    """One person by id.

    Raises:
        NotFoundError: no such person.
    """
    with db.session() as s:
        return repo.get_person(s, person_id)


def list_people(
    db: Database, *, team: str | int | None = None, include_inactive: bool = False
) -> list[Person]:
    """People ordered by name, of one team (by name or id) or everyone."""
    with db.session() as s:
        return repo.list_people(s, team=team, include_inactive=include_inactive)


def find_person(db: Database, name_or_email: str) -> Person:
    """The one person with this name or email (ignoring case).

    Raises:
        NotFoundError: nobody matches.
        ValidationError: several people match.
    """
    with db.session() as s:
        return repo.find_person(s, name_or_email)
