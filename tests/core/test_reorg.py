"""The reorg simulator: hand-computed moves, and "no moves" equals today's figures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatrix.core import analytics
from skillmatrix.core.by_team import team_coverages
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating
from skillmatrix.core.reorg import moved, picture, simulate
from skillmatrix.core.snapshot import build_snapshot

API = Competency(1, "API", "Tech", rule=CoverageRule(1, 3))
SQL = Competency(2, "SQL", "Tech", rule=CoverageRule(1, 3))
PEOPLE = [
    Person(1, "Ann", team="Core"),  # API 4, SQL 3
    Person(2, "Bob", team="Core"),  # SQL 3
    Person(3, "Cy", team="Web"),  # nothing at 3
]


def _snap():  # type: ignore[no-untyped-def]
    ratings = [Rating(1, 1, 4), Rating(1, 2, 3), Rating(2, 2, 3), Rating(3, 1, 1)]
    return build_snapshot(PEOPLE, [API, SQL], ratings)


def test_moving_the_only_api_expert_moves_the_gap() -> None:
    changes = {c.team: c for c in simulate(_snap(), {1: "Web"})}
    core, web = changes["Core"], changes["Web"]
    assert core.before is not None and core.after is not None and web.before and web.after
    assert (core.before.below_rule, core.after.below_rule) == ((), ("API",))
    assert (web.before.below_rule, web.after.below_rule) == (("API", "SQL"), ())
    assert core.before.single_points == ("API",) and core.after.single_points == ("SQL",)


def test_a_split_creates_a_team_and_emptying_one_says_so() -> None:
    changes = {c.team: c for c in simulate(_snap(), {3: "Mobile"})}
    assert changes["Mobile"].before is None and changes["Mobile"].after is not None
    assert changes["Web"].before is not None and changes["Web"].after is None


def test_bad_moves_are_refused() -> None:
    with pytest.raises(ValidationError, match="person #9"):
        moved(_snap(), {9: "Web"})
    with pytest.raises(ValidationError, match="needs a team"):
        moved(_snap(), {1: "  "})


@st.composite
def orgs(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(2, 8))
    teams = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=n, max_size=n))
    people = [Person(i + 1, f"P{i}", team=t) for i, t in enumerate(teams)]
    comps = [
        Competency(j + 1, f"C{j}", "K", rule=CoverageRule(draw(st.integers(1, 2)), 3))
        for j in range(draw(st.integers(1, 4)))
    ]
    ratings = [
        Rating(p.id, c.id, draw(st.integers(0, 4)))
        for p in people
        for c in comps
        if draw(st.booleans())
    ]
    return build_snapshot(people, comps, ratings)


@settings(max_examples=60, deadline=None)
@given(orgs())
def test_no_moves_equals_todays_figures(snap) -> None:  # type: ignore[no-untyped-def]
    changes = simulate(snap, {})
    assert all(c.before == c.after for c in changes)
    today = {t.team: t for t in team_coverages(snap)} if len(changes) > 1 else {}
    for c in changes:
        assert c.before is not None
        if c.team in today:
            assert c.before.ok == today[c.team].ok
            assert len(c.before.below_rule) == len(today[c.team].below_rule)
            assert len(c.before.single_points) == len(today[c.team].spofs)
    whole = picture(snap, changes[0].team) if len(changes) == 1 else None
    if whole is not None and all(p.team == changes[0].team for p in snap.people):
        assert whole.ok == sum(r.status == "ok" for r in analytics.coverage(snap))
