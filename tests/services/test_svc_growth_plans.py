"""Growth plans on SQLite and PostgreSQL.

Each change one transaction, a refusal changes nothing, progress read from the ratings of
the cycles since a goal was set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from skillmatrix.core.errors import NotFoundError, SkillMatrixError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.plans import NewAction
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services import growth_plans as gp
from skillmatrix.store import models
from skillmatrix.store.database import Database


def _rows(db: Database) -> list[tuple[object, ...]]:
    G, A = models.GrowthGoal, models.GoalAction
    with db.reading() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(G.id, G.person_id, G.competency_id, G.target_level, G.by_cycle_id,
                       G.status).order_by(G.id)
            )
        ] + [
            tuple(r)
            for r in s.execute(
                select(A.id, A.goal_id, A.kind, A.text, A.mentor_id, A.status).order_by(A.id)
            )
        ]  # fmt: skip


@pytest.fixture
def team(db: Database, engineer: Framework) -> dict[str, int]:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", role="Engineer", seniority="mid").id
    bob = people.add_person(db, name="Bob", role="Engineer", seniority="senior").id
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    return {"ann": ann, "bob": bob, "q1": q1, **comps}


def test_create_update_remove_restore(db: Database, team: dict[str, int]) -> None:
    goal = gp.create_goal(
        db, person_id=team["ann"], competency_id=team["API design"], target_level=3,
        by_cycle_id=team["q1"], actions=[NewAction("course", "  API  course ")],
        created_by="mia",
    )  # fmt: skip
    assert (goal.person, goal.competency, goal.by_cycle, goal.action()) == (
        "Ann",
        "API design",
        "2026-Q1",
        "course: API course",
    )
    before, after = gp.set_status(db, goal.id, "In-Progress")
    assert (before.status, after.status) == ("planned", "in progress")
    _b, retargeted = gp.update_goal(db, goal.id, target_level=4)
    assert retargeted.target_level == 4 and retargeted.actions == goal.actions
    assert gp.restore_fields(db, before).status == "planned"
    assert [g.id for g in gp.list_goals(db, person_id=team["ann"])] == [goal.id]
    removed = gp.remove_goal(db, goal.id)
    assert gp.list_goals(db) == []
    back = gp.restore_goal(db, removed)
    assert back.id == goal.id and back.created_at == goal.created_at
    assert back.actions == goal.actions  # the actions come back under their ids


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"target_level": 9}, ValidationError, "not on the scale"),
        ({"status": "finished"}, ValidationError, "goal status 'finished'"),
        ({"actions": [NewAction("book", "x")]}, ValidationError, "goal action 'book'"),
        ({"actions": [NewAction("course", "x" * 501)]}, ValidationError, "at most 500"),
        ({"actions": [NewAction("course")]}, ValidationError, "says which course"),
        ({"by_cycle_id": 999}, NotFoundError, "no cycle with id 999"),
        ({"mentor_self": True}, ValidationError, "their own mentor"),
        ({"mentor_bob": "course"}, ValidationError, "goes with"),
        ({"mentor_id": 999}, NotFoundError, "no mentor with id 999"),
        ({"competency_id": 999}, NotFoundError, "no competency"),
    ],
)
def test_refused_create_writes_nothing(
    db: Database, team: dict[str, int], fields: dict[str, object], error: type, match: str
) -> None:
    args: dict[str, object] = {
        "person_id": team["ann"], "competency_id": team["Testing"], "target_level": 2,
    }  # fmt: skip
    fields = dict(fields)  # the parameters are shared by the SQLite and PostgreSQL runs
    if fields.pop("mentor_self", False):
        fields["actions"] = [NewAction("course", "SRE"), NewAction("mentor", mentor_id=team["ann"])]
    if kind := fields.pop("mentor_bob", None):
        fields["actions"] = [NewAction(str(kind), mentor_id=team["bob"])]
    if (mentor := fields.pop("mentor_id", None)) is not None:
        fields["actions"] = [NewAction("mentor", mentor_id=int(str(mentor)))]
    args.update(fields)
    with pytest.raises(error, match=match):
        gp.create_goal(db, **args)  # type: ignore[arg-type]
    assert _rows(db) == []


def test_refused_update_changes_nothing(db: Database, team: dict[str, int]) -> None:
    goal = gp.create_goal(db, person_id=team["ann"], competency_id=team["Testing"],
                          target_level=2)  # fmt: skip
    before = _rows(db)
    for bad in ({"status": "?"}, {"target_level": -4}, {"by_cycle_id": 12345}):
        with pytest.raises(SkillMatrixError):
            gp.update_goal(db, goal.id, **bad)  # type: ignore[arg-type]
        assert _rows(db) == before
    with pytest.raises(NotFoundError, match="no goal with id"):
        gp.remove_goal(db, goal.id + 50)
    with pytest.raises(ValidationError, match="exists already"):
        gp.restore_goal(db, goal)
    assert _rows(db) == before


def test_one_open_goal_per_competency(db: Database, team: dict[str, int]) -> None:
    gp.goal_from_gap(db, cycle_id=team["q1"], person_id=team["ann"],
                     competency_id=team["API design"])  # fmt: skip
    before = _rows(db)
    with pytest.raises(ValidationError, match="Ann already has an open goal in API design"):
        gp.goal_from_gap(db, cycle_id=team["q1"], person_id=team["ann"],
                         competency_id=team["API design"])  # fmt: skip
    assert _rows(db) == before
    gp.set_status(db, before[0][0], "dropped")  # closed: a new one may start
    gp.goal_from_gap(db, cycle_id=team["q1"], person_id=team["ann"],
                     competency_id=team["API design"])  # fmt: skip
    assert len(_rows(db)) == 2


def test_one_click_targets(db: Database, team: dict[str, int]) -> None:
    q1, ann, bob = team["q1"], team["ann"], team["bob"]
    # Ann (mid) is at 1 in API design, whose mid target is 2: the goal is the target.
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=team["API design"], level=1)
    ratings.rate(db, cycle_id=q1, person_id=bob, competency_id=team["API design"], level=4)
    gap = gp.goal_from_gap(db, cycle_id=q1, person_id=ann, competency_id=team["API design"])
    assert gap.target_level == 2 and gap.status == "planned" and gap.actions == ()
    # Ann meets Communication's target (3): one level up instead, with Bob as mentor.
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=team["Communication"], level=3)
    pair = gp.goal_from_mentor_pair(
        db, cycle_id=q1, mentee_id=ann, mentor_id=bob, competency_id=team["Communication"]
    )
    [action] = pair.actions
    assert pair.target_level == 4 and (action.kind, action.mentor, action.status) == (
        "mentor", "Bob", "open",
    )  # fmt: skip
    assert pair.action() == "mentor: Bob" and action.mentor_id == bob


def test_progress_against_later_cycles(db: Database, team: dict[str, int]) -> None:
    ann, api = team["ann"], team["API design"]
    ratings.rate(db, cycle_id=team["q1"], person_id=ann, competency_id=api, level=1)
    goal = gp.goal_from_gap(db, cycle_id=team["q1"], person_id=ann, competency_id=api)
    [start] = gp.with_progress(db, [goal])
    assert start.progress.text(2) == "from 1 to 2, now 1 (2026-Q1)"
    q2 = cycles.start_cycle(db, name="2026-Q2").id  # carried forward: still 1
    q3 = cycles.start_cycle(db, name="2026-Q3").id
    ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=api, level=2)
    [later] = gp.with_progress(db, gp.list_goals(db, person_id=ann))
    assert later.progress.state == "met" and later.progress.met_in == "2026-Q3"
    # A deadline already behind the latest cycle, not reached: missed.
    _b, due = gp.update_goal(db, goal.id, target_level=4, by_cycle_id=q2)
    [missed] = gp.with_progress(db, [due])
    assert missed.progress.text(4) == "missed: from 1 to 4, now 2 (2026-Q3)"


def test_progress_is_measured_from_the_cycle_the_goal_was_set_in(
    db: Database, team: dict[str, int]
) -> None:
    """Progress is measured from the cycle the goal was set in.

    Ann was 1 in Q1 and 2 in Q2; a goal set in Q2 starts from 2 (not Q1's 1, not the latest
    level), and Q3's 3 is where she is now.
    """
    ann, api = team["ann"], team["API design"]
    ratings.rate(db, cycle_id=team["q1"], person_id=ann, competency_id=api, level=1)
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    ratings.rate(db, cycle_id=q2, person_id=ann, competency_id=api, level=2)
    goal = gp.create_goal(db, person_id=ann, competency_id=api, target_level=4)
    q3 = cycles.start_cycle(db, name="2026-Q3").id
    ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=api, level=3)
    [gpr] = gp.with_progress(db, [goal])
    p = gpr.progress
    assert (p.set_in, p.baseline, p.level, p.latest) == ("2026-Q2", 2, 3, "2026-Q3")
    assert p.text(4) == "from 2 to 4, now 3 (2026-Q3)"
    ratings.rate(db, cycle_id=q3, person_id=ann, competency_id=api, level=4)
    [met] = gp.with_progress(db, [goal])
    assert met.progress.text(4) == "met in 2026-Q3 (from 2 to 4)"


def test_the_baseline_is_the_level_when_the_goal_was_set(
    db: Database, team: dict[str, int]
) -> None:
    """Rating the set-in cycle again after the goal was set is progress, not a new baseline.

    Ann was 1 when her goal was set in Q1; raised to 2 in Q1 afterwards she is "from 1 to 3,
    now 2"; a cell first rated after the goal starts unrated.
    """
    ann, bob, api = team["ann"], team["bob"], team["API design"]
    q1 = team["q1"]
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=api, level=1)
    goal = gp.create_goal(db, person_id=ann, competency_id=api, target_level=3)
    unrated = gp.create_goal(db, person_id=bob, competency_id=api, target_level=3)
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=api, level=2)
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=api, level=2, note="again")
    ratings.rate(db, cycle_id=q1, person_id=bob, competency_id=api, level=2)
    ann_p, bob_p = (g.progress for g in gp.with_progress(db, [goal, unrated]))
    assert (ann_p.baseline, ann_p.level) == (1, 2)
    assert ann_p.text(3) == "from 1 to 3, now 2 (2026-Q1)"
    assert (bob_p.baseline, bob_p.level) == (None, 2)
    q2 = cycles.start_cycle(db, name="2026-Q2").id  # a later cycle's changes: not the base
    ratings.rate(db, cycle_id=q2, person_id=ann, competency_id=api, level=3)
    [met] = gp.with_progress(db, [goal])
    assert met.progress.text(3) == "met in 2026-Q2 (from 1 to 3)"


def test_a_goal_set_before_its_person_was_rated_starts_unrated(
    db: Database, team: dict[str, int]
) -> None:
    ann, api = team["ann"], team["API design"]
    goal = gp.create_goal(db, person_id=ann, competency_id=api, target_level=3)
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    ratings.rate(db, cycle_id=q2, person_id=ann, competency_id=api, level=2)
    [gpr] = gp.with_progress(db, [goal])
    assert gpr.progress.baseline is None and gpr.progress.set_in == "2026-Q1"
    assert gpr.progress.text(3) == "from unrated to 3, now 2 (2026-Q2)"
