"""Departure risk over a Snapshot.

True bus factors, the worst pair of departures, and a week-by-week projection of a leave
calendar (pure numpy, no I/O).

A competency's rule asks for ``k`` people at ``min_level`` or above. With ``n`` people
covering it, the rule breaks once ``n - k + 1`` of them are away: that is its bus factor
(0 when it is already broken). A pair of departures breaks every met rule whose slack
``n - k`` is smaller than the number of the two who cover it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skillmatrix.core import _arrays as A
from skillmatrix.core.model import Competency, Person
from skillmatrix.core.snapshot import Snapshot

#: Rows of the pair matrix computed at once: bounds memory for a 5,000-person team.
PAIR_BLOCK = 512


@dataclass(frozen=True, slots=True)
class BusFactor:
    """How many departures a competency's coverage rule survives, and whose."""

    competency: Competency
    covered: int
    required: int
    bus_factor: int  # 0: the rule is already broken
    breaking_set: tuple[Person, ...]  # the strongest coverers whose departure breaks it


@dataclass(frozen=True, slots=True)
class WorstPair:
    """The two departures that break the most coverage rules that hold today."""

    people: tuple[Person, Person]
    breaks: tuple[Competency, ...]  # worst first: critical, then framework order


@dataclass(frozen=True, slots=True)
class Leave:
    """One absence: a person away from ``start`` to ``end`` (both days included)."""

    person_id: int
    start: dt.date
    end: dt.date
    reason: str = ""  # the kind: parental leave, notice period, sabbatical ...
    id: int | None = None  # its row when stored (the Team view's leave calendar)


@dataclass(frozen=True, slots=True)
class WeekRisk:
    """One week of a leave calendar: who is away and which rules that hold today break."""

    week_of: dt.date  # the Monday
    away: tuple[Person, ...]
    broken: tuple[Competency, ...]


def _cover(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(P, C) covers mask, covered count and required count per competency."""
    min_level, required = A.rules(snap.competencies)
    cov = A.covers(A.levels_of(snap), min_level)
    return cov, cov.sum(axis=0), required


def bus_factors(snap: Snapshot) -> list[BusFactor]:
    """One row per competency in snapshot order, the most fragile first is the caller's sort.

    The breaking set names the coverers most costly to lose: highest level first, then
    name, so the same snapshot always names the same people.
    """
    cov, covered, required = _cover(snap)
    levels = A.levels_of(snap)
    out: list[BusFactor] = []
    for j, comp in enumerate(snap.competencies):
        n, k = int(covered[j]), int(required[j])
        factor = max(n - k + 1, 0) if n >= k else 0
        who = np.flatnonzero(cov[:, j])
        ranked = sorted(who.tolist(), key=lambda i: (-levels[i, j], snap.people[i].name))
        out.append(
            BusFactor(
                competency=comp,
                covered=n,
                required=k,
                bus_factor=factor,
                breaking_set=tuple(snap.people[i] for i in ranked[:factor]),
            )
        )
    return out


def breaks_by_pair(cov: np.ndarray, covered: np.ndarray, required: np.ndarray) -> np.ndarray:
    """(P, P) counts: how many rules that hold now break if both people leave.

    With slack ``s = n - k`` a met rule breaks when more than ``s`` of the two cover it, so
    only slack 0 (either of them covers) and slack 1 (both cover) rules can break.
    """
    slack = covered - required
    zero = cov[:, slack == 0].astype(np.float32)
    one = cov[:, slack == 1].astype(np.float32)
    alone = zero.sum(axis=1)
    out = np.empty((cov.shape[0], cov.shape[0]), dtype=np.int64)
    for start in range(0, cov.shape[0], PAIR_BLOCK):
        rows = slice(start, start + PAIR_BLOCK)
        either = alone[rows, None] + alone[None, :] - zero[rows] @ zero.T
        out[rows] = np.rint(either + one[rows] @ one.T).astype(np.int64)
    return out


def worst_pair(snap: Snapshot) -> WorstPair | None:
    """The pair of people whose departure breaks the most rules met today.

    Ties: more critical competencies, then the earlier pair by name. None with fewer than
    two people or when no pair breaks anything.
    """
    if len(snap.people) < 2:
        return None
    cov, covered, required = _cover(snap)
    counts = breaks_by_pair(cov, covered, required)
    np.fill_diagonal(counts, -1)
    best = int(counts.max())
    if best <= 0:
        return None
    names = [p.name for p in snap.people]
    candidates = np.argwhere(counts == best)
    choices = []
    for a, b in candidates.tolist():
        if a < b:
            broken = _broken_without(cov, covered, required, [a, b])
            critical = sum(snap.competencies[j].critical for j in broken)
            choices.append((-critical, sorted((names[a], names[b])), a, b, broken))
    _, _, a, b, broken = min(choices)
    pair = tuple(sorted((snap.people[a], snap.people[b]), key=lambda p: p.name))
    return WorstPair(
        people=(pair[0], pair[1]),
        breaks=tuple(_worst_first([snap.competencies[j] for j in broken])),
    )


def _broken_without(
    cov: np.ndarray, covered: np.ndarray, required: np.ndarray, away: Sequence[int]
) -> list[int]:
    """Competency indices whose rule holds now and breaks without the people ``away``."""
    left = covered - cov[list(away)].sum(axis=0)
    return np.flatnonzero((covered >= required) & (left < required)).tolist()


def _worst_first(comps: Sequence[Competency]) -> list[Competency]:
    return sorted(comps, key=lambda c: (not c.critical, c.position, c.name))


def _mondays(start: dt.date, weeks: int) -> list[dt.date]:
    first = start - dt.timedelta(days=start.weekday())
    return [first + dt.timedelta(weeks=w) for w in range(weeks)]


def leave_projection(
    snap: Snapshot, leaves: Sequence[Leave], *, start: dt.date, weeks: int = 13
) -> list[WeekRisk]:
    """Week by week from ``start``'s Monday: who is away and which rules break.

    Away means any day of that week; a rule counts when it holds today and breaks while they
    are away.

    Leaves of people outside the snapshot are ignored (another team's calendar).
    """
    cov, covered, required = _cover(snap)
    row_of = {p.id: i for i, p in enumerate(snap.people)}
    out: list[WeekRisk] = []
    for monday in _mondays(start, weeks):
        sunday = monday + dt.timedelta(days=6)
        away = sorted(
            {
                row_of[lv.person_id]
                for lv in leaves
                if lv.person_id in row_of and lv.start <= sunday and lv.end >= monday
            }
        )
        broken = _broken_without(cov, covered, required, away) if away else []
        out.append(
            WeekRisk(
                week_of=monday,
                away=tuple(snap.people[i] for i in away),
                broken=tuple(_worst_first([snap.competencies[j] for j in broken])),
            )
        )
    return out
