"""File › Import…: choose a spreadsheet, check its columns, preview, then import.

Page 1 picks the file and the cycle, page 2 shows how each column was recognised and lets
the manager correct it, page 3 is a dry run (nothing written) listing the counts, every
problem with its cell and a sample of the changes. Finish applies the import in one
transaction; with any problem it stays disabled. Reading and applying run off the UI
thread (``wizard.task`` while running).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from skillmatrix.ui.context import AppContext
from skillmatrix.ui.reports.common import (
    IMPORT_FOLDER,
    explanation,
    remember_folder,
    remembered_folder,
    summary,
)
from skillmatrix.ui.reports.import_state import ImportState, WizardHost
from skillmatrix.ui.tasks import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from collections.abc import Callable

    from skillmatrix.reports.importing.limits import ImportTooLarge
    from skillmatrix.services.excel import ImportResult

FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE = range(3)
FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv *.tsv *.txt);;All files (*)"
FILE_HELP = (
    "Pick the spreadsheet you keep today: an .xlsx workbook or a .csv file. Nothing is "
    "saved until you press <b>Import</b> on the last page."
)
FILE_WHAT = (
    "<b>Layouts it recognises</b><ul style='margin-top:2px'>"
    "<li>people in rows and a column per competency, or the other way round (competencies "
    "in rows, people in columns), with group rows or merged group cells as categories;</li>"
    "<li>one row per rating: person (name, e-mail or id) | competency | level, optionally "
    "date, notes and an assessment type (self rows become self-ratings);</li>"
    "<li>a framework: category | competency | descriptions per level, or targets per "
    "seniority or role;</li>"
    "<li>a report exported from SkillMatrix, or a self-assessment form someone sent back."
    "</li></ul>"
    "A title, a legend or notes above the table are fine, and so is a table that starts "
    "further right; with several sheets the one holding the ratings is read."
)
FILE_VALUES = (
    "<b>Values it reads</b><br>Numbers on 0-4, 1-5, 0-3 or 1-10, decimals and "
    "percentages; words such as <i>Beginner</i> … <i>Expert</i>, <i>familiar</i>, "
    "<i>Competent</i> or <i>Training required</i>; marks such as x / o, ✓ / ✗, Y / N and "
    "stars; codes such as D1-D4. The next page shows how each value will be read, and you "
    "can change it."
)


class ImportWizard(WizardHost):
    """The three pages; ``state`` holds the choices and results."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from skillmatrix.ui.reports.mapping_page import MappingPage
        from skillmatrix.ui.reports.preview_page import PreviewPage

        self.ctx = ctx
        self.state = ImportState()
        self.task: BackgroundTask | None = None
        self.setObjectName("importWizard")
        self.setWindowTitle("Import a spreadsheet")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Import")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Back")
        self.resize(980, 720)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.setPage(FILE_PAGE, self.file_page)
        self.setPage(MAPPING_PAGE, self.mapping_page)
        self.setPage(PREVIEW_PAGE, self.preview_page)

    @property
    def busy(self) -> bool:
        """True while an import runs."""
        return self.task is not None

    def run(self, *, apply: bool, then: Callable[[ImportResult], None]) -> BackgroundTask | None:
        """Import (or dry-run) the chosen file in the background; ``then(result)`` after.

        A file larger than the import limits is read only once the manager confirms it.
        """
        from skillmatrix.reports.importing.limits import ImportTooLarge
        from skillmatrix.services.excel import import_file

        st = self.state
        if st.path is None or self.task is not None:
            return None
        from skillmatrix.reports.importing.scalemap import Key, Override

        db, path, cycle, sheet = self.ctx.db, st.path, st.cycle_id, st.sheet
        strict, mapping, limits = st.strict, dict(st.mapping), st.limits
        entries: dict[Key, int | str | None] = {k: v for k, v in st.values.items()}
        values = Override(entries=entries) if st.values else None

        def work(progress: Any, cancelled: Any) -> ImportResult | ImportTooLarge:
            progress(0.1, "Importing…" if apply else "Reading the file…")
            try:
                return import_file(
                    db,
                    path,
                    cycle=cycle,
                    dry_run=not apply,
                    strict=strict,
                    sheet=sheet,
                    mapping=mapping,
                    limits=limits,
                    values=values,
                )
            except ImportTooLarge as exc:
                return exc

        def done(result: ImportResult | ImportTooLarge | None) -> None:
            self.task = None
            if isinstance(result, ImportTooLarge):
                if self._allow(result):
                    self.run(apply=apply, then=then)
            elif result is not None:
                then(result)

        title = f"Importing {path.name}" if apply else f"Reading {path.name}"
        self.task = run_in_background(self, title, work, done)
        self.task.error.connect(lambda _m: setattr(self, "task", None))
        return self.task

    def _allow(self, exc: ImportTooLarge) -> bool:
        """Ask whether to read a file beyond the limits; True raises them for it."""
        from skillmatrix.reports.importing.limits import ImportLimits
        from skillmatrix.ui.dialogs.confirm import confirm

        name = self.state.path.name if self.state.path else "The file"
        if not confirm(
            self,
            "Import a large file?",
            f"{name} {exc.what}.",
            "Read it anyway",
            detail="Reading it can take minutes and a lot of memory. Nothing is saved "
            "until you press Import on the last page.",
        ):
            return False
        self.state.limits = (self.state.limits or ImportLimits()).allowing(exc)
        return True

    def finish_import(self, result: ImportResult) -> None:
        """After a successful import: tell the views and close."""
        self.state.applied = result
        ctx = self.ctx
        ctx.undo_stack.clear()  # earlier edits' "before" values may no longer be current
        ctx.peopleChanged.emit()
        ctx.frameworkChanged.emit()
        ctx.cyclesChanged.emit()
        ctx.saved.emit(f"Imported {result.path.name}: {summary(result)}")
        self.accept()


