"""The database itself enforces the rules, whatever code writes to it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from skillmatrix.core.errors import ValidationError
from skillmatrix.store import models
from skillmatrix.store.database import Database


@pytest.fixture
def seeded(db: Database) -> Iterator[Database]:
    """One category, competency, role, team, person and cycle (all id 1)."""
    with db.session() as s:
        s.execute(text("INSERT INTO categories (id, name, position) VALUES (1, 'Skills', 0)"))
        s.execute(
            text(
                "INSERT INTO competencies (id, name, category_id, description, critical, "
                "position) VALUES (1, 'SQL', 1, '', 0, 0)"
            )
        )
        s.execute(text("INSERT INTO roles (id, name) VALUES (1, 'Engineer')"))
        s.execute(text("INSERT INTO teams (id, name) VALUES (1, 'Core')"))
        s.add(models.Person(id=1, name="Ann", team_id=1, role_id=1))
        s.add(models.Cycle(id=1, name="2026-Q1"))
    yield db


def _rating(**overrides: object) -> models.Rating:
    values: dict[str, object] = {
        "cycle_id": 1,
        "person_id": 1,
        "competency_id": 1,
        "source": "manager",
        "level": 2,
    }
    values.update(overrides)
    return models.Rating(**values)


def _refused(db: Database, *rows: object) -> None:
    with pytest.raises(ValidationError), db.session() as s:
        s.add_all(rows)


@pytest.mark.parametrize(
    "overrides",
    [
        {"level": 5},  # above the 0-4 scale
        {"level": -1},  # below it
        {"not_applicable": True},  # n/a together with a level
        {"interest": 4},
        {"interest": -1},
        {"source": "peer"},
        {"person_id": 99},
        {"competency_id": 99},
        {"cycle_id": 99},
    ],
)
def test_bad_rating_refused(seeded: Database, overrides: dict[str, object]) -> None:
    _refused(seeded, _rating(**overrides))


def test_duplicate_rating_refused_but_other_source_allowed(seeded: Database) -> None:
    with seeded.session() as s:
        s.add(_rating())
        s.add(_rating(source="self"))
    _refused(seeded, _rating(level=3))


def test_not_applicable_without_level_and_not_rated_rows_allowed(seeded: Database) -> None:
    with seeded.session() as s:
        s.add(_rating(level=None, not_applicable=True))
        s.add(_rating(level=None, source="self", interest=3, note="wants to learn"))


def test_other_rules(seeded: Database) -> None:
    _refused(seeded, models.Person(name="Bob", seniority="Intern"))
    _refused(seeded, models.Person(name="Bob", team_id=42))
    _refused(seeded, models.Target(role_id=1, seniority="Mid", competency_id=1, level=9))
    _refused(seeded, models.Target(role_id=1, seniority="Boss", competency_id=1, level=2))
    _refused(seeded, models.CoverageRule(competency_id=1, min_people=0, min_level=3))
    _refused(seeded, models.CoverageRule(competency_id=1, min_people=1, min_level=7))
    _refused(seeded, models.LevelDescription(competency_id=1, level=8, text="x"))
    _refused(seeded, models.Team(name="Core"))
    _refused(seeded, models.Competency(name="SQL", category_id=1))
    _refused(seeded, models.Competency(name="Go", category_id=77))
    _refused(seeded, models.Meta(id=2, app="skillmatrix"))
    with seeded.session() as s:
        s.add(models.Target(role_id=1, seniority="Mid", competency_id=1, level=2))
    _refused(seeded, models.Target(role_id=1, seniority="Mid", competency_id=1, level=3))
    _refused(
        seeded,
        models.Cycle(name="bad", starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 1, 1)),
    )


def test_deleting_a_person_or_competency_cascades(seeded: Database) -> None:
    with seeded.session() as s:
        s.add(_rating())
        s.add(models.Target(role_id=1, seniority="Mid", competency_id=1, level=2))
        s.add(models.CoverageRule(competency_id=1, min_people=1, min_level=2))
    with seeded.session() as s:
        s.execute(text("DELETE FROM people WHERE id = 1"))
        assert s.scalar(select(models.Rating.id)) is None
    with seeded.session() as s:
        s.execute(text("DELETE FROM competencies WHERE id = 1"))
        assert s.scalar(select(models.Target.id)) is None
        assert s.scalar(select(models.CoverageRule.competency_id)) is None


def test_deleting_team_or_role_keeps_people(seeded: Database) -> None:
    with seeded.session() as s:
        s.execute(text("DELETE FROM teams"))
        s.execute(text("DELETE FROM roles"))
    with seeded.session() as s:
        person = s.get(models.Person, 1)
        assert person is not None and person.team_id is None and person.role_id is None


def test_rules_hold_for_plain_sqlite_clients_too(seeded: Database, db_path: Path) -> None:
    # Another program (or a hand edit) that turns foreign keys on gets the same refusal.
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys = ON")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level, "
                "not_applicable, note, rated_by) VALUES (1, 1, 1, 'manager', 11, 0, '', '')"
            )
        with pytest.raises(sqlite3.IntegrityError):  # CHECKs need no pragma at all
            con.execute(
                "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level, "
                "not_applicable, note, rated_by) VALUES (1, 1, 1, 'manager', 2, 1, '', '')"
            )
    finally:
        con.close()
