"""Reconcile one person's self-assessment with the manager's ratings (the review mode).

Each decision is one transaction: it writes the manager rating of record (with a history
row naming the decision, so both the self and the manager input stay traceable) and the
self rating is never touched. Finishing the review marks the person reviewed and agreed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.model import Rating, Source
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.store import models, repo_cycles, repo_ratings, repo_reviews
from skillmatrix.store.database import Database

#: Self and manager this many levels apart (or more) are listed first.
FAR_APART = 2

ACCEPT_SELF = "review: accepted self rating"
KEEP_MANAGER = "review: kept manager rating"
AGREE = "review: agreed level"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One competency of the review: the three inputs side by side."""

    competency_id: int
    competency: str
    category: str
    self_rating: Rating | None
    manager: Rating | None
    last: Rating | None  # the manager rating of the previous cycle

    @staticmethod
    def _value(r: Rating | None) -> int | None:
        return None if r is None or r.not_applicable else r.level

    @property
    def self_level(self) -> int | None:
        """The person's own level, None when not self-rated (or n/a)."""
        return self._value(self.self_rating)

    @property
    def manager_level(self) -> int | None:
        """The manager's level, None when not rated (or n/a)."""
        return self._value(self.manager)

    @property
    def last_level(self) -> int | None:
        """Last cycle's manager level, None when none."""
        return self._value(self.last)

    @property
    def difference(self) -> int | None:
        """|self - manager|, None when either is missing."""
        if self.self_level is None or self.manager_level is None:
            return None
        return abs(self.self_level - self.manager_level)

    @property
    def far_apart(self) -> bool:
        """True when self and manager are :data:`FAR_APART` levels apart or more."""
        return (self.difference or 0) >= FAR_APART

    @property
    def note(self) -> str:
        """What the person wrote with the self rating."""
        return self.self_rating.note if self.self_rating else ""


def _person(s: Session, person_id: int) -> models.Person:
    row = s.get(models.Person, person_id)
    if row is None:
        raise NotFoundError(f"no person #{person_id}")
    return row


def _previous_cycle(s: Session, cycle_id: int) -> int | None:
    ids = [c.id for c in repo_cycles.list_cycles(s)]
    k = ids.index(cycle_id)
    return ids[k - 1] if k > 0 else None


def _ratings_of(s: Session, cycle_id: int, person_id: int, source: Source) -> dict[int, Rating]:
    R = models.Rating
    rows = s.execute(
        select(R).where(R.cycle_id == cycle_id, R.person_id == person_id, R.source == source.value)
    ).scalars()
    return {r.competency_id: repo_ratings.to_rating(r) for r in rows}


def review_items(db: Database, *, cycle_id: int, person_id: int) -> list[ReviewItem]:
    """Every competency someone rated for the person (self, manager, or last cycle).

    The ones 2 or more apart first (largest difference first), then in framework order.

    Raises:
        NotFoundError: unknown cycle or person.
    """
    with db.session() as s:
        repo_cycles.cycle_row(s, cycle_id)
        _person(s, person_id)
        own = _ratings_of(s, cycle_id, person_id, Source.SELF)
        mine = _ratings_of(s, cycle_id, person_id, Source.MANAGER)
        prev = _previous_cycle(s, cycle_id)
        last = _ratings_of(s, prev, person_id, Source.MANAGER) if prev is not None else {}
        wanted = set(own) | set(mine) | set(last)
        C, K = models.Competency, models.Category
        rows = s.execute(
            select(C.id, C.name, K.name)
            .join(K, K.id == C.category_id)
            .where(C.id.in_(wanted))
            .order_by(K.position, K.id, C.position, C.id)
        ).all()
    items = [
        ReviewItem(cid, name, cat, own.get(cid), mine.get(cid), last.get(cid))
        for cid, name, cat in rows
    ]
    order = {id(it): n for n, it in enumerate(items)}
    return sorted(items, key=lambda it: (not it.far_apart, -(it.difference or 0), order[id(it)]))


