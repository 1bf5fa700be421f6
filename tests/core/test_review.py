"""Review states from snapshots and recorded dates, computed by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np

from skillmatrix.core.model import Competency, Cycle, Person, Rating
from skillmatrix.core.review import (
    Progress,
    ReviewState,
    StoredReview,
    describe,
    manager_done,
    person_reviews,
    progress,
    reviewed,
    team_reviews,
)
from skillmatrix.core.snapshot import build_snapshot

Q1, Q2 = Cycle(1, "2026-Q1"), Cycle(2, "2026-Q2", ends_on=dt.date(2026, 6, 30))
COMPS = [Competency(1, "API", "Tech"), Competency(2, "SQL", "Tech")]
PEOPLE = [
    Person(1, "Ann", team="Core"),  # both ratings confirmed this cycle
    Person(2, "Bob", team="Core"),  # one still carried from Q1
    Person(3, "Cy", team="Web"),  # nothing rated; returned a self-assessment
    Person(4, "Dee", team="Web"),  # nothing rated; was sent a form
    Person(5, "Eve"),  # no team, nothing at all; agreed recorded
]


def _manager():  # type: ignore[no-untyped-def]
    carried = {"confirmed_cycle_id": Q1.id}
    return build_snapshot(
        PEOPLE,
        COMPS,
        [
            Rating(1, 1, 3),
            Rating(1, 2, None, not_applicable=True),
            Rating(2, 1, 2),
            Rating(2, 2, 1, **carried),
        ],
        cycle=Q2,
    )


def _self():  # type: ignore[no-untyped-def]
    carried = {"confirmed_cycle_id": Q1.id}
    return build_snapshot(
        PEOPLE,
        COMPS,
        [Rating(3, 1, 2), Rating(4, 1, 3, **carried)],  # Dee's self rating is last quarter's
        cycle=Q2,
    )


def test_manager_done_needs_a_rating_and_nothing_carried() -> None:
    assert manager_done(_manager()).tolist() == [True, False, False, False, False]


def test_states_overdue_and_team_counts() -> None:
    stored = {
        4: StoredReview(form_sent_on=dt.date(2026, 5, 2)),
        5: StoredReview(agreed_on=dt.date(2026, 6, 1)),
    }
    before = person_reviews(_manager(), _self(), stored, due=Q2.due, today=dt.date(2026, 6, 30))
    assert [(r.person.name, r.state) for r in before] == [
        ("Ann", ReviewState.REVIEWED),
        ("Bob", ReviewState.NOT_STARTED),
        ("Cy", ReviewState.RETURNED),
        ("Dee", ReviewState.SENT),
        ("Eve", ReviewState.AGREED),
    ]
    assert not any(r.overdue for r in before)  # due today: not late yet
    late = person_reviews(_manager(), _self(), stored, due=Q2.due, today=dt.date(2026, 7, 1))
    assert [r.overdue for r in late] == [False, True, True, True, False]
    teams = team_reviews(late)
    assert [(t.team, t.people, t.reviewed, t.overdue) for t in teams] == [
        ("Core", 2, 1, 1),
        ("Web", 2, 0, 2),
        (None, 1, 1, 0),
    ]


def test_recorded_review_counts_even_with_carried_ratings() -> None:
    stored = {2: StoredReview(reviewed_on=dt.date(2026, 6, 3))}
    reviews = person_reviews(_manager(), _self(), stored, due=None, today=dt.date(2027, 1, 1))
    assert reviews[1].state is ReviewState.REVIEWED and not any(r.overdue for r in reviews)


def test_no_people_no_reviews() -> None:
    empty = build_snapshot([], COMPS, [], cycle=Q2)
    assert person_reviews(empty, empty, {}, due=None, today=dt.date(2026, 1, 1)) == []
    assert team_reviews([]) == []
    assert np.asarray(manager_done(empty)).shape == (0,)


def test_reviewed_counts_a_stored_review_over_carried_ratings() -> None:
    """A recorded review (or agreement) makes Bob reviewed despite his carried SQL.

    Bob's carried SQL leaves his ratings not done; he is reviewed all the same, as
    person_reviews says.
    """
    snap = _manager()
    assert reviewed(snap, {}).tolist() == [True, False, False, False, False]
    stored = {
        2: StoredReview(reviewed_on=dt.date(2026, 6, 1)),
        5: StoredReview(agreed_on=dt.date(2026, 6, 2)),
    }
    assert reviewed(snap, stored).tolist() == [True, True, False, False, True]
    assert reviewed(snap, stored, rows=slice(1, 2)).tolist() == [True]
    states = person_reviews(snap, _self(), stored, due=None, today=dt.date(2026, 6, 3))
    assert [r.state.done for r in states] == reviewed(snap, stored).tolist()


def test_progress_counts_overdue_only_past_the_due_date_and_describes_it() -> None:
    due = dt.date(2026, 12, 31)
    before = progress([True, False, False], due=due, today=due)
    assert before == Progress(1, 3, 0, due)
    assert describe(before) == "reviewed 1 of 3 · due 31 Dec 2026"
    after = progress([True, False, False], due=due, today=due + dt.timedelta(days=1))
    assert describe(after) == "reviewed 1 of 3 · due 31 Dec 2026 · 2 overdue"
    assert describe(progress([], due=None, today=due)) == "reviewed 0 of 0"
