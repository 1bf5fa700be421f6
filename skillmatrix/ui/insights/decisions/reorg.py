"""The reorg simulator page: move people between teams in a scratch copy.

Or split a team by moving some of its people to a new one; see each touched team's rules,
single points of failure, gaps and hire before and after, side by side, and Apply it as one
undoable step (Edit > Undo puts everyone back).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.reorg import TeamChange, TeamPicture
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.ui.insights.decisions.page import DecisionPage
from skillmatrix.ui.insights.risk_table import titled_box

PID = Qt.ItemDataRole.UserRole
FIGURES = ("People", "Rules met", "Below rule", "Single points of failure", "Gap to target", "Hire")


def figures(p: TeamPicture | None) -> list[str]:
    """The comparison's column for one side (a team that does not exist: dashes)."""
    if p is None:
        return ["(nobody)", *["—"] * (len(FIGURES) - 1)]
    return [
        str(p.people),
        f"{p.ok} of {p.ok + len(p.below_rule)}",
        ", ".join(p.below_rule) or "none",
        ", ".join(p.single_points) or "none",
        f"{p.gap_to_target:g} levels",
        p.hire or "none needed",
    ]


class ReorgPage(DecisionPage):
    """The reorg simulator page (see the module docstring)."""

    title = "Reorg"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "reorgPage", parent)
        self.moves: dict[int, str] = {}
        self._snap: tuple[object, Snapshot] | None = None  # (cycle, version) -> snapshot
        self.people = QListWidget()
        self.people.setObjectName("reorgPeople")
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.team = QComboBox()
        self.team.setObjectName("reorgTeam")
        self.team.setEditable(True)
        self.team.setToolTip("The team to move them to: type a new name to split a team")
        self.move_button = QPushButton("Move selected")
        self.move_button.setObjectName("reorgMove")
        self.move_button.clicked.connect(self.move_selected)
        self.moves_list = QListWidget()
        self.moves_list.setObjectName("reorgMoves")
        self.remove_button = QPushButton("Remove move")
        self.remove_button.setObjectName("reorgRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("reorgClear")
        self.clear_button.clicked.connect(self.clear_moves)
        self.apply_button = QPushButton("Apply reorg")
        self.apply_button.setObjectName("reorgApply")
        self.apply_button.setToolTip("Save the moves as one step (Edit > Undo takes it back)")
        self.apply_button.clicked.connect(self.apply)
        self.table = QTreeWidget()
        self.table.setObjectName("reorgTable")
        self.table.setHeaderLabels(["Team", "Before", "After"])
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(QLabel("People (select one or more)"))
        left.addWidget(self.people, 1)
        to = QHBoxLayout()
        to.addWidget(QLabel("to team"))
        to.addWidget(self.team, 1)
        to.addWidget(self.move_button)
        left.addLayout(to)
        left.addWidget(QLabel("Moves in this scratch copy"))
        left.addWidget(self.moves_list, 1)
        buttons = QHBoxLayout()
        for b in (self.remove_button, self.clear_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        left.addLayout(buttons)
        side = QWidget()
        side.setLayout(left)
        side.setMaximumWidth(380)
        grid = QGridLayout()
        grid.addWidget(side, 0, 0)
        grid.addWidget(titled_box("Before and after, each team", "reorgBox", self.table), 0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addWidget(self.status)
        self.body.addLayout(grid, 1)
        self._update_buttons()

    # -- computing ------------------------------------------------------------------------
    def options(self) -> tuple[Any, ...]:
        """The moves chosen, as (person id, team) pairs."""
        return tuple(sorted(self.moves.items()))

    def work(
        self, db: Any, cycle_id: int | None, team: str | None, options: tuple[Any, ...]
    ) -> Any:
        """Simulate the moves on the cycle's snapshot (in the worker thread)."""
        from skillmatrix.core.reorg import simulate
        from skillmatrix.services.snapshots import load_snapshot

        key = (cycle_id, self.version)
        cached = self._snap
        snap = cached[1] if cached and cached[0] == key else load_snapshot(db, cycle=cycle_id)
        self._snap = (key, snap)  # a new move simulates on the same snapshot
        return snap, simulate(snap, dict(options))

    def show_result(self, result: tuple[Snapshot, list[TeamChange]]) -> None:
        """Show each touched team before and after the moves."""
        snap, changes = result
        self._fill_people(snap)
        self.table.clear()
        bold = QFont(self.table.font())
        bold.setBold(True)
        for change in changes:
            top = QTreeWidgetItem([change.team, "", ""])
            top.setFont(0, bold)
            before, after = figures(change.before), figures(change.after)
            for name, b, a in zip(FIGURES, before, after, strict=True):
                item = QTreeWidgetItem([name, b, a])
                for col, text in ((1, b), (2, a)):
                    item.setToolTip(col, text)
                if b != a:
                    item.setFont(2, bold)
                top.addChild(item)
            self.table.addTopLevelItem(top)
            top.setExpanded(True)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2):  # before and after get the same width, side by side
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        if not self.moves:
            self.status.setText("No moves yet: every team as it is today.")

    def _fill_people(self, snap: Snapshot) -> None:
        teams = sorted({p.team for p in snap.people if p.team}, key=str.casefold)
        typed = self.team.currentText()
        if [self.team.itemText(k) for k in range(self.team.count())] != teams:
            self.team.clear()
            self.team.addItems(teams)
            self.team.setCurrentText(typed or (teams[0] if teams else ""))
        if self.people.count() == len(snap.people):
            return
        self.people.clear()
        for p in sorted(snap.people, key=lambda p: ((p.team or "").casefold(), p.name.casefold())):
            item = QListWidgetItem(f"{p.name} ({p.team or 'no team'})")
            item.setData(PID, p.id)
            self.people.addItem(item)

    # -- editing the scratch copy ---------------------------------------------------------
    def _name(self, pid: int) -> str:
        for k in range(self.people.count()):
            item = self.people.item(k)
            if item.data(PID) == pid:
                return item.text()
        return f"#{pid}"

    def move_selected(self) -> None:
        """Move the selected people to the team typed or chosen."""
        team = " ".join(self.team.currentText().split())
        if not team:
            self.status.setText("Type or choose the team to move them to.")
            return
        for item in self.people.selectedItems():
            self.moves[int(item.data(PID))] = team
        self._moves_changed()

    def remove_selected(self) -> None:
        """Take the selected moves back."""
        for item in self.moves_list.selectedItems():
            self.moves.pop(int(item.data(PID)), None)
        self._moves_changed()

    def clear_moves(self) -> None:
        """Take every move back."""
        self.moves.clear()
        self._moves_changed()

    def _moves_changed(self) -> None:
        self.moves_list.clear()
        for pid, team in self.moves.items():
            item = QListWidgetItem(f"{self._name(pid)} → {team}")
            item.setData(PID, pid)
            self.moves_list.addItem(item)
        self._update_buttons()
        self.recompute()

    def _update_buttons(self) -> None:
        has = bool(self.moves)
        for b in (self.remove_button, self.clear_button, self.apply_button):
            b.setEnabled(has)

    def apply(self) -> bool:
        """Store the moves as one undoable step; the scratch copy empties on success."""
        from skillmatrix.services.reorg import apply_reorg, undo_reorg
        from skillmatrix.ui.undo import ServiceCommand

        if not self.moves:
            return False
        moves = dict(self.moves)
        n = len(moves)
        command = ServiceCommand(
            self.ctx,
            f"Reorg: move {n} {'person' if n == 1 else 'people'}",
            lambda db: apply_reorg(db, moves),
            lambda db: undo_reorg(db, command.result),  # what the last apply did
            lambda _result, _undone: self.ctx.peopleChanged.emit(),
        )
        if not command.execute():
            return False
        self.moves.clear()
        self._moves_changed()
        return True