def _decide(
    db: Database,
    *,
    cycle_id: int,
    person_id: int,
    competency_id: int,
    action: str,
    rated_by: str,
    make: Callable[[Rating | None, Rating | None], Rating | None],
) -> RatingChange:
    """One decision in one transaction: the new manager rating from (self, manager)."""
    today = dt.date.today()
    cell = (person_id, competency_id)
    with db.session() as s:
        repo_cycles.writable_cycle_row(s, cycle_id)
        _person(s, person_id)
        if s.get(models.Competency, competency_id) is None:
            raise NotFoundError(f"no competency #{competency_id}")
        current = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=[cell])
        own = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.SELF, cells=[cell])
        before = current[cell][1] if cell in current else None
        after = make(own[cell][1] if cell in own else None, before)
        if (
            after is not None
            and before is not None
            and after == before
            and before.carried_in(cycle_id)
        ):
            # The level settled on is the carried one: deciding it confirms it.
            after = replace(after, confirmed_cycle_id=cycle_id, confirmed_on=today)
        if after is not None and after != before:
            same_values = before is not None and (after.level, after.not_applicable) == (
                before.level,
                before.not_applicable,
            )
            if same_values:  # the manager's level stands: a confirmation, not a change
                after = replace(
                    after, confirmed_cycle_id=cycle_id, confirmed_on=today, rated_by=rated_by
                )
            else:
                after = replace(
                    after,
                    rated_on=today,
                    rated_by=rated_by or after.rated_by,
                    confirmed_cycle_id=None,
                    confirmed_on=None,
                )
        repo_ratings.write(
            s,
            cycle_id=cycle_id,
            source=Source.MANAGER,
            new=[(cell, after)] if after != before else [],
            current=current,
            action=action,
            who=rated_by,
        )
        return RatingChange(cycle_id, person_id, competency_id, Source.MANAGER, before, after)


def _manager_like(base: Rating | None, person_id: int, competency_id: int) -> Rating:
    return base or Rating(person_id=person_id, competency_id=competency_id)


def accept_self(
    db: Database, *, cycle_id: int, person_id: int, competency_id: int, rated_by: str = ""
) -> RatingChange:
    """The self rating's level (or n/a) becomes the manager rating of record.

    Raises:
        ValidationError: the person gave no self rating there.
        ReadOnlyError: the cycle is closed.
    """

    def make(own: Rating | None, mine: Rating | None) -> Rating | None:
        if own is None or (own.level is None and not own.not_applicable):
            raise ValidationError("there is no self rating to accept")
        base = _manager_like(mine, person_id, competency_id)
        return replace(base, level=own.level, not_applicable=own.not_applicable)

    return _decide(
        db, cycle_id=cycle_id, person_id=person_id, competency_id=competency_id,
        action=ACCEPT_SELF, rated_by=rated_by, make=make,
    )  # fmt: skip


def keep_manager(
    db: Database, *, cycle_id: int, person_id: int, competency_id: int, rated_by: str = ""
) -> RatingChange:
    """The manager's rating stands; it counts as confirmed this cycle.

    Raises:
        ValidationError: there is no manager rating to keep.
        ReadOnlyError: the cycle is closed.
    """

    def make(own: Rating | None, mine: Rating | None) -> Rating | None:
        if mine is None or (mine.level is None and not mine.not_applicable):
            raise ValidationError("there is no manager rating to keep")
        if mine.carried_in(cycle_id):
            return replace(mine, confirmed_cycle_id=cycle_id, confirmed_on=dt.date.today())
        return mine

    return _decide(
        db, cycle_id=cycle_id, person_id=person_id, competency_id=competency_id,
        action=KEEP_MANAGER, rated_by=rated_by, make=make,
    )  # fmt: skip


def agree_level(
    db: Database,
    *,
    cycle_id: int,
    person_id: int,
    competency_id: int,
    level: int,
    rated_by: str = "",
) -> RatingChange:
    """A level both agreed on becomes the manager rating of record.

    Raises:
        ValidationError: the level is not on the scale.
        ReadOnlyError: the cycle is closed.
    """
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValidationError(f"{level!r} is not a level")
    db.scale.level(level)

    def make(own: Rating | None, mine: Rating | None) -> Rating | None:
        base = _manager_like(mine, person_id, competency_id)
        return replace(base, level=level, not_applicable=False)

    return _decide(
        db, cycle_id=cycle_id, person_id=person_id, competency_id=competency_id,
        action=AGREE, rated_by=rated_by, make=make,
    )  # fmt: skip


def finish_review(
    db: Database, *, cycle_id: int, person_id: int, day: dt.date | None = None
) -> None:
    """Mark the person's review reviewed and agreed in one transaction.

    Raises:
        NotFoundError: unknown cycle or person.
        ReadOnlyError: the cycle is closed (like every other step of the review).
    """
    day = day or dt.date.today()
    with db.session() as s:
        repo_cycles.writable_cycle_row(s, cycle_id)
        _person(s, person_id)
        for step in ("reviewed_on", "agreed_on"):
            repo_reviews.record_step(s, cycle_id, [person_id], step, day)
