"""What a deletion took away, as plain records, so that undo can put it back exactly.

``people.delete_person`` and ``framework_edit.remove_competency`` return one of these
records; ``people.restore_person`` and ``framework_edit.restore_competency`` re-insert it
in one transaction under the SAME ids, so later undo steps that name those ids (a rating,
a target) still work after an undo and a redo.

Closed cycles: putting ratings back skips the closed-cycle write guard on purpose. The
guard stops *new* judgements landing in a finished quarter; a restore writes no new
judgement, it puts back exactly the rows the deletion took (the deletion itself was
allowed to take them from a closed cycle, as deleting a person always was). Refusing
would make the undo of a deletion lose history for good, which is what undo is there to
prevent. Rating row ids are not kept: nothing refers to them, and SQLite may hand a freed
row id to a rating stored meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating, Seniority
from skillmatrix.store import models, repo_ratings
from skillmatrix.store.records import Category


@dataclass(frozen=True, slots=True)
class CycleRating:
    """One stored rating row with the cycle it belongs to."""

    cycle_id: int
    rating: Rating


@dataclass(frozen=True, slots=True)
class DeletedPerson:
    """A deleted person with every rating they had (every cycle and source).

    ``team_id``/``role_id`` are what the row referenced (``person.team``/``person.role``
    name them); ``team_removed`` says the team, left empty, went with them. A team that
    is gone at restore time is created again under its old id.
    """

    person: Person
    team_id: int | None
    role_id: int | None
    created_at: dt.datetime
    ratings: tuple[CycleRating, ...]
    team_removed: bool = False

    @property
    def rating_count(self) -> int:
        """How many ratings went with the person."""
        return len(self.ratings)


@dataclass(frozen=True, slots=True)
class RoleTarget:
    """The level a role expects at a seniority (the competency is implied)."""

    role_id: int
    seniority: Seniority
    level: int


@dataclass(frozen=True, slots=True)
class DeletedCompetency:
    """A removed competency with everything that went with it.

    Attributes:
        competency: id, name, description, critical, rule, level descriptions, position.
        category: its category (id, name, position), created again if it is gone.
        rule: the stored coverage rule, or None when it had no rule row (defaults).
        targets: every role target on it.
        ratings: every rating of it, every cycle and source.
        siblings: (competency id, position) of its category before the removal, itself
            included, so the restore gives every competency its old position back.
        category_removed: the category, left empty, was removed with it.
    """

    competency: Competency
    category: Category
    rule: CoverageRule | None
    targets: tuple[RoleTarget, ...]
    ratings: tuple[CycleRating, ...]
    siblings: tuple[tuple[int, int], ...]
    category_removed: bool = False

    @property
    def rating_count(self) -> int:
        """How many ratings went with the competency."""
        return len(self.ratings)


def capture_ratings(
    s: Session, *, person_id: int | None = None, competency_id: int | None = None
) -> tuple[CycleRating, ...]:
    """Every rating row of a person or a competency, before it is deleted."""
    return tuple(
        CycleRating(cycle_id, rating)
        for cycle_id, rating in repo_ratings.rows_of(
            s, person_id=person_id, competency_id=competency_id
        )
    )


def put_back_ratings(s: Session, ratings: Sequence[CycleRating]) -> int:
    """Re-insert captured ratings (closed cycles included: see the module notes).

    Raises:
        NotFoundError: a cycle, person or competency they belong to no longer exists.
    """
    for model, ids, what in (
        (models.Cycle, {r.cycle_id for r in ratings}, "cycle"),
        (models.Person, {r.rating.person_id for r in ratings}, "person"),
        (models.Competency, {r.rating.competency_id for r in ratings}, "competency"),
    ):
        found: set[int] = set()
        pending = sorted(ids)
        for start in range(0, len(pending), 500):  # stays under every back end's bind limit
            chunk = pending[start : start + 500]
            found.update(s.scalars(select(model.id).where(model.id.in_(chunk))))
        missing = sorted(ids - found)
        if missing:
            raise NotFoundError(f"cannot put the ratings back: no {what} #{missing[0]}")
    return repo_ratings.put_back(s, ((r.cycle_id, r.rating) for r in ratings))
