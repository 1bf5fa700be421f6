"""The review mode's decisions: each one transaction, the self rating untouched, history kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from skillmatrix.core.errors import ReadOnlyError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Source
from skillmatrix.core.review import ReviewState
from skillmatrix.services import cycles, people, ratings, reconcile, review
from skillmatrix.services import frameworks as fw
from skillmatrix.store import models
from skillmatrix.store.database import Database


def _quarter(db: Database, engineer: Framework) -> tuple[int, int, list[int]]:
    """Q1 manager ratings for Ann, then Q2 (carried) with her self-assessment.

    API design self 4 vs manager 1 (3 apart), Testing self 2 vs 2, Communication self 3 with
    a note and no manager rating.
    """
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    comps = [c.id for c in fw.list_competencies(db)]
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=comps[0], level=1)
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=comps[1], level=2)
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    for cid, level, note in ((comps[0], 4, ""), (comps[1], 2, ""), (comps[2], 3, "led the RFC")):
        ratings.rate(
            db, cycle_id=q2, person_id=ann, competency_id=cid, level=level, note=note,
            source=Source.SELF,
        )  # fmt: skip
    return q2, ann, comps


def _history(db: Database, pid: int, cid: int) -> list[tuple[str, str, int | None]]:
    H = models.RatingHistory
    with db.session() as s:
        rows = s.execute(
            select(H).where(H.person_id == pid, H.competency_id == cid).order_by(H.id)
        ).scalars()
        return [(h.action, h.source, h.new_level) for h in rows]


def test_items_show_self_manager_and_last_cycle_far_apart_first(
    db: Database, engineer: Framework
) -> None:
    q2, ann, comps = _quarter(db, engineer)
    items = reconcile.review_items(db, cycle_id=q2, person_id=ann)
    assert [i.competency_id for i in items] == [comps[0], comps[1], comps[2]]
    first = items[0]
    assert (first.self_level, first.manager_level, first.last_level) == (4, 1, 1)
    assert first.far_apart and first.difference == 3
    assert items[2].note == "led the RFC" and items[2].manager_level is None


def test_accept_self_makes_it_the_manager_rating_and_keeps_both_in_history(
    db: Database, engineer: Framework
) -> None:
    q2, ann, comps = _quarter(db, engineer)
    change = reconcile.accept_self(
        db, cycle_id=q2, person_id=ann, competency_id=comps[0], rated_by="mgr"
    )
    assert change.before is not None and change.before.level == 1
    assert change.after is not None and change.after.level == 4
    got = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[0])
    assert got is not None and got.level == 4 and not got.carried_in(q2)
    own = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[0], source="self")
    assert own is not None and own.level == 4
    hist = _history(db, ann, comps[0])
    assert ("rate", "self", 4) in hist
    assert hist[-1] == (reconcile.ACCEPT_SELF, "manager", 4)


def test_keep_manager_confirms_a_carried_rating_unchanged(
    db: Database, engineer: Framework
) -> None:
    q2, ann, comps = _quarter(db, engineer)
    before = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[1])
    assert before is not None and before.carried_in(q2)
    reconcile.keep_manager(db, cycle_id=q2, person_id=ann, competency_id=comps[1])
    got = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[1])
    assert got is not None and got.level == 2 and not got.carried_in(q2)
    with pytest.raises(ValidationError, match="no manager rating"):
        reconcile.keep_manager(db, cycle_id=q2, person_id=ann, competency_id=comps[2])


def test_agree_level_writes_the_agreed_level_and_checks_the_scale(
    db: Database, engineer: Framework
) -> None:
    q2, ann, comps = _quarter(db, engineer)
    reconcile.agree_level(db, cycle_id=q2, person_id=ann, competency_id=comps[0], level=3)
    got = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[0])
    assert got is not None and got.level == 3
    assert _history(db, ann, comps[0])[-1] == (reconcile.AGREE, "manager", 3)
    with pytest.raises(ValidationError):
        reconcile.agree_level(db, cycle_id=q2, person_id=ann, competency_id=comps[0], level=9)
    got = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[0])
    assert got is not None and got.level == 3  # the bad level wrote nothing


def test_a_decision_in_a_closed_cycle_is_refused(db: Database, engineer: Framework) -> None:
    q2, ann, comps = _quarter(db, engineer)
    cycles.close_cycle(db, q2)
    with pytest.raises(ReadOnlyError):
        reconcile.accept_self(db, cycle_id=q2, person_id=ann, competency_id=comps[0])


def test_finish_review_in_a_closed_cycle_is_refused_and_writes_nothing(
    db: Database, engineer: Framework
) -> None:
    q2, ann, _comps = _quarter(db, engineer)
    cycles.close_cycle(db, q2)
    with pytest.raises(ReadOnlyError) as refused:
        reconcile.finish_review(db, cycle_id=q2, person_id=ann)
    assert "\n" not in str(refused.value) and "2026-Q2" in str(refused.value)
    with db.session() as s:
        assert s.scalars(select(models.ReviewState)).all() == []
    assert review.cycle_status(db, cycle=q2).people[0].state is ReviewState.RETURNED


def test_finish_review_marks_the_person_agreed(db: Database, engineer: Framework) -> None:
    q2, ann, _comps = _quarter(db, engineer)
    assert review.cycle_status(db).people[0].state is ReviewState.RETURNED
    reconcile.finish_review(db, cycle_id=q2, person_id=ann)
    status = review.cycle_status(db)
    assert status.people[0].state is ReviewState.AGREED and status.reviewed == 1
    assert review.agreed_people(db, q2) == {ann}


def test_an_unknown_review_step_is_a_one_line_refusal_not_a_damaged_database(
    db: Database, engineer: Framework
) -> None:
    q2, ann, _comps = _quarter(db, engineer)
    with pytest.raises(ValidationError, match="unknown review step 'sent' \\(one of form_sent_on"):
        review.record_step(db, cycle_id=q2, person_ids=[ann], step="sent")
    assert review.record_step(db, cycle_id=q2, person_ids=[ann], step="form_sent_on") == 1


def test_accepting_or_agreeing_the_carried_level_confirms_it(
    db: Database, engineer: Framework
) -> None:
    """Accepting or agreeing the carried level confirms it this cycle.

    Self 2 and manager 2 (carried from Q1): accepting the self rating settles the same
    level, so it counts as confirmed (not left carried and stale-looking).
    """
    q2, ann, comps = _quarter(db, engineer)
    change = reconcile.accept_self(db, cycle_id=q2, person_id=ann, competency_id=comps[1])
    got = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[1])
    assert got is not None and got.level == 2
    assert got.confirmed_cycle_id == q2 and not got.carried_in(q2)
    assert change.changed  # the grid is told: the cell is no longer carried
    # Typing the level it already has: the same.
    other = reconcile.agree_level(db, cycle_id=q2, person_id=ann, competency_id=comps[0], level=1)
    got = ratings.get_rating(db, cycle_id=q2, person_id=ann, competency_id=comps[0])
    assert got is not None and got.level == 1 and got.confirmed_cycle_id == q2
    assert other.changed
    assert [a for a, _s, _l in _history(db, ann, comps[0])][-1] == reconcile.AGREE
