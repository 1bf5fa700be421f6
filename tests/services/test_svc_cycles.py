"""Cycles: naming, starting with carry-forward, closing and reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from skillmatrix.core.errors import NotFoundError, ReadOnlyError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Cycle, Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.history import history
from skillmatrix.store.database import Database
from skillmatrix.store.repo_ratings import list_ratings as repo_list_ratings


@pytest.fixture
def db(db_both_reads: Database) -> Database:
    """Every test here runs on the direct SQLite reads and on the ORM reads."""
    return db_both_reads


NOV_2026 = dt.date(2026, 11, 15)


@pytest.mark.parametrize(
    ("latest", "today", "expected"),
    [
        ("2026-Q4", NOV_2026, "2027-Q1"),
        ("2026-Q2", dt.date(2026, 4, 1), "2026-Q3"),
        (None, NOV_2026, "2026-Q4"),
        (None, dt.date(2026, 1, 1), "2026-Q1"),
        (None, dt.date(2026, 3, 31), "2026-Q1"),
        ("Spring review", NOV_2026, "2026-Q4"),
        ("2024-Q1", NOV_2026, "2026-Q4"),  # a long pause: not a quarter in the past
        ("2026-q3", NOV_2026, "2026-Q4"),
    ],
)
def test_next_cycle_name(latest: str | None, today: dt.date, expected: str) -> None:
    assert cycles.next_cycle_name(latest, today) == expected


def test_quarter_dates() -> None:
    assert cycles.quarter_dates(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert cycles.quarter_dates(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_start_list_get_latest(db: Database) -> None:
    assert cycles.latest_cycle(db) is None and cycles.list_cycles(db) == []
    q4 = cycles.start_cycle(db, today=NOV_2026)
    assert q4 == Cycle(q4.id, "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), False)
    q1 = cycles.start_cycle(db, today=NOV_2026)
    assert q1.name == "2027-Q1" and cycles.latest_cycle(db) == q1
    custom = cycles.start_cycle(db, name="Calibration", today=dt.date(2026, 12, 1))
    assert (custom.starts_on, custom.ends_on) == (dt.date(2026, 12, 1), None)
    assert [c.name for c in cycles.list_cycles(db)] == ["2026-Q4", "Calibration", "2027-Q1"]
    assert cycles.get_cycle(db, "2027-q1") == q1 and cycles.get_cycle(db, q4.id) == q4
    with pytest.raises(NotFoundError, match=r"no cycle '2030-Q1' \(existing: 2026-Q4"):
        cycles.get_cycle(db, "2030-Q1")
    with pytest.raises(ValidationError, match="already exists"):
        cycles.start_cycle(db, name="2026-q4")
    lower = cycles.start_cycle(db, name="2025-q2", starts_on=dt.date(2025, 5, 2))
    assert (lower.name, lower.starts_on, lower.ends_on) == (
        "2025-Q2",
        dt.date(2025, 5, 2),
        dt.date(2025, 6, 30),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def any_back_end(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A SQLite file and a real PostgreSQL database.

    On PostgreSQL the copy checks its foreign keys once for the set:
    ``store.bulk.foreign_keys_checked_once``.
    """
    if request.param == "postgresql":
        target: str | Path = request.getfixturevalue("pg_url")
    else:
        target = tmp_path / "skills.db"
    database = open_database(target)
    yield database
    database.close()


def test_carry_forward_copies_both_sources_keeping_who_and_when(
    any_back_end: Database, engineer: Framework
) -> None:
    db = any_back_end
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann")
    bob = people.add_person(db, name="Bob")
    comps = fw.list_competencies(db)
    q1 = cycles.start_cycle(db, name="2026-Q1")
    ratings.rate(
        db,
        cycle_id=q1.id,
        person_id=ann.id,
        competency_id=comps[0].id,
        level=3,
        interest=2,
        note="solid",
        rated_by="Mia",
    )
    ratings.rate(
        db, cycle_id=q1.id, person_id=ann.id, competency_id=comps[1].id, not_applicable=True
    )
    ratings.rate(
        db,
        cycle_id=q1.id,
        person_id=bob.id,
        competency_id=comps[0].id,
        level=1,
        source=Source.SELF,
        rated_by="Bob",
    )
    before = ratings.list_ratings(db, q1.id)
    # Backdate one row to prove rated_on is copied, not reset to today.
    old = dt.date(2026, 1, 3)
    ratings.restore_rating(
        db,
        cycle_id=q1.id,
        source=Source.SELF,
        person_id=bob.id,
        competency_id=comps[0].id,
        rating=replace(before[-1], rated_on=old),
    )
    before = ratings.list_ratings(db, q1.id)
    q2 = cycles.start_cycle(db, name="2026-Q2")
    # Every value is copied; each copy remembers it was last confirmed in Q1.
    assert ratings.list_ratings(db, q2.id) == [replace(r, confirmed_cycle_id=q1.id) for r in before]
    assert ratings.list_ratings(db, q2.id, Source.SELF)[0].rated_on == old
    started = history(db, kind="cycles")[0]  # written in the same transaction
    assert (started.action, started.cycle) == ("cycle.start", "2026-Q2")
    assert "2026-Q1" in started.new  # carried from
    q3 = cycles.start_cycle(db, name="2026-Q3", carry_forward=False)
    assert ratings.list_ratings(db, q3.id) == []
    # Carry-forward copies from the latest cycle: Q3 (empty) now.
    q4 = cycles.start_cycle(db, name="2026-Q4")
    assert ratings.list_ratings(db, q4.id) == []


def test_close_and_reopen(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann")
    comp = fw.list_competencies(db)[0]
    q1 = cycles.start_cycle(db, name="2026-Q1")
    ratings.rate(db, cycle_id=q1.id, person_id=ann.id, competency_id=comp.id, level=2)
    closed = cycles.close_cycle(db, "2026-Q1")
    assert closed.closed and cycles.get_cycle(db, q1.id).closed
    with pytest.raises(ReadOnlyError, match="2026-Q1 is closed"):
        ratings.rate(db, cycle_id=q1.id, person_id=ann.id, competency_id=comp.id, level=3)
    with pytest.raises(ReadOnlyError):
        ratings.restore_rating(
            db,
            cycle_id=q1.id,
            source="manager",
            person_id=ann.id,
            competency_id=comp.id,
            rating=None,
        )
    with pytest.raises(ReadOnlyError):
        ratings.rate_many(db, cycle_id=q1.id, cells=[(ann.id, comp.id)], level=1)
    assert (
        ratings.get_rating(db, cycle_id=q1.id, person_id=ann.id, competency_id=comp.id).level == 2
    )  # type: ignore[union-attr]
    # A closed cycle can still be carried forward (it is history, not frozen away).
    q2 = cycles.start_cycle(db, name="2026-Q2")
    with db.session() as s:
        assert len(repo_list_ratings(s, q2.id)) == 1
    assert not cycles.reopen_cycle(db, q1.id).closed
    ratings.rate(db, cycle_id=q1.id, person_id=ann.id, competency_id=comp.id, level=3)
