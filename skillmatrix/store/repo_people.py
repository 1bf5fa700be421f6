"""Teams and people."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.model import Person, Seniority, Team
from skillmatrix.store import models
from skillmatrix.store.lookup import by_name, find
from skillmatrix.store.names import clean_name, fold


def team_row(s: Session, key: int | str) -> models.Team:
    """A team by id or name (NotFoundError lists the names)."""
    return find(s, models.Team, key, "team")


def ensure_team(s: Session, name: str) -> models.Team:
    """The team called ``name`` (any case), created if new."""
    name = clean_name(name, "team")
    row = by_name(s, models.Team, name)
    if row is None:
        row = models.Team(name=name)
        s.add(row)
        s.flush()
    return row


def list_teams(s: Session) -> list[Team]:
    """Every team, ordered by name ignoring case."""
    teams = (Team(id=r.id, name=r.name) for r in s.scalars(select(models.Team)))
    return sorted(teams, key=lambda t: t.name.casefold())


def _people_query() -> Select:  # type: ignore[type-arg]  # (its arity changed in 2.1)
    P = models.Person
    return (
        select(P, models.Team.name, models.Role.name)
        .outerjoin(models.Team, P.team_id == models.Team.id)
        .outerjoin(models.Role, P.role_id == models.Role.id)
    )


def _to_person(p: models.Person, team: str | None, role: str | None) -> Person:
    return Person(
        id=p.id,
        name=p.name,
        email=p.email,
        team=team or "",
        role=role or "",
        seniority=None if p.seniority is None else Seniority(p.seniority),
        active=p.active,
        version=p.version,
    )


def person_row(s: Session, person_id: int) -> models.Person:
    """A person row by id (NotFoundError when missing)."""
    row = s.get(models.Person, person_id)
    if row is None:
        raise NotFoundError(f"no person #{person_id}")
    return row


def get_person(s: Session, person_id: int) -> Person:
    """One person as a plain record with team and role names."""
    person_row(s, person_id)
    s.flush()
    row = s.execute(_people_query().where(models.Person.id == person_id)).one()
    return _to_person(*row)


def list_people(
    s: Session, *, team: str | int | None = None, include_inactive: bool = False
) -> list[Person]:
    """People by name (ignoring case): one team or all, active only unless told otherwise.

    Raises:
        NotFoundError: ``team`` does not exist.
    """
    P = models.Person
    stmt = _people_query().order_by(func.lower(P.name), P.name, P.id)
    if team is not None:
        stmt = stmt.where(P.team_id == team_row(s, team).id)
    if not include_inactive:
        stmt = stmt.where(P.active.is_(True))
    return [_to_person(*row) for row in s.execute(stmt)]


def find_person(s: Session, name_or_email: str) -> Person:
    """The one person whose name or email equals ``name_or_email`` (ignoring case).

    Raises:
        NotFoundError: nobody matches.
        ValidationError: several people match (the message lists their ids).
    """
    wanted = fold(name_or_email)
    matches = [
        _to_person(*row)
        for row in s.execute(_people_query().order_by(models.Person.id))
        if wanted in (fold(row[0].name), fold(row[0].email))
    ]
    if not matches:
        raise NotFoundError(f"nobody called {name_or_email.strip()!r}")
    if len(matches) > 1:
        who = ", ".join(f"#{p.id} {p.name} <{p.email}>" for p in matches)
        raise ValidationError(f"{name_or_email.strip()!r} matches several people: {who}")
    return matches[0]


def count_ratings(s: Session, person_id: int) -> int:
    """All rating rows of a person, every cycle and source."""
    return (
        s.scalar(
            select(func.count())
            .select_from(models.Rating)
            .where(models.Rating.person_id == person_id)
        )
        or 0
    )


def count_in_team(s: Session, team_id: int) -> int:
    """People (active or not) in a team."""
    return (
        s.scalar(
            select(func.count()).select_from(models.Person).where(models.Person.team_id == team_id)
        )
        or 0
    )


def insert_team(s: Session, team_id: int, name: str) -> models.Team:
    """Put a team back under its old id (undo of its removal).

    Raises:
        ValidationError: the id or the name (ignoring case) is taken.
    """
    if s.get(models.Team, team_id) is not None:
        raise ValidationError(f"team #{team_id} already exists")
    other = by_name(s, models.Team, name)
    if other is not None:
        raise ValidationError(f"a team named {other.name!r} already exists")
    row = models.Team(id=team_id, name=clean_name(name, "team"))
    s.add(row)
    s.flush()
    return row


def insert_person(
    s: Session,
    *,
    person_id: int,
    name: str,
    email: str,
    team_id: int | None,
    role_id: int | None,
    seniority: Seniority | None,
    active: bool,
    created_at: dt.datetime,
) -> models.Person:
    """Put a person row back under its old id, exactly as it was (undo of a deletion).

    Raises:
        ValidationError: the id is taken.
    """
    if s.get(models.Person, person_id) is not None:
        raise ValidationError(f"person #{person_id} already exists")
    row = models.Person(
        id=person_id,
        name=name,
        email=email,
        team_id=team_id,
        role_id=role_id,
        seniority=None if seniority is None else seniority.value,
        active=active,
        created_at=created_at,
    )
    s.add(row)
    s.flush()
    return row
