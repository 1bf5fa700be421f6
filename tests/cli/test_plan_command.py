"""``skillmatrix plan --person P [--json]`` run as a user would.

Each goal with its actions (mentor, course, project, open or done), checked against the
database.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import run

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule
from skillmatrix.core.plans import NewAction
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services import goal_actions as ga
from skillmatrix.services import growth_plans as gp
from skillmatrix.services.database import open_database


def test_plan_lists_goals_with_their_actions(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    db = open_database(path)
    specs = tuple(
        CompetencySpec(name=n, category="Tech", description="", rule=CoverageRule(1, 3),
                       targets={})
        for n in ("API design", "Testing")
    )  # fmt: skip
    fw.install_framework(db, Framework(name="Eng", description="", competencies=specs))
    ann = people.add_person(db, name="Ann", email="ann@x.org").id
    bob = people.add_person(db, name="Bob").id
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    cycles.start_cycle(db, name="2026-Q1")
    goal = gp.create_goal(db, person_id=ann, competency_id=comps["API design"], target_level=3,
                          actions=[NewAction("mentor", "weekly", bob),
                                   NewAction("course", "=API course")])  # fmt: skip
    ga.set_action_status(db, goal.actions[1].id, "done")
    gp.create_goal(db, person_id=ann, competency_id=comps["Testing"], target_level=2)
    db.close()
    out = run("plan", "--db", str(path), "--person", "ann@x.org", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["person"] == "Ann"
    api = next(g for g in data["goals"] if g["competency"] == "API design")
    assert (api["target"], api["by"], api["status"]) == (3, None, "planned")
    assert api["actions"] == [
        {"kind": "mentor", "mentor": "Bob", "text": "weekly", "status": "open"},
        {"kind": "course", "mentor": None, "text": "=API course", "status": "done"},
    ]
    assert next(g for g in data["goals"] if g["competency"] == "Testing")["actions"] == []
    text = run("plan", "--db", str(path), "--person", "Ann")
    assert "  [ ] mentor: Bob, weekly\n  [x] course: =API course\n" in text.stdout
    assert "  (no actions yet)" in text.stdout
    missing = run("plan", "--db", str(path), "--person", "Zed")
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
