"""A person's growth plan: their goals with progress, added, edited and removed here.

Under them the selected goal's actions (``ui.growth.action_panel``).

Every change is one undo step (``ui.growth.commands``); the table reloads after each, and
the progress column reads the manager ratings of the cycles since each goal was set.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core import palette
from skillmatrix.core.plans import ACTION_KINDS, ACTION_TEXT_MAX, STATUSES, NewAction
from skillmatrix.services import growth_plans as gp
from skillmatrix.services.frameworks import list_competencies
from skillmatrix.services.growth_plans import Goal, GoalProgress
from skillmatrix.services.people import list_people
from skillmatrix.services.reads import list_cycles
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.growth import commands
from skillmatrix.ui.growth.action_panel import ActionPanel

COLUMNS = ("Competency", "Target", "By", "Actions", "Status", "Progress")
#: Progress states drawn in a status colour (the others in the normal text colour).
PROGRESS_STATUS = {"met": "ok", "missed": "gap"}
GOAL = Qt.ItemDataRole.UserRole


class GoalEditor(QDialog):
    """The fields of one goal (objectName ``goalEditor``); :meth:`fields` reads them.

    A new goal may come with its first action (more are added under the plan's table).
    """

    def __init__(
        self, ctx: AppContext, person_id: int, goal: Goal | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("goalEditor")
        self.setWindowTitle("Edit goal" if goal else "New goal")
        scale = ctx.db.scale
        self.competency = QComboBox(self)
        self.competency.setObjectName("goalCompetency")
        for c in sorted(ctx.call(list_competencies, quiet=True) or [], key=lambda c: c.name):
            self.competency.addItem(f"{c.name} ({c.category})", c.id)
        self.competency.setEnabled(goal is None)  # a goal keeps its competency
        self.target = QComboBox(self)
        self.target.setObjectName("goalTarget")
        for v in range(scale.min, scale.max + 1):
            self.target.addItem(f"{v} · {scale.label(v)}", v)
        self.by = QComboBox(self)
        self.by.setObjectName("goalBy")
        self.by.addItem("no deadline", None)
        for cycle in ctx.call(list_cycles, quiet=True) or []:
            self.by.addItem(cycle.name, cycle.id)
        self.kind = QComboBox(self)
        self.kind.setObjectName("goalAction")
        self.kind.addItem("none", "")
        for k in ACTION_KINDS:
            self.kind.addItem(k, k)
        self.mentor = QComboBox(self)
        self.mentor.setObjectName("goalMentor")
        self.mentor.addItem("nobody", None)
        for p in ctx.call(list_people, quiet=True) or []:
            if p.id != person_id:
                self.mentor.addItem(p.name, p.id)
        self.text = QLineEdit(self)
        self.text.setObjectName("goalText")
        self.text.setMaxLength(ACTION_TEXT_MAX)
        self.text.setPlaceholderText("Kubernetes course, the billing migration, pairing weekly")
        self.status = QComboBox(self)
        self.status.setObjectName("goalStatusEdit")
        for s in STATUSES:
            self.status.addItem(s, s)
        form = QFormLayout()
        rows: list[tuple[str, QWidget]] = [
            ("&Competency:", self.competency), ("&Target level:", self.target),
            ("&By cycle:", self.by), ("&Status:", self.status),
        ]  # fmt: skip
        if goal is None:  # an existing goal's actions are edited under the plan's table
            rows[3:3] = [("First &action:", self.kind), ("&Mentor:", self.mentor),
                         ("&Details:", self.text)]  # fmt: skip
        for label, w in rows:
            form.addRow(label, w)
        for w in (self.kind, self.mentor, self.text):
            w.setVisible(goal is None)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.mentor.currentIndexChanged.connect(self._mentor_changed)
        if goal is not None:
            self._select(self.competency, goal.competency_id)
            self._select(self.target, goal.target_level)
            self._select(self.by, goal.by_cycle_id)
            self._select(self.status, goal.status)
        else:
            self._select(self.target, min(scale.min + 2, scale.max))

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        k = combo.findData(value)
        if k >= 0:
            combo.setCurrentIndex(k)

    def _kind_changed(self) -> None:
        if self.kind.currentData() != "mentor":
            self.mentor.setCurrentIndex(0)

    def _mentor_changed(self) -> None:
        if self.mentor.currentData() is not None:
            self._select(self.kind, "mentor")

    def fields(self) -> dict[str, Any]:
        """What the service takes (``competency_id`` only for a new goal)."""
        out: dict[str, Any] = {
            "target_level": self.target.currentData(),
            "by_cycle_id": self.by.currentData(),
            "status": self.status.currentData(),
        }
        if self.competency.isEnabled():
            out["competency_id"] = self.competency.currentData()
            kind = self.kind.currentData()
            out["actions"] = (
                [NewAction(kind, self.text.text(), self.mentor.currentData())] if kind else []
            )
        return out


class GrowthPlanDialog(QDialog):
    """One person's plan (objectName ``growthPlan``).

    Table ``goalTable``; buttons ``addGoal``, ``editGoal``, ``removeGoal``, status combo
    ``goalStatus``, profile button ``profilePdf``; the selected goal's actions in
    ``action_panel``, objectName ``goalActions``.
    """

    def __init__(
        self, ctx: AppContext, *, person_id: int, person_name: str,
        parent: QWidget | None = None, read_only: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("growthPlan")
        self.read_only = read_only  # why this login may only look (another team's person)
        self.setWindowTitle(f"Growth plan: {person_name}")
        self._ctx, self.person_id, self.person_name = ctx, person_id, person_name
        self.rows: list[GoalProgress] = []
        title = QLabel(f"<b>{person_name}</b>: goals, what helps reach them, and how far "
                       "each has come: from the level when it was set to its target, with "
                       "the latest rating.", self)  # fmt: skip
        title.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("goalTable")
        self.table.setAccessibleName(f"Growth plan of {person_name}")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_goal())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = self._button("&Add goal…", "addGoal", self.add_goal)
        self.edit_button = self._button("&Edit…", "editGoal", self.edit_goal)
        self.remove_button = self._button("&Remove", "removeGoal", self.remove_goal)
        self.status = QComboBox(self)
        self.status.setObjectName("goalStatus")
        self.status.setAccessibleName("Status of the selected goal")
        for s in STATUSES:
            self.status.addItem(s, s)
        self.status.activated.connect(self._status_chosen)
        self.profile_button = self._button("&Profile (PDF)…", "profilePdf", self.save_profile)
        self.message = QLabel(self)
        self.message.setObjectName("planMessage")
        self.action_panel = ActionPanel(ctx, self)
        self.action_panel.report = self.message.setText
        row = QHBoxLayout()
        for w in (self.add_button, self.edit_button, self.remove_button, QLabel("Status:"),
                  self.status):  # fmt: skip
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.profile_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.table, 2)
        lay.addLayout(row)
        lay.addWidget(self.action_panel, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(940, 560)
        # Goals changed anywhere (the grid's menu, Insights, undo) and new ratings (the
        # progress column) reload the table; a burst of rating edits reloads once.
        ctx.plansChanged.connect(self._goals_changed)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(250)
        self._later.timeout.connect(self.reload)
        ctx.ratingsChanged.connect(self._ratings_changed)
        self.reload()

    def _goals_changed(self, person_id: int) -> None:
        if person_id == self.person_id:
            self.reload()

    def _ratings_changed(self, _changes: object) -> None:
        self._later.start()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _checked=False: slot())
        return b

    # -- rows --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the person's goals and their progress again, keeping the selection."""
        keep = self.selected()
        goals = self._ctx.call(gp.list_goals, person_id=self.person_id, quiet=True) or []
        self.rows = self._ctx.call(gp.with_progress, goals, quiet=True) or []
        self.table.setRowCount(len(self.rows))
        for r, gpr in enumerate(self.rows):
            g = gpr.goal
            values = (g.competency, str(g.target_level), g.by_cycle or "–", g.action() or "–",
                      g.status, gpr.progress.text(g.target_level))  # fmt: skip
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(GOAL, g)
                item.setToolTip(value)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 5 and gpr.progress.state in PROGRESS_STATUS:
                    item.setForeground(QBrush(QColor(self._status_color(gpr.progress.state))))
                self.table.setItem(r, c, item)
        if keep is not None:
            self.select(keep.id)
        elif self.rows:
            self.table.selectRow(0)
        self._selection_changed()
        if not self.rows and not self.read_only:
            self.message.setText("No goals yet: Add goal, or right-click a gap in Assess.")

    def _status_color(self, state: str) -> str:
        """Met in the app's "meets rule" blue, missed in its "gap" orange (light or dark)."""
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        colors = palette.DARK_STATUS_TEXT_COLORS if dark else palette.STATUS_TEXT_COLORS
        return colors[PROGRESS_STATUS[state]]

    def select(self, goal_id: int) -> None:
        """Select the goal with ``goal_id``."""
        for r, gpr in enumerate(self.rows):
            if gpr.goal.id == goal_id:
                self.table.selectRow(r)
                return

    def selected(self) -> Goal | None:
        """The selected goal, or None."""
        r = self.table.currentRow()
        return self.rows[r].goal if 0 <= r < len(self.rows) else None

    def _selection_changed(self) -> None:
        goal = self.selected()
        for w in (self.edit_button, self.remove_button, self.status):
            w.setEnabled(goal is not None and not self.read_only)
        self.add_button.setEnabled(not self.read_only)
        if self.read_only:
            self.message.setText(f"Read-only: {self.read_only}")
        if goal is not None:
            self.status.setCurrentIndex(max(self.status.findData(goal.status), 0))
        self.action_panel.show_goal(goal, self.read_only)

    # -- changes -----------------------------------------------------------------------------
    def add_goal(self, fields: dict[str, Any] | None = None) -> Goal | None:
        """Ask for a new goal (or take ``fields``) and store it as one undo step."""
        if fields is None:
            editor = GoalEditor(self._ctx, self.person_id, parent=self)
            if editor.exec() != QDialog.DialogCode.Accepted:
                return None
            fields = editor.fields()
        added = commands.create(self._ctx, person_id=self.person_id, **fields)
        if added is not None:
            self.select(added.id)
            self.message.setText(f"Added: {added.competency} to {added.target_level}")
        return added

    def edit_goal(self, fields: dict[str, Any] | None = None) -> Goal | None:
        """Edit the selected goal (asking for the fields unless given; one undo step)."""
        goal = self.selected()
        if goal is None:
            return None
        if fields is None:
            editor = GoalEditor(self._ctx, self.person_id, goal, parent=self)
            if editor.exec() != QDialog.DialogCode.Accepted:
                return None
            fields = editor.fields()
        return commands.update(self._ctx, goal, **fields)

    def set_status(self, status: str) -> Goal | None:
        """Set the selected goal's status (one undo step)."""
        goal = self.selected()
        if goal is None or goal.status == status:
            return None
        changed = commands.update(self._ctx, goal, status=status)
        if changed is not None:
            self.message.setText(f"{goal.competency}: {status}")
        return changed

    def _status_chosen(self, index: int) -> None:
        self.set_status(self.status.itemData(index))

    def remove_goal(self) -> Goal | None:
        """Remove the selected goal (one undo step)."""
        goal = self.selected()
        if goal is None:
            return None
        removed = commands.remove(self._ctx, goal)
        if removed is not None:
            self.message.setText(f"Removed the goal in {goal.competency} (Ctrl+Z brings it back)")
        return removed

    def save_profile(self) -> None:
        """Ask where and write the person's profile PDF."""
        from skillmatrix.ui.profile_action import save_profile

        save_profile(self._ctx, self.person_id, self.person_name, self)


def open_plan(
    ctx: AppContext,
    *,
    person_id: int,
    person_name: str,
    parent: QWidget,
    read_only: str | None = None,
) -> GrowthPlanDialog:
    """Show a person's plan (non-modal: the grid stays usable beside it).

    ``read_only``: why it may only be looked at.
    """
    dialog = GrowthPlanDialog(
        ctx, person_id=person_id, person_name=person_name, parent=parent, read_only=read_only
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
