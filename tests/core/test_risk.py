"""Departure risk: bus factors, the worst pair, a leave calendar.

Hand-computed and checked against brute force on random small teams.

The fixture (default 0-4 scale)::

                 API(c1)     SQL(c2)    K8s(c3)    Go(c4, critical)
    rule         2 at >=3    1 at >=3   1 at >=2   2 at >=2
    Ann (1)      4           3          n/a        2
    Bob (2)      3           -          2          1
    Cat (3)      3           1          0          2
    Dan (4)      1           3          -          -

API: Ann, Bob, Cat cover (3 >= 2): bus factor 2. SQL: Ann, Dan (2 >= 1): 2.
K8s: Bob only (1 >= 1): 1. Go: Ann, Cat (2 >= 2): 1.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatrix.core.model import Competency, CoverageRule, Person, Rating
from skillmatrix.core.risk import Leave, breaks_by_pair, bus_factors, leave_projection, worst_pair
from skillmatrix.core.snapshot import build_snapshot

NA = "n/a"
COMPS = [
    Competency(1, "API", "Tech", rule=CoverageRule(2, 3), position=1),
    Competency(2, "SQL", "Tech", rule=CoverageRule(1, 3), position=2),
    Competency(3, "K8s", "Tech", rule=CoverageRule(1, 2), position=3),
    Competency(4, "Go", "Tech", rule=CoverageRule(2, 2), position=4, critical=True),
]
PEOPLE = [Person(i, n) for i, n in enumerate(("Ann", "Bob", "Cat", "Dan"), start=1)]
TABLE = {
    1: {1: 4, 2: 3, 3: NA, 4: 2},
    2: {1: 3, 3: 2, 4: 1},
    3: {1: 3, 2: 1, 3: 0, 4: 2},
    4: {1: 1, 2: 3},
}


def _snap(table=TABLE, people=PEOPLE, comps=COMPS):  # type: ignore[no-untyped-def]
    rows = [
        Rating(pid, cid, level=None if v == NA else v, not_applicable=v == NA)
        for pid, row in table.items()
        for cid, v in row.items()
    ]
    return build_snapshot(people, comps, rows)


def test_bus_factors_by_hand() -> None:
    rows = {r.competency.name: r for r in bus_factors(_snap())}
    assert {n: r.bus_factor for n, r in rows.items()} == {"API": 2, "SQL": 2, "K8s": 1, "Go": 1}
    # The strongest coverers first, names breaking ties.
    assert [p.name for p in rows["API"].breaking_set] == ["Ann", "Bob"]
    assert [p.name for p in rows["SQL"].breaking_set] == ["Ann", "Dan"]
    assert [p.name for p in rows["K8s"].breaking_set] == ["Bob"]
    assert [p.name for p in rows["Go"].breaking_set] == ["Ann"]


def test_a_broken_rule_has_bus_factor_zero_and_nobody_to_name() -> None:
    table = {1: {1: 4}, 2: {1: 1}}
    row = bus_factors(_snap(table, PEOPLE[:2], COMPS[:1]))[0]
    assert (row.covered, row.required, row.bus_factor, row.breaking_set) == (1, 2, 0, ())


def test_not_rated_and_na_never_cover() -> None:
    table = {1: {3: NA}, 2: {}}
    row = bus_factors(_snap(table, PEOPLE[:2], [COMPS[2]]))[0]
    assert (row.covered, row.bus_factor) == (0, 0)


def test_worst_pair_by_hand() -> None:
    pair = worst_pair(_snap())
    assert pair is not None
    # Ann + Bob break API (3 -> 1 < 2), K8s (Bob alone covers it) and Go (Ann): three.
    # Bob + Cat also break three (API, K8s, Go) with as many critical ones (Go): the tie
    # goes to the pair whose names come first.
    assert [p.name for p in pair.people] == ["Ann", "Bob"]
    assert [c.name for c in pair.breaks] == ["Go", "API", "K8s"]


def test_worst_pair_for_a_team_of_one_or_nothing_to_break() -> None:
    assert worst_pair(_snap({1: {1: 4}}, PEOPLE[:1], COMPS[:1])) is None
    # Three experts for a one-person rule: no pair breaks it.
    solid = {1: {2: 4}, 2: {2: 4}, 3: {2: 4}}
    assert worst_pair(_snap(solid, PEOPLE[:3], [COMPS[1]])) is None


def test_leave_calendar_names_the_weeks_a_rule_breaks() -> None:
    monday = dt.date(2027, 1, 4)
    leaves = [
        Leave(2, dt.date(2027, 1, 13), dt.date(2027, 1, 20), "sabbatical"),  # Bob: weeks 2-3
        Leave(99, monday, dt.date(2027, 3, 1)),  # someone of another team: ignored
    ]
    weeks = leave_projection(_snap(), leaves, start=dt.date(2027, 1, 6), weeks=4)
    assert [w.week_of for w in weeks] == [monday + dt.timedelta(weeks=k) for k in range(4)]
    assert [[p.name for p in w.away] for w in weeks] == [[], ["Bob"], ["Bob"], []]
    assert [[c.name for c in w.broken] for w in weeks] == [[], ["K8s"], ["K8s"], []]


@st.composite
def teams(draw):  # type: ignore[no-untyped-def]
    people = draw(st.integers(1, 6))
    comps = draw(st.integers(1, 4))
    cells = st.one_of(st.none(), st.just(NA), st.integers(0, 4))
    table = {p + 1: {c + 1: draw(cells) for c in range(comps)} for p in range(people)}
    table = {p: {c: v for c, v in row.items() if v is not None} for p, row in table.items()}
    rules = [CoverageRule(draw(st.integers(1, 3)), draw(st.integers(1, 4))) for _ in range(comps)]
    return (
        table,
        [Person(i + 1, f"P{i}") for i in range(people)],
        [Competency(j + 1, f"C{j}", "K", rule=r, position=j) for j, r in enumerate(rules)],
    )


def _holds(snap, away: tuple[int, ...], j: int) -> bool:  # type: ignore[no-untyped-def]
    rule = snap.competencies[j].rule
    left = [i for i in range(len(snap.people)) if i not in away]
    return sum(snap.levels[i, j] >= rule.min_level for i in left) >= rule.min_people


@settings(max_examples=150, deadline=None)
@given(teams())
def test_bus_factor_equals_the_smallest_breaking_set_by_brute_force(team) -> None:  # type: ignore[no-untyped-def]
    snap = _snap(*team)
    n = len(snap.people)
    for j, row in enumerate(bus_factors(snap)):
        if not _holds(snap, (), j):
            assert row.bus_factor == 0
            continue
        smallest = next(
            size
            for size in range(1, n + 1)
            if any(not _holds(snap, away, j) for away in itertools.combinations(range(n), size))
        )
        assert row.bus_factor == smallest
        index = [snap.people.index(p) for p in row.breaking_set]
        assert len(index) == smallest and not _holds(snap, tuple(index), j)


@settings(max_examples=150, deadline=None)
@given(teams())
def test_pair_counts_equal_brute_force(team) -> None:  # type: ignore[no-untyped-def]
    snap = _snap(*team)
    from skillmatrix.core.risk import _cover

    counts = breaks_by_pair(*_cover(snap))
    comps = range(len(snap.competencies))
    for a, b in itertools.combinations(range(len(snap.people)), 2):
        expected = sum(_holds(snap, (), j) and not _holds(snap, (a, b), j) for j in comps)
        assert counts[a, b] == counts[b, a] == expected
    best = worst_pair(snap)
    top = max(
        (counts[a, b] for a, b in itertools.combinations(range(len(snap.people)), 2)),
        default=0,
    )
    assert (best is None) == (top == 0)
    if best is not None:
        assert len(best.breaks) == top
        assert np.all(counts >= 0)
