"""The report's Risk, Build or hire and Calibration sheets show what the core computes.

They keep typed text (rater names too) as text, and anonymise raters with everyone else.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import numpy as np
from openpyxl import load_workbook
from report_factories import PSEUDONYM_KEY, make_snapshot

from skillmatrix.core.growth import GrowthModel, plan_gaps
from skillmatrix.core.risk import Leave
from skillmatrix.core.risk_summary import risk_data
from skillmatrix.reports import write_report
from skillmatrix.reports.export.decisions import DecisionInputs, RaterInputs


def _raters(snap, names=("Lee", "=cmd|' /C calc'!A0")) -> RaterInputs:
    """The first half of the people rated by the first name, the rest by the second."""
    raters = np.where(np.isnan(snap.levels), -1, 0).astype(np.int64)
    raters[len(snap.people) // 2 :][raters[len(snap.people) // 2 :] >= 0] = 1
    own = np.where(np.isnan(snap.levels), np.nan, np.clip(snap.levels + 2, 0, 4))
    return RaterInputs(tuple(p.id for p in snap.people), raters, tuple(names), own)


def test_sheets_follow_growth(report: Path) -> None:
    names = load_workbook(report).sheetnames
    assert names[7:11] == ["Growth", "Risk", "Build or hire", "Calibration"]


def test_risk_sheet_lists_every_bus_factor_and_the_calendar(tmp_path: Path) -> None:
    snap = make_snapshot(12, 10)
    monday = dt.date(2027, 1, 4)
    leaves = [Leave(snap.people[0].id, monday, monday + dt.timedelta(days=20), "sabbatical")]
    path = write_report(
        tmp_path / "r.xlsx", snap, decisions=DecisionInputs(leaves=leaves, today=monday)
    )
    ws = load_workbook(path)["Risk"]
    rows = list(ws.iter_rows(values_only=True))
    expected = risk_data(snap, pairs=True, leaves=leaves, start=monday)
    start = next(k for k, r in enumerate(rows) if r[0] == "Team" and r[1] == "Competency") + 1
    table = [r for r in rows[start:] if r[0] is not None]
    assert [(r[1], r[5], r[6]) for r in table] == [
        (c["competency"], c["bus_factor"], ", ".join(c["breaking_set"]) or "—")
        for c in expected["competencies"]
    ]
    weeks = {r[0]: r for r in rows if isinstance(r[0], str) and r[0][:2] == "20"}
    assert len(weeks) == 13
    for week in expected["calendar"]:
        assert weeks[week["week_of"]][2] == len(week["broken"])
    assert weeks["2027-01-04"][1] == snap.people[0].name
    pair = expected["worst_pair"]
    if pair is not None:
        assert any(r[1] == " and ".join(pair["people"]) for r in rows)


def test_build_or_hire_sheet_follows_the_growth_plan(tmp_path: Path) -> None:
    before = make_snapshot(12, 10, seed=3, cycle="2024 Q2", cycle_id=1)
    snap = make_snapshot(12, 10, drift=0.5)
    path = write_report(tmp_path / "r.xlsx", snap, history=[before])
    rows = list(load_workbook(path)["Build or hire"].iter_rows(values_only=True))
    plans = plan_gaps(snap, GrowthModel([before, snap]))
    shown = [r for r in rows if r[0] in ("GROW", "HIRE")]
    assert [(r[0], r[2], r[3]) for r in shown] == [
        (p.verdict.upper(), p.competency.name, p.needed) for p in plans
    ]


def test_calibration_sheet_and_rater_text_is_never_a_formula(tmp_path: Path) -> None:
    snap = make_snapshot(12, 10)
    path = write_report(tmp_path / "r.xlsx", snap, decisions=DecisionInputs(raters=_raters(snap)))
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<(\w+:)?f[ >]", zf.read(name).decode()), name
    ws = load_workbook(path)["Calibration"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    evil = cells["=cmd|' /C calc'!A0"]
    assert evil.data_type == "s"
    rows = list(ws.iter_rows(values_only=True))
    lee = next(r for r in rows if r[0] == "Lee")
    rated = (
        ~np.isnan(snap.levels[: len(snap.people) // 2])
        & ~snap.not_applicable[: len(snap.people) // 2]
    )
    assert lee[2] == int(rated.sum())
    assert lee[5] is not None and lee[5] > 0  # self ratings were 2 above, clipped at 4
    cal_rows = [r for r in rows if str(r[0]).startswith("Ratings to discuss")]
    assert len(cal_rows) == 1


def test_anonymised_report_numbers_the_raters(tmp_path: Path) -> None:
    snap = make_snapshot(12, 10)
    path = write_report(
        tmp_path / "r.xlsx",
        snap,
        anonymize=True,
        pseudonym_key=PSEUDONYM_KEY,
        decisions=DecisionInputs(raters=_raters(snap, ("Lee Manager", "Kim Manager"))),
    )
    wb = load_workbook(path)
    text = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "Lee Manager" not in text and "Kim Manager" not in text
    assert {"Rater 1", "Rater 2"} <= text
    assert not {p.name for p in snap.people} & text  # breaking sets use pseudonyms too


def test_risk_sheet_notes_span_the_sheet_so_they_print_whole(tmp_path: Path) -> None:
    snap = make_snapshot(12, 10)
    ws = load_workbook(write_report(tmp_path / "r.xlsx", snap))["Risk"]
    note = next(
        c for row in ws.iter_rows() for c in row if c.value and "No leave calendar" in str(c.value)
    )
    merged = [m for m in ws.merged_cells.ranges if note.coordinate in m]
    assert merged and merged[0].max_col == ws.max_column  # not wrapped inside column A
