"""Deletions that undo can take back exactly: people, competencies, teams, categories."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from skillmatrix.core.errors import NotFoundError, ReadOnlyError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Cycle, Person
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import framework_edit as edit
from skillmatrix.services import frameworks as fw
from skillmatrix.store.database import Database

RATING_COLUMNS = (
    "cycle_id, person_id, competency_id, source, level, not_applicable, interest, note, "
    "rated_by, rated_on"
)


def _rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    """Raw rows as the database holds them (every column, dates as stored)."""
    with db.session() as s:
        return [tuple(r) for r in s.execute(text(sql))]


#: Every column of people but its row version (a restored row is a new row: version 1).
PEOPLE_SQL = (
    "SELECT id, name, email, team_id, role_id, seniority, active, created_at "
    "FROM people ORDER BY id"
)


def _ratings(db: Database) -> list[tuple[Any, ...]]:
    return _rows(db, f"SELECT {RATING_COLUMNS} FROM ratings ORDER BY {RATING_COLUMNS}")


def _framework_rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: _rows(db, f"SELECT {columns} FROM {table} ORDER BY {columns}")
        for table, columns in (
            ("categories", "id, name, position"),
            ("competencies", "id, name, category_id, description, critical, position"),
            ("competency_level_descriptions", "competency_id, level, text"),
            ("coverage_rules", "competency_id, min_people, min_level"),
            ("targets", "role_id, seniority, competency_id, level"),
        )
    }


def _two_cycles(db: Database, ann: Person, bob: Person) -> tuple[Cycle, Cycle]:
    """Ann and Bob rated in a closed 2026-Q1 (carried into an open Q2), both sources."""
    q1 = cycles.start_cycle(db, name="2026-Q1")
    comps = fw.list_competencies(db)
    ratings.rate_many(db, cycle_id=q1.id, cells=[(ann.id, c.id) for c in comps], level=2)
    ratings.rate(db, cycle_id=q1.id, person_id=bob.id, competency_id=comps[0].id, level=4)
    ratings.rate(
        db,
        cycle_id=q1.id,
        person_id=ann.id,
        competency_id=comps[1].id,
        level=3,
        interest=2,
        note="Wants to lead the test strategy",
        source="self",
        rated_by="ann",
    )
    ratings.rate(
        db, cycle_id=q1.id, person_id=ann.id, competency_id=comps[2].id, not_applicable=True
    )
    q2 = cycles.start_cycle(db, name="2026-Q2")  # carries Q1 forward
    ratings.rate(db, cycle_id=q2.id, person_id=ann.id, competency_id=comps[0].id, level=4)
    cycles.close_cycle(db, q1.id)
    return q1, q2


def test_delete_then_restore_person_gives_back_identical_rows(
    db: Database, engineer: Framework
) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", email="ann@example.com", team="Core", role="Engineer")
    ann = people.set_active(db, ann.id, False)
    bob = people.add_person(db, name="Bob", team="Core")
    q1, q2 = _two_cycles(db, ann, bob)
    before = {c.id: ratings.list_ratings(db, c.id) for c in (q1, q2)}
    raw_people, raw_ratings = _rows(db, PEOPLE_SQL), _ratings(db)

    deleted = people.delete_person(db, ann.id)
    assert deleted.person == ann and deleted.rating_count == 8
    assert {r.cycle_id for r in deleted.ratings} == {q1.id, q2.id}
    assert all(r.rating.person_id == ann.id for r in deleted.ratings)
    assert [p.id for p in people.list_people(db, include_inactive=True)] == [bob.id]

    restored = people.restore_person(db, deleted=deleted)
    assert restored == ann  # same id, team, role, seniority, inactive
    assert {c.id: ratings.list_ratings(db, c.id) for c in (q1, q2)} == before
    assert _rows(db, PEOPLE_SQL) == raw_people  # created_at too
    assert _ratings(db) == raw_ratings
    assert cycles.get_cycle(db, q1.id).closed  # restoring did not reopen it

    # The closed cycle is still read-only for ordinary edits.
    with pytest.raises(ReadOnlyError):
        ratings.rate(db, cycle_id=q1.id, person_id=ann.id, competency_id=1, level=1)
    # A second restore is refused and writes nothing.
    with pytest.raises(ValidationError, match=f"person #{ann.id} already exists"):
        people.restore_person(db, deleted=deleted)
    assert _ratings(db) == raw_ratings
    # Redo: delete again, restore again.
    assert people.delete_person(db, ann.id) == deleted
    people.restore_person(db, deleted=deleted)
    assert _ratings(db) == raw_ratings


def test_restore_person_with_thousands_of_ratings(db: Database) -> None:
    for n in range(60):
        edit.add_competency(db, name=f"Skill {n:02}", category="Hard skills")
    ann = people.add_person(db, name="Ann")
    first = cycles.start_cycle(db, name="C00")
    cells = [(ann.id, c.id) for c in fw.list_competencies(db)]
    ratings.rate_many(db, cycle_id=first.id, cells=cells, level=3, note="steady")
    ratings.rate_many(db, cycle_id=first.id, cells=cells, level=2, source="self")
    for n in range(1, 25):
        cycles.start_cycle(db, name=f"C{n:02}")
    cycles.close_cycle(db, first.id)
    raw = _ratings(db)
    assert len(raw) == 3000

    deleted = people.delete_person(db, ann.id)
    assert deleted.rating_count == 3000 and _ratings(db) == []
    people.restore_person(db, deleted=deleted)
    assert _ratings(db) == raw


def test_restore_person_is_all_or_nothing(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Core")
    bob = people.add_person(db, name="Bob")
    _two_cycles(db, ann, bob)
    deleted = people.delete_person(db, ann.id)
    edit.remove_competency(db, competency="Testing")  # outside any undo order
    with pytest.raises(NotFoundError, match="no competency"):
        people.restore_person(db, deleted=deleted)
    assert [p.name for p in people.list_people(db)] == ["Bob"]


def test_restore_person_recreates_a_team_removed_meanwhile(db: Database) -> None:
    ann = people.add_person(db, name="Ann", team="Core")
    deleted = people.delete_person(db, ann.id)
    people.remove_team(db, team="Core")
    assert people.restore_person(db, deleted=deleted).team == "Core"


def test_remove_competency_then_restore_gives_back_identical_rows(
    db: Database, engineer: Framework, backend: Framework
) -> None:
    fw.install_framework(db, engineer)
    fw.install_framework(db, backend)  # a second role targets "API design" too
    edit.set_level_description(db, competency="Testing", level=1, text="Writes unit tests")
    ann = people.add_person(db, name="Ann")
    bob = people.add_person(db, name="Bob")
    q1, _q2 = _two_cycles(db, ann, bob)
    testing = fw.get_competency(db, "Testing")
    assert testing.position == 1  # in the middle of Hard skills
    comps_before, roles_before = fw.list_competencies(db), fw.list_roles(db)
    rows_before, raw_ratings = _framework_rows(db), _ratings(db)

    removed = edit.remove_competency(db, competency="testing")
    assert removed.competency == testing and removed.rating_count == 4
    assert {t.role_id for t in removed.targets} == {fw.get_role(db, "Engineer").id}
    assert "Testing" not in [c.name for c in fw.list_competencies(db)]

    restored = edit.restore_competency(db, deleted=removed)
    assert restored == testing  # same id, position, rule, level descriptions
    assert fw.list_competencies(db) == comps_before
    assert fw.list_roles(db) == roles_before
    assert _framework_rows(db) == rows_before
    assert _ratings(db) == raw_ratings
    assert cycles.get_cycle(db, q1.id).closed
    with pytest.raises(ValidationError, match="already exists"):
        edit.restore_competency(db, deleted=removed)


def test_restore_competency_after_the_category_was_renumbered(db: Database) -> None:
    for name in ("A", "B", "C", "D"):
        edit.add_competency(db, name=name, category="One")
    removed = edit.remove_competency(db, competency="B")
    edit.move_competency(db, competency="D", position=0)  # the others move meanwhile
    edit.restore_competency(db, deleted=removed)
    # Not in undo order (the move was not undone first): B goes back to its old rank.
    assert [c.name for c in fw.list_competencies(db)] == ["D", "B", "A", "C"]
    assert [c.position for c in fw.list_competencies(db)] == [0, 1, 2, 3]


def test_remove_competency_can_take_its_new_category(db: Database) -> None:
    edit.add_category(db, name="First")
    sql = edit.add_competency(db, name="SQL", category="Data")
    data = fw.list_categories(db)[-1]
    edit.add_category(db, name="Last")
    removed = edit.remove_competency(db, competency=sql.id, drop_empty_category=True)
    assert removed.category_removed and removed.category == data
    assert [c.name for c in fw.list_categories(db)] == ["First", "Last"]
    assert edit.restore_competency(db, deleted=removed) == sql
    assert fw.list_categories(db)[1] == data


def test_remove_team_only_when_empty(db: Database) -> None:
    core = people.add_team(db, name="Core")
    ann = people.add_person(db, name="Ann", team="Core")
    bob = people.add_person(db, name="Bob", team="Core")
    people.set_active(db, bob.id, False)
    with pytest.raises(ValidationError, match="2 people are still in it"):
        people.remove_team(db, team="core")
    people.update_person(db, ann.id, team=None)
    with pytest.raises(ValidationError, match="1 person is still in it"):
        people.remove_team(db, team=core.id)
    people.update_person(db, bob.id, team=None)
    assert people.remove_team(db, team="Core") == core
    assert people.list_teams(db) == []
    with pytest.raises(NotFoundError, match="no team"):
        people.remove_team(db, team="Core")
    assert people.restore_team(db, team=core) == core
    with pytest.raises(ValidationError, match="already exists"):
        people.restore_team(db, team=core)


def test_remove_category_only_when_empty(db: Database) -> None:
    hard = edit.add_category(db, name="Hard skills")
    edit.add_competency(db, name="SQL", category="Hard skills")
    soft = edit.add_category(db, name="Soft skills")
    tools = edit.add_category(db, name="Tools")
    with pytest.raises(ValidationError, match="still has 1 competency"):
        edit.remove_category(db, category=hard.id)
    assert edit.remove_category(db, category="soft SKILLS") == soft
    assert [c.name for c in fw.list_categories(db)] == ["Hard skills", "Tools"]
    assert edit.restore_category(db, category=soft) == soft
    assert fw.list_categories(db) == [hard, soft, tools]

    # Put back at its place even when the others were renumbered meanwhile.
    edit.remove_category(db, category=soft.id)
    edit.move_category(db, category=tools.id, position=0)
    edit.move_category(db, category=tools.id, position=1)  # Hard 0, Tools 1
    edit.restore_category(db, category=soft)
    assert [c.name for c in fw.list_categories(db)] == ["Hard skills", "Soft skills", "Tools"]
    with pytest.raises(ValidationError, match="exists"):
        edit.restore_category(db, category=soft)
