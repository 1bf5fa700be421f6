"""``skillmatrix scorecard`` writes an interview form for a team's gaps.

Filled in per finalist, ``skillmatrix candidates`` compares them by what each closes in the
team.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_cli import run

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database


@pytest.fixture
def org_db(tmp_path: Path) -> Path:
    """Core: Ann 4 / Bob 3 in API, Ann alone in SQL, nobody in Go.

    API: rule 2 at >=3, met by two people; SQL: rule 1 at >=3, a single point of failure;
    Go: rule 1 at >=2, a gap.
    """
    path = tmp_path / "cands.db"
    db = open_database(path)
    spec = [
        CompetencySpec(
            name=n,
            category="Tech",
            description="",
            rule=CoverageRule(k, lv),
            targets={},
            level_descriptions={3: f"{n} on their own"},
        )
        for n, k, lv in (("API", 2, 3), ("SQL", 1, 3), ("Go", 1, 2))
    ]
    fw.install_framework(db, Framework(name="Eng", description="", competencies=tuple(spec)))
    q = cycles.start_cycle(db, name="2026-Q4")
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    for name, levels in (("Ann", {"API": 4, "SQL": 3}), ("Bob", {"API": 3})):
        pid = people.add_person(db, name=name, team="Core", seniority=Seniority.MID).id
        for comp, level in levels.items():
            ratings.rate(db, cycle_id=q.id, person_id=pid, competency_id=comps[comp], level=level)
    db.close()
    return path


def _fill(form: Path, out: Path, name: str, scores: dict[str, str]) -> Path:
    wb = load_workbook(form)
    ws = wb["Scorecard"]
    ws["B3"] = name
    for row in range(7, ws.max_row + 1):
        comp = ws.cell(row=row, column=2).value
        if comp in scores:
            ws.cell(row=row, column=5).value = scores[comp]
    wb.save(out)
    return out


def test_scorecard_asks_about_the_gaps_and_finalists_are_compared(
    org_db: Path, tmp_path: Path
) -> None:
    form = tmp_path / "card.xlsx"
    out = run("scorecard", "--db", str(org_db), "--team", "Core", "--out", str(form))
    assert out.returncode == 0, out.stderr
    ws = load_workbook(form)["Scorecard"]
    asked = [ws.cell(row=r, column=2).value for r in range(7, ws.max_row + 1)]
    assert asked == ["Go", "SQL"]  # the gap, then the single point of failure; not API
    assert "SQL on their own" in ws.cell(row=8, column=4).value
    assert "0 of the 1 it needs" in ws.cell(row=7, column=3).value
    dee = _fill(form, tmp_path / "dee.xlsx", "Dee", {"Go": "2 - Competent", "SQL": "1"})
    eve = _fill(form, tmp_path / "eve.xlsx", "Eve", {"SQL": "4 - Expert"})
    out = run("candidates", "--db", str(org_db), str(eve), str(dee), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["team"] == "Core" and data["best"] == "Dee"
    assert [(f["finalist"], f["closes"], f["relieves"]) for f in data["finalists"]] == [
        ("Dee", ["Go"], []),
        ("Eve", [], ["SQL"]),
    ]
    assert data["finalists"][0]["scores"] == {"Go": 2, "SQL": 1}


def test_a_bad_score_or_a_missing_name_is_one_line(org_db: Path, tmp_path: Path) -> None:
    form = tmp_path / "card.xlsx"
    run("scorecard", "--db", str(org_db), "--team", "Core", "--out", str(form))
    bad = _fill(form, tmp_path / "bad.xlsx", "Zed", {"SQL": "9"})
    out = run("candidates", "--db", str(org_db), str(bad))
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "skillmatrix: error: bad.xlsx: Scorecard!E8: score 9 is outside the scale 0-4"
    )
    nameless = _fill(form, tmp_path / "nameless.xlsx", "", {"SQL": "3"})
    out = run("candidates", "--db", str(org_db), str(nameless))
    assert "nameless.xlsx: Scorecard!B3: the candidate's name is empty" in out.stderr
    out = run("candidates", "--db", str(org_db), str(tmp_path / "missing.xlsx"))
    assert out.returncode == 1 and "missing.xlsx: file not found" in out.stderr
