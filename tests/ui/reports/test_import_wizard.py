"""The import wizard driven like a manager would: file, columns, preview, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from reports_ui_support import Org, save_rows

from skillmatrix.core.model import Source
from skillmatrix.reports.forms import HEADER_ROW as FORM_HEADER
from skillmatrix.reports.importing.mapping import SKIP, competency_role
from skillmatrix.services import frameworks as fw
from skillmatrix.services.excel import export_report, write_self_assessment_forms
from skillmatrix.ui.reports import import_wizard
from skillmatrix.ui.reports.import_wizard import (
    FILE_PAGE,
    MAPPING_PAGE,
    PREVIEW_PAGE,
    ImportWizard,
    run_import_wizard,
)

WAIT = 20_000
Button = QWizard.WizardButton


@pytest.fixture
def wizard(qtbot, ctx) -> ImportWizard:  # type: ignore[no-untyped-def]
    wiz = ImportWizard(ctx)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def _next(qtbot, wiz: ImportWizard, page: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wiz.button(Button.NextButton), Qt.LeftButton)
    qtbot.waitUntil(lambda: wiz.currentId() == page and wiz.task is None, timeout=WAIT)


def _open(qtbot, wiz: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    wiz.file_page.path.setText(str(path))
    _next(qtbot, wiz, MAPPING_PAGE)


def _preview(qtbot, wiz: ImportWizard) -> str:  # type: ignore[no-untyped-def]
    _next(qtbot, wiz, PREVIEW_PAGE)
    return wiz.preview_page.headline.text()


def _finish(qtbot, wiz: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    finish = wiz.button(Button.FinishButton)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.LeftButton)
    qtbot.waitUntil(lambda: wiz.result() == QWizard.DialogCode.Accepted, timeout=WAIT)


def test_first_page_defaults_to_the_cycle_the_file_names(wizard: ImportWizard) -> None:
    page = wizard.file_page
    assert page.cycle.currentData() is None  # forms and reports go back to their cycle
    assert "file names" in page.cycle.currentText()
    assert page.cycle.findText("2026-Q4") > 0  # any cycle can still be chosen
    assert not wizard.button(Button.NextButton).isEnabled()  # no file yet
    page.path.setText("x.xlsx")
    assert wizard.button(Button.NextButton).isEnabled()


def test_mapping_page_recognises_email_and_competencies(
    qtbot, wizard: ImportWizard, wide_file: Path
) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, wizard, wide_file)
    page = wizard.mapping_page
    assert "people in rows" in page.found.text() and "header in row 4" in page.found.text()
    assert page.combo_for("Name").currentData() == "name"
    assert page.combo_for("Email").currentData() == "email"
    assert page.combo_for("Team").currentData() == "team"
    assert page.combo_for("api design").currentText() == "Competency: API design"
    assert page.combo_for("Code Review").currentText() == "Competency: Code review"
    assert page.combo_for("Docs").currentText() == "New competency “Docs”"
    assert page.combo_for("Availability").currentData() == SKIP
    whys = [page.table.item(r, 4).text() for r in range(page.table.rowCount())]
    assert whys[3] == "matches a competency you have"
    assert whys[7].startswith("not a skill")
    assert page.table.item(0, 2).text() == "Ann Lee, Bob Stone, Eve Park"  # first values
    assert page.mapping() == {}


def test_skipping_a_column_changes_the_preview(
    qtbot, wizard: ImportWizard, wide_file: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, wizard, wide_file)
    headline = _preview(qtbot, wizard)
    before = wizard.state.preview
    assert before.ok and headline.startswith("Ready to import:")
    # Q4 started from Q3's ratings: 5 cells differ, 1 is the same, 5 are new (Docs, Eve).
    assert (before.created, before.changed, before.unchanged) == (5, 5, 1)
    assert before.people_created == ["Eve Park"] and before.competencies_created == ["Docs"]
    assert wizard.preview_page.changes.rowCount() == 10

    qtbot.mouseClick(wizard.button(Button.BackButton), Qt.LeftButton)
    wizard.mapping_page.set_role("Communication", SKIP)
    wizard.mapping_page.set_role("Docs", competency_role("Technical documentation"))
    assert wizard.mapping_page.mapping() == {
        5: SKIP,
        6: competency_role("Technical documentation"),
    }
    _preview(qtbot, wizard)
    after = wizard.state.preview
    assert (after.created, after.changed) == (4, 3)  # no Communication ratings
    assert after.competencies_created == []
    details = wizard.preview_page.details.text()
    assert "Communication" in details and "Eve Park" in details

    _finish(qtbot, wizard)
    assert org.rating("Ann Lee", "Technical documentation").level == 2
    assert org.rating("Bob Stone", "Communication").level == 2  # carried over, not imported
    assert "Docs" not in {c.name for c in fw.list_competencies(org.db)}


def test_a_bad_level_is_shown_with_its_cell_and_nothing_is_imported(
    qtbot, wizard: ImportWizard, tmp_path: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    path = save_rows(
        tmp_path / "bad.xlsx",
        [["Name", "API design", "Code review"], ["Ann Lee", 7, 2], ["New Person", 1, 1]],
    )
    stored = org.all_ratings()
    _open(qtbot, wizard, path)
    headline = _preview(qtbot, wizard)
    page = wizard.preview_page
    assert headline == "1 problem found: nothing will be imported."
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert problems == [
        "Team!B2: 7 is not a level (expected 0 None, 1 Awareness, 2 Working, 3 Proficient, "
        "4 Expert, n/a or blank)"
    ]
    assert page.problems.isVisible() and not page.changes.isVisible()
    assert not page.isComplete() and not wizard.button(Button.FinishButton).isEnabled()
    assert not page.validatePage()
    assert wizard.task is None and wizard.state.applied is None
    assert org.all_ratings() == stored
    assert "New Person" not in {p.name for p in _people(org)}

    # Fixing the file and checking again enables Import.
    save_rows(path, [["Name", "API design", "Code review"], ["Ann Lee", 4, 2]])
    qtbot.mouseClick(page.recheck, Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.task is None and page.isComplete(), timeout=WAIT)
    assert wizard.button(Button.FinishButton).isEnabled()


def test_a_valid_file_is_imported_and_the_views_are_told(
    qtbot, wizard: ImportWizard, wide_file: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, wizard, wide_file)
    _preview(qtbot, wizard)
    assert "cannot be undone" in wizard.preview_page.details.text()
    _finish(qtbot, wizard)
    assert wizard.state.applied is not None and wizard.state.applied.applied
    assert org.rating("Ann Lee", "API design").level == 4
    assert org.rating("Bob Stone", "Code review").level == 3  # "Proficient"
    eve = next(p for p in _people(org) if p.name == "Eve Park")
    assert eve.email == "eve@x.org" and eve.team == "Payments"
    assert {"peopleChanged", "frameworkChanged", "cyclesChanged"} <= set(org.signals)
    saved = "saved: Imported payments.xlsx: 5 new ratings, 5 changed, 1 new person"
    assert any(s.startswith(saved) for s in org.signals)


def test_strict_mode_refuses_new_people(qtbot, wizard: ImportWizard, wide_file: Path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, wizard, wide_file)
    _preview(qtbot, wizard)
    page = wizard.preview_page
    page.strict.setChecked(True)
    qtbot.waitUntil(lambda: wizard.task is None and not wizard.state.preview.ok, timeout=WAIT)
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert any("unknown person 'Eve Park'" in p for p in problems)
    assert not wizard.button(Button.FinishButton).isEnabled()


def test_a_returned_form_becomes_self_ratings(
    qtbot, wizard: ImportWizard, org: Org, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    paths = write_self_assessment_forms(org.db, tmp_path, cycle=org.cycle.id, team="Payments")
    form = next(p for p in paths if "Bob Stone" in p.name)
    wb = load_workbook(form)
    ws = wb["Self-assessment"]
    row = next(
        r for r in range(FORM_HEADER + 1, ws.max_row + 1) if ws.cell(r, 2).value == "API design"
    )
    ws.cell(row, 7).value = "3 - Proficient"
    wb.save(form)

    _open(qtbot, wizard, form)
    assert "returned self-assessment form" in wizard.mapping_page.found.text()
    assert not wizard.mapping_page.table.isVisible()
    assert "self-ratings" in wizard.mapping_page.note.text()
    _preview(qtbot, wizard)
    assert "self-ratings" in wizard.preview_page.details.text()
    _finish(qtbot, wizard)
    assert org.rating("Bob Stone", "API design", Source.SELF).level == 3
    assert org.rating("Bob Stone", "API design").level == 2  # the manager's rating is kept


def test_an_edited_report_round_trips_and_other_sheets_are_refused(
    qtbot, wizard: ImportWizard, org: Org, tmp_path: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    report = export_report(org.db, tmp_path / "report.xlsx", cycle=org.cycle.id)
    wb = load_workbook(report)
    ws = wb["Matrix"]
    header = [c.value for c in ws[4]]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == "Dan Moss")
    ws.cell(row, header.index("Mentoring") + 1).value = 4
    wb.save(report)

    _open(qtbot, wizard, report)
    page = wizard.mapping_page
    assert "Matrix sheet of a SkillMatrix report" in page.found.text()
    assert page.sheet.isVisible() and page.sheet.currentText() == "Matrix"
    page.sheet.setCurrentIndex(page.sheet.findText("Trend"))
    page.sheet.activated.emit(page.sheet.currentIndex())
    qtbot.waitUntil(lambda: wizard.task is None and bool(messages.shown), timeout=WAIT)
    assert "no header row found in sheet 'Trend'" in messages.texts("warning")[0]
    assert page.sheet.currentText() == "Matrix" and wizard.state.sheet == "Matrix"
    _preview(qtbot, wizard)
    result = wizard.state.preview
    assert (result.created, result.changed) == (1, 0)
    _finish(qtbot, wizard)
    assert org.rating("Dan Moss", "Mentoring").level == 4


def test_an_unreadable_file_stays_on_the_first_page(
    qtbot, wizard: ImportWizard, tmp_path: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "noise.xlsx"
    path.write_bytes(b"\x00\x01 not a workbook" * 20)
    wizard.file_page.path.setText(str(path))
    qtbot.mouseClick(wizard.button(Button.NextButton), Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.task is None and bool(messages.shown), timeout=WAIT)
    assert wizard.currentId() == FILE_PAGE
    assert messages.texts("warning") == [
        "noise.xlsx: is not an Excel workbook (.xlsx) or a CSV file"
    ]


def test_run_import_wizard_returns_false_when_cancelled(ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        import_wizard.ImportWizard, "exec", lambda self: QWizard.DialogCode.Rejected
    )
    assert run_import_wizard(ctx) is False


def _people(org: Org):  # type: ignore[no-untyped-def]
    from skillmatrix.services import people

    return people.list_people(org.db)
