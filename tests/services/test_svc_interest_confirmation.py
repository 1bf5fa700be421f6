"""Only the level is confirmed.

An interest or note edit of a carried rating leaves its confirmation (cycle and date) where
it was, so it stays flagged and stale as before.
"""

from __future__ import annotations

import datetime as dt

from skillmatrix.core.frameworks import Framework
from skillmatrix.services import cycles, people, ratings, snapshots
from skillmatrix.services import frameworks as fw
from skillmatrix.store.database import Database


def _carried_into_q3(db: Database, engineer: Framework) -> tuple[int, int, int, int]:
    """Ann rated 3 in Q1, carried through Q2 into Q3: (q1, q3, ann, competency)."""
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    comp = fw.list_competencies(db)[0].id
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=comp, level=3)
    cycles.start_cycle(db, name="2026-Q2")
    q3 = cycles.start_cycle(db, name="2026-Q3").id
    return q1, q3, ann, comp


def test_an_interest_only_edit_keeps_the_confirmation(db: Database, engineer: Framework) -> None:
    q1, q3, ann, comp = _carried_into_q3(db, engineer)
    (before,) = ratings.list_ratings(db, q3)
    change = ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, interest=2)
    after = change.after
    assert after is not None and (after.level, after.interest) == (3, 2)  # stored
    assert after.confirmed_cycle_id == q1 and after.carried_in(q3)
    assert after.confirmed_date == before.confirmed_date  # not today's edit
    (stored,) = ratings.list_ratings(db, q3)
    assert (stored.interest, stored.confirmed_cycle_id) == (2, q1)
    assert stored.confirmed_date == before.confirmed_date
    snap = snapshots.load_snapshot(db, cycle=q3)
    assert snap.stale(2).tolist()[0][0] is True  # still two cycles unconfirmed
    # A note is no confirmation either.
    noted = ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, note="pairing")
    assert noted.after is not None and noted.after.confirmed_cycle_id == q1


def test_the_level_still_confirms_after_an_interest_edit(db: Database, engineer: Framework) -> None:
    _q1, q3, ann, comp = _carried_into_q3(db, engineer)
    ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, interest=1)
    # "Still true" and typing the same level confirm; a new level is its own confirmation.
    (confirmed,) = ratings.confirm_many(db, cycle_id=q3, cells=[(ann, comp)])
    assert confirmed.after is not None and confirmed.after.confirmed_cycle_id == q3
    assert confirmed.after.confirmed_on == dt.date.today()
    assert confirmed.after.interest == 1
    changed = ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, level=4)
    assert changed.after is not None and not changed.after.carried_in(q3)


def test_an_interest_edit_of_a_rating_set_this_cycle_keeps_its_date(
    db: Database, engineer: Framework
) -> None:
    _q1, q3, ann, comp = _carried_into_q3(db, engineer)
    ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, level=4)
    change = ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, interest=3)
    assert change.after is not None and change.before is not None
    assert not change.after.carried_in(q3)
    assert change.after.confirmed_date == change.before.confirmed_date


def test_typing_the_same_level_with_an_interest_confirms(db: Database, engineer: Framework) -> None:
    _q1, q3, ann, comp = _carried_into_q3(db, engineer)
    change = ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=comp, level=3, interest=2)
    assert change.after is not None and not change.after.carried_in(q3)
