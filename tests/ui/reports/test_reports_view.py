"""The Reports view: export (and cancel), self-assessment forms, scope and file choices."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from reports_ui_support import PEOPLE, Org

from skillmatrix.services import cycles
from skillmatrix.ui.reports import ReportsView
from skillmatrix.ui.reports import report_section as report_module
from skillmatrix.ui.reports.common import REPORT_FOLDER
from skillmatrix.ui.tasks import BackgroundTask

WAIT = 20_000


@pytest.fixture
def view(qtbot, ctx) -> ReportsView:  # type: ignore[no-untyped-def]
    widget = ReportsView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """URLs the view asked the desktop to open."""
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def _plain(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "")


def _matrix_people(path: Path) -> list[str]:
    ws = load_workbook(path, read_only=True)["Matrix"]
    rows = list(ws.iter_rows(min_row=5, max_col=1, values_only=True))
    return [r[0] for r in rows if r[0] and r[0] != "Legend"]


def test_scope_follows_the_context(view: ReportsView, ctx, org: Org) -> None:  # type: ignore[no-untyped-def]
    assert "For all teams in cycle 2026-Q4." in _plain(view.scope.text())
    assert view.report.compare.currentText() == "2026-Q3"
    assert Path(view.report.path.text()).name == "SkillMatrix 2026-Q4 All teams.xlsx"
    ctx.set_team("Payments")
    assert "For team Payments in cycle 2026-Q4." in _plain(view.scope.text())
    assert Path(view.report.path.text()).name == "SkillMatrix 2026-Q4 Payments.xlsx"
    assert Path(view.forms.folder.text()).name == "Self-assessment 2026-Q4 Payments"
    view.report.anonymize.setChecked(True)
    assert Path(view.report.path.text()).name == "SkillMatrix 2026-Q4 Payments (anonymised).xlsx"
    ctx.set_cycle(cycles.get_cycle(org.db, "2026-Q3"))
    assert not view.report.compare.isEnabled()  # the first cycle has nothing to compare with
    assert Path(view.report.path.text()).name == "SkillMatrix 2026-Q3 Payments (anonymised).xlsx"


def test_export_writes_the_report_of_the_chosen_team(
    qtbot, view: ReportsView, org: Org, tmp_path: Path, monkeypatch, opened
) -> None:  # type: ignore[no-untyped-def]
    view.ctx.set_team("Payments")
    target = tmp_path / "out" / "q4 report"  # no suffix: .xlsx is added
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    qtbot.mouseClick(view.findChild(type(view.report.button), "reportBrowse"), Qt.LeftButton)
    written = target.with_name("q4 report.xlsx")
    assert view.report.path.text() == str(written)
    assert QSettings().value(REPORT_FOLDER) == str(target.parent)

    qtbot.mouseClick(view.report.button, Qt.LeftButton)
    assert view.report.task is not None and not view.report.button.isEnabled()
    qtbot.waitUntil(lambda: view.report.task is None, timeout=WAIT)
    assert written.is_file()
    assert sorted(_matrix_people(written)) == ["Ann Lee", "Bob Stone"]
    assert view.report.result.isVisible()
    assert "Saved q4 report.xlsx" in view.report.result.text.text()
    assert any(s.startswith("saved: Report saved") for s in org.signals)
    qtbot.mouseClick(view.report.result.open_button, Qt.LeftButton)
    assert opened == [str(written)]
    # A new view starts in the folder chosen last time.
    again = ReportsView(view.ctx)
    qtbot.addWidget(again)
    assert Path(again.report.path.text()).parent == target.parent


def test_anonymised_export_uses_the_chosen_k(qtbot, view: ReportsView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QSpinBox

    k = view.findChild(QSpinBox, "reportAnonymityK")
    assert k is view.report.k and k.value() == 5 and not k.isEnabled()
    view.report.anonymize.setChecked(True)
    assert k.isEnabled()
    k.setValue(2)
    written = tmp_path / "anon.xlsx"
    view.report.path.setText(str(written))
    qtbot.mouseClick(view.report.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.report.task is None, timeout=WAIT)
    meta = load_workbook(written)["SkillMatrix"]
    values = {r[0]: r[1] for r in meta.iter_rows(values_only=True) if r and r[0]}
    assert values["anonymized"] == "yes" and values["k-anonymity"] == "2"
    assert all(name.startswith("Person ") for name in _matrix_people(written))


def test_cancelled_export_leaves_no_file(
    qtbot, view: ReportsView, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def cancelled_at_once(parent, title, work, on_done=None, **kw):  # type: ignore[no-untyped-def]
        task = BackgroundTask(parent, title, work, **kw)
        if on_done is not None:
            task.done.connect(on_done)
        task.cancel()  # as if Cancel was pressed before the first row was written
        return task.start()

    monkeypatch.setattr(report_module, "run_in_background", cancelled_at_once)
    target = tmp_path / "cancelled.xlsx"
    view.report.path.setText(str(target))
    view.report.export()
    qtbot.waitUntil(lambda: view.report.task is None, timeout=WAIT)
    assert not target.exists()
    assert list(tmp_path.glob("*.xlsx*")) == []  # no temporary part either
    assert "cancelled" in view.report.result.text.text()
    assert view.report.button.isEnabled()


def test_export_error_is_a_one_line_message(
    qtbot, view: ReportsView, tmp_path: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    view.report.path.setText(str(tmp_path / "missing" / "r.xlsx"))
    assert view.report.export() is None
    assert messages.texts("warning") == [f"The folder {tmp_path / 'missing'} does not exist."]


def test_replacing_an_existing_report_asks_first(
    qtbot, view: ReportsView, tmp_path: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"old")
    view.report.path.setText(str(target))
    messages.answer = messages.answer.Cancel
    assert view.report.export() is None
    assert "Replace old.xlsx?" in messages.confirmations[0]
    assert target.read_bytes() == b"old"


def test_forms_are_written_one_per_person(
    qtbot, view: ReportsView, org: Org, tmp_path: Path, opened
) -> None:  # type: ignore[no-untyped-def]
    view.ctx.set_team("Platform")
    folder = tmp_path / "round" / "Q4 forms"
    folder.parent.mkdir()
    view.forms.folder.setText(str(folder))
    qtbot.mouseClick(view.forms.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.forms.task is None, timeout=WAIT)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["Self-assessment - Carla Diaz.xlsx", "Self-assessment - Dan Moss.xlsx"]
    assert "2 forms written" in view.forms.result.text.text()
    qtbot.mouseClick(view.forms.result.open_button, Qt.LeftButton)
    assert opened == [str(folder)]


def test_forms_folder_choice_adds_a_folder_per_round(
    view: ReportsView, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    assert view.forms.choose_folder() == tmp_path / "Self-assessment 2026-Q4 All teams"


def test_no_cycle_yet(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services.database import open_database
    from skillmatrix.ui.context import AppContext

    db = open_database(tmp_path / "empty.db")
    try:
        view = ReportsView(AppContext(db))
        qtbot.addWidget(view)
        view.show()
        assert view.no_cycle.isVisible()
        assert not view.report.button.isEnabled() and not view.forms.button.isEnabled()
        assert view.report.export() is None
    finally:
        db.close()


def test_import_button_opens_the_wizard(view: ReportsView, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui.reports import import_wizard

    calls = []
    monkeypatch.setattr(
        import_wizard, "run_import_wizard", lambda ctx, parent: calls.append(parent) or True
    )
    view.import_button.click()
    assert calls == [view]


def test_the_main_window_builds_this_view(window) -> None:  # type: ignore[no-untyped-def]
    window.show_view("reports")
    page = window.page("reports")
    assert page.objectName() == "reportsView"
    assert isinstance(page.content, ReportsView)


@pytest.fixture
def new_account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder without Documents (a fresh account, a minimal Linux): its path."""
    if sys.platform != "linux":
        pytest.skip("the XDG folders are Linux's")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


