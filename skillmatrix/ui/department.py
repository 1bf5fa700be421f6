"""View › Department: every team's coverage of every competency, counts only, read-only.

On a shared database a manager sees the names of their own teams' people only; this
panel is what they may read of the rest (``services.department``, through the database's
department view). One column per team, one row per competency; a cell reads "at the
rule's level / needed", tinted like the rest of the app (nobody, below the rule, meets
it). The counts load off the UI thread and follow the window's cycle and source, and
every change to ratings, people or the framework (this window's or, on a shared
database, another manager's).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core import palette
from skillmatrix.core.model import Source
from skillmatrix.services.department import CoverageRow, DepartmentCoverage
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.latest import LatestOnly, one_line

#: What a cell means, under the table.
LEGEND = (
    "Each cell: the team's people at the competency's rule level or above / the number "
    "the rule needs. Counts only, no names."
)


def status_of(row: CoverageRow) -> str:
    """The app's coverage status words: "gap" (nobody), "at-risk" (below) or "ok"."""
    if row.at_level == 0:
        return "gap"
    return "ok" if row.covered else "at-risk"


def team_title(team: str | None) -> str:
    """A team's name as the panel shows it, "(no team)" for people without one."""
    return team or "(no team)"


class DepartmentPanel(QDialog):
    """A non-modal, read-only panel of the department's coverage counts (no names)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("departmentPanel")
        self.setWindowTitle("Department coverage")
        self.resize(760, 520)
        self.shown: DepartmentCoverage | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("departmentHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(self)
        self.table.setObjectName("departmentTable")
        self.table.setAccessibleName("Coverage per team and competency")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(90)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel(self)
        self.note.setObjectName("departmentNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

        self.worker = LatestOnly(self)
        self.worker.ready.connect(self._show)
        self.worker.failed.connect(self._failed)
        self._requests = 0
        for changed in (
            ctx.databaseChanged,
            ctx.cyclesChanged,
            ctx.peopleChanged,
            ctx.frameworkChanged,
        ):
            changed.connect(self.reload)
        ctx.cycleChanged.connect(lambda _c: self.reload())
        ctx.sourceChanged.connect(lambda _s: self.reload())
        ctx.ratingsChanged.connect(lambda _changes: self.reload())
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the counts again, off the UI thread (only the newest read is shown)."""
        db = self.ctx.db
        if db is None:
            self.close()
            return
        from skillmatrix.services.department import department_coverage

        cycle = self.ctx.cycle.id if self.ctx.cycle is not None else None
        source = Source(self.ctx.source)
        self._requests += 1
        self.heading.setText("Reading the department's coverage…")
        self.worker.submit(
            lambda: department_coverage(db, cycle=cycle, source=source), self._requests
        )

    def wait(self) -> None:
        """Block until the read in flight is shown (tests)."""
        from PySide6.QtWidgets import QApplication

        while self.worker.latest is not None:
            self.worker.wait()
            QApplication.processEvents()

    def _failed(self, error: object, _token: object) -> None:
        message = one_line(error) if isinstance(error, Exception) else str(error)
        self.heading.setText(f"Could not read the department's coverage: {message}")

    # -- showing ---------------------------------------------------------------------------
    def _show(self, result: object, _token: object) -> None:
        assert isinstance(result, DepartmentCoverage)
        self.shown = result
        table = self.table
        table.clear()
        if result.cycle is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.heading.setText("No cycles yet: start one from the Cycle menu.")
            self.note.setText("")
            return
        teams = result.teams
        competencies = list(dict.fromkeys(r.competency for r in result.rows))
        table.setColumnCount(len(teams))
        table.setRowCount(len(competencies) + 1)
        cells = {(r.team, r.competency): r for r in result.rows}
        headcount = {r.team: r.people for r in result.rows}
        table.setHorizontalHeaderLabels([f"{team_title(t)}\n{headcount[t]} people" for t in teams])
        table.setVerticalHeaderLabels(["Competencies covered", *competencies])
        for col, team in enumerate(teams):
            rows = [r for r in result.rows if r.team == team]
            total = QTableWidgetItem(f"{sum(r.covered for r in rows)} of {len(rows)}")
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            font = total.font()
            font.setBold(True)
            total.setFont(font)
            table.setItem(0, col, total)
            for i, comp in enumerate(competencies, start=1):
                row = cells.get((team, comp))
                if row is not None:
                    table.setItem(i, col, self._cell(row))
        what = "self-assessments" if result.source is Source.SELF else "manager ratings"
        self.heading.setText(f"<b>{escape(result.cycle.name)}</b> · {what}")
        self.note.setText(f"{LEGEND} {self._names_note()}".strip())

    def _names_note(self) -> str:
        """Whose names this login sees elsewhere (nothing to say on a file: no users)."""
        if not getattr(self.ctx.db, "shared", False):
            return ""
        access = self.ctx.access
        if access.admin or access.see_names:
            return "Every team's people are open to you in the other views."
        own = ", ".join(sorted(access.team_names, key=str.casefold)) or "none"
        return f"Names show only for your own teams ({own}) in the other views."

    def _cell(self, row: CoverageRow) -> QTableWidgetItem:
        item = QTableWidgetItem(f"{row.at_level} / {row.required}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        status = status_of(row)
        item.setBackground(QBrush(QColor(palette.STATUS_TINTS[status])))
        item.setForeground(QBrush(QColor(palette.STATUS_TINT_TEXT[status])))
        mean = "nobody rated" if row.mean_level is None else f"mean level {row.mean_level:.1f}"
        item.setToolTip(
            f"{team_title(row.team)} · {row.competency} ({row.category})\n"
            f"{row.at_level} of {row.people} people at level {row.min_level} or above; "
            f"the rule needs {row.required}: {palette.STATUS_LABELS[status].lower()}.\n"
            f"{row.rated} rated, {mean}."
        )
        return item


def open_department(ctx: AppContext, parent: QWidget | None) -> DepartmentPanel | None:
    """Show the Department panel (one per window); None without a database."""
    if ctx.db is None:
        return None
    found = parent.findChild(DepartmentPanel, "departmentPanel") if parent is not None else None
    panel = found if found is not None else DepartmentPanel(ctx, parent)
    panel.show()
    panel.raise_()
    panel.activateWindow()
    return panel
