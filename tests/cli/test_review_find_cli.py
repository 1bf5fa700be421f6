"""``find --interest`` and ``cycle status --json`` run as a user would.

Checked against the database: every review state, reviewed and agreed included.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from test_cli import run

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Source
from skillmatrix.services import cycles, people, ratings, reconcile, review
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database

DUE = dt.date(2099, 6, 30)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2026-Q1: API design 4 for Ann, Bob, Cy, Dee; Q2 carries them.

    In Q2: Ann's review finished (agreed), Bob marked reviewed, Cy rated afresh (reviewed by
    his ratings), Dee's self-assessment returned, Eve sent a form, Fay nothing. Interests in
    Q2: Ann 2 (wants to grow), Cy 1, the others none.
    """
    path = tmp_path_factory.mktemp("quarter") / "team.db"
    db = open_database(path)
    try:
        spec = CompetencySpec(
            name="API design", category="Tech", description="", rule=CoverageRule(1, 3), targets={}
        )
        fw.install_framework(db, Framework(name="Eng", description="", competencies=(spec,)))
        api = fw.list_competencies(db)[0].id
        ids = {
            name: people.add_person(db, name=name, team=team).id
            for name, team in (("Ann", "Core"), ("Bob", "Core"), ("Cy", "Core"),
                               ("Dee", "Web"), ("Eve", "Web"), ("Fay", "Web"))
        }  # fmt: skip
        q1 = cycles.start_cycle(db, name="2026-Q1")
        for name in ("Ann", "Bob", "Cy", "Dee"):
            ratings.rate(db, cycle_id=q1.id, person_id=ids[name], competency_id=api, level=4)
        q2 = cycles.start_cycle(db, name="2026-Q2", due=DUE).id
        reconcile.finish_review(db, cycle_id=q2, person_id=ids["Ann"])
        review.record_step(db, cycle_id=q2, person_ids=[ids["Bob"]], step="reviewed_on")
        ratings.rate(db, cycle_id=q2, person_id=ids["Cy"], competency_id=api, level=3)
        ratings.rate(db, cycle_id=q2, person_id=ids["Dee"], competency_id=api, level=2,
                     source=Source.SELF)  # fmt: skip
        review.record_step(db, cycle_id=q2, person_ids=[ids["Eve"]], step="form_sent_on")
        ratings.rate(db, cycle_id=q2, person_id=ids["Ann"], competency_id=api, interest=2)
        ratings.rate(db, cycle_id=q2, person_id=ids["Cy"], competency_id=api, interest=1)
    finally:
        db.close()
    return path


def _query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_find_interest_lists_only_people_who_want_to_grow(quarter: Path) -> None:
    every = run("find", "API design", "--db", str(quarter), "--min-level", "3", "--json")
    assert every.returncode == 0, every.stderr
    assert [r["person"] for r in json.loads(every.stdout)] == ["Ann", "Bob", "Dee", "Cy"]
    out = run("find", "API design", "--db", str(quarter), "--min-level", "3", "--interest",
              "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    stored = dict(
        _query(
            quarter,
            "SELECT p.name, r.confirmed_on FROM ratings r JOIN people p ON p.id = r.person_id"
            " JOIN cycles c ON c.id = r.cycle_id WHERE c.name = '2026-Q2'"
            " AND r.source = 'manager' AND r.interest >= 1 AND r.level >= 3",
        )
    )
    assert {r["person"] for r in rows} == set(stored) == {"Ann", "Cy"}
    assert all(set(r) == {"person", "team", "level", "interest", "confirmed"} for r in rows)
    by_name = {r["person"]: r for r in rows}
    assert (by_name["Ann"]["team"], by_name["Ann"]["level"], by_name["Ann"]["interest"]) == (
        "Core",
        4,
        2,
    )
    assert (by_name["Cy"]["level"], by_name["Cy"]["interest"]) == (3, 1)
    assert [r["person"] for r in rows] == ["Ann", "Cy"]  # the higher level first
    assert by_name["Cy"]["confirmed"] == dt.date.today().isoformat()  # set today
    assert by_name["Ann"]["confirmed"] == dt.date.today().isoformat()
    text = run("find", "API design", "--db", str(quarter), "--min-level", "3", "--interest")
    assert "API design in 2026-Q2: 2 people" in text.stdout and "Bob" not in text.stdout


def test_cycle_status_json_matches_the_database_for_every_state(quarter: Path) -> None:
    out = run("cycle", "status", "--db", str(quarter), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["cycle"], data["due"]) == ("2026-Q2", DUE.isoformat())
    states = {p["person"]: p["state"] for p in data["people"]}
    assert states == {
        "Ann": "agreed",
        "Bob": "reviewed",
        "Cy": "reviewed",
        "Dee": "returned",
        "Eve": "sent",
        "Fay": "not started",
    }
    stored = {
        name: (bool(sent), bool(back), bool(done), bool(agreed))
        for name, sent, back, done, agreed in _query(
            quarter,
            "SELECT p.name, r.form_sent_on, r.returned_on, r.reviewed_on, r.agreed_on"
            " FROM review_states r JOIN people p ON p.id = r.person_id"
            " JOIN cycles c ON c.id = r.cycle_id WHERE c.name = '2026-Q2'",
        )
    }
    assert stored == {
        "Ann": (False, False, True, True),
        "Bob": (False, False, True, False),
        "Eve": (True, False, False, False),
    }
    agreed = {n for n, s in stored.items() if s[3]}
    assert agreed == {n for n, s in states.items() if s == "agreed"}
    marked = {n for n, s in stored.items() if s[2] and not s[3]}
    assert marked <= {n for n, s in states.items() if s == "reviewed"}
    # Cy has no stored step: his rating set in Q2 (not carried) makes him reviewed. Ann's
    # Q2 edit changed her interest only, which confirms no level: hers is still carried.
    carried = dict(
        _query(
            quarter,
            "SELECT p.name, r.confirmed_cycle_id IS NOT NULL AND r.confirmed_cycle_id != c.id"
            " FROM ratings r JOIN people p ON p.id = r.person_id"
            " JOIN cycles c ON c.id = r.cycle_id WHERE c.name = '2026-Q2'"
            " AND r.source = 'manager' AND r.level IS NOT NULL",
        )
    )
    assert carried == {"Ann": 1, "Bob": 1, "Cy": 0, "Dee": 1}
    teams = {t["team"]: t for t in data["teams"]}
    assert {t: (v["people"], v["reviewed"], v["overdue"]) for t, v in teams.items()} == {
        "Core": (3, 3, 0),
        "Web": (3, 0, 0),
    }