class FilePage(QWizardPage):
    """The file to import and the cycle its ratings go to."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle("Step 1 of 3")
        self.path = QLineEdit(self)
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText("an .xlsx or .csv file")
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton("C&hoose…", self)
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.cycle = QComboBox(self)
        self.cycle.setObjectName("importCycle")
        self.cycle.setToolTip("Ratings in the file are stored in this cycle")
        form = QFormLayout(self)
        form.addRow(explanation(FILE_HELP, self))
        file_label = QLabel("&File", self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, row)
        cycle_label = QLabel("Into &cycle", self)
        cycle_label.setBuddy(self.cycle)
        form.addRow(cycle_label, self.cycle)
        for text, name in ((FILE_WHAT, "importWhat"), (FILE_VALUES, "importValues")):
            label = explanation(text, self)
            label.setObjectName(name)
            form.addRow(label)
        self._load_cycles()

    def _load_cycles(self) -> None:
        from skillmatrix.services import cycles

        found = self.wiz.ctx.call(cycles.list_cycles, quiet=True) or []
        if found:
            # Returned forms and exported reports name their cycle: by default they go
            # back to it; a hand-made sheet names none and goes to the latest cycle.
            self.cycle.addItem("The cycle the file names, else the latest", None)
        for c in reversed(found):
            self.cycle.addItem(c.name + ("  (closed: cannot be changed)" if c.closed else ""), c.id)
        self.cycle.setCurrentIndex(0)
        if not found:
            self.cycle.addItem("No cycle yet: start one first", None)

    def choose_file(self) -> None:
        """Choose the file to import with a file dialog."""
        start = str(remembered_folder(IMPORT_FOLDER))
        chosen, _ = QFileDialog.getOpenFileName(self, "Import a spreadsheet", start, FILTER)
        if chosen:
            self.path.setText(chosen)
            remember_folder(IMPORT_FOLDER, Path(chosen).parent)

    def isComplete(self) -> bool:
        """Complete once a file is named."""
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        """Scan the file (reusing the last scan of the same file and cycle); False on failure."""
        st = self.wiz.state
        path = Path(self.path.text().strip()).expanduser()
        cycle = self.cycle.currentData()
        if st.scan is not None and st.path == path and st.cycle_id == cycle:
            return True
        st.path, st.cycle_id, st.sheet, st.mapping, st.scan = path, cycle, None, {}, None
        st.limits = None
        st.values = {}

        def scanned(result: ImportResult) -> None:
            st.scan = st.preview = result
            # Pin the sheet so column numbers keep meaning the same columns (not for forms,
            # which are recognised only when no sheet is named).
            several = len(result.sheets) > 1 and result.layout != "form"
            st.sheet = result.sheet if several else None
            self.wiz.next()

        self.wiz.run(apply=False, then=scanned)
        return False


def run_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Show the import wizard (modal); True when something was imported."""
    if ctx.db is None:
        return False
    wizard = ImportWizard(ctx, parent)
    accepted = wizard.exec() == QWizard.DialogCode.Accepted
    wizard.deleteLater()
    return accepted and wizard.state.applied is not None
