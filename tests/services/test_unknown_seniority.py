"""A person whose seniority nobody gave (an import without it) stays unknown everywhere.

Stored NULL, shown as Unknown, judged against no seniority target, never taken as Mid.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook

from skillmatrix.core import analytics
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Seniority
from skillmatrix.core.summary import summary_data
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.excel import export_report, import_file
from skillmatrix.services.profile import profile_data
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database

WARNING = (
    "1 new person has no seniority in the file and was added with unknown seniority; "
    "set it in the Team view: Una Known"
)


def _org(db: Database, engineer: Framework, tmp_path: Path) -> None:
    """Kim (Mid) added by hand; Una imported from a sheet without a Seniority column.

    Both rated 0 in Testing (below a Mid target of 2).
    """
    fw.install_framework(db, engineer)
    cycles.start_cycle(db, name="2026-Q1")
    people.add_person(db, name="Kim Mid", team="Core", role="Engineer", seniority="Mid")
    wb = Workbook()
    ws = wb.active
    ws.title = "Team"
    for row in (["Name", "Team", "Role", "Testing"], ["Una Known", "Core", "Engineer", 0]):
        ws.append(row)
    path = tmp_path / "team.xlsx"
    wb.save(path)
    result = import_file(db, path, sheet="Team")
    assert result.applied, result.problems
    assert result.people_created == ["Una Known"]
    assert result.warnings == [WARNING]
    kim = people.find_person(db, "Kim Mid")
    testing = {c.name: c.id for c in fw.list_competencies(db)}["Testing"]
    ratings.rate(db, cycle_id=cycles.list_cycles(db)[0].id, person_id=kim.id,
                 competency_id=testing, level=0)  # fmt: skip


def test_import_stores_none_and_both_readers_return_none(
    db_both_reads: Database, engineer: Framework, tmp_path: Path
) -> None:
    _org(db_both_reads, engineer, tmp_path)
    stored = {p.name: p.seniority for p in people.list_people(db_both_reads)}
    assert stored == {"Kim Mid": Seniority.MID, "Una Known": None}
    snap = load_snapshot(db_both_reads)
    assert {p.name: p.seniority for p in snap.people}["Una Known"] is None


def test_unknown_person_has_no_target_and_no_gap(
    db_both_reads: Database, engineer: Framework, tmp_path: Path
) -> None:
    _org(db_both_reads, engineer, tmp_path)
    snap = load_snapshot(db_both_reads)
    row = {p.name: i for i, p in enumerate(snap.people)}
    assert all(math.isnan(t) for t in snap.targets[row["Una Known"]])
    assert not any(math.isnan(t) for t in snap.targets[row["Kim Mid"]])
    gaps = {g.person.name: g for g in analytics.person_gaps(snap)}
    assert gaps["Una Known"].total_gap == 0 and gaps["Una Known"].below_target == 0
    assert gaps["Kim Mid"].below_target > 0
    data = summary_data(snap)
    assert data["unknown_seniority"] == ["Una Known"]
    assert [(g["person"], g["seniority"]) for g in data["gaps"]] == [("Kim Mid", "Mid")]
    json.dumps(data)  # JSON-ready
    assert profile_data(db_both_reads, "Una Known").seniority == "Unknown"


def test_setting_the_seniority_later_and_undoing_it(
    db_both_reads: Database, engineer: Framework, tmp_path: Path
) -> None:
    _org(db_both_reads, engineer, tmp_path)
    una = people.find_person(db_both_reads, "Una Known")
    assert people.update_person(db_both_reads, una.id, seniority="Senior").seniority == (
        Seniority.SENIOR
    )
    assert people.update_person(db_both_reads, una.id, seniority=None).seniority is None


def _cells(path: Path) -> dict[str, list[list[object]]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    finally:
        wb.close()


def test_report_shows_unknown_plain_and_anonymised(
    db_both_reads: Database, engineer: Framework, tmp_path: Path
) -> None:
    _org(db_both_reads, engineer, tmp_path)
    plain = _cells(export_report(db_both_reads, tmp_path / "report.xlsx"))
    una_rows = [r for rows in plain.values() for r in rows if "Una Known" in r]
    assert una_rows and all("Unknown" in r for r in una_rows), una_rows
    assert not any("Una Known" in r and "Mid" in r for rows in plain.values() for r in rows)
    anon = _cells(export_report(db_both_reads, tmp_path / "anon.xlsx", anonymize=True, k=1))
    flat = [v for rows in anon.values() for r in rows for v in r]
    assert "Una Known" not in flat and "Unknown" in flat


def test_cli_summary_json_has_null_seniority_and_text_says_unknown(
    engineer: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "cli.db"
    db = open_database(path)
    _org(db, engineer, tmp_path)
    db.close()
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}

    def run(*args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "skillmatrix", "summary", "--db", str(path), *args],
            capture_output=True, text=True, env=env, timeout=120, check=True,
        )  # fmt: skip
        return out.stdout

    data = json.loads(run("--json"))
    assert data["unknown_seniority"] == ["Una Known"]
    assert "Una Known" not in [g["person"] for g in data["gaps"]]
    assert (
        "Seniority unknown (no target to judge against; set it in the Team view): Una Known"
        in run()
    )
