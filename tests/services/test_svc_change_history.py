"""The change history of people, the framework and cycles.

Every service that changes one writes its row in the same transaction (SQLite and
PostgreSQL), and ``history`` reads them beside the ratings'.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from skillmatrix.core.errors import (
    ChangedMeanwhileError,
    NotFoundError,
    SkillMatrixError,
    ValidationError,
)
from skillmatrix.core.frameworks import Framework
from skillmatrix.services import cycles, people, ratings, reorg, review
from skillmatrix.services import framework_edit as edit
from skillmatrix.services import frameworks as fw
from skillmatrix.services.excel_import import import_file
from skillmatrix.services.history import HistoryEntry, history
from skillmatrix.store import models
from skillmatrix.store.database import Database


def _rows(entries: list[HistoryEntry]) -> list[tuple[str, str, str, str, str]]:
    """(action, person, competency, old, new), oldest first."""
    return [(e.action, e.person, e.competency, e.old, e.new) for e in reversed(entries)]


def _changes(entries: list[HistoryEntry]) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    """(action, old JSON, new JSON), oldest first."""
    return [
        (e.action, json.loads(e.old or "{}"), json.loads(e.new or "{}")) for e in reversed(entries)
    ]


def test_each_change_of_a_person_is_recorded_with_who_and_action(db: Database) -> None:
    ann = people.add_person(db, name="Ann", email="ann@x.org", team="Red", seniority="Senior")
    people.update_person(db, ann.id, email="ann@y.org", seniority="Staff")
    people.update_person(db, ann.id, email="ann@y.org")  # nothing changes: nothing recorded
    people.move_people(db, {ann.id: "Blue"})
    people.set_active(db, ann.id, False)
    people.set_active(db, ann.id, True)
    deleted = people.delete_person(db, ann.id)
    people.restore_person(db, deleted=deleted)
    entries = history(db, kind="people")
    assert {e.who for e in entries} == {db.identity} and {e.kind for e in entries} == {"person"}
    assert {(e.person, e.competency, e.source) for e in entries} == {("Ann", "", None)}
    assert _changes(entries) == [
        (
            "person.add",
            {},
            {
                "name": "Ann",
                "email": "ann@x.org",
                "team": "Red",
                "role": "",
                "seniority": "Senior",
                "active": True,
            },
        ),
        (
            "person.edit",
            {"email": "ann@x.org", "seniority": "Senior"},
            {"email": "ann@y.org", "seniority": "Staff"},
        ),
        ("person.move", {"team": "Red"}, {"team": "Blue"}),
        ("person.deactivate", {"active": True}, {"active": False}),
        ("person.activate", {"active": False}, {"active": True}),
        ("person.delete", {**_fields("ann@y.org"), "ratings": 0}, {}),
        ("person.restore", {}, {**_fields("ann@y.org"), "ratings": 0}),
    ]


def _fields(email: str) -> dict[str, object]:
    return {
        "name": "Ann",
        "email": email,
        "team": "Blue",
        "role": "",
        "seniority": "Staff",
        "active": True,
    }


def test_a_refused_change_leaves_no_history(db: Database) -> None:
    bob = people.add_person(db, name="Bob")
    people.update_person(db, bob.id, name="Robert")
    with pytest.raises(ChangedMeanwhileError):  # loaded before the rename: stale
        people.update_person(db, bob.id, name="Bobby", expected_version=bob.version)
    with pytest.raises(ValidationError):  # the name changes first, then the email fails
        people.update_person(db, bob.id, name="Rob", email="not an address")
    assert [e.action for e in history(db)] == ["person.edit", "person.add"]
    assert people.get_person(db, bob.id).name == "Robert"


def test_a_reorg_and_its_undo_are_moves(db: Database) -> None:
    cy = people.add_person(db, name="Cy", team="Red")
    applied = reorg.apply_reorg(db, {cy.id: "Green"})
    reorg.undo_reorg(db, applied)
    assert _rows(history(db, person="Cy", kind="people"))[1:] == [
        ("person.move", "Cy", "", '{"team": "Red"}', '{"team": "Green"}'),
        ("person.move", "Cy", "", '{"team": "Green"}', '{"team": "Red"}'),
    ]


def test_each_change_of_the_framework_is_recorded(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    installed = len(history(db, kind="framework"))  # (see the install's own test)
    comp = edit.add_competency(db, name="Go", category="Hard skills")
    edit.rename_competency(db, competency=comp.id, new_name="Golang")
    edit.set_critical(db, competency="golang", critical=True)
    edit.set_rule(db, competency="golang", min_people=3, min_level=2)
    edit.set_description(db, competency="golang", description="  Writes Go  ")
    edit.set_level_description(db, competency="golang", level=3, text="ships services")
    edit.set_target(db, role="Engineer", seniority="Senior", competency="golang", level=3)
    edit.set_target(db, role="Engineer", seniority="Senior", competency="golang", level=4)
    edit.set_target(db, role="Engineer", seniority="Senior", competency="golang", level=None)
    edit.set_critical(db, competency="golang", critical=True)  # unchanged: not recorded
    removed = edit.remove_competency(db, competency="golang")
    edit.restore_competency(db, deleted=removed)
    entries = history(db, kind="framework")[:-installed]
    assert {e.who for e in entries} == {db.identity}
    assert {(e.person, e.competency) for e in entries} <= {("", "Go"), ("", "Golang")}
    target = {"role": "Engineer", "seniority": "Senior"}
    assert [(a, o, n) for a, o, n in _changes_text(entries)] == [
        ("competency.add", "", None),
        ("competency.rename", "Go", "Golang"),
        ("competency.critical", "false", "true"),
        ("competency.rule", None, {"min_people": 3, "min_level": 2}),
        ("competency.description", "", "Writes Go"),
        ("competency.level_description", {"3": ""}, {"3": "ships services"}),
        ("target.set", {**target, "level": None}, {**target, "level": 3}),
        ("target.set", {**target, "level": 3}, {**target, "level": 4}),
        ("target.clear", {**target, "level": 4}, {**target, "level": None}),
        ("competency.remove", {"category": "Hard skills", "ratings": 0}, ""),
        ("competency.restore", "", {"category": "Hard skills", "ratings": 0}),
    ]
    assert [e.kind for e in entries if e.action.startswith("target.")] == ["target"] * 3


def _changes_text(entries: list[HistoryEntry]) -> list[tuple[str, object, object]]:
    """(action, old, new), oldest first; JSON decoded.

    None for values the test skips (the rule and fields of an added competency depend on the
    scale).
    """

    def value(action: str, text: str, side: str) -> object:
        if (action, side) in {("competency.add", "new"), ("competency.rule", "old")}:
            return None
        return json.loads(text) if text.startswith("{") else text

    return [
        (e.action, value(e.action, e.old, "old"), value(e.action, e.new, "new"))
        for e in reversed(entries)
    ]


def test_each_change_of_a_cycle_is_recorded(db: Database) -> None:
    q1 = cycles.start_cycle(db, name="2026-Q1")
    q2 = cycles.start_cycle(db, name="2026-Q2", close_previous=True, due=dt.date(2026, 6, 1))
    cycles.reopen_cycle(db, q1.id)
    cycles.close_cycle(db, q1.id)
    cycles.close_cycle(db, q1.id)  # already closed: nothing to record
    review.set_due(db, q2.id, dt.date(2026, 6, 15))
    review.set_due(db, q2.id, None)
    entries = history(db, kind="cycles")
    assert {(e.who, e.person, e.competency, e.kind) for e in entries} == {
        (db.identity, "", "", "cycle")
    }
    rows = [(e.action, e.cycle, e.old, e.new) for e in reversed(entries)]
    started = json.loads(rows[1][3])
    assert started == {
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
        "due_on": "2026-06-01",
        "carried_from": "2026-Q1",
    }
    assert [r for i, r in enumerate(rows) if i != 1][1:] == [
        ("cycle.close", "2026-Q1", "open", "closed"),  # closed by starting Q2, same transaction
        ("cycle.reopen", "2026-Q1", "closed", "open"),
        ("cycle.close", "2026-Q1", "open", "closed"),
        ("cycle.due", "2026-Q2", "2026-06-01", "2026-06-15"),
        ("cycle.due", "2026-Q2", "2026-06-15", ""),
    ]
    assert rows[0][:2] == ("cycle.start", "2026-Q1")


def test_history_merges_ratings_and_changes_and_filters_them(
    db: Database, engineer: Framework
) -> None:
    fw.install_framework(db, engineer)
    installed = len(history(db))
    ann = people.add_person(db, name="Ann", email="ann@x.org")
    bob = people.add_person(db, name="Bob")
    api = next(c for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    ratings.rate(db, cycle_id=q1, person_id=ann.id, competency_id=api.id, level=2)
    edit.rename_competency(db, competency=api.id, new_name="API Design")
    people.update_person(db, ann.id, team="Red")
    every = history(db)[:-installed]
    assert [e.action for e in every] == [
        "person.move",
        "competency.rename",
        "rate",
        "cycle.start",
        "person.add",
        "person.add",
    ]
    rate = every[2]
    assert (rate.kind, rate.person, rate.competency, rate.old, rate.new) == (
        "rating",
        "Ann",
        "API Design",
        "not rated",
        "2",
    )
    assert [e.action for e in history(db, kind="ratings")] == ["rate"]
    assert [e.action for e in history(db, person="ann@x.org")] == [
        "person.move",
        "rate",
        "person.add",
    ]
    assert [e.action for e in history(db, competency="api design")] == [
        "competency.rename",
        "rate",
        "target.install",
        "competency.add",
    ]
    assert [e.action for e in history(db, person="Ann", competency="API design")] == ["rate"]
    assert [e.action for e in history(db, limit=2)] == ["person.move", "competency.rename"]
    assert history(db, since=dt.date.today() + dt.timedelta(days=1)) == []
    # Someone deleted is found by the name the history kept; their ratings went with them.
    people.delete_person(db, bob.id)
    assert [e.action for e in history(db, person="bob")] == ["person.delete", "person.add"]
    with pytest.raises(NotFoundError):
        history(db, person="Nobody")
    with pytest.raises(ValidationError, match="unknown history kind"):
        history(db, kind="teams")  # type: ignore[arg-type]


def test_an_import_records_the_people_and_competencies_it_adds(
    db: Database, tmp_path: Path
) -> None:
    sheet = tmp_path / "team.csv"
    sheet.write_text("Name,Team,API design\nAda,Core,3\nBo,Edge,2\n", encoding="utf-8")
    result = import_file(db, sheet, create_cycle=True)
    assert result.applied, result.problems
    added = history(db, kind="people") + history(db, kind="framework")
    assert sorted((e.action, e.person or e.competency, e.who) for e in added) == [
        ("competency.add", "API design", db.identity),
        ("person.add", "Ada", db.identity),
        ("person.add", "Bo", db.identity),
    ]
    ada = next(e for e in added if e.person == "Ada")
    assert json.loads(ada.new) == {"team": "Core", "via": "import of team.csv"}
    assert history(db, kind="ratings", person="Ada")[0].new == "3"
    # A dry run writes nothing, history included.
    sheet.write_text("Name,Team,API design\nCy,Core,3\n", encoding="utf-8")
    assert import_file(db, sheet, dry_run=True).applied is False
    assert {e.person for e in history(db, kind="people")} == {"Ada", "Bo"}


def _refuse_deletes(db: Database, *tables: str) -> None:
    """Real database triggers failing any DELETE on ``tables``.

    A deletion then fails after its history row was written (deletions record first).
    """
    with db.session() as s:
        if db.shared:  # PostgreSQL
            s.execute(
                text(
                    "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS"
                    " $$ BEGIN RAISE EXCEPTION 'deletes refused by the test'; END $$"
                )
            )
        for table in tables:
            s.execute(
                text(
                    f"CREATE TRIGGER test_refuse_{table} BEFORE DELETE ON {table}"
                    + (
                        " FOR EACH ROW EXECUTE FUNCTION test_refuse()"
                        if db.shared
                        else " BEGIN SELECT RAISE(ABORT, 'deletes refused by the test'); END"
                    )
                )
            )


def _change_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(models.ChangeHistory)) or 0


def test_an_action_that_fails_after_its_history_row_rolls_it_back(
    db: Database, engineer: Framework
) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Red")
    before = _change_count(db)
    _refuse_deletes(db, "people", "competencies")
    with pytest.raises(SkillMatrixError, match="deletes refused by the test"):
        people.delete_person(db, ann.id)
    with pytest.raises(SkillMatrixError, match="deletes refused by the test"):
        edit.remove_competency(db, competency="API design")
    assert _change_count(db) == before  # neither person.delete nor competency.remove stayed
    assert people.get_person(db, ann.id).name == "Ann"
    assert [e.action for e in history(db, person="Ann")] == ["person.add"]


def test_a_refused_import_records_nobody(db: Database, tmp_path: Path) -> None:
    sheet = tmp_path / "team.csv"
    sheet.write_text("Name,Team,API design\nAda,Core,3\nBo,Edge,seven\n", encoding="utf-8")
    result = import_file(db, sheet, create_cycle=True)
    assert not result.applied and result.problems
    assert _change_count(db) == 0


def test_moving_a_competency_is_recorded_once(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    api = fw.get_competency(db, "API design")
    edit.move_competency(db, competency=api.id, position=api.position)  # no change
    edit.move_competency(db, competency=api.id, position=0, category="Architecture")
    moved = history(db, kind="framework")[0]
    assert [e.action for e in history(db, kind="framework")].count("competency.move") == 1
    assert (moved.action, moved.competency) == ("competency.move", "API design")
    assert json.loads(moved.old) == {"category": api.category, "position": api.position}
    assert json.loads(moved.new) == {"category": "Architecture", "position": 0}


def test_installing_a_framework_records_what_it_adds_and_changes(
    db: Database, engineer: Framework
) -> None:
    fw.install_framework(db, engineer)
    first = history(db, kind="framework")
    added = {e.competency for e in first if e.action == "competency.add"}
    assert added == {spec.name for spec in engineer.competencies}
    installs = [e for e in first if e.action == "target.install"]
    assert {e.competency for e in installs} == {s.name for s in engineer.competencies if s.targets}
    spec = next(s for s in engineer.competencies if s.targets)
    entry = next(e for e in installs if e.competency == spec.name)
    assert json.loads(entry.old) == {"role": engineer.name}
    assert json.loads(entry.new) == {
        "role": engineer.name,
        **{sen.value: level for sen, level in spec.targets.items()},
    }
    fw.install_framework(db, engineer)  # the same again: nothing changes, nothing recorded
    assert len(history(db, kind="framework")) == len(first)
    changed = replace(
        engineer,
        competencies=tuple(
            replace(c, description="Changed", targets={}) if c is spec else c
            for c in engineer.competencies
        ),
    )
    fw.install_framework(db, changed)
    edit_row, target_row = history(db, kind="framework")[:2][::-1]
    assert (edit_row.action, edit_row.competency) == ("competency.edit", spec.name)
    assert json.loads(edit_row.new) == {
        "description": "Changed",
        "via": f"framework {engineer.name}",
    }
    assert (target_row.action, json.loads(target_row.new)) == (
        "target.install",
        {"role": engineer.name},
    )
