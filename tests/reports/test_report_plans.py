"""The report's Plans sheet (always) and Evidence sheet (only when chosen).

What they list, pseudonyms only when anonymised, and no user text ever becoming a formula.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from skillmatrix.cli import main
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.plans import NewAction
from skillmatrix.reports.anonymize import pseudonyms
from skillmatrix.services import growth_plans as gp
from skillmatrix.services.database import open_database
from skillmatrix.services.demo import create_demo
from skillmatrix.services.evidence import add_evidence
from skillmatrix.services.excel import export_report
from skillmatrix.services.people import list_people
from skillmatrix.services.reads import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import repo_meta
from skillmatrix.store.database import Database

EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "demo.db")
    create_demo(db, people=12, teams=2, cycles=2)
    people = list_people(db)
    snap = load_snapshot(db)
    cycle = list_cycles(db)[-1].id
    ada, bo, cy = people[0], people[1], people[2]
    comp = snap.competencies[0]
    gp.create_goal(db, person_id=ada.id, competency_id=comp.id, target_level=4,
                   actions=[NewAction("course", EVIL),
                            NewAction("mentor", "-pairing", mentor_id=bo.id, status="done"),
                            NewAction("project", "@billing")])  # fmt: skip
    gp.create_goal(db, person_id=bo.id, competency_id=comp.id, target_level=3,
                   actions=[NewAction("mentor", mentor_id=cy.id)], status="dropped")  # fmt: skip
    add_evidence(db, cycle_id=cycle, person_id=ada.id, competency_id=comp.id,
                 url="https://wiki.example.com/ada", text=f"{EVIL} by {ada.name}")  # fmt: skip
    return db


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if any(r)]


def _no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name), name


def test_plans_sheet_lists_goals_open_first(demo: Database, tmp_path: Path) -> None:
    people = list_people(demo)
    out = export_report(demo, tmp_path / "r.xlsx")
    wb = load_workbook(out)
    assert "Plans" in wb.sheetnames and "Evidence" not in wb.sheetnames  # privacy by default
    rows = _rows(out, "Plans")
    assert [(r[0], r[8]) for r in rows] == [(people[0].name, "planned"),
                                            (people[1].name, "dropped")]  # fmt: skip
    # One line per action, each typed text as text (never a formula), done ones marked.
    assert rows[0][6] == (
        f"course: {EVIL}\nmentor: {people[1].name}, -pairing (done)\nproject: @billing"
    )
    assert rows[0][7] == people[1].name and rows[1][7] == people[2].name
    assert (rows[1][6], rows[1][8]) == (f"mentor: {people[2].name}", "dropped")
    _no_formulas(out)


def test_evidence_sheet_only_when_chosen(demo: Database, tmp_path: Path) -> None:
    ada = list_people(demo)[0]
    out = export_report(demo, tmp_path / "e.xlsx", evidence=True)
    [row] = _rows(out, "Evidence")
    assert row[0] == ada.name and row[4] == "https://wiki.example.com/ada"
    assert row[5] == f"{EVIL} by {ada.name}" and row[6] == list_cycles(demo)[-1].name
    _no_formulas(out)
    with pytest.raises(ValidationError, match="anonymised"):
        export_report(demo, tmp_path / "x.xlsx", evidence=True, anonymize=True)
    assert not (tmp_path / "x.xlsx").exists()


def test_evidence_of_earlier_cycles_goes_with_a_carried_rating(
    demo: Database, tmp_path: Path
) -> None:
    ada = list_people(demo)[0]
    first = list_cycles(demo)[0]
    comp = load_snapshot(demo).competencies[1]
    add_evidence(demo, cycle_id=first.id, person_id=ada.id, competency_id=comp.id,
                 text="older review")  # fmt: skip
    out = export_report(demo, tmp_path / "e.xlsx", evidence=True)
    rows = _rows(out, "Evidence")
    assert [(r[2], r[5], r[6]) for r in rows if r[5] == "older review"] == [
        (comp.name, "older review", first.name)
    ]
    assert len(rows) == 2
    # The report of the first cycle does not show what was added later.
    early = export_report(demo, tmp_path / "early.xlsx", cycle=first.id, evidence=True)
    assert [r[5] for r in _rows(early, "Evidence")] == ["older review"]


def test_anonymised_plans_show_pseudonyms_only(demo: Database, tmp_path: Path) -> None:
    people = list_people(demo)
    out = export_report(demo, tmp_path / "a.xlsx", anonymize=True)
    with demo.session() as s:
        key = repo_meta.report_secret(s)
    names = pseudonyms([p.id for p in people], key)
    rows = _rows(out, "Plans")
    assert sorted(r[0] for r in rows) == sorted([names[people[0].id], names[people[1].id]])
    mentored = next(r for r in rows if r[8] == "dropped")
    assert mentored[7] == names[people[2].id]
    planned = next(r for r in rows if r[8] == "planned")
    assert planned[6] == "course\nmentor (done)\nproject"  # details left out
    assert planned[7] == names[people[1].id]
    text = {str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows()
            for c in row if c.value is not None}  # fmt: skip
    assert not any(p.name in t for p in people for t in text)


def test_export_command_evidence_flag(demo: Database, tmp_path: Path) -> None:
    db_path = str(tmp_path / "demo.db")
    demo.close()
    out = tmp_path / "cli.xlsx"
    assert main(["export", "--db", db_path, "--evidence", "-o", str(out)]) == 0
    assert "Evidence" in load_workbook(out).sheetnames
    assert main(["export", "--db", db_path, "-o", str(out)]) == 0
    assert "Evidence" not in load_workbook(out).sheetnames
    assert main(["export", "--db", db_path, "--evidence", "--anonymize", "-o",
                 str(tmp_path / "no.xlsx")]) == 1  # fmt: skip
    assert not (tmp_path / "no.xlsx").exists()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_plan_and_evidence_sheets_print_at_7pt_or_more(
    demo: Database, tmp_path: Path, paper: str
) -> None:
    from test_report_print import MIN_PRINTED_PT, printed_scale

    from skillmatrix.reports import write_report
    from skillmatrix.services.excel_export import evidence_rows, plan_rows

    snap = load_snapshot(demo)
    out = write_report(tmp_path / "p.xlsx", snap, paper=paper, plans=plan_rows(demo, snap),
                       evidence=evidence_rows(demo, snap))  # fmt: skip
    wb = load_workbook(out)
    for name in ("Plans", "Evidence"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert 10 * printed_scale(ws) >= MIN_PRINTED_PT, name


def test_no_goals_is_said_across_the_table(tmp_path: Path) -> None:
    """The note spans the sheet's columns (in column A alone it printed wrapped and cut)."""
    from skillmatrix.reports.export.plan_sheet import WIDTHS

    db = open_database(tmp_path / "empty.db")
    create_demo(db, people=6, teams=1, cycles=1)
    out = export_report(db, tmp_path / "r.xlsx")
    db.close()
    ws = load_workbook(out)["Plans"]
    [note] = [c for row in ws.iter_rows(min_row=4) for c in row if c.value]
    assert note.value == "No growth goals for these people yet."
    merged = [r for r in ws.merged_cells.ranges if note.coordinate in r]
    assert merged and (merged[0].min_col, merged[0].max_col) == (1, len(WIDTHS))
