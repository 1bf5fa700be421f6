"""Issue 16's "Done when", all in the window.

A manager runs a whole quarter for a team of 12 through the window's own actions, with the
file dialogs answered by the test.

The Reports view writes the forms (recorded as sent), File › Import… (Ctrl+I) brings the
12 filled forms back through the import wizard (each marks its person returned), Ctrl+R
opens the review mode where each person is reconciled by keyboard, the Assess toolbar and
the Team view say 12 of 12 reviewed, the Team view's Profile (PDF) action prints one
person's profile, and File › Export Report… (Ctrl+E) writes the report whose Summary shows
the review progress. Screenshots of the steps go to ``$SKILLMATRIX_SHOTS`` when set.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWizard
from quarter_data import NAMES, TEAM, fill_form, team_of_12
from review_keys import review_by_keyboard

from skillmatrix.reports.forms import safe_filename
from skillmatrix.services import review
from skillmatrix.services.database import open_database
from skillmatrix.services.frameworks import list_competencies
from skillmatrix.ui.reports.import_wizard import MAPPING_PAGE, PREVIEW_PAGE, ImportWizard

WAIT = 30_000
Button = QWizard.WizardButton


def _shot(qtbot: Any, widget: Any, name: str) -> None:
    folder = os.environ.get("SKILLMATRIX_SHOTS")
    if folder:
        qtbot.wait(1500)  # a view shown just now paints its table a moment later
        widget.grab().save(str(Path(folder) / f"quarter-{name}.png"))


def _states(win: Any) -> set[str]:
    return {r.state.value for r in win.ctx.call(review.cycle_status).people}


def _answer_wizard(qtbot: Any, files: list[Path], shots: list[str]) -> Any:
    """An ``ImportWizard.exec`` that imports the next of ``files`` as a user would.

    The file, Next (it is recognised as a returned form), Next (the preview), Finish.
    """

    def exec_(wizard: ImportWizard) -> int:
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.file_page.path.setText(str(files.pop(0)))
        for page in (MAPPING_PAGE, PREVIEW_PAGE):
            qtbot.mouseClick(wizard.button(Button.NextButton), Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda p=page: wizard.currentId() == p and wizard.task is None, timeout=WAIT
            )
            if page == MAPPING_PAGE:
                assert "returned self-assessment form" in wizard.mapping_page.found.text()
        if not shots:
            _shot(qtbot, wizard, "3-import-preview")
            shots.append("done")
        qtbot.mouseClick(wizard.button(Button.FinishButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT)
        return wizard.result()

    return exec_


def test_a_quarter_for_a_team_of_12_in_the_window(qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = team_of_12(tmp_path / "quarter.db")
    db = open_database(db_path)
    order = [c.name for c in list_competencies(db)]
    db.close()
    from skillmatrix.ui import open_main_window

    win = open_main_window(db_path)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    try:
        assert _states(win) == {"not started"}

        # 1. Send the forms: File › Export Report… opens the Reports view; its forms
        # section asks for a folder (answered here) and writes one form per person.
        win.acts.export.trigger()
        qtbot.waitUntil(lambda: win.current_view() == "reports")
        reports = win.pages["reports"].content
        sent = tmp_path / "sent"
        sent.mkdir()
        monkeypatch.setattr(
            QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(sent))
        )
        qtbot.mouseClick(
            reports.forms.findChild(QPushButton, "formsBrowse"), Qt.MouseButton.LeftButton
        )
        folder = Path(reports.forms.folder.text())
        assert folder.parent == sent  # a folder named after the cycle and team inside
        qtbot.mouseClick(reports.forms.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: reports.forms.task is None, timeout=WAIT)
        assert "12 forms written" in reports.forms.result.text.text()
        assert _states(win) == {"sent"}
        _shot(qtbot, win, "1-forms-sent")

        # 2. The 12 forms come back filled; File › Import… takes each (one wizard run).
        forms = sorted(folder.glob("*.xlsx"))
        assert len(forms) == 12
        returned = []
        for i, name in enumerate(NAMES):
            (form,) = [f for f in forms if safe_filename(name) in f.stem]
            assert fill_form(form, i, order) > 0
            returned.append(form)
        wizard_shots: list[str] = []
        monkeypatch.setattr(ImportWizard, "exec", _answer_wizard(qtbot, returned, wizard_shots))
        for _ in NAMES:
            win.acts.import_.trigger()
        assert not returned  # every form was imported
        assert _states(win) == {"returned"}

        # 3. Reconcile each person by keyboard (Ctrl+R in Assess), timed per person.
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Assess
        qtbot.waitUntil(lambda: win.current_view() == "assess")
        view = win.pages["assess"].content
        qtbot.waitUntil(lambda: view.model.rowCount() == 12)
        assert view.toolbar.review.text().startswith("Reviewed 0 of 12 · due ")
        _shot(qtbot, win, "2-assess-before-review")
        ids = {view.model.person(r).name: view.model.person(r).id for r in range(12)}
        seconds = []
        for name in NAMES:
            start = time.monotonic()
            keys = review_by_keyboard(qtbot, view, ids[name])
            seconds.append(time.monotonic() - start)
            assert keys <= len(order) + 2  # one key per competency, Ctrl+R and Enter
        print(f"reconcile seconds per person: max {max(seconds):.1f}, total {sum(seconds):.1f}")

        # 4. "12 of 12 reviewed" in the Assess toolbar and the Team view.
        qtbot.waitUntil(lambda: view.toolbar.review.text().startswith("Reviewed 12 of 12 · "))
        assert _states(win) == {"agreed"}
        _shot(qtbot, win, "4-assess-12-of-12")
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Team
        qtbot.waitUntil(lambda: win.current_view() == "team")
        team_view = win.pages["team"].content
        qtbot.waitUntil(lambda: "reviewed 12 of 12" in team_view.count.text())
        qtbot.waitUntil(team_view.isVisible)

        # 5. Print Ada's profile for the 1:1: the Team view's Profile (PDF) action.
        team_view.select_person(ids[NAMES[0]])
        assert team_view.act_profile.isEnabled()
        pdf = tmp_path / "ada.pdf"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(pdf), ""))
        )
        team_view.act_profile.trigger()
        assert pdf.read_bytes().startswith(b"%PDF")
        _shot(qtbot, win, "5-team-12-of-12")

        # 6. Export the report: File › Export Report…, the file dialog answered.
        report = tmp_path / "q4.xlsx"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(report), ""))
        )
        win.acts.export.trigger()
        qtbot.waitUntil(lambda: win.current_view() == "reports")
        qtbot.mouseClick(
            reports.report.findChild(QPushButton, "reportBrowse"), Qt.MouseButton.LeftButton
        )
        assert reports.report.path.text() == str(report)
        qtbot.mouseClick(reports.report.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: reports.report.task is None and report.exists(), timeout=WAIT)
        _shot(qtbot, win, "6-report-exported")
    finally:
        win.close()
        if win.ctx.db is not None:
            win.ctx.db.close()

    cells = [
        [c for c in row if c is not None]
        for row in load_workbook(report)["Summary"].iter_rows(values_only=True)
    ]
    head = next(i for i, r in enumerate(cells) if r and str(r[0]).startswith("Review progress"))
    assert cells[head][0].startswith("Review progress: reviewed 12 of 12, due ")
    assert cells[head + 2] == [TEAM, 12, "12 of 12", 0, 0]
    folder_out = os.environ.get("SKILLMATRIX_SHOTS")
    if folder_out:
        (Path(folder_out) / "quarter-report.xlsx").write_bytes(report.read_bytes())
        (Path(folder_out) / "quarter-ada.pdf").write_bytes(pdf.read_bytes())
