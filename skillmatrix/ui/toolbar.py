"""The toolbar's selectors: team, cycle and rating source, kept in step with the context.

The selectors listen to ``databaseChanged`` before any view does (the window builds this
bar first), so by the time a view reloads, ``ctx.cycle`` is already the newest cycle.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QToolBar, QWidget

from skillmatrix.core.model import Cycle
from skillmatrix.ui import icons
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.waiting import not_reentered

ALL_TEAMS = "All teams"
SOURCES = (("Manager", "manager"), ("Self", "self"), ("Both", "both"))


def _labelled(bar: QToolBar, text: str, combo: QWidget) -> QLabel:
    label = QLabel(text, bar)
    label.setBuddy(combo)  # Alt+mnemonic jumps to the combo
    label.setContentsMargins(10, 0, 6, 0)
    # the size hint is the text's advance; a glyph's ink can reach past it ("Team"'s m)
    label.setMinimumWidth(label.sizeHint().width() + 3)
    bar.addWidget(label)
    bar.addWidget(combo)
    return label


class ContextBar:
    """Builds the selectors into ``bar`` and binds them to ``ctx``."""

    def __init__(self, ctx: AppContext, bar: QToolBar) -> None:
        self.ctx = ctx
        self.bar = bar
        self.cycles: list[Cycle] = []

        self.team = QComboBox(bar)
        self.team.setObjectName("teamSelector")
        self.team.setAccessibleName("Team")
        self.team.setToolTip("Show one team, or everyone")
        self.team.setMinimumContentsLength(14)
        self.team.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        _labelled(bar, "&Team", self.team)

        self.cycle = QComboBox(bar)
        self.cycle.setObjectName("cycleSelector")
        self.cycle.setAccessibleName("Assessment cycle")
        self.cycle.setToolTip("The quarter you are looking at; closed cycles are read-only")
        self.cycle.setMinimumContentsLength(12)
        self.cycle.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        _labelled(bar, "C&ycle", self.cycle)

        self.source = QComboBox(bar)
        self.source.setObjectName("sourceSelector")
        self.source.setAccessibleName("Rating source")
        self.source.setToolTip(
            "Whose ratings to show: the manager's, the person's self-assessment, or both"
        )
        for text, value in SOURCES:
            self.source.addItem(text, value)
        _labelled(bar, "&Ratings", self.source)

        # The expert finder: a competency typed here opens who has it, across teams.
        self.search = QLineEdit(bar)
        self.search.setObjectName("expertSearch")
        self.search.setAccessibleName("Find an expert")
        self.search.setPlaceholderText("Find an expert: competency  (Ctrl+Shift+F)")
        self.search.setToolTip(
            "Type a competency and press Enter: who has it at a level, in every team"
        )
        self.search.setClearButtonEnabled(True)
        chars = self.search.fontMetrics().horizontalAdvance("M" * 22)
        self.search.setMinimumWidth(chars)  # the placeholder fits; it never takes the bar
        self.search.setMaximumWidth(chars + chars // 2)
        _labelled(bar, "E&xpert", self.search)
        self.search.returnPressed.connect(self.open_finder)
        # a shortcut only (a toolbar action would add a button): the box is the control
        self.search_key = QShortcut(QKeySequence("Ctrl+Shift+F"), bar.window())
        self.search_key.setObjectName("findExpertShortcut")
        self.search_key.activated.connect(self._focus_search)

        self.team.activated.connect(self._team_picked)
        self.cycle.activated.connect(self._cycle_picked)
        self.source.activated.connect(self._source_picked)
        ctx.databaseChanged.connect(self.reload)
        ctx.peopleChanged.connect(self.reload_teams)
        ctx.cyclesChanged.connect(self.reload_cycles)
        ctx.cycleChanged.connect(self._show_cycle)
        ctx.teamChanged.connect(self._show_team)
        ctx.sourceChanged.connect(self._show_source)

    # -- loading ---------------------------------------------------------------------------
    @not_reentered
    def reload(self) -> None:
        """A new database: fill the selectors and select its newest cycle."""
        self.reload_teams()
        self.reload_cycles()
        if self.cycles and self.ctx.cycle is None:
            self.ctx.set_cycle(self.cycles[0])
        self._show_source(self.ctx.source)

    @not_reentered
    def reload_teams(self) -> None:
        """Read the teams again for the team selector."""
        if self.ctx.db is None:
            return
        from skillmatrix.services.reads import list_teams  # no SQLAlchemy at start-up

        teams = self.ctx.call(list_teams, quiet=True) or []
        with QSignalBlocker(self.team):
            self.team.clear()
            self.team.addItem(ALL_TEAMS, None)
            for team in teams:
                self.team.addItem(team.name, team.name)
        if self.ctx.team is not None and self.ctx.team not in {t.name for t in teams}:
            self.ctx.set_team(None)  # the team was renamed or removed elsewhere
        self._show_team(self.ctx.team)

    @not_reentered
    def reload_cycles(self) -> None:
        """Re-read cycles (newest first); keep the current one selected, refreshed."""
        if self.ctx.db is None:
            return
        from skillmatrix.services.reads import list_cycles

        found = self.ctx.call(list_cycles, quiet=True) or []
        self.cycles = list(reversed(found))
        with QSignalBlocker(self.cycle):
            self.cycle.clear()
            for cycle in self.cycles:
                if cycle.closed:
                    self.cycle.addItem(icons.icon("lock"), f"{cycle.name} (closed)", cycle.id)
                else:
                    self.cycle.addItem(cycle.name, cycle.id)
            if not self.cycles:
                self.cycle.addItem("No cycle yet", None)
        self.cycle.setEnabled(bool(self.cycles))
        current = self.ctx.cycle
        if current is not None:
            fresh = next((c for c in self.cycles if c.id == current.id), None)
            if fresh is None:
                fresh = self.cycles[0] if self.cycles else None
            self.ctx.set_cycle(fresh)
        self._show_cycle(self.ctx.cycle)

    # -- user picks ------------------------------------------------------------------------
    def _team_picked(self, index: int) -> None:
        self.ctx.set_team(self.team.itemData(index))

    def _cycle_picked(self, index: int) -> None:
        cycle_id = self.cycle.itemData(index)
        self.ctx.set_cycle(next((c for c in self.cycles if c.id == cycle_id), None))

    def _source_picked(self, index: int) -> None:
        self.ctx.set_source(self.source.itemData(index))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_finder(self) -> object:
        """Open the expert finder on what the search box holds."""
        from skillmatrix.ui.finder import open_finder

        return open_finder(self.ctx, self.bar.window(), self.search.text())

    # -- showing the context's state -------------------------------------------------------
    def _show_team(self, team: str | None) -> None:
        index = self.team.findData(team) if team is not None else 0
        with QSignalBlocker(self.team):
            self.team.setCurrentIndex(max(index, 0))

    def _show_cycle(self, cycle: Cycle | None) -> None:
        index = self.cycle.findData(cycle.id) if cycle is not None else -1
        with QSignalBlocker(self.cycle):
            self.cycle.setCurrentIndex(max(index, 0))
        # The lock in the list says "closed"; the tooltip says what that means. (The Assess
        # view shows its own read-only banner, so the toolbar does not repeat it.)
        if cycle is not None and cycle.closed:
            self.cycle.setToolTip(
                f"{cycle.name} is closed: its ratings are read-only. "
                "Cycle › Reopen Cycle to correct them."
            )
        else:
            self.cycle.setToolTip("The quarter you are looking at; closed cycles are read-only")

    def _show_source(self, source: str) -> None:
        with QSignalBlocker(self.source):
            self.source.setCurrentIndex(max(self.source.findData(source), 0))

    def set_enabled(self, enabled: bool) -> None:
        """Enable or disable the selectors and the search."""
        for combo in (self.team, self.cycle, self.source):
            combo.setEnabled(enabled and (combo is not self.cycle or bool(self.cycles)))
        self.search.setEnabled(enabled)
