"""Teams and people."""

from __future__ import annotations

import pytest

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Person, Seniority, Team
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.store.database import Database


@pytest.fixture
def db(db_both_reads: Database) -> Database:
    """Every test here runs on the direct SQLite reads and on the ORM reads."""
    return db_both_reads


def test_teams(db: Database) -> None:
    core = people.add_team(db, name=" Core ")
    assert core == Team(id=core.id, name="Core")
    people.add_team(db, name="api")
    with pytest.raises(ValidationError, match="already exists"):
        people.add_team(db, name="CORE")
    assert [t.name for t in people.list_teams(db)] == ["api", "Core"]


def test_add_person_creates_team_and_links_role(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(
        db,
        name="Ann Lee",
        email=" ann@example.com ",
        team="Platform",
        role="engineer",
        seniority="senior",
    )
    assert ann == Person(
        id=ann.id,
        name="Ann Lee",
        email="ann@example.com",
        team="Platform",
        role="Engineer",
        seniority=Seniority.SENIOR,
        active=True,
    )
    bob = people.add_person(db, name="Bob", team="platform")
    assert bob.team == "Platform" and bob.role == "" and bob.seniority is Seniority.MID
    assert len(people.list_teams(db)) == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"name": " "}, ValidationError, "needs a name"),
        ({"name": "A", "email": "not-an-email"}, ValidationError, "email"),
        ({"name": "A", "seniority": "Intern"}, ValidationError, "seniority"),
        ({"name": "A", "role": "Pilot"}, NotFoundError, "no role"),
    ],
)
def test_add_person_refusals(
    db: Database, kwargs: dict[str, str], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        people.add_person(db, **kwargs)  # type: ignore[arg-type]
    assert people.list_people(db, include_inactive=True) == []


def test_update_person(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Core", role="Engineer")
    ann = people.update_person(db, ann.id, name="Ann Lee", seniority=Seniority.STAFF)
    assert (ann.name, ann.seniority, ann.team, ann.role) == (
        "Ann Lee",
        Seniority.STAFF,
        "Core",
        "Engineer",
    )
    ann = people.update_person(db, ann.id, team=None, role=None, email="a@b.c")
    assert (ann.team, ann.role, ann.email) == ("", "", "a@b.c")
    ann = people.update_person(db, person_id=ann.id, team="New team")
    assert ann.team == "New team"
    with pytest.raises(NotFoundError, match="no person #999"):
        people.update_person(db, 999, name="x")


def test_active_filter_and_listing(db: Database) -> None:
    ann = people.add_person(db, name="Ann", team="Core")
    people.add_person(db, name="bob", team="Web")
    zed = people.add_person(db, name="Zed", team="Core")
    assert not people.set_active(db, zed.id, False).active
    assert [p.name for p in people.list_people(db)] == ["Ann", "bob"]
    assert [p.name for p in people.list_people(db, include_inactive=True)] == ["Ann", "bob", "Zed"]
    assert [p.name for p in people.list_people(db, team="core")] == ["Ann"]
    assert [p.name for p in people.list_people(db, team="Core", include_inactive=True)] == [
        "Ann",
        "Zed",
    ]
    assert people.set_active(db, zed.id, True).active
    assert people.get_person(db, ann.id) == ann
    with pytest.raises(NotFoundError, match="no team 'Nope'"):
        people.list_people(db, team="Nope")


def test_find_person(db: Database) -> None:
    ann = people.add_person(db, name="Ann Lee", email="ann@example.com")
    assert people.find_person(db, "ann lee") == ann
    assert people.find_person(db, "ANN@example.com") == ann
    people.add_person(db, name="Ann Lee")
    with pytest.raises(ValidationError, match="several people"):
        people.find_person(db, "Ann Lee")
    with pytest.raises(NotFoundError, match="nobody"):
        people.find_person(db, "Zoe")


def test_delete_person_counts_ratings(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann")
    bob = people.add_person(db, name="Bob")
    q1 = cycles.start_cycle(db, name="2026-Q1")
    comps = fw.list_competencies(db)
    cells = [(ann.id, c.id) for c in comps] + [(bob.id, comps[0].id)]
    ratings.rate_many(db, cycle_id=q1.id, cells=cells, level=2)
    ratings.rate(
        db, cycle_id=q1.id, person_id=ann.id, competency_id=comps[0].id, level=1, source="self"
    )
    q2 = cycles.start_cycle(db, name="2026-Q2")  # carries forward: doubles Ann's ratings
    assert people.count_ratings(db, ann.id) == 8
    assert people.delete_person(db, ann.id).rating_count == 8
    assert [p.name for p in people.list_people(db)] == ["Bob"]
    assert [r.person_id for r in ratings.list_ratings(db, q2.id)] == [bob.id]
    with pytest.raises(NotFoundError):
        people.delete_person(db, ann.id)
    with pytest.raises(NotFoundError):
        people.count_ratings(db, ann.id)
