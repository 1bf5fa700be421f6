"""A goal's actions on SQLite and PostgreSQL.

Add, edit, mark done, remove and restore, each one transaction; a refusal changes nothing;
an edit from a stale load is refused.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from skillmatrix.core.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services import goal_actions as ga
from skillmatrix.services import growth_plans as gp
from skillmatrix.store import models
from skillmatrix.store.database import Database


def _rows(db: Database) -> list[tuple[object, ...]]:
    A = models.GoalAction
    with db.reading() as s:
        query = select(A.id, A.goal_id, A.person_id, A.kind, A.text, A.mentor_id, A.status,
                       A.version).order_by(A.id)  # fmt: skip
        return [tuple(r) for r in s.execute(query)]


@pytest.fixture
def goal(db: Database, engineer: Framework) -> gp.Goal:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", role="Engineer", seniority="mid").id
    people.add_person(db, name="Bob", role="Engineer", seniority="senior")
    comp = fw.list_competencies(db)[0].id
    cycles.start_cycle(db, name="2026-Q1")
    return gp.create_goal(db, person_id=ann, competency_id=comp, target_level=3)


def _bob(db: Database) -> int:
    return next(p.id for p in people.list_people(db) if p.name == "Bob")


def test_a_goal_holds_several_actions_each_with_its_status(db: Database, goal: gp.Goal) -> None:
    bob = _bob(db)
    mentor = ga.add_action(db, goal.id, kind="mentor", mentor_id=bob, text="pairing weekly")
    course = ga.add_action(db, goal.id, kind="Course", text="  API   design ")
    project = ga.add_action(db, goal.id, kind="project", text='=HYPERLINK("x")')
    assert (mentor.person_id, mentor.mentor, course.text) == (goal.person_id, "Bob", "API design")
    before, done = ga.set_action_status(db, course.id, "done", expected_version=course.version)
    assert (before.status, done.status, done.version) == ("open", "done", course.version + 1)
    [stored] = gp.list_goals(db, person_id=goal.person_id)
    assert [a.id for a in stored.actions] == [mentor.id, course.id, project.id]
    assert stored.action() == (
        'mentor: Bob, pairing weekly; course: API design (done); project: =HYPERLINK("x")'
    )
    _b, edited = ga.update_action(db, project.id, text="the billing migration")
    assert edited.text == "the billing migration" and edited.kind == "project"
    _b, changed = ga.update_action(db, mentor.id, kind="course", text="Mentoring 101")
    assert (changed.kind, changed.mentor_id) == ("course", None)  # no longer a mentor


def test_remove_and_restore_keep_the_id_and_a_goals_removal_takes_its_actions(
    db: Database, goal: gp.Goal
) -> None:
    course = ga.add_action(db, goal.id, kind="course", text="SRE")
    mentor = ga.add_action(db, goal.id, kind="mentor", mentor_id=_bob(db))
    removed = ga.remove_action(db, course.id, expected_version=course.version)
    assert [r[0] for r in _rows(db)] == [mentor.id]
    back = ga.restore_action(db, removed)
    assert back == course and [r[0] for r in _rows(db)] == [course.id, mentor.id]
    _b, done = ga.set_action_status(db, course.id, "done", expected_version=course.version)
    again_back = ga.restore_action(db, ga.remove_action(db, course.id, expected_version=2))
    assert again_back == done and again_back.version == 2  # an older undo step still fits
    whole = gp.remove_goal(db, goal.id)
    assert _rows(db) == [] and [a.id for a in whole.actions] == [course.id, mentor.id]
    again = gp.restore_goal(db, whole)
    assert again.actions == whole.actions


def test_a_mentor_deleted_since_is_left_out_on_restore(db: Database, goal: gp.Goal) -> None:
    bob = _bob(db)
    mentor = ga.add_action(db, goal.id, kind="mentor", mentor_id=bob, text="weekly")
    removed = ga.remove_action(db, mentor.id)
    people.delete_person(db, bob)
    back = ga.restore_action(db, removed)
    assert (back.mentor_id, back.text, back.label()) == (None, "weekly", "mentor: weekly")


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"kind": "book", "text": "x"}, ValidationError, "goal action 'book'"),
        ({"kind": "course"}, ValidationError, "a course action says which course"),
        ({"kind": "mentor"}, ValidationError, "a mentor action names its mentor"),
        ({"kind": "course", "text": "x" * 501}, ValidationError, "at most 500"),
        ({"kind": "course", "text": "x", "status": "half"}, ValidationError, "use open or done"),
        ({"kind": "project", "text": "x", "mentor": "bob"}, ValidationError, "goes with"),
        ({"kind": "mentor", "mentor": "self"}, ValidationError, "Ann cannot be their own"),
        ({"kind": "mentor", "mentor": 9999}, NotFoundError, "no mentor with id 9999"),
        ({"kind": "course", "text": "x", "goal": 9999}, NotFoundError, "no goal with id 9999"),
    ],
)
def test_a_refused_action_writes_nothing(
    db: Database, goal: gp.Goal, fields: dict[str, object], error: type, match: str
) -> None:
    fields = dict(fields)  # the parameters are shared by the SQLite and PostgreSQL runs
    mentor = fields.pop("mentor", None)
    mentor_id = {"bob": _bob(db), "self": goal.person_id}.get(str(mentor), mentor)
    goal_id = fields.pop("goal", goal.id)
    with pytest.raises(error, match=match):
        ga.add_action(db, goal_id, mentor_id=mentor_id, **fields)  # type: ignore[arg-type]
    assert _rows(db) == []


def test_an_edit_from_a_stale_load_is_refused_and_changes_nothing(
    db: Database, goal: gp.Goal
) -> None:
    loaded = ga.add_action(db, goal.id, kind="course", text="SRE")
    ga.update_action(db, loaded.id, expected_version=loaded.version, text="SRE basics")
    before = _rows(db)
    with pytest.raises(ChangedMeanwhileError, match="the course action was changed"):
        ga.set_action_status(db, loaded.id, "done", expected_version=loaded.version)
    with pytest.raises(ChangedMeanwhileError, match="since you loaded it"):
        ga.remove_action(db, loaded.id, expected_version=loaded.version)
    assert _rows(db) == before
    ga.remove_action(db, loaded.id)
    with pytest.raises(NotFoundError, match="removed meanwhile"):
        ga.set_action_status(db, loaded.id, "done")
    with pytest.raises(ValidationError, match="exists already"):
        ga.restore_action(db, ga.restore_action(db, loaded))
