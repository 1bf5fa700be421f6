"""Where each person's review stands in a cycle (pure: snapshots and stored dates in).

States, furthest first: agreed (manager and person settled the ratings), reviewed (the
manager finished: every manager rating was set or confirmed this cycle, or the review was
marked done), returned (the self-assessment came back: a returned form, or self ratings
given this cycle), sent (the form went out), not started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import numpy as np

from skillmatrix.core.model import Person
from skillmatrix.core.snapshot import Snapshot


class ReviewState(Enum):
    """Where one person's review stands in a cycle."""

    NOT_STARTED = "not started"
    SENT = "sent"
    RETURNED = "returned"
    REVIEWED = "reviewed"
    AGREED = "agreed"

    @property
    def done(self) -> bool:
        """The manager's part is done (counts in "reviewed 9 of 14")."""
        return self in (ReviewState.REVIEWED, ReviewState.AGREED)


@dataclass(frozen=True, slots=True)
class StoredReview:
    """The dates recorded for one person in one cycle (None: not yet)."""

    form_sent_on: dt.date | None = None
    returned_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    agreed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PersonReview:
    """One person's review state and whether it is overdue."""

    person: Person
    state: ReviewState
    overdue: bool  # past the due date and the manager's part is not done


@dataclass(frozen=True, slots=True)
class TeamReview:
    """Review progress of one team."""

    team: str | None
    people: int
    reviewed: int
    overdue: int


def given_this_cycle(snap: Snapshot) -> np.ndarray:
    """Per person: has a level or n/a set or confirmed in the snapshot's own cycle."""
    given = (~np.isnan(snap.levels)) | snap.not_applicable
    carried = snap.carried
    if carried is not None:
        given &= ~carried
    any_given: np.ndarray = given.any(axis=1)
    return any_given


def manager_done(snap: Snapshot, rows: slice = slice(None)) -> np.ndarray:
    """Per person (of ``rows``): rated, and nothing left carried forward unconfirmed."""
    given = (~np.isnan(snap.levels[rows])) | snap.not_applicable[rows]
    done: np.ndarray = given.any(axis=1)
    if snap.confirmed_age is not None:
        done &= ~((snap.confirmed_age[rows] > 0) & given).any(axis=1)
    return done


def reviewed(
    manager: Snapshot, stored: Mapping[int, StoredReview], rows: slice = slice(None)
) -> np.ndarray:
    """Per person (of ``rows``): whether the manager's part is done.

    Done means a stored review or agreement, or every manager rating set or confirmed this
    cycle. The one rule behind every "reviewed X of Y": the Team view, ``cycle status``, the
    report and the Assess toolbar.
    """
    done = manager_done(manager, rows)
    for k, person in enumerate(manager.people[rows]):
        rec = stored.get(person.id)
        if rec is not None and (rec.reviewed_on or rec.agreed_on):
            done[k] = True
    return done


@dataclass(frozen=True, slots=True)
class Progress:
    """A "reviewed X of Y" line: the counts, and the date the reviews are due."""

    reviewed: int
    people: int
    overdue: int  # past ``due``, the manager's part not done
    due: dt.date | None


def progress(done: Iterable[bool], *, due: dt.date | None, today: dt.date) -> Progress:
    """Count ``done`` (one flag per person shown); past ``due`` the rest are overdue."""
    flags = [bool(d) for d in done]
    count = sum(flags)
    late = due is not None and today > due
    return Progress(count, len(flags), len(flags) - count if late else 0, due)


def describe(p: Progress) -> str:
    """Progress as text: "reviewed 9 of 14 · due 31 Dec 2026", "· 3 overdue" once past due."""
    text = f"reviewed {p.reviewed} of {p.people}"
    if p.due is not None:
        text += f" · due {p.due:%d %b %Y}"  # as Set Due Date and Start Next Cycle say it
    if p.overdue:
        text += f" · {p.overdue} overdue"
    return text


def person_reviews(
    manager: Snapshot,
    self_ratings: Snapshot,
    stored: Mapping[int, StoredReview],
    *,
    due: dt.date | None,
    today: dt.date,
) -> list[PersonReview]:
    """One state per person of ``manager`` (``self_ratings`` may list them in any order)."""
    done = reviewed(manager, stored)
    returned = given_this_cycle(self_ratings)
    self_row = {p.id: i for i, p in enumerate(self_ratings.people)}
    late = due is not None and today > due
    out: list[PersonReview] = []
    for i, person in enumerate(manager.people):
        rec = stored.get(person.id, StoredReview())
        k = self_row.get(person.id)
        if rec.agreed_on:
            state = ReviewState.AGREED
        elif done[i]:
            state = ReviewState.REVIEWED
        elif rec.returned_on or (k is not None and returned[k]):
            state = ReviewState.RETURNED
        elif rec.form_sent_on:
            state = ReviewState.SENT
        else:
            state = ReviewState.NOT_STARTED
        out.append(PersonReview(person, state, late and not state.done))
    return out


def team_reviews(reviews: list[PersonReview]) -> list[TeamReview]:
    """Per team (sorted, people without a team last): people, reviewed, overdue."""
    teams: dict[str | None, list[PersonReview]] = {}
    for r in reviews:
        teams.setdefault(r.person.team or None, []).append(r)
    order = sorted(teams, key=lambda t: (t is None, t or ""))
    return [
        TeamReview(
            team=t,
            people=len(teams[t]),
            reviewed=sum(r.state.done for r in teams[t]),
            overdue=sum(r.overdue for r in teams[t]),
        )
        for t in order
    ]
