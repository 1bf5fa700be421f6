"""The quarterly report block of the Reports view: options, file, Export, result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from skillmatrix.core.model import Cycle
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.dialogs.confirm import confirm
from skillmatrix.ui.reports.common import (
    REPORT_FOLDER,
    ResultLine,
    action_row,
    explanation,
    field_label,
    fill_with_section,
    fixed,
    remember_folder,
    report_name,
    suggest_path,
)
from skillmatrix.ui.tasks import BackgroundTask, run_in_background

SHEETS = (
    ("Summary", "headcount, key figures, top gaps, hiring suggestion, change since last time"),
    ("Matrix", "everyone's levels by competency, coloured, below-target marked"),
    ("Coverage", "covered / required per competency"),
    ("Coverage chart", "covered vs required as a bar chart, one page"),
    ("Gaps", "one row per person: total gap and the three largest"),
    ("Gap details", "each person's competencies below target"),
    ("Trend", "this cycle against the compared one"),
    ("Growth", "who wants to learn what, and who can teach it"),
    ("Plans", "each person's growth goals and their progress"),
    ("Charts", "the heatmap and coverage charts as pictures"),
)


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    return f"{size / 1024:.0f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB"


class ReportSection(QWidget):
    """Compare-to cycle, anonymise, the file to write and the Export button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cycle: Cycle | None = None
        self.team: str | None = None
        self.task: BackgroundTask | None = None
        self._auto_name = ""
        self._confirmed: Path | None = None  # the save dialog already asked about replacing
        layout = fill_with_section(
            self,
            "Quarterly report",
            "An Excel workbook for your director: one sheet per topic, ready to print.",
        )

        self.compare = QComboBox(self)
        self.compare.setObjectName("reportCompare")
        self.compare.setAccessibleName("Compare with")
        self.compare.setToolTip("The Trend sheet and the Summary's changes compare with this cycle")
        self.anonymize = QCheckBox("Replace names with pseudonyms (no emails or notes)", self)
        self.anonymize.setObjectName("reportAnonymize")
        self.anonymize.toggled.connect(lambda _on: self._suggest_name())
        # k-anonymity of team, role and seniority in an anonymised report
        self.k = QSpinBox(self)
        self.k.setObjectName("reportAnonymityK")
        self.k.setAccessibleName("Smallest group shown")
        self.k.setRange(1, 99)
        self.k.setValue(5)
        self.k.setSuffix(" people")
        self.k.setToolTip(
            "Team, role and seniority are shown only as precisely as at least this many "
            "people share them (1 shows them as they are)"
        )
        self.k.setEnabled(False)
        self.anonymize.toggled.connect(self.k.setEnabled)
        self.k_note = QLabel(
            "or more share each team, role and seniority shown; rarer ones are generalised",
            self,
        )
        self.k_note.setBuddy(self.k)
        self.k_note.setEnabled(False)
        self.anonymize.toggled.connect(self.k_note.setEnabled)
        # Evidence is free text that may name people: only when asked, never anonymised.
        self.evidence = QCheckBox("Include evidence (links and notes behind ratings)", self)
        self.evidence.setObjectName("reportEvidence")
        self.evidence.setToolTip(
            "Adds an Evidence sheet. Left out by default for privacy, and always left out "
            "of an anonymised report"
        )
        self.anonymize.toggled.connect(self._anonymize_toggled)
        k_row = QHBoxLayout()
        k_row.addWidget(self.k)
        k_row.addWidget(self.k_note)
        k_row.addStretch(1)
        self.path = QLineEdit(self)
        self.path.setObjectName("reportPath")
        self.path.setAccessibleName("Report file")
        self.path.textEdited.connect(lambda _t: setattr(self, "_confirmed", None))
        browse = QPushButton("Choose…", self)
        browse.setObjectName("reportBrowse")
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.compare.setMinimumContentsLength(14)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare)
        compare_row.addStretch(1)
        form = QFormLayout()
        form.addRow(field_label("Compare with", self), compare_row)
        form.addRow(field_label("Names", self), self.anonymize)
        form.addRow(field_label("Anonymity", self), k_row)
        form.addRow(field_label("Evidence", self), self.evidence)
        form.addRow(field_label("Save as", self), file_row)
        layout.addLayout(form)

        contents = " · ".join(f"<span title='{why}'><b>{name}</b></span>" for name, why in SHEETS)
        sheets = explanation(f"Sheets: {contents}", self)
        sheets.setObjectName("reportSheets")
        sheets.setToolTip("\n".join(f"{name}: {why}" for name, why in SHEETS))
        layout.addWidget(sheets)

        self.button = fixed(QPushButton("Export report", self))
        self.button.setObjectName("exportReport")
        self.button.setDefault(True)
        self.button.clicked.connect(self.export)
        self.result = ResultLine("reportResult", self)
        layout.addLayout(action_row(self.button, self.result))

    # -- scope -----------------------------------------------------------------------------
    def set_scope(self, cycle: Cycle | None, team: str | None, cycles: list[Cycle]) -> None:
        """Show the options for ``cycle`` of ``team`` (all teams when None)."""
        self.cycle, self.team = cycle, team
        earlier = [c for c in cycles if cycle is not None and c.id < cycle.id]
        self.compare.clear()
        for c in reversed(earlier):
            self.compare.addItem(c.name, c.id)
        if not earlier:
            self.compare.addItem("Nothing: this is the first cycle", None)
        self.compare.setEnabled(bool(earlier))
        self.button.setEnabled(cycle is not None and self.task is None)
        self._suggest_name()

    def _anonymize_toggled(self, on: bool) -> None:
        if on:
            self.evidence.setChecked(False)
        self.evidence.setEnabled(not on)

    def _suggest_name(self) -> None:
        if self.cycle is None:
            return
        name = report_name(self.cycle.name, self.team, self.anonymize.isChecked())
        if suggest_path(self.path, name, previous=self._auto_name, folder_key=REPORT_FOLDER):
            self._confirmed = None
        self._auto_name = name

    # -- actions ---------------------------------------------------------------------------
    def choose_file(self) -> Path | None:
        """Ask where to save the report (the dialog asks before replacing a file)."""
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save report as", self.path.text(), "Excel workbook (*.xlsx)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.path.setText(str(path))
        self._confirmed = path
        remember_folder(REPORT_FOLDER, path.parent)
        return path

    def export(self) -> BackgroundTask | None:
        """Write the report in the background; returns the task (None when refused)."""
        if self.cycle is None or self.task is not None:
            return None
        text = self.path.text().strip()
        if not text:
            self.choose_file()
            text = self.path.text().strip()
            if not text:
                return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        if not path.parent.is_dir():
            QMessageBox.warning(self, "Export report", f"The folder {path.parent} does not exist.")
            return None
        replacing = path.exists() and path != self._confirmed
        if replacing and not confirm(self, "Export report", f"Replace {path.name}?", "Replace"):
            return None
        remember_folder(REPORT_FOLDER, path.parent)
        return self._start(path)

    def _start(self, path: Path) -> BackgroundTask:
        from skillmatrix.reports.errors import ReportCancelled
        from skillmatrix.services.excel import export_report

        db, cycle, team = self.ctx.db, self.cycle, self.team
        compare, anonymize = self.compare.currentData(), self.anonymize.isChecked()
        k = self.k.value()
        evidence = self.evidence.isChecked() and not anonymize
        assert cycle is not None
        from skillmatrix.ui import settings

        stale_after = settings.stale_after()  # the grid's stale marks and the report agree

        def work(progress: Any, cancelled: Any) -> Path | None:
            try:
                return export_report(
                    db,
                    path,
                    cycle=cycle.id,
                    team=team,
                    compare_to=compare,
                    anonymize=anonymize,
                    k=k,
                    progress=progress,
                    cancelled=cancelled,
                    evidence=evidence,
                    stale_after=stale_after,
                )
            except ReportCancelled:
                return None

        self.button.setEnabled(False)
        self.result.clear()
        self.task = run_in_background(self, f"Exporting {path.name}", work, self._done)
        self.task.error.connect(lambda _m: self._done(None, failed=True))
        return self.task

    def _done(self, written: Path | None, *, failed: bool = False) -> None:
        self.task = None
        self.button.setEnabled(self.cycle is not None)
        if written is None:
            if not failed:
                self.result.show_result("Export cancelled: no file was written.", None)
            return
        size = _size(written)
        self.result.show_result(f"✓ Saved {written.name}" + (f" ({size})" if size else ""), written)
        self.ctx.saved.emit(f"Report saved: {written}")
