"""The exported report read back with openpyxl and checked against its input."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from report_factories import PSEUDONYM_KEY, make_snapshot

from skillmatrix.core import analytics as an
from skillmatrix.reports import ReportCancelled, ReportError, write_report
from skillmatrix.reports.export.matrix import column_order
from skillmatrix.reports.meta import MATRIX_HEADER_ROW

FIRST = 6  # first competency column of the Matrix sheet (F)


def test_sheets_and_properties(report: Path) -> None:
    wb = load_workbook(report)
    assert wb.sheetnames[:8] == [
        "Summary",
        "Matrix",
        "Coverage",
        "Coverage chart",
        "Gaps",
        "Gap details",
        "Trend",
        "Growth",
    ]
    assert wb["Targets"].sheet_state == "hidden"
    assert wb["SkillMatrix"].sheet_state == "hidden"
    assert wb.properties.creator == "SkillMatrix"
    assert "Platform" in wb.properties.title and "2024 Q3" in wb.properties.title
    assert wb.properties.subject
    assert wb.properties.created is not None


def test_summary_key_figures(report: Path, snap) -> None:
    ws = load_workbook(report)["Summary"]
    s = an.summarize(snap)
    cells = {c.coordinate: c for row in ws.iter_rows() for c in row if c.value is not None}
    texts = [c.value for c in cells.values() if isinstance(c.value, str)]
    assert "Skills report · Platform" in texts
    assert any("2024 Q3" in t and "compared with 2024 Q2" in t for t in texts)
    share = next(c for c in cells.values() if c.number_format == "0%")
    assert share.value == pytest.approx(s.share_meeting_rule)
    assert "Key figures" in texts and "Largest gaps to role targets" in texts
    assert "Hiring suggestion" in texts and "Change since 2024 Q2" in texts
    assert ws.sheet_view.showGridLines is False
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_matrix_values_match_snapshot(report: Path, snap) -> None:
    wb = load_workbook(report)
    ws = wb["Matrix"]
    order = column_order(snap)
    header = [c.value for c in ws[MATRIX_HEADER_ROW]]
    assert header[:5] == ["Name", "Email", "Team", "Role", "Seniority"]
    n = len(order)
    assert header[5 : 5 + n] == [snap.competencies[j].name for j in order]
    assert not any(header[5 + n :])  # the legend above may reach further right
    for i, person in enumerate(snap.people):
        row = MATRIX_HEADER_ROW + 1 + i
        assert ws.cell(row, 1).value == person.name
        assert ws.cell(row, 2).value == person.email
        for k, j in enumerate(order):
            cell = ws.cell(row, FIRST + k)
            if snap.not_applicable[i, j]:
                assert cell.value == "n/a"
                assert cell.fill.fill_type == "lightUp"
            elif math.isnan(snap.levels[i, j]):
                assert cell.value is None
            else:
                assert cell.value == int(snap.levels[i, j])
                assert cell.data_type == "n"
    targets = wb["Targets"]
    for i in range(len(snap.people)):
        for k, j in enumerate(order):
            t = targets.cell(MATRIX_HEADER_ROW + 1 + i, FIRST + k).value
            expected = snap.targets[i, j]
            assert (t is None) if math.isnan(expected) else t == expected


def test_matrix_layout(report: Path, snap) -> None:
    ws = load_workbook(report)["Matrix"]
    assert ws.freeze_panes == f"F{MATRIX_HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{MATRIX_HEADER_ROW}:")
    merged = {str(r) for r in ws.merged_cells.ranges}
    # one merged header per category over its competencies, in row 3
    order = column_order(snap)
    col = FIRST
    for cat in snap.categories:
        size = sum(1 for j in order if snap.competencies[j].category == cat)
        cell = ws.cell(MATRIX_HEADER_ROW - 1, col)
        assert cell.value == cat
        if size > 1:
            assert (
                f"{cell.coordinate}:{ws.cell(MATRIX_HEADER_ROW - 1, col + size - 1).coordinate}"
                in merged
            )
        col += size
    assert ws.cell(MATRIX_HEADER_ROW, FIRST).alignment.text_rotation == 90
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${MATRIX_HEADER_ROW - 1}:${MATRIX_HEADER_ROW}"
    assert ws.column_dimensions["A"].width >= 20


def test_matrix_conditional_formats(report: Path, snap) -> None:
    ws = load_workbook(report)["Matrix"]
    all_rules = [(str(rng.sqref), r) for rng in ws.conditional_formatting for r in rng.rules]
    grid = [r for area, r in all_rules if area.startswith("A")]
    assert len(grid) == 1 and grid[0].formula == ["TRUE"]  # borders for the whole table
    rules = [(area, r) for area, r in all_rules if area.startswith("F")]
    levels = len(snap.scale.levels)
    assert len(rules) == 2 * levels + 1  # below-target per level, level, not rated
    area = rules[0][0]
    corner = ws.cell(MATRIX_HEADER_ROW + len(snap.people), FIRST + len(snap.competencies) - 1)
    assert area == f"F{MATRIX_HEADER_ROW + 1}:{corner.coordinate}"
    formulas = [r.formula[0] for _, r in rules]
    assert all("Targets!F5" in f for f in formulas[:levels])
    fills = [r.dxf.fill.fgColor.rgb[-6:] for _, r in rules[levels : 2 * levels]]
    assert fills == ["440154", "3B528B", "21918C", "5EC962", "FDE725"]  # viridis, as the app
    assert rules[0][1].dxf.border.left.color.rgb.endswith("D55E00")
    priorities = [r.priority for _, r in rules]
    assert priorities == sorted(priorities)  # below-target rules win (LibreOffice: first match)


def test_coverage_sheet_and_chart(report: Path, snap) -> None:
    ws = load_workbook(report)["Coverage"]
    rows = {r.competency.name: r for r in an.coverage(snap)}
    header = [c.value for c in ws[3]]
    assert header[:8] == [
        "Competency",
        "Category",
        "Critical",
        "Covered",
        "Required",
        "Min level",
        "Status",
        "Shortfall",
    ]
    seen = 0
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[0] is None:
            continue
        expected = rows[row[0]]
        assert row[3] == expected.covered and row[4] == expected.required
        seen += 1
    assert seen == len(rows)
    assert not ws._charts  # the chart has a sheet of its own
    charts = load_workbook(report)["Coverage chart"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.type == "bar" and len(chart.series) == 2


def test_gaps_sheet_matches_analytics(report: Path, snap) -> None:
    ws = load_workbook(report)["Gap details"]
    expected = [
        (g.person.name, item.competency.name, item.target, item.gap)
        for g in an.person_gaps(snap)
        for item in g.items
    ]
    got = [(r[0], r[4], r[7], r[8]) for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert got == expected
    assert ws.freeze_panes == "B4"


def test_trend_and_growth(report: Path, snap, previous) -> None:
    wb = load_workbook(report)
    ws = wb["Trend"]
    header = [c.value for c in ws[3]]
    assert "Change" in header and "Mean 2024 Q3" in header and "Mean 2024 Q2" in header
    changes = {c.competency.name: c for c in an.cycle_change(previous, snap)}
    delta_col = header.index("Change")
    for row in ws.iter_rows(min_row=4, values_only=True):
        ch = changes[row[0]]
        if not math.isnan(ch.mean_delta):
            assert row[delta_col] == pytest.approx(ch.mean_delta)
    growth = [r for r in wb["Growth"].iter_rows(values_only=True)]
    texts = {v for r in growth for v in r if isinstance(v, str)}
    assert "Suggested mentor pairs" in texts
    for pair in an.mentor_pairs(snap)[:5]:
        assert pair.mentor.name in texts and pair.mentee.name in texts


def test_charts_sheet_when_plots_available(report: Path) -> None:
    pytest.importorskip("skillmatrix.plots.skills")
    wb = load_workbook(report)
    assert "Charts" in wb.sheetnames
    assert len(wb["Charts"]._images) >= 1


def test_charts_sheet_skipped_without_plots(tmp_path: Path, snap, monkeypatch) -> None:
    import skillmatrix.reports.export.charts as charts

    monkeypatch.setattr(
        charts, "FIGURES", (("Nothing", "skillmatrix.plots.absent", "x", "snapshot"),)
    )
    path = write_report(tmp_path / "r.xlsx", snap)
    assert "Charts" not in load_workbook(path).sheetnames


def test_no_previous_cycle(tmp_path: Path, snap) -> None:
    path = write_report(tmp_path / "r.xlsx", snap)
    wb = load_workbook(path)
    texts = [v for r in wb["Trend"].iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert any("No earlier cycle" in t for t in texts)


def test_all_teams_scope_and_empty_snapshot(tmp_path: Path) -> None:
    path = write_report(tmp_path / "r.xlsx", make_snapshot(6, 5, team=None))
    assert load_workbook(path)["Summary"]["B2"].value == "Skills report · All teams"
    empty = make_snapshot(0, 0)
    path = write_report(tmp_path / "empty.xlsx", empty)
    assert load_workbook(path)["Matrix"].max_row >= MATRIX_HEADER_ROW


def test_anonymize_is_stable_and_drops_identities(tmp_path: Path, snap) -> None:
    a = write_report(tmp_path / "a.xlsx", snap, anonymize=True, pseudonym_key=PSEUDONYM_KEY)
    b = write_report(tmp_path / "b.xlsx", snap, anonymize=True, pseudonym_key=PSEUDONYM_KEY)
    names_a = [r[0] for r in load_workbook(a)["Matrix"].iter_rows(min_row=5, values_only=True)]
    names_b = [r[0] for r in load_workbook(b)["Matrix"].iter_rows(min_row=5, values_only=True)]
    assert names_a == names_b and len(set(names_a)) == len(snap.people)
    assert all(n.startswith("Person ") for n in names_a)
    with zipfile.ZipFile(a) as zf:
        xml = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml"))
    for p in snap.people:
        assert p.name not in xml and p.email not in xml
    assert "Led the migration" not in xml


def test_progress_and_atomic_write(tmp_path: Path, snap) -> None:
    seen: list[float] = []
    path = tmp_path / "r.xlsx"
    write_report(path, snap, progress=lambda f, label: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_cancel_leaves_nothing_and_keeps_old_file(tmp_path: Path, snap) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old report")
    calls = iter(range(1000))
    with pytest.raises(ReportCancelled):
        write_report(path, snap, cancelled=lambda: next(calls) > 3)
    assert path.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_error_removes_temp_file(tmp_path: Path, snap, monkeypatch) -> None:
    import skillmatrix.reports.export.gaps as gaps

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gaps, "write_gaps", boom)
    with pytest.raises(ReportError, match="the disk is full"):
        write_report(tmp_path / "r.xlsx", snap)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ReportError, match="does not exist"):
        write_report(tmp_path / "missing" / "r.xlsx", snap)


def test_generated_on_and_history(tmp_path: Path, snap, previous) -> None:
    older = make_snapshot(12, 10, seed=9, cycle="2024 Q1", cycle_id=0)
    path = write_report(
        tmp_path / "r.xlsx",
        snap,
        previous=previous,
        history=[older, previous],
        generated_on=dt.date(2024, 10, 1),
    )
    wb = load_workbook(path)
    header = [c.value for c in wb["Trend"][3]]
    assert "Mean 2024 Q1" in header
    assert any("01 Oct 2024" in (v or "") for v in [wb["Summary"]["B3"].value])


def test_levels_are_numbers_everywhere(report: Path) -> None:
    wb = load_workbook(report)
    for name in ("Coverage", "Gaps", "Trend"):
        for row in wb[name].iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, str):
                    assert not cell.value.replace(".", "").isdigit(), (name, cell.coordinate)


def test_large_export_is_streamed(tmp_path: Path, monkeypatch) -> None:
    """Rows stream to disk: memory stays small however many cells are written."""
    import tracemalloc

    import skillmatrix.reports.export.charts as charts

    monkeypatch.setattr(charts, "FIGURES", ())
    write_report(tmp_path / "warm.xlsx", make_snapshot(3, 3))  # imports are not the export
    big = make_snapshot(300, 50, roles=4, team=None)
    tracemalloc.start()
    write_report(tmp_path / "big.xlsx", big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 16 * 2**20  # 15,000 cells; the 5,000 x 300 run is in the report notes
    ws = load_workbook(tmp_path / "big.xlsx", read_only=True)["Matrix"]
    assert sum(1 for _ in ws.iter_rows(values_only=True)) == MATRIX_HEADER_ROW + 300


def test_all_teams_summary_judges_each_team_on_its_own(tmp_path: Path) -> None:
    snap = make_snapshot(12, 8, team=None)  # people alternate between teams Alpha and Beta
    path = write_report(tmp_path / "teams.xlsx", snap)
    ws = load_workbook(path)["Summary"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    title_row = next(
        i for i, r in enumerate(cells) if r[1] and str(r[1]).startswith("Coverage by team")
    )
    rows = {r[1]: r for r in cells[title_row + 2 : title_row + 4]}
    assert set(rows) == {"Alpha", "Beta"}
    for team, row in rows.items():
        sub = snap.subset(np.array([p.team == team for p in snap.people]))
        coverage = an.coverage(sub)
        below = sum(r.status != "ok" for r in coverage)
        gaps = sum(r.status == "gap" for r in coverage)
        values = [v for v in row[2:] if v is not None]
        assert values[:4] == [6, below, gaps, len(an.single_points_of_failure(sub))]
    # A team's own report has no per-team section.
    single = write_report(tmp_path / "alpha.xlsx", make_snapshot(6, 5, team="Alpha"))
    texts = [c.value for row in load_workbook(single)["Summary"].iter_rows() for c in row]
    assert not any(isinstance(t, str) and t.startswith("Coverage by team") for t in texts)