def test_a_missing_documents_folder_is_made_and_export_and_forms_work_there(
    qtbot, ctx, new_account: Path
) -> None:  # type: ignore[no-untyped-def]
    view = ReportsView(ctx)
    qtbot.addWidget(view)
    view.show()
    report = Path(view.report.path.text())
    assert report.parent == new_account / "Documents" and report.parent.is_dir()
    qtbot.mouseClick(view.report.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.report.task is None, timeout=WAIT)
    assert report.is_file()

    forms = Path(view.forms.folder.text())
    assert forms.parent == new_account / "Documents"
    qtbot.mouseClick(view.forms.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.forms.task is None, timeout=WAIT)
    assert len(list(forms.glob("*.xlsx"))) == len(PEOPLE)


def test_documents_that_cannot_be_made_falls_back_to_home(qtbot, ctx, new_account: Path) -> None:  # type: ignore[no-untyped-def]
    (new_account / "Documents").write_text("a file where the folder would go")
    view = ReportsView(ctx)
    qtbot.addWidget(view)
    assert Path(view.report.path.text()).parent == new_account
    assert Path(view.forms.folder.text()).parent == new_account


def test_evidence_goes_into_the_report_only_when_ticked(
    qtbot, view: ReportsView, org: Org, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services.evidence import add_evidence

    add_evidence(org.db, cycle_id=org.cycle.id, person_id=org.people["Ann Lee"],
                 competency_id=org.comps["API design"], text="Led the API review")  # fmt: skip
    box = view.report.evidence
    assert not box.isChecked() and box.isEnabled()  # privacy by default

    def export(name: str) -> list[str]:
        written = tmp_path / name
        view.report.path.setText(str(written))
        qtbot.mouseClick(view.report.button, Qt.LeftButton)
        qtbot.waitUntil(lambda: view.report.task is None, timeout=WAIT)
        return load_workbook(written).sheetnames

    assert "Evidence" not in export("plain.xlsx") and "Plans" in export("plain2.xlsx")
    box.setChecked(True)
    sheets = export("with.xlsx")
    assert "Evidence" in sheets
    rows = list(load_workbook(tmp_path / "with.xlsx")["Evidence"].iter_rows(values_only=True))
    assert any(r[0] == "Ann Lee" and r[5] == "Led the API review" for r in rows)
    view.report.anonymize.setChecked(True)  # never with pseudonyms
    assert not box.isChecked() and not box.isEnabled()
    assert "Evidence" not in export("anon.xlsx")
