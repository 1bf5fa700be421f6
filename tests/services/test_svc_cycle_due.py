"""Starting a cycle with a due date stores both in one transaction.

As the app's Start Next Cycle dialog and ``cycle start --due`` do.
"""

from __future__ import annotations

import datetime as dt

import pytest

from skillmatrix.core.errors import ValidationError
from skillmatrix.services import cycles
from skillmatrix.store.database import Database


def test_a_cycle_starts_with_its_due_date(db: Database) -> None:
    cycle = cycles.start_cycle(db, name="2026-Q2", due=dt.date(2026, 6, 12))
    assert cycle.due_on == dt.date(2026, 6, 12) and cycle.due == dt.date(2026, 6, 12)
    assert cycles.get_cycle(db, "2026-Q2").due_on == dt.date(2026, 6, 12)


def test_without_a_due_date_reviews_are_due_by_the_last_day(db: Database) -> None:
    cycle = cycles.start_cycle(db, name="2026-Q2")
    assert cycle.due_on is None and cycle.due == dt.date(2026, 6, 30)


def test_a_due_date_before_the_cycle_starts_starts_nothing(db: Database) -> None:
    cycles.start_cycle(db, name="2026-Q1")
    with pytest.raises(ValidationError, match=r"due date 31 Mar 2026 is before 2026-Q2 starts"):
        cycles.start_cycle(db, name="2026-Q2", close_previous=True, due=dt.date(2026, 3, 31))
    assert [c.name for c in cycles.list_cycles(db)] == ["2026-Q1"]
    assert not cycles.get_cycle(db, "2026-Q1").closed  # the whole start was refused


def test_a_review_step_on_a_closed_cycle_is_refused_in_one_line(db: Database) -> None:
    """A closed cycle is read-only: recording a review step there was stored silently."""
    from skillmatrix.core.errors import ReadOnlyError
    from skillmatrix.services import people, review

    cycle = cycles.start_cycle(db, name="2026-Q1")
    ann = people.add_person(db, name="Ann", team="Core")
    cycles.close_cycle(db, "2026-Q1")
    with pytest.raises(
        ReadOnlyError, match=r"^cycle 2026-Q1 is closed; reopen it to change its review steps$"
    ):
        review.record_step(db, cycle_id=cycle.id, person_ids=[ann.id], step="reviewed_on")
    assert review.stored_reviews(db, cycle.id) == {}  # nothing written
    cycles.reopen_cycle(db, "2026-Q1")
    assert review.record_step(db, cycle_id=cycle.id, person_ids=[ann.id], step="reviewed_on") == 1
