"""A quarter's review progress end to end: start, forms out, forms back, confirmations."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from openpyxl import load_workbook
from test_cli import run

from skillmatrix.reports.forms import HEADER_ROW


def _status(db: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    out = run("cycle", "status", "--db", str(db), "--json", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _stored_states(db: Path, cycle: str) -> dict[str, tuple]:  # type: ignore[type-arg]
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT p.name, r.form_sent_on IS NOT NULL, r.returned_on IS NOT NULL"
            " FROM review_states r JOIN people p ON p.id = r.person_id"
            " JOIN cycles c ON c.id = r.cycle_id WHERE c.name = ?",
            (cycle,),
        ).fetchall()
    finally:
        con.close()
    return {name: (bool(sent), bool(back)) for name, sent, back in rows}


def test_a_quarter_from_start_to_reviewed(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run("demo", "--db", str(db), "--people", "9", "--teams", "2").returncode == 0
    start = run(
        "cycle", "start", "2031-Q1", "--carry-forward", "--due", "2031-03-20", "--db", str(db)
    )
    assert start.returncode == 0, start.stderr
    data = _status(db)
    assert (data["cycle"], data["due"]) == ("2031-Q1", "2031-03-20")
    assert sum(t["people"] for t in data["teams"]) == 9
    assert {p["state"] for p in data["people"]} == {"not started"}
    assert all(t["reviewed"] == 0 for t in data["teams"])
    team = data["teams"][0]["team"]

    forms = tmp_path / "forms"
    assert run("forms", "--db", str(db), "--team", team, "-o", str(forms)).returncode == 0
    data = _status(db)
    sent = {p["person"] for p in data["people"] if p["state"] == "sent"}
    assert sent == {p["person"] for p in data["people"] if p["team"] == team}
    assert {n for n, (s, _b) in _stored_states(db, "2031-Q1").items() if s} == sent

    # One person fills in and returns their form.
    path = sorted(forms.glob("*.xlsx"))[0]
    wb = load_workbook(path)
    ws = wb["Self-assessment"]
    ws.cell(HEADER_ROW + 1, 7).value = "3 - Proficient"
    wb.save(path)
    back = run("import", str(path), "--db", str(db), "--cycle", "2031-Q1")
    assert back.returncode == 0, back.stderr
    data = _status(db, "--team", team)
    returned = [p["person"] for p in data["people"] if p["state"] == "returned"]
    assert len(returned) == 1 and _stored_states(db, "2031-Q1")[returned[0]] == (True, True)
    assert [t["team"] for t in data["teams"]] == [team]

    text = run("cycle", "status", "--db", str(db), "--team", team)
    assert f"{team}: reviewed 0 of {len(sent)}" in text.stdout
    assert "Still to review:" in text.stdout and returned[0] in text.stdout


def test_cycle_due_sets_and_clears(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    assert run("demo", "--db", str(db), "--people", "4", "--teams", "1").returncode == 0
    latest = json.loads(run("cycle", "list", "--db", str(db), "--json").stdout)[-1]["name"]
    assert run("cycle", "due", latest, "2030-01-02", "--db", str(db)).returncode == 0
    assert _status(db)["due"] == "2030-01-02"
    cleared = run("cycle", "due", latest, "none", "--db", str(db))
    assert cleared.returncode == 0 and "reviews due" in cleared.stdout  # back to the last day
    bad = run("cycle", "due", latest, "soon", "--db", str(db))
    assert bad.returncode == 1 and "'soon' is not a date" in bad.stderr
