"""Writing a generated demo organisation: one transaction, faithful, cancellable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from svc_helpers import framework

from skillmatrix.core.demo import generate_demo
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.scale import Level, Scale
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services.demo import RATED_BY, create_demo, write_organisation
from skillmatrix.services.ratings import list_ratings
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database

TODAY = dt.date(2026, 11, 15)


def test_written_organisation_matches_the_generator(
    db: Database, engineer: Framework, backend: Framework
) -> None:
    org = generate_demo([engineer, backend], people=12, teams=2, cycles=3, seed=4, today=TODAY)
    seen: list[float] = []
    result = write_organisation(db, org, today=TODAY, progress=lambda f, _t: seen.append(f))
    assert result is not None
    assert (result.people, result.teams) == (12, 2)
    assert result.cycles == ("2026-Q2", "2026-Q3", "2026-Q4")
    assert result.ratings == sum(len(r) for r in org.ratings)
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert [c.closed for c in cycles.list_cycles(db)] == [True, True, False]
    assert {r.name for r in fw.list_roles(db)} == {"Engineer", "Backend Engineer"}
    assert sorted(p.name for p in people.list_people(db)) == sorted(p.name for p in org.people)

    snap = load_snapshot(db, cycle="2026-Q4")
    comp_col = {c.name.casefold(): j for j, c in enumerate(snap.competencies)}
    rows = org.ratings[-1]
    for r in rows:
        i = snap.person_index(people.find_person(db, org.people[r["person"]].email).id)
        j = comp_col[org.competency_names[r["competency"]].casefold()]
        level = snap.levels[i, j]
        if r["na"]:
            assert snap.not_applicable[i, j] and np.isnan(level)
        elif r["level"] < 0:
            assert np.isnan(level) and not snap.not_applicable[i, j]
        else:
            assert level == r["level"]
        assert (np.isnan(snap.interest[i, j]) and r["interest"] < 0) or snap.interest[i, j] == r[
            "interest"
        ]
    assert len(snap.notes) == len(org.notes[-1])
    stored = list_ratings(db, snap.cycle.id)  # type: ignore[union-attr]
    # Each team's manager rates their people.
    team_of = {x.id: x.team for x in people.list_people(db)}
    assert {(r.rated_by, team_of[r.person_id]) for r in stored} == {
        (f"{t} manager", t) for t in {x.team for x in org.people}
    }
    assert RATED_BY not in {r.rated_by for r in stored}
    assert {r.rated_on for r in stored} == {TODAY}  # the current cycle: dated today
    q2 = cycles.get_cycle(db, "2026-Q2")
    assert {r.rated_on for r in list_ratings(db, q2.id)} == {dt.date(2026, 6, 30)}


def test_refuses_a_database_with_data_unless_forced(db: Database) -> None:
    people.add_person(db, name="Real person")
    with pytest.raises(ValidationError, match="already holds 1 people"):
        create_demo(db, people=6, teams=2, cycles=1, today=TODAY)
    result = create_demo(db, people=6, teams=2, cycles=2, today=TODAY, force=True)
    assert result is not None and result.people == 6
    assert "Real person" not in {p.name for p in people.list_people(db)}
    again = create_demo(db, people=5, teams=1, cycles=1, today=TODAY, force=True, seed=9)
    assert again is not None and [c.name for c in cycles.list_cycles(db)] == ["2026-Q4"]
    assert len(people.list_people(db)) == 5 and len(people.list_teams(db)) == 1


def test_force_keeps_frameworks(db: Database) -> None:
    custom = fw.install_framework(
        db, framework("Data Scientist", [("Statistics", "Data", 2, True)])
    )
    create_demo(db, people=6, teams=2, cycles=1, today=TODAY, force=True)
    assert custom in fw.list_roles(db)


def test_size_limits(db: Database) -> None:
    with pytest.raises(ValidationError, match="out of range"):
        create_demo(db, people=3, teams=4)


def test_cancel_rolls_everything_back(db: Database) -> None:
    people.add_person(db, name="Keep me")
    result = create_demo(
        db, people=8, teams=2, cycles=2, today=TODAY, force=True, cancelled=lambda: True
    )
    assert result is None
    assert [p.name for p in people.list_people(db)] == ["Keep me"]
    assert cycles.list_cycles(db) == [] and fw.list_roles(db) == []
    assert fw.list_competencies(db) == []  # frameworks were in the same transaction


def test_needs_a_scale_of_five_levels(tmp_path: Path) -> None:
    three = Scale(tuple(Level(v, str(v), "") for v in range(1, 4)))
    with (
        Database(tmp_path / "three.db", scale=three) as db,
        pytest.raises(ValidationError, match="scale of 5 levels"),
    ):
        create_demo(db, today=TODAY)


def test_on_a_one_to_five_scale_it_is_the_same_organisation_one_level_up(
    tmp_path: Path,
) -> None:
    """The generator draws on 0-4; a 1-5 database gets every level and target shifted."""
    from skillmatrix.core.scales import ONE_TO_FIVE

    with (
        Database(tmp_path / "four.db") as four,
        Database(tmp_path / "five.db", scale=ONE_TO_FIVE) as five,
    ):
        for db in (four, five):
            create_demo(db, people=12, teams=2, cycles=1, today=TODAY)
        a, b = load_snapshot(four), load_snapshot(five)
        assert b.scale == ONE_TO_FIVE
        both = ~np.isnan(a.levels)
        assert both.any() and (np.isnan(b.levels) == ~both).all()
        assert (b.levels[both] == a.levels[both] + 1).all()
        assert np.nanmin(b.levels) >= 1 and np.nanmax(b.levels) == 5
        assert [c.rule.min_level + 1 for c in a.competencies] == [
            c.rule.min_level for c in b.competencies
        ]
        role_a, role_b = fw.get_role(four, "Engineer"), fw.get_role(five, "Engineer")
        shifted = {s: {c: v + 1 for c, v in t.items()} for s, t in role_a.targets.items()}
        assert shifted == role_b.targets and shifted


def test_a_cancelled_demo_keeps_the_ratings_indexes(db: Database) -> None:
    """A cancelled (rolled back) demo leaves the ratings indexes exactly as they were.

    The demo drops the plain ratings indexes while it inserts and builds them again.
    """
    from sqlalchemy import inspect

    def indexes() -> list[str]:
        with db.session() as s:
            return sorted(i["name"] or "" for i in inspect(s.connection()).get_indexes("ratings"))

    before = indexes()
    assert create_demo(db, people=30, teams=2, cycles=2, cancelled=lambda: True) is None
    assert indexes() == before and len(before) >= 2
    assert create_demo(db, people=30, teams=2, cycles=2) is not None
    assert indexes() == before
