"""A reorg applied as one undoable step.

The moves in one transaction, and their undo (everyone back in their team, and the teams the
reorg created removed) in another.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillmatrix.core.model import Person
from skillmatrix.store import models, repo_changes
from skillmatrix.store import repo_people as repo
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import by_name
from skillmatrix.store.names import clean_name


@dataclass(frozen=True)
class AppliedReorg:
    """What :func:`apply_reorg` did: (before, after) per person and the teams it made."""

    moved: tuple[tuple[Person, Person], ...]
    created: tuple[str, ...]


def apply_reorg(db: Database, moves: dict[int, str]) -> AppliedReorg:
    """Move each person id to its team (created when new), in one transaction.

    Raises:
        NotFoundError: no such person.
        ValidationError: an empty team name.
    """
    moved: list[tuple[Person, Person]] = []
    created: list[str] = []
    with db.session() as s:
        for person_id, team in moves.items():
            name = clean_name(team, "team")
            if by_name(s, models.Team, name) is None:
                created.append(name)
            before = repo.get_person(s, person_id)
            repo.person_row(s, person_id).team_id = repo.ensure_team(s, name).id
            s.flush()
            after = repo.get_person(s, person_id)
            repo_changes.record_person_change(s, db.identity, before, after)
            moved.append((before, after))
    return AppliedReorg(tuple(moved), tuple(created))


def undo_reorg(db: Database, applied: AppliedReorg) -> list[Person]:
    """Put everyone back in the team they had (none included), in one transaction.

    The teams the reorg created are removed once they are empty.
    """
    back: list[Person] = []
    with db.session() as s:
        for before, _after in applied.moved:
            current = repo.get_person(s, before.id)
            row = repo.person_row(s, before.id)
            row.team_id = repo.ensure_team(s, before.team).id if before.team else None
            s.flush()
            now = repo.get_person(s, before.id)
            repo_changes.record_person_change(s, db.identity, current, now)
            back.append(now)
        for name in applied.created:
            team = by_name(s, models.Team, name)
            if team is not None and not repo.count_in_team(s, team.id):
                s.delete(team)
        s.flush()
    return back
