"""A file beyond the import limits is read by the wizard only once the manager confirms it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from skillmatrix.reports.importing import limits
from skillmatrix.ui.reports.import_wizard import FILE_PAGE, MAPPING_PAGE, ImportWizard

WAIT = 20_000


@pytest.fixture
def crowded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(limits, "DEFAULT_LIMITS", limits.ImportLimits(max_people=3))
    path = tmp_path / "crowd.csv"
    path.write_text("Name,API design\n" + "".join(f"Newcomer {i},2\n" for i in range(6)))
    return path


def _next(qtbot, ctx, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wiz = ImportWizard(ctx)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.file_page.path.setText(str(path))
    qtbot.mouseClick(wiz.button(QWizard.WizardButton.NextButton), Qt.LeftButton)
    return wiz


def test_confirming_reads_the_file_beyond_the_limit(qtbot, ctx, crowded: Path, messages) -> None:  # type: ignore[no-untyped-def]
    wiz = _next(qtbot, ctx, crowded)
    qtbot.waitUntil(lambda: wiz.currentId() == MAPPING_PAGE and wiz.task is None, timeout=WAIT)
    assert messages.confirmations == [
        "crowd.csv has more than the limit of 3 people.\n"
        "Reading it can take minutes and a lot of memory. Nothing is saved until you press "
        "Import on the last page."
    ]
    assert wiz.state.scan is not None and len(wiz.state.scan.people_created) == 6
    assert messages.texts("warning") == []


def test_declining_stays_on_the_first_page(qtbot, ctx, crowded: Path, messages) -> None:  # type: ignore[no-untyped-def]
    messages.answer = QMessageBox.StandardButton.Cancel
    wiz = _next(qtbot, ctx, crowded)
    qtbot.waitUntil(lambda: bool(messages.confirmations) and wiz.task is None, timeout=WAIT)
    qtbot.wait(50)
    assert wiz.currentId() == FILE_PAGE and wiz.state.scan is None
    assert messages.texts("warning") == []
