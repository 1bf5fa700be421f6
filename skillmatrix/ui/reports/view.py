"""The Reports view: the quarterly Excel report, self-assessment forms and importing.

One scrollable page in three blocks for the window's team and cycle (the context bar at
the top chooses them; one place, so the report never disagrees with what is on screen).
Long work runs off the UI thread with a cancellable progress dialog; errors are one-line
message boxes.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Cycle
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.reports.common import explanation, fixed, heading, section
from skillmatrix.ui.reports.forms_section import FormsSection
from skillmatrix.ui.reports.report_section import ReportSection
from skillmatrix.ui.waiting import not_reentered

IMPORT_TEXT = (
    "Bring in the spreadsheet you already keep (people in rows and skills in columns, or "
    "one row per rating), a framework sheet, a report you edited, or returned "
    "self-assessment forms. You check the columns and see a preview before anything is "
    "saved."
)


def _line(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ReportsView(QWidget):
    """Export the report, write forms, start an import (objectName ``reportsPage``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPage")
        self.cycles: list[Cycle] = []
        self._build()
        ctx.databaseChanged.connect(self.reload)
        ctx.cyclesChanged.connect(self.reload)
        ctx.peopleChanged.connect(self.reload)
        # Bound methods, not lambdas: Qt drops the connections when this view is deleted.
        ctx.cycleChanged.connect(self._follow_cycle)
        ctx.teamChanged.connect(self._follow_team)
        self.reload()

    def _build(self) -> None:
        content = QWidget(self)
        content.setMaximumWidth(860)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(14)
        layout.addWidget(heading("Reports", content, scale=1.5))

        self.scope = QLabel(content)
        self.scope.setObjectName("reportScope")
        self.scope.setWordWrap(True)
        layout.addWidget(self.scope)
        self.no_cycle = QLabel(
            "There is no assessment cycle yet. Start one (Cycle › Start First Cycle…) "
            "to export a report or send forms.",
            content,
        )
        self.no_cycle.setObjectName("reportsNoCycle")
        self.no_cycle.setWordWrap(True)
        layout.addWidget(self.no_cycle)

        self.report = ReportSection(self.ctx, content)
        self.forms = FormsSection(self.ctx, content)
        box, import_layout = section(content, "Import a spreadsheet", "")
        import_layout.addWidget(explanation(IMPORT_TEXT, box))
        self.import_button = fixed(QPushButton("Import spreadsheet…", box))
        self.import_button.setObjectName("importSpreadsheet")
        self.import_button.clicked.connect(self.run_import)
        import_layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        for block in (self.report, self.forms, box):
            layout.addWidget(_line(content))
            layout.addWidget(block)
        layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setObjectName("reportsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setFocusProxy(self.report.button)

    # -- data ------------------------------------------------------------------------------
    @not_reentered
    def reload(self) -> None:
        """Reload the cycles from the database and show the current scope."""
        from skillmatrix.services import cycles

        has_db = self.ctx.db is not None
        self.cycles = (self.ctx.call(cycles.list_cycles, quiet=True) or []) if has_db else []
        self.no_cycle.setVisible(not self.cycles)
        self.import_button.setEnabled(has_db)
        self._scope_changed()

    def _follow_cycle(self, _cycle: Cycle | None) -> None:
        self._scope_changed()

    def _follow_team(self, _team: str | None) -> None:
        self._scope_changed()

    def current_cycle(self) -> Cycle | None:
        """The window's cycle (as stored now), else the latest one."""
        wanted = self.ctx.cycle.id if self.ctx.cycle is not None else None
        found = next((c for c in self.cycles if c.id == wanted), None)
        return found or (self.cycles[-1] if self.cycles else None)

    def current_team(self) -> str | None:
        """The window's team filter (None: all teams)."""
        return self.ctx.team

    def _scope_changed(self) -> None:
        cycle, team = self.current_cycle(), self.current_team()
        self.scope.setVisible(cycle is not None)
        if cycle is not None:
            closed = " (closed)" if cycle.closed else ""
            who = f"team <b>{html.escape(team)}</b>" if team else "<b>all teams</b>"
            self.scope.setText(
                f"For {who} in cycle <b>{html.escape(cycle.name)}</b>{closed}. To report on "
                "another team or cycle, change it in the bar at the top of the window."
            )
        self.report.set_scope(cycle, team, self.cycles)
        self.forms.set_scope(cycle, team)

    # -- import ----------------------------------------------------------------------------
    def run_import(self) -> bool:
        """Open the import wizard; True when something was imported."""
        from skillmatrix.ui.reports.import_wizard import run_import_wizard

        return run_import_wizard(self.ctx, self)
