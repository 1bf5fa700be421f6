"""``skillmatrix department [--json]``: every team's coverage counts.

On a SQLite file and as a manager of one team on the session's real PostgreSQL (row-level
security on).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pg_server import PgServer

from skillmatrix.cli import main

KEYS = {
    "team",
    "competency",
    "category",
    "people",
    "rated",
    "at_level",
    "min_level",
    "required",
    "covered",
    "mean_level",
}


def sm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLMATRIX_DB", raising=False)


def test_department_json_and_text_on_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "d.db")
    code, out, _ = sm(capsys, "init", "--db", db)
    assert code == 0
    code, out, err = sm(capsys, "department", "--json", "--db", db)
    assert (code, json.loads(out)) == (0, []), err  # no cycle yet: an empty list
    assert sm(capsys, "demo", "--db", db, "--people", "12", "--teams", "2", "--force")[0] == 0
    code, out, err = sm(capsys, "department", "--json", "--db", db)
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(set(r) == KEYS for r in rows)
    assert all(r["covered"] == (r["at_level"] >= r["required"]) for r in rows)
    assert all(0 <= r["at_level"] <= r["rated"] <= r["people"] for r in rows)
    assert sum(r["people"] for r in rows if r["competency"] == rows[0]["competency"]) == 12
    code, text, _ = sm(capsys, "department", "--db", db)
    assert code == 0 and f"{rows[0]['team']}: 6 people" in text
    code, _, err = sm(capsys, "department", "--cycle", "1999-Q1", "--db", db)
    assert code == 1 and "1999-Q1" in err and len(err.splitlines()) == 1


def test_a_manager_sees_every_teams_counts_and_no_names(
    capsys: pytest.CaptureFixture[str], pg_server: PgServer, pg_url: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "team.csv"
    sheet.write_text(
        "Name,Team,API design,Testing\nAda,Core,3,1\nBo,Core,4,\nCy,Edge,2,3\nDi,Edge,3,4\n",
        encoding="utf-8",
    )
    code, _, err = sm(capsys, "import", str(sheet), "--db", pg_url)
    assert code == 0, err
    assert sm(capsys, "server", "grant", "w27_dept_mgr", "--team", "Core", "--db", pg_url)[0] == 0
    manager = pg_server.login_url(pg_url, "w27_dept_mgr")
    code, out, err = sm(capsys, "department", "--json", "--db", manager)
    assert code == 0, err
    got = {
        (r["team"], r["competency"]): (r["people"], r["rated"], r["at_level"]) for r in rows_of(out)
    }
    assert got == {
        ("Core", "API design"): (2, 2, 2),
        ("Core", "Testing"): (2, 1, 0),
        ("Edge", "API design"): (2, 2, 1),
        ("Edge", "Testing"): (2, 2, 2),
    }
    for name in ("Ada", "Bo", "Cy", "Di"):
        assert name not in out
    code, out, _ = sm(capsys, "find", "Testing", "--min-level", "0", "--json", "--db", manager)
    assert code == 0 and {e["person"] for e in json.loads(out)} == {"Ada"}  # own team only


def rows_of(out: str) -> list[dict[str, object]]:
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows
