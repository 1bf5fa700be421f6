"""The self-assessment forms block of the Reports view: a folder, Write forms, result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from skillmatrix.core.model import Cycle
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.reports.common import (
    FORMS_FOLDER,
    ResultLine,
    action_row,
    field_label,
    fill_with_section,
    fixed,
    forms_folder_name,
    remember_folder,
    suggest_path,
)
from skillmatrix.ui.tasks import BackgroundTask, run_in_background

EXPLANATION = (
    "One Excel file per person with their role's competencies, what each level means and "
    "drop-downs for their own level and interest. <b>Email each person their file; when "
    "they send it back, import it</b> (Import spreadsheet below, or File › Import…): the "
    "answers are stored as their <i>self-ratings</i>, next to yours, never over them."
)


class FormsSection(QWidget):
    """Write one self-assessment workbook per person of the scope into a folder."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cycle: Cycle | None = None
        self.team: str | None = None
        self.task: BackgroundTask | None = None
        self._written_cycle = 0  # the cycle of the forms being written
        self._auto_name = ""
        layout = fill_with_section(self, "Self-assessment forms", EXPLANATION)

        self.folder = QLineEdit(self)
        self.folder.setObjectName("formsFolder")
        self.folder.setAccessibleName("Folder for the forms")
        self.folder.setToolTip("Created if it does not exist; forms already in it are replaced")
        browse = QPushButton("Choose…", self)
        browse.setObjectName("formsBrowse")
        browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(field_label("Save in", self), row)
        layout.addLayout(form)

        self.button = fixed(QPushButton("Write forms", self))
        self.button.setObjectName("writeForms")
        self.button.clicked.connect(self.write)
        self.result = ResultLine("formsResult", self)
        self.result.open_button.setText("Open folder")
        layout.addLayout(action_row(self.button, self.result))

    def set_scope(self, cycle: Cycle | None, team: str | None) -> None:
        """Write forms for ``cycle`` and ``team``; the button is enabled only with a cycle."""
        self.cycle, self.team = cycle, team
        self.button.setEnabled(cycle is not None and self.task is None)
        if cycle is None:
            return
        name = forms_folder_name(cycle.name, team)
        suggest_path(self.folder, name, previous=self._auto_name, folder_key=FORMS_FOLDER)
        self._auto_name = name

    def choose_folder(self) -> Path | None:
        """Pick the parent folder; a folder named after the cycle and team goes inside."""
        start = Path(self.folder.text()).parent if self.folder.text() else Path.home()
        chosen = QFileDialog.getExistingDirectory(self, "Save the forms in", str(start))
        if not chosen:
            return None
        base = Path(chosen)
        remember_folder(FORMS_FOLDER, base)
        folder = (
            base / self._auto_name if self._auto_name and base.name != self._auto_name else base
        )
        self.folder.setText(str(folder))
        return folder

    def write(self) -> BackgroundTask | None:
        """Write the forms in the background; returns the task (None when refused)."""
        if self.cycle is None or self.task is not None:
            return None
        folder = Path(self.folder.text().strip() or ".").expanduser()
        if not folder.parent.is_dir():
            QMessageBox.warning(self, "Self-assessment forms", f"{folder.parent} does not exist.")
            return None
        from skillmatrix.services.excel import write_self_assessment_forms

        db, cycle, team = self.ctx.db, self.cycle, self.team

        def work(progress: Any, cancelled: Any) -> list[Path]:
            progress(0.05, "Writing one form per person…")
            folder.mkdir(exist_ok=True)
            return write_self_assessment_forms(db, folder, cycle=cycle.id, team=team)

        self.button.setEnabled(False)
        self.result.clear()
        self._written_cycle = cycle.id  # the scope may change while the forms are written
        self.task = run_in_background(self, "Writing self-assessment forms", work, self._done)
        self.task.dialog.setCancelButton(None)  # forms are written in one go
        self.task.error.connect(lambda _m: self._done(None))
        return self.task

    def _done(self, paths: list[Path] | None) -> None:
        self.task = None
        self.button.setEnabled(self.cycle is not None)
        if paths is None:
            return
        folder = Path(self.folder.text().strip())
        if not paths:
            self.result.show_result("Nobody in this scope: no forms were written.", None)
            return
        # The forms went out (recorded by the service): the Team view's column says Sent.
        self.ctx.reviewsChanged.emit(self._written_cycle)
        count = f"{len(paths)} form{'s' * (len(paths) != 1)}"
        self.result.show_result(f"✓ {count} written to {folder.name}", folder)
        self.result.folder_button.hide()
        self.ctx.saved.emit(f"{count} written to {folder}")
