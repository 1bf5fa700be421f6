"""Review progress of a cycle: who got a form, returned it, was reviewed, agreed.

Each step is recorded in one transaction; the status is read from two snapshots (manager
and self ratings) plus the recorded dates, so it always agrees with what the grid shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Cycle, Source
from skillmatrix.core.review import (
    PersonReview,
    TeamReview,
    person_reviews,
    team_reviews,
)
from skillmatrix.services.reads import stored_reviews
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import repo_changes, repo_cycles, repo_reviews, versions
from skillmatrix.store.database import Database


@dataclass(frozen=True, slots=True)
class CycleStatus:
    """Review progress of one cycle: each person's state and each team's counts."""

    cycle: Cycle | None
    people: list[PersonReview]
    teams: list[TeamReview]

    @property
    def reviewed(self) -> int:
        """People whose review is done."""
        return sum(r.state.done for r in self.people)


def cycle_status(
    db: Database,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    today: dt.date | None = None,
) -> CycleStatus:
    """Every active person's review state in ``cycle`` (default: the latest).

    Raises:
        NotFoundError: unknown cycle or team.
    """
    manager = load_snapshot(db, cycle=cycle, team=team)
    if manager.cycle is None:
        return CycleStatus(None, [], [])
    own = load_snapshot(db, cycle=manager.cycle.id, team=team, source=Source.SELF)
    stored = stored_reviews(db, manager.cycle.id)
    people = person_reviews(
        manager, own, stored, due=manager.cycle.due, today=today or dt.date.today()
    )
    return CycleStatus(manager.cycle, people, team_reviews(people))


def record_step(
    db: Database,
    *,
    cycle_id: int,
    person_ids: Iterable[int],
    step: str,
    day: dt.date | None = None,
) -> int:
    """Record one review step for people in one transaction.

    The step is ``form_sent_on``, ``returned_on``, ``reviewed_on`` or ``agreed_on``; ``day``
    defaults to today.

    Returns:
        How many people's record changed.

    Raises:
        NotFoundError: no such cycle.
        ReadOnlyError: the cycle is closed (checked under its lock, as ratings are).
    """
    if step not in repo_reviews.STEPS:  # a caller's mistake, not a damaged database
        steps = ", ".join(repo_reviews.STEPS)
        raise ValidationError(f"unknown review step {step!r} (one of {steps})")
    with db.session() as s:
        repo_cycles.writable_cycle_row(s, cycle_id, what="its review steps")
        return repo_reviews.record_step(s, cycle_id, person_ids, step, day or dt.date.today())


def set_due(
    db: Database, cycle: str | int, due: dt.date | None, *, expected_version: int | None = None
) -> Cycle:
    """Set (or with None, clear) the date a cycle's reviews are due.

    Raises:
        ChangedMeanwhileError: the cycle changed since ``expected_version`` (None: not
            checked).
    """
    with db.session() as s:
        row = repo_cycles.cycle_row(s, cycle)
        versions.claim(row, expected_version, f"cycle {row.name!r}")
        was = row.due_on
        row.due_on = due
        s.flush()
        if was != due:
            old, new = (d.isoformat() if d is not None else "" for d in (was, due))
            repo_changes.record_cycle(s, db.identity, "due", row, old, new)
        return repo_cycles.to_cycle(row)


def agreed_people(db: Database, cycle_id: int) -> set[int]:
    """Ids of the people whose ratings are agreed in ``cycle_id``."""
    stored = stored_reviews(db, cycle_id)
    return {pid for pid, rec in stored.items() if rec.agreed_on is not None}
