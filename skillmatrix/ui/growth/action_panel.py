"""The actions of the goal selected in a growth plan: a mentor, a course, a project.

Each is open or done; added, marked done and removed here, each one undo step.

Keyboard: Insert (or the Add action button, Alt+C) adds, Space marks the selected action
done or open again, Delete removes it. A mentor is picked from the mentor pairs of the
goal's competency first (who knows it well and has room to teach), then anyone else.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPalette
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
from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.plans import ACTION_KINDS, ACTION_TEXT_MAX, NewAction
from skillmatrix.services.goal_actions import Action
from skillmatrix.services.growth_plans import Goal
from skillmatrix.services.people import list_people
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.growth import commands

ACTION_COLUMNS = ("Action", "Mentor", "Details", "Status")
#: Marks a mentor the mentor pairs suggest in the mentor list.
PAIRED = " · mentor pair"


def paired_mentors(ctx: AppContext, person_id: int, competency_id: int) -> list[tuple[int, str]]:
    """(id, name) of the mentors the mentor pairs give this person in this competency.

    Best first, read from the current cycle's manager ratings (none: no cycle yet).
    """
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.growth.mentors import mentors_for

    if ctx.db is None:
        return []
    cycle = ctx.cycle.id if ctx.cycle is not None else None
    try:
        snap = load_snapshot(ctx.db, cycle=cycle)
        return [(p.id, p.name) for p in mentors_for(snap, person_id, competency_id)]
    except (SkillMatrixError, KeyError, ValueError):  # no cycle, or not in this snapshot
        return []


class ActionEditor(QDialog):
    """One new action (objectName ``actionEditor``): its kind, mentor and details.

    :meth:`action` reads them.
    """

    def __init__(
        self, ctx: AppContext, goal: Goal, parent: QWidget | None = None,
        pairs: list[tuple[int, str]] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("actionEditor")
        self.setWindowTitle(f"New action: {goal.competency}")
        self.kind = QComboBox(self)
        self.kind.setObjectName("actionKind")
        for k in ACTION_KINDS:
            self.kind.addItem(k, k)
        self.mentor = QComboBox(self)
        self.mentor.setObjectName("actionMentor")
        self.mentor.setAccessibleName("Mentor (mentor pairs first)")
        self.mentor.addItem("nobody", None)
        paired = pairs if pairs is not None else paired_mentors(ctx, goal.person_id,
                                                                goal.competency_id)  # fmt: skip
        for pid, name in paired:
            self.mentor.addItem(name + PAIRED, pid)
        taken = {pid for pid, _ in paired} | {goal.person_id}
        for p in ctx.call(list_people, quiet=True) or []:
            if p.id not in taken:
                self.mentor.addItem(p.name, p.id)
        self.text = QLineEdit(self)
        self.text.setObjectName("actionText")
        self.text.setMaxLength(ACTION_TEXT_MAX)
        self.text.setPlaceholderText("Kubernetes course, the billing migration, pairing weekly")
        hint = QLabel(
            f"Mentor pairs for {goal.competency}: " + ", ".join(n for _i, n in paired)
            if paired
            else f"No mentor pair for {goal.competency} in this cycle: pick anyone.",
            self,
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        for label, w in (("&Action:", self.kind), ("&Mentor:", self.mentor),
                         ("&Details:", self.text)):  # fmt: skip
            form.addRow(label, w)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.mentor.currentIndexChanged.connect(self._mentor_changed)
        if paired:  # a goal with a mentor pair most likely wants that mentor
            self.mentor.setCurrentIndex(1)
        else:
            self.kind.setCurrentIndex(self.kind.findData("course"))

    def _kind_changed(self) -> None:
        if self.kind.currentData() != "mentor":
            self.mentor.setCurrentIndex(0)

    def _mentor_changed(self) -> None:
        if self.mentor.currentData() is not None:
            self.kind.setCurrentIndex(self.kind.findData("mentor"))

    def action(self) -> NewAction:
        """The action the fields describe."""
        return NewAction(self.kind.currentData(), self.text.text(), self.mentor.currentData())


class ActionPanel(QWidget):
    """The selected goal's actions (objectName ``goalActions``).

    Table ``actionTable``; buttons ``addAction``, ``actionDone``, ``removeAction``.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goalActions")
        self._ctx = ctx
        self.goal: Goal | None = None
        self.read_only: str | None = None
        #: Says what happened (the plan dialog's message line).
        self.report: Callable[[str], None] = lambda _text: None
        self.title = QLabel("Actions", self)
        self.table = QTableWidget(0, len(ACTION_COLUMNS), self)
        self.table.setObjectName("actionTable")
        self.table.setAccessibleName("Actions of the selected goal")
        self.table.setHorizontalHeaderLabels(ACTION_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = self._button("Add a&ction…", "addAction", self.add_action)
        self.done_button = self._button("Mark &done", "actionDone", self.toggle_done)
        self.remove_button = self._button("Remo&ve action", "removeAction", self.remove_action)
        row = QHBoxLayout()
        for w in (self.add_button, self.done_button, self.remove_button):
            row.addWidget(w)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.show_goal(None)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _checked=False: slot())
        return b

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space marks done or open, Delete removes, Insert adds (in the action table)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Space and self.done_button.isEnabled():
                self.toggle_done()
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.remove_button.isEnabled():
                self.remove_action()
                return True
            if key == Qt.Key.Key_Insert and self.add_button.isEnabled():
                self.add_action()
                return True
        return super().eventFilter(watched, event)

    # -- rows --------------------------------------------------------------------------------
    def show_goal(self, goal: Goal | None, read_only: str | None = None) -> None:
        """Show ``goal``'s actions (None: no goal selected), keeping the selected one."""
        keep = self.selected()
        self.goal, self.read_only = goal, read_only
        actions = goal.actions if goal is not None else ()
        self.title.setText(
            f"<b>Actions</b> for {goal.competency} ({sum(a.done for a in actions)} of "
            f"{len(actions)} done)" if goal is not None else "<b>Actions</b>"
        )  # fmt: skip
        self.table.setRowCount(len(actions))
        for r, a in enumerate(actions):
            values = (a.kind, a.mentor or "–", a.text or "–", a.status)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 3 and a.done:  # done in the app's "ok" blue (light or dark)
                    item.setForeground(QBrush(QColor(self._done_color())))
                self.table.setItem(r, c, item)
        ids = [a.id for a in actions]
        if keep is not None and keep.id in ids:
            self.table.selectRow(ids.index(keep.id))
        elif actions:
            self.table.selectRow(0)
        self._update_buttons()

    def _done_color(self) -> str:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        return (palette.DARK_STATUS_TEXT_COLORS if dark else palette.STATUS_TEXT_COLORS)["ok"]

    def selected(self) -> Action | None:
        """The selected action, or None."""
        if self.goal is None:
            return None
        r = self.table.currentRow()
        return self.goal.actions[r] if 0 <= r < len(self.goal.actions) else None

    def select(self, action_id: int) -> None:
        """Select the action with ``action_id``."""
        for r, a in enumerate(self.goal.actions if self.goal else ()):
            if a.id == action_id:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        writable = self.goal is not None and not self.read_only
        action = self.selected()
        self.add_button.setEnabled(writable)
        self.done_button.setEnabled(writable and action is not None)
        self.remove_button.setEnabled(writable and action is not None)
        self.done_button.setText("Mark &open" if action is not None and action.done
                                 else "Mark &done")  # fmt: skip

    # -- changes -----------------------------------------------------------------------------
    def add_action(self, new: NewAction | None = None) -> Action | None:
        """Ask for an action (or take ``new``) and add it as one undo step."""
        goal = self.goal
        if goal is None or self.read_only:
            return None
        if new is None:
            editor = ActionEditor(self._ctx, goal, parent=self)
            if editor.exec() != QDialog.DialogCode.Accepted:
                return None
            new = editor.action()
        added = commands.add_action(self._ctx, goal, new)
        if added is not None:
            self.select(added.id)
            self.report(f"Added to {goal.competency}: {added.label()}")
        return added

    def toggle_done(self) -> Action | None:
        """Mark the selected action done, or open again (one undo step)."""
        goal, action = self.goal, self.selected()
        if goal is None or action is None or self.read_only:
            return None
        status = "open" if action.done else "done"
        changed = commands.set_action_status(self._ctx, goal, action, status)
        if changed is not None:
            self.report(f"Marked {status}: {changed.label()}")
        return changed

    def remove_action(self) -> Action | None:
        """Remove the selected action (one undo step)."""
        goal, action = self.goal, self.selected()
        if goal is None or action is None or self.read_only:
            return None
        removed = commands.remove_action(self._ctx, goal, action)
        if removed is not None:
            self.report(f"Removed {removed.label()} (Ctrl+Z brings it back)")
        return removed
