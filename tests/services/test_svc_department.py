"""The department's aggregate coverage per team and competency, on SQLite and PostgreSQL.

On SQLite the query body runs directly; on PostgreSQL through the department view the
server's init installs. The same counts as the app's own analytics of each team's snapshot.
"""

from __future__ import annotations

import math

import pytest
from sqlalchemy import update

from skillmatrix.core import analytics
from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.model import Source
from skillmatrix.services import people, ratings
from skillmatrix.services.demo import create_demo
from skillmatrix.services.department import department_coverage
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import models
from skillmatrix.store.database import Database


def test_each_teams_counts_match_the_teams_own_coverage(db: Database) -> None:
    create_demo(db, people=30, teams=3, cycles=2, seed=3)
    with db.session() as s:  # one person leaves: active people only, as in the grid
        s.execute(update(models.Person).where(models.Person.id == 1).values(active=False))
    result = department_coverage(db)
    assert result.cycle is not None and result.rows
    snap_all = load_snapshot(db)
    assert result.cycle.id == snap_all.cycle.id  # type: ignore[union-attr]
    assert len(result.rows) == len(result.teams) * len(snap_all.competencies)
    for team in result.teams:
        assert team is not None
        snap = load_snapshot(db, team=team)
        expected = {r.competency.name: r for r in analytics.coverage(snap)}
        rows = [r for r in result.rows if r.team == team]
        assert [r.competency for r in rows] == [c.name for c in snap.competencies]
        for row in rows:
            want = expected[row.competency]
            assert row.people == len(snap.people)
            assert (row.at_level, row.rated, row.required) == (
                want.covered,
                want.rated,
                want.required,
            ), (team, row.competency)
            assert row.covered == (want.covered >= want.required)
            assert row.min_level == want.competency.rule.min_level
            if math.isnan(want.mean_level):
                assert row.mean_level is None
            else:
                assert row.mean_level == pytest.approx(want.mean_level)
    assert result.teams == sorted(result.teams, key=lambda t: (t or "").casefold())


def test_a_team_nobody_rated_shows_its_headcount_and_no_coverage(db: Database) -> None:
    create_demo(db, people=12, teams=2, cycles=1, seed=1)
    people.add_person(db, name="New Starter", team="Gamma")
    rows = [r for r in department_coverage(db).rows if r.team == "Gamma"]
    assert rows and all(
        (r.people, r.rated, r.at_level, r.covered, r.mean_level) == (1, 0, 0, False, None)
        for r in rows
    )


def test_people_without_a_team_are_counted_last_on_their_own(db: Database) -> None:
    create_demo(db, people=12, teams=2, cycles=1, seed=1)
    loner = people.add_person(db, name="No Team", team=None)
    result = department_coverage(db)
    assert result.teams[-1] is None
    comp = next(r for r in result.rows if r.team is None)
    cycle = result.cycle
    assert cycle is not None
    cid = next(c.id for c in load_snapshot(db).competencies if c.name == comp.competency)
    ratings.rate_many(db, cycle_id=cycle.id, cells=[(loner.id, cid)], level=comp.min_level)
    after = next(
        r
        for r in department_coverage(db).rows
        if r.team is None and r.competency == comp.competency
    )
    assert (after.people, after.rated, after.at_level) == (1, 1, 1)
    assert after.mean_level == comp.min_level


def test_another_cycle_and_the_self_source_and_no_cycle(db: Database) -> None:
    assert department_coverage(db).rows == []
    create_demo(db, people=12, teams=2, cycles=2, seed=2)
    first = department_coverage(db, cycle=1)
    assert first.cycle is not None and first.cycle.id == 1
    self_rated = department_coverage(db, source=Source.SELF)
    assert self_rated.source is Source.SELF
    assert sum(r.rated for r in self_rated.rows) != sum(
        r.rated for r in department_coverage(db).rows
    )
    with pytest.raises(NotFoundError, match="cycle"):
        department_coverage(db, cycle="no such quarter")
