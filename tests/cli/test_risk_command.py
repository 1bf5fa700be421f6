"""``skillmatrix risk`` end to end on a small organisation built through the services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import run

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database


@pytest.fixture
def org_db(tmp_path: Path) -> Path:
    """Two teams.

    Core: Ann 4 / Bob 3 in API (rule 2 at >=3: bus factor 1) and Ann alone in SQL (rule 1 at
    >=3: bus factor 1). Web: Cy 3 in API (below its rule: 0).
    """
    path = tmp_path / "risk.db"
    db = open_database(path)
    spec = [
        CompetencySpec(name=n, category="Tech", description="", rule=CoverageRule(k, 3), targets={})
        for n, k in (("API", 2), ("SQL", 1))
    ]
    fw.install_framework(db, Framework(name="Eng", description="", competencies=tuple(spec)))
    q = cycles.start_cycle(db, name="2026-Q4")
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    for name, team, levels in (
        ("Ann", "Core", {"API": 4, "SQL": 3}),
        ("Bob", "Core", {"API": 3}),
        ("Cy", "Web", {"API": 3}),
    ):
        pid = people.add_person(
            db, name=name, team=team, email=f"{name.lower()}@x.org", seniority=Seniority.MID
        ).id
        for comp, level in levels.items():
            ratings.rate(db, cycle_id=q.id, person_id=pid, competency_id=comps[comp], level=level)
    db.close()
    return path


def test_risk_json_for_one_team_with_pairs(org_db: Path) -> None:
    out = run("risk", "--db", str(org_db), "--team", "Core", "--pairs", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["team"] == "Core" and data["people"] == 2
    rows = {r["competency"]: r for r in data["competencies"]}
    assert (rows["API"]["bus_factor"], rows["API"]["breaking_set"]) == (1, ["Ann"])
    assert (rows["SQL"]["bus_factor"], rows["SQL"]["breaking_set"]) == (1, ["Ann"])
    assert data["worst_pair"] == {
        "team": "Core",
        "people": ["Ann", "Bob"],
        "breaks": ["API", "SQL"],
    }


def test_risk_for_all_teams_judges_each_team(org_db: Path) -> None:
    out = run("risk", "--db", str(org_db), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["team"] is None and "worst_pair" not in data
    web = [r for r in data["competencies"] if r["team"] == "Web"]
    assert {(r["competency"], r["bus_factor"], r["covered"]) for r in web} == {
        ("API", 0, 1),
        ("SQL", 0, 0),
    }
    assert data["competencies"][0]["bus_factor"] == 0  # most fragile first


def test_risk_calendar_projects_weeks_and_names_bad_rows(org_db: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "leave.csv"
    calendar.write_text("Person,From,To,Reason\nbob@x.org,2020-01-01,2099-12-31,sabbatical\n")
    out = run(
        "risk",
        "--db",
        str(org_db),
        "--team",
        "Core",
        "--calendar",
        str(calendar),
        "--weeks",
        "2",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    weeks = json.loads(out.stdout)["calendar"]
    assert [(w["away"], w["broken"]) for w in weeks] == [(["Bob"], ["API"])] * 2
    text = run(
        "risk", "--db", str(org_db), "--team", "Core", "--calendar", str(calendar), "--weeks", "1"
    )
    assert "Bob; breaks API" in text.stdout
    calendar.write_text("person,from,to\nZed,2027-01-01,2027-01-02\n")
    bad = run("risk", "--db", str(org_db), "--calendar", str(calendar))
    assert bad.returncode == 1
    assert bad.stderr.strip() == "skillmatrix: error: leave.csv row 2: no person named 'Zed'"
    calendar.write_text("person,from,to\nAnn,2027-02-01,2027-01-02\n")
    bad = run("risk", "--db", str(org_db), "--calendar", str(calendar))
    assert "row 2: the leave ends (2027-01-02) before it starts (2027-02-01)" in bad.stderr
    calendar.write_text("who,when\nAnn,2027-02-01\n")
    bad = run("risk", "--db", str(org_db), "--calendar", str(calendar))
    assert "leave.csv: no from, to column" in bad.stderr


def test_risk_help_documents_every_option() -> None:
    out = run("risk", "--help")
    assert out.returncode == 0
    for option in ("--team", "--pairs", "--calendar", "--weeks", "--json", "bus factor"):
        assert option in out.stdout


def test_find_json_lists_experts_with_the_documented_keys(org_db: Path) -> None:
    out = run("find", "api", "--db", str(org_db), "--min-level", "3", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["person"], r["team"], r["level"]) for r in rows] == [
        ("Ann", "Core", 4),
        ("Bob", "Core", 3),
        ("Cy", "Web", 3),
    ]
    assert set(rows[0]) == {"person", "team", "level", "interest", "confirmed"}
    text = run("find", "SQL", "--db", str(org_db))
    assert "SQL in 2026-Q4: 1 person" in text.stdout and "Ann" in text.stdout
    missing = run("find", "Rust", "--db", str(org_db))
    assert missing.returncode == 1 and missing.stderr.startswith(
        "skillmatrix: error: no competency"
    )


def test_calibrate_json_names_each_rater(tmp_path: Path) -> None:
    db = tmp_path / "cal.db"
    assert run("demo", "--db", str(db), "--people", "30", "--teams", "3").returncode == 0
    out = run("calibrate", "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    raters = {r["rater"]: r for r in data["raters"]}
    assert len(raters) == 3 and all(name.endswith(" manager") for name in raters)
    assert sum(r["ratings"] for r in raters.values()) == sum(data["department_distribution"])
    text = run("calibrate", "--db", str(db))
    assert "Rater calibration: all teams" in text.stdout and "Ratings to discuss:" in text.stdout


def test_json_output_is_compact_when_piped(org_db: Path) -> None:
    out = run("summary", "--db", str(org_db), "--json")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("\n") == 1 and json.loads(out.stdout)["people"] == 3


def test_build_or_hire_json_and_horizon(tmp_path: Path) -> None:
    db = tmp_path / "grow.db"
    assert run("demo", "--db", str(db), "--people", "30", "--teams", "2").returncode == 0
    tight = json.loads(run("build-or-hire", "--db", str(db), "--horizon", "1", "--json").stdout)
    loose = json.loads(run("build-or-hire", "--db", str(db), "--horizon", "99", "--json").stdout)
    assert tight["gaps"] and len(tight["gaps"]) == len(loose["gaps"])
    assert {g["verdict"] for g in loose["gaps"] if g["candidates"]} <= {"grow"}
    # A hire is suggested only for gaps that miss the horizon.
    missed = {(g["team"], g["competency"]) for g in tight["gaps"] if g["verdict"] == "hire"}
    for h in tight["hires"]:
        assert {(h["team"], c) for c in h["misses_horizon"]} <= missed
        assert set(h["closes"]) <= set(h["misses_horizon"])
    text = run("build-or-hire", "--db", str(db))
    assert text.returncode == 0 and "horizon 2 cycles" in text.stdout


def test_reorg_simulates_then_applies_in_one_go(org_db: Path) -> None:
    out = run("reorg", "--db", str(org_db), "--move", "Ann=Web", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    teams = {t["team"]: t for t in data["teams"]}
    assert data["applied"] is False and data["moves"] == [
        {"person": "Ann", "from": "Core", "to": "Web"}
    ]
    assert teams["Core"]["before"]["below_rule"] == []
    assert set(teams["Core"]["after"]["below_rule"]) == {"API", "SQL"}
    untouched = json.loads(run("find", "SQL", "--db", str(org_db), "--json").stdout)
    assert untouched[0]["team"] == "Core"  # nothing was written
    applied = run("reorg", "--db", str(org_db), "--move", "Ann=Web", "--apply")
    assert applied.returncode == 0 and "Applied" in applied.stdout
    assert json.loads(run("find", "SQL", "--db", str(org_db), "--json").stdout)[0]["team"] == "Web"
    bad = run("reorg", "--db", str(org_db), "--move", "Zed=Web")
    assert bad.returncode == 1 and "no active person named 'Zed'" in bad.stderr


def test_history_json_keys(org_db: Path) -> None:
    out = run("history", "--db", str(org_db), "--person", "Ann", "--kind", "ratings", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 2 and {r["competency"] for r in rows} == {"API", "SQL"}
    assert set(rows[0]) >= {"when", "who", "person", "competency", "old", "new", "action"}
    assert all(r["old"] == "not rated" and r["action"] == "rate" for r in rows)
    # Without --kind the same rating entries come, unchanged, among the other changes.
    every = json.loads(run("history", "--db", str(org_db), "--person", "Ann", "--json").stdout)
    assert [r for r in every if r["kind"] == "rating"] == rows
    text = run("history", "--db", str(org_db), "--person", "Ann", "--kind", "ratings").stdout
    assert text.count("Ann · ") == 2 and "not rated -> " in text


def test_history_lists_people_framework_and_cycle_changes_by_kind(org_db: Path) -> None:
    db = open_database(org_db)
    people.update_person(db, people.find_person(db, "Ann").id, team="Web")
    db.close()
    out = run("history", "--db", str(org_db), "--person", "Ann", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["action"], r["person"], r["competency"]) for r in rows] == [
        ("person.move", "Ann", ""),
        ("rate", "Ann", "SQL"),
        ("rate", "Ann", "API"),
        ("person.add", "Ann", ""),
    ]
    assert set(rows[0]) >= {"when", "who", "person", "competency", "old", "new", "action"}
    assert (json.loads(rows[0]["old"]), json.loads(rows[0]["new"])) == (
        {"team": "Core"},
        {"team": "Web"},
    )
    cycles_only = json.loads(
        run("history", "--db", str(org_db), "--kind", "cycles", "--json").stdout
    )
    assert [(r["action"], r["person"], r["competency"], r["cycle"]) for r in cycles_only] == [
        ("cycle.start", "", "", "2026-Q4")
    ]
    text = run("history", "--db", str(org_db), "--kind", "people", "--limit", "1")
    assert text.returncode == 0 and "Ann" in text.stdout and "(person.move)" in text.stdout
    bad = run("history", "--db", str(org_db), "--kind", "teams")
    assert bad.returncode != 0 and "--kind" in bad.stderr
    bad = run("history", "--db", str(org_db), "--since", "yesterday")
    assert bad.returncode == 1 and "is not a date" in bad.stderr


def test_risk_uses_the_stored_calendar_without_calendar_flag(org_db: Path) -> None:
    import datetime as dt

    from skillmatrix.services.leaves import add_leave

    db = open_database(org_db)
    bob = people.find_person(db, "Bob").id
    start = dt.date.today()
    add_leave(db, person_id=bob, start=start, end=start + dt.timedelta(days=3), kind="sabbatical")
    db.close()
    out = run("risk", "--db", str(org_db), "--team", "Core", "--weeks", "2", "--json")
    assert out.returncode == 0, out.stderr
    weeks = json.loads(out.stdout)["calendar"]
    assert weeks[0]["away"] == ["Bob"] and weeks[0]["broken"] == ["API"]
