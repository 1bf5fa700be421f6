"""Forms written and returned show in the Team view's Review column at once.

Through ``ctx.reviewsChanged`` / ``cyclesChanged``, not after the next reload.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from reports_ui_support import PEOPLE, Org

from skillmatrix.reports.forms import HEADER_ROW as FORM_HEADER
from skillmatrix.services import review
from skillmatrix.services.excel import write_self_assessment_forms
from skillmatrix.ui.reports import ReportsView
from skillmatrix.ui.reports.import_wizard import MAPPING_PAGE, PREVIEW_PAGE, ImportWizard
from skillmatrix.ui.team.model import REVIEW
from skillmatrix.ui.team.view import TeamView

WAIT = 20_000


def _team_view(qtbot, ctx, org: Org) -> TeamView:  # type: ignore[no-untyped-def]
    ctx.set_cycle(review.set_due(org.db, org.cycle.id, dt.date(2099, 1, 1)))  # never overdue
    team = TeamView(ctx)
    qtbot.addWidget(team)
    team.show()
    qtbot.waitExposed(team)
    return team


def _column(team: TeamView) -> dict[str, str]:
    m = team.model
    return {m.index(r, 0).data(): m.index(r, REVIEW).data() for r in range(m.rowCount())}


def test_forms_written_in_the_app_show_sent_at_once(qtbot, ctx, org: Org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team = _team_view(qtbot, ctx, org)
    qtbot.waitUntil(lambda: set(_column(team).values()) == {"Not started"}, timeout=WAIT)
    reports = ReportsView(ctx)
    qtbot.addWidget(reports)
    reports.show()
    reports.forms.folder.setText(str(tmp_path / "Q4 forms"))
    qtbot.mouseClick(reports.forms.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.forms.task is None, timeout=WAIT)
    assert len(list((tmp_path / "Q4 forms").glob("*.xlsx"))) == len(PEOPLE)
    qtbot.waitUntil(lambda: set(_column(team).values()) == {"Sent"}, timeout=WAIT)


def test_a_returned_form_imported_in_the_app_shows_returned(  # type: ignore[no-untyped-def]
    qtbot, ctx, org: Org, tmp_path: Path
) -> None:
    paths = write_self_assessment_forms(org.db, tmp_path, cycle=org.cycle.id, team="Payments")
    team = _team_view(qtbot, ctx, org)
    qtbot.waitUntil(lambda: _column(team)["Bob Stone"] == "Sent", timeout=WAIT)
    form = next(p for p in paths if "Bob Stone" in p.name)
    wb = load_workbook(form)
    ws = wb["Self-assessment"]
    row = next(
        r for r in range(FORM_HEADER + 1, ws.max_row + 1) if ws.cell(r, 2).value == "API design"
    )
    ws.cell(row, 7).value = "3 - Proficient"
    wb.save(form)

    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(form))
    for page in (MAPPING_PAGE, PREVIEW_PAGE):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda p=page: wizard.currentId() == p and wizard.task is None, timeout=WAIT
        )
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT)
    qtbot.waitUntil(lambda: _column(team)["Bob Stone"] == "Returned", timeout=WAIT)
    assert _column(team)["Ann Lee"] == "Sent"  # only the form that came back
