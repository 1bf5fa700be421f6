"""Framework editor operations: each one transaction, each returning the changed record."""

from __future__ import annotations

import pytest

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import framework_edit as edit
from skillmatrix.services import frameworks as fw
from skillmatrix.store.database import Database


def _names(db: Database) -> list[str]:
    return [c.name for c in fw.list_competencies(db)]


def test_categories(db: Database) -> None:
    a = edit.add_category(db, name="  Hard   skills ")
    b = edit.add_category(db, name="Soft skills")
    assert (a.name, a.position, b.position) == ("Hard skills", 0, 1)
    with pytest.raises(ValidationError, match="exists"):
        edit.add_category(db, name="hard skills")
    with pytest.raises(ValidationError, match="needs a name"):
        edit.add_category(db, name="   ")
    assert edit.rename_category(db, category="hard skills", new_name="Hard Skills").name == (
        "Hard Skills"
    )
    with pytest.raises(ValidationError, match="exists"):
        edit.rename_category(db, category=a.id, new_name="soft skills")
    order = edit.move_category(db, category="Soft skills", position=0)
    assert [c.name for c in order] == ["Soft skills", "Hard Skills"]
    assert [c.position for c in order] == [0, 1]


def test_add_rename_describe_competency(db: Database) -> None:
    sql = edit.add_competency(
        db,
        name="SQL",
        category="Data",
        critical=True,
        rule=CoverageRule(3, 2),
        description=" Queries ",
    )
    assert (sql.category, sql.critical, sql.rule, sql.description) == (
        "Data",
        True,
        CoverageRule(3, 2),
        "Queries",
    )
    assert edit.add_competency(db, name="Go", category="Data").position == 1
    with pytest.raises(ValidationError, match="already exists"):
        edit.add_competency(db, name="sql", category="Data")
    with pytest.raises(ValidationError, match="already exists"):
        edit.rename_competency(db, competency="Go", new_name="SQL")
    assert edit.rename_competency(db, competency="sql", new_name="Sql").name == "Sql"
    assert edit.set_description(db, competency=sql.id, description="x").description == "x"
    with pytest.raises(NotFoundError, match=r"existing: Go, Sql"):
        edit.rename_competency(db, competency="Rust", new_name="Rust2")


def test_move_competency_within_and_across_categories(db: Database) -> None:
    for name in ("A", "B", "C"):
        edit.add_competency(db, name=name, category="One")
    edit.add_competency(db, name="X", category="Two")
    edit.move_competency(db, competency="C", position=0)
    assert _names(db) == ["C", "A", "B", "X"]
    moved = edit.move_competency(db, competency="A", position=99)
    assert moved.position == 2 and _names(db) == ["C", "B", "A", "X"]
    moved = edit.move_competency(db, competency="B", position=0, category="Two")
    assert moved.category == "Two" and _names(db) == ["C", "A", "B", "X"]
    assert [c.position for c in fw.list_competencies(db)] == [0, 1, 0, 1]


def test_critical_rule_and_level_descriptions(db: Database) -> None:
    edit.add_competency(db, name="SQL", category="Data")
    assert edit.set_critical(db, competency="SQL", critical=True).critical
    assert edit.set_rule(db, competency="SQL", min_people=1, min_level=4).rule == CoverageRule(1, 4)
    with pytest.raises(ValidationError, match="outside the scale"):
        edit.set_rule(db, competency="SQL", min_people=1, min_level=5)
    with pytest.raises(ValidationError, match="at least 1"):
        edit.set_rule(db, competency="SQL", min_people=0, min_level=2)
    comp = edit.set_level_description(db, competency="SQL", level=2, text=" Joins ")
    assert comp.level_descriptions == {2: "Joins"}
    comp = edit.set_level_description(db, competency="SQL", level=2, text="Window functions")
    assert comp.level_descriptions == {2: "Window functions"}
    assert (
        edit.set_level_description(db, competency="SQL", level=2, text="").level_descriptions == {}
    )
    with pytest.raises(ValidationError):
        edit.set_level_description(db, competency="SQL", level=9, text="x")


def test_roles_and_targets(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    role = edit.add_role(db, name="Data Engineer")
    assert role.targets == {}
    with pytest.raises(ValidationError, match="exists"):
        edit.add_role(db, name="data engineer")
    role = edit.set_target(
        db, role="Data Engineer", seniority="senior", competency="Testing", level=3
    )
    testing = fw.get_competency(db, "Testing")
    assert role.target(Seniority.SENIOR, testing.id) == 3
    role = edit.set_target(
        db, role=role.id, seniority=Seniority.SENIOR, competency=testing.id, level=None
    )
    assert role.targets == {}
    with pytest.raises(ValidationError, match="seniority"):
        edit.set_target(db, role="Engineer", seniority="Boss", competency="Testing", level=1)
    with pytest.raises(ValidationError, match="outside the scale"):
        edit.set_target(db, role="Engineer", seniority="Mid", competency="Testing", level=7)
    with pytest.raises(NotFoundError, match="no role"):
        edit.set_target(db, role="Nobody", seniority="Mid", competency="Testing", level=1)


def test_remove_competency_reports_deleted_ratings(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann")
    cycle = cycles.start_cycle(db, name="2026-Q1")
    api = fw.get_competency(db, "API design")
    ratings.rate(db, cycle_id=cycle.id, person_id=ann.id, competency_id=api.id, level=2)
    ratings.rate(
        db, cycle_id=cycle.id, person_id=ann.id, competency_id=api.id, level=3, source="self"
    )
    assert edit.count_competency_ratings(db, competency="api design") == 2
    assert edit.remove_competency(db, competency="API design").rating_count == 2
    assert _names(db) == ["Testing", "Communication"]
    assert fw.list_competencies(db)[0].position == 0
    assert api.id not in fw.get_role(db, "Engineer").competency_ids
    assert ratings.list_ratings(db, cycle.id) == []
