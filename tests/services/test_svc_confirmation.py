"""Carried-forward ratings: flagged until they are changed or confirmed in the new cycle."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from skillmatrix.core.errors import ReadOnlyError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, people, ratings, snapshots
from skillmatrix.services import frameworks as fw
from skillmatrix.services.rating_changes import Restore
from skillmatrix.store.database import Database


def _rated_quarter(db: Database, engineer: Framework) -> tuple[int, list[int], list[int]]:
    """Q1 with Ann and Bob rated in the first two competencies, Ann's self rating too."""
    fw.install_framework(db, engineer)
    ids = [people.add_person(db, name=n).id for n in ("Ann", "Bob")]
    comps = [c.id for c in fw.list_competencies(db)]
    q1 = cycles.start_cycle(db, name="2026-Q1")
    for pid in ids:
        ratings.rate_many(db, cycle_id=q1.id, cells=[(pid, comps[0])], level=3)
        ratings.rate_many(db, cycle_id=q1.id, cells=[(pid, comps[1])], not_applicable=True)
    ratings.rate(
        db, cycle_id=q1.id, person_id=ids[0], competency_id=comps[0], level=2, source=Source.SELF
    )
    return q1.id, ids, comps


def _carried(db: Database, cycle: int, source: Source = Source.MANAGER) -> np.ndarray:
    snap = snapshots.load_snapshot(db, cycle=cycle, source=source)
    assert snap.carried is not None
    return snap.carried


def test_a_new_cycle_flags_every_carried_rating_on_both_read_paths(
    db_both_reads: Database, engineer: Framework
) -> None:
    db = db_both_reads
    q1, _ids, _comps = _rated_quarter(db, engineer)
    assert not _carried(db, q1).any()  # ratings made in their own cycle are fresh
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    carried = _carried(db, q2)
    # Two people x (one level + one n/a) carried; the third competency was never rated.
    assert carried.tolist() == [[True, True, False], [True, True, False]]
    assert _carried(db, q2, Source.SELF).tolist() == [[True, False, False], [False] * 3]
    # Carried twice, a rating still names the quarter it was last confirmed in.
    q3 = cycles.start_cycle(db, name="2026-Q3").id
    assert {r.confirmed_cycle_id for r in ratings.list_ratings(db, q3)} == {q1}
    assert _carried(db, q3).sum() == 4


def test_changing_or_confirming_clears_the_flag_and_undo_brings_it_back(
    db_both_reads: Database, engineer: Framework
) -> None:
    db = db_both_reads
    _q1, (ann, bob), comps = _rated_quarter(db, engineer)
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    changed = ratings.rate(db, cycle_id=q2, person_id=ann, competency_id=comps[0], level=4)
    confirmed = ratings.confirm_many(db, cycle_id=q2, cells=[(bob, comps[0]), (bob, comps[2])])
    # Bob's first rating is confirmed unchanged; his unrated third cell has nothing to confirm.
    assert [c.changed for c in confirmed] == [True, False]
    after = confirmed[0].after
    assert after is not None and confirmed[0].before is not None
    assert (after.level, after.rated_on) == (3, confirmed[0].before.rated_on)
    assert (after.confirmed_cycle_id, after.confirmed_on) == (q2, dt.date.today())
    assert _carried(db, q2).tolist() == [[False, True, False], [False, True, False]]
    # Typing the level a carried cell already has confirms it too.
    ratings.rate(db, cycle_id=q2, person_id=ann, competency_id=comps[1], not_applicable=True)
    assert _carried(db, q2)[0].tolist() == [False, False, False]
    # Undo of the confirmation puts the carried row back exactly.
    ratings.restore_many(db, [Restore(q2, Source.MANAGER, bob, comps[0], confirmed[0].before)])
    assert _carried(db, q2)[1].tolist() == [True, True, False]
    assert changed.after is not None and not changed.after.carried_in(q2)


def test_confirming_in_a_closed_cycle_is_refused(db: Database, engineer: Framework) -> None:
    _q1, (ann, _bob), comps = _rated_quarter(db, engineer)
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    cycles.close_cycle(db, q2)
    with pytest.raises(ReadOnlyError):
        ratings.confirm_many(db, cycle_id=q2, cells=[(ann, comps[0])])
    assert _carried(db, q2)[0, 0]


def test_confirmation_age_counts_cycles_and_undo_restores_it(
    db_both_reads: Database, engineer: Framework
) -> None:
    db = db_both_reads
    q1, (ann, _bob), comps = _rated_quarter(db, engineer)
    cycles.start_cycle(db, name="2026-Q2")
    q3 = cycles.start_cycle(db, name="2026-Q3").id
    snap = snapshots.load_snapshot(db, cycle=q3)
    assert snap.confirmed_age is not None
    assert snap.confirmed_age[:, :2].tolist() == [[2, 2], [2, 2]]  # confirmed in Q1
    assert snap.stale(2)[:, :2].all() and not snap.stale(3).any()
    change = ratings.confirm_many(db, cycle_id=q3, cells=[(ann, comps[0])])[0]
    fresh = snapshots.load_snapshot(db, cycle=q3)
    assert fresh.confirmed_age is not None and fresh.confirmed_age[0, 0] == 0
    # The in-memory patch agrees with a reload, both ways.
    snap.write_cell(0, 0, change.after)
    assert snap.confirmed_age[0, 0] == 0
    snap.write_cell(0, 0, change.before)
    assert snap.confirmed_age[0, 0] == 2 and q1 in snap.cycle_ages
