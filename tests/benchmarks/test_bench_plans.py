"""Growth plans at scale, two goals per person.

Every goal of a department with its progress (the Plans sheet's service read) and the sheet
itself.

Floor: reading the same goal rows with one plain SELECT, and writing the same number of
rows of ten plain values with openpyxl's write-only mode.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from conftest import SIZES, copy_db, floor_time, organisation_db, record


def _with_goals(bench_dir: Path, people: int) -> Path:
    from sqlalchemy import text

    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.store import models

    path = bench_dir / f"plans{people}.db"
    if path.exists():
        return path
    copy_db(organisation_db(bench_dir, people), path)
    db = open_database(path)
    snap = load_snapshot(db)
    rows = [
        {"person_id": p.id, "competency_id": snap.competencies[int(j)].id, "target_level": 4,
         "status": "planned", "created_by": "bench"}
        for i, p in enumerate(snap.people)
        for j in np.flatnonzero(~np.isnan(snap.targets[i]))[:2]
    ]  # fmt: skip
    with db.session() as s:
        s.execute(models.GrowthGoal.__table__.insert(), rows)
        s.execute(text(  # one course per goal, as the goals had before migration 0012
            "INSERT INTO goal_actions (goal_id, person_id, kind, text, status, created_at,"
            " version) SELECT id, person_id, 'course', 'a course', 'open', created_at, 1"
            " FROM growth_goals"
        ))  # fmt: skip
    db.dispose()
    return path


@pytest.mark.parametrize("people", SIZES)
def test_plans_sheet(benchmark, bench_dir: Path, people: int) -> None:
    from openpyxl import Workbook
    from sqlalchemy import select

    from skillmatrix.reports.export.context import ReportData
    from skillmatrix.reports.export.plan_sheet import write_plans
    from skillmatrix.reports.styles import register_styles
    from skillmatrix.services.database import open_database
    from skillmatrix.services.excel_export import plan_rows
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.store import models

    db = open_database(_with_goals(bench_dir, people))
    snap = load_snapshot(db)

    def plans() -> int:
        rows = plan_rows(db, snap)
        wb = Workbook(write_only=True)
        register_styles(wb)
        data = ReportData(current=snap, previous=None, history=[], anonymized=False,
                          generated_on=dt.date(2026, 12, 1), plans=rows)  # fmt: skip
        write_plans(wb.create_sheet("Plans"), data)
        wb.save(bench_dir / f"plans{people}.xlsx")
        return len(rows)

    goals = benchmark.pedantic(plans, rounds=3, iterations=1)
    G = models.GrowthGoal

    def floor() -> None:
        with db.reading() as s:
            found = s.execute(select(G.person_id, G.competency_id, G.target_level)).all()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Plans")
        for r in found:
            ws.append([str(r[0]), "team", str(r[1]), 2, r[2], "", "course", "", "planned",
                       "not yet"])  # fmt: skip
        wb.save(bench_dir / f"plans_floor{people}.xlsx")

    record(benchmark, floor_s=floor_time(floor, rounds=3), budget="(context)", met=None,
           floor="one SELECT of the goals, the same rows of plain values", goals=goals)  # fmt: skip
    db.dispose()
