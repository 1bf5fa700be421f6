"""The Team view: people with search, team filter and the add / edit / deactivate / delete actions.

Every change is a service call wrapped in an undoable command.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Cycle, Person
from skillmatrix.core.review import describe, progress
from skillmatrix.services import people
from skillmatrix.ui import icons
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.empty import EmptyState
from skillmatrix.ui.team.actions import PeopleActions
from skillmatrix.ui.team.model import (
    EMAIL,
    NAME,
    REVIEW,
    STATUS,
    PeopleFilter,
    PeopleModel,
    PersonRole,
)
from skillmatrix.ui.team.states import empty_state_for
from skillmatrix.ui.waiting import not_reentered


def _action(
    parent: QWidget, text: str, icon: str, tip: str, shortcut: str | None = None
) -> QAction:
    action = QAction(text, parent)
    icons.bind(action, icon)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    return action


class TeamView(PeopleActions):
    """People of the database; objectName of the table: ``teamTable``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._own_change = False
        self.model = PeopleModel(self)
        self.proxy = PeopleFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        ctx.databaseChanged.connect(self.reload)
        ctx.peopleChanged.connect(self._people_changed)
        ctx.teamChanged.connect(self._team_changed)
        # Review states follow the current cycle and its ratings (a short delay merges a
        # burst of edits; nothing is read while the view is hidden).
        self._reviews_dirty = False
        self._review_cycle: Cycle | None = None  # the cycle the Review column shows
        self._review_timer = QTimer(self)
        self._review_timer.setSingleShot(True)
        self._review_timer.setInterval(300)
        self._review_timer.timeout.connect(self._load_reviews)
        for signal in (ctx.cycleChanged, ctx.ratingsChanged, ctx.cyclesChanged, ctx.reviewsChanged):
            signal.connect(self._reviews_changed)
        ctx.cycleChanged.connect(self._cycle_changed)
        self.proxy.set_team(ctx.team)
        self.reload()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("teamSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Search by name, email, team or role  (Ctrl+F)")
        self.search.setAccessibleName("Search people")
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._search_changed)
        self.show_inactive = QCheckBox("Show &inactive people", self)
        self.show_inactive.setObjectName("showInactive")
        self.show_inactive.setToolTip("Include people marked as inactive (they keep their history)")
        self.show_inactive.toggled.connect(self._inactive_toggled)

        self.act_add = _action(self, "&Add person…", "person-add", "Add someone to the team", "Ins")
        self.act_edit = _action(self, "&Edit…", "edit", "Edit the selected person", "F2")
        self.act_toggle = _action(
            self, "Deac&tivate", "person-off", "Mark as inactive: kept with their history"
        )
        self.act_delete = _action(
            self, "&Delete…", "delete", "Delete the person and all their ratings", "Del"
        )
        self.act_team = _action(self, "Add tea&m…", "team-add", "Create a new team")
        self.act_leave = _action(
            self,
            "&Leave calendar…",
            "cycle-next",
            "Who is away when (parental leave, notice period, sabbatical): the risk "
            "projection names the weeks a coverage rule breaks",
        )
        self.act_leave.triggered.connect(self.open_leave_calendar)
        self.act_review = _action(
            self, "Re&view…", "edit",
            "Reconcile the selected person's self-assessment with your ratings", "Ctrl+R",
        )  # fmt: skip
        self.act_review.setObjectName("actTeamReview")
        self.act_plan = _action(
            self, "Growth &plan…", "cycle-next",
            "The selected person's growth goals: add, edit, track against later cycles",
        )  # fmt: skip
        self.act_plan.setObjectName("actTeamGrowthPlan")
        self.act_plan.triggered.connect(lambda: self.open_plan())
        self.act_profile = _action(
            self, "Pro&file (PDF)…", "edit",
            "Print the selected person's one-page profile for the 1:1",
        )  # fmt: skip
        self.act_profile.setObjectName("actTeamProfile")
        self.act_profile.triggered.connect(lambda: self.save_profile())
        self.act_add.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.act_add)
        self.act_add.triggered.connect(self.add_person)
        self.act_edit.triggered.connect(lambda: self.edit_person())
        self.act_toggle.triggered.connect(self.toggle_active)
        self.act_delete.triggered.connect(self.delete_person)
        self.act_team.triggered.connect(self.add_team)
        self.act_review.triggered.connect(lambda: self.review_person())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addSpacing(12)
        for action in (
            self.act_add,
            self.act_edit,
            self.act_toggle,
            self.act_delete,
            self.act_team,
            self.act_leave,
            self.act_review,
            self.act_plan,
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            top.addWidget(button)

        self.table = QTableView(self)
        self.table.setObjectName("teamTable")
        self.table.setAccessibleName("People")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((220, 260, 150, 190, 110, 90, 150)):
            self.table.setColumnWidth(column, width)
        # the room a wide window adds goes to the emails, not to "Active" in the last column
        header.setStretchLastSection(False)
        header.setSectionResizeMode(EMAIL, QHeaderView.ResizeMode.Stretch)
        inactive = self.fontMetrics().horizontalAdvance("Inactive") + 24
        self.table.setColumnWidth(STATUS, max(header.sectionSizeHint(STATUS), inactive))
        for action in (
            self.act_edit, self.act_toggle, self.act_delete, self.act_review, self.act_plan,
            self.act_profile,
        ):  # fmt: skip
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.activated.connect(self._activated)  # Enter, double-click
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.empty = EmptyState("", icon="team", action=" ", on_action=self._empty_clicked)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.count = QLabel(self)
        self.count.setObjectName("teamCount")

        self.setFocusProxy(self.table)  # Ctrl+1 lands in the table, ready for the keyboard
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_state)

    def open_leave_calendar(self) -> QDialog:
        """Show the leave calendar (entered here, or imported from CSV)."""
        from skillmatrix.ui.team.leave_dialog import LeaveCalendarDialog

        everyone = self.ctx.call(people.list_people, include_inactive=True, quiet=True) or []
        dialog = LeaveCalendarDialog(self.ctx, everyone, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.leave_dialog = dialog
        return dialog

    # -- loading ---------------------------------------------------------------------------
    @not_reentered
    def reload(self) -> None:
        """Read the people (inactive ones too) again."""
        if self.ctx.db is None:
            return
        found = self.ctx.call(people.list_people, include_inactive=True, quiet=True)
        self.model.reset(found or [])
        self._load_reviews()

    def _cycle_changed(self, _cycle: object) -> None:
        self._update_state()  # a new due date shows at once; the column follows the read

    def _reviews_changed(self, *_args: object) -> None:
        self._reviews_dirty = True
        if self.isVisible():
            self._review_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        """Load the review states that changed while hidden."""
        super().showEvent(event)
        if self._reviews_dirty:
            self._review_timer.start()

    @not_reentered
    def _load_reviews(self) -> None:
        """Read the current cycle's review states (two snapshot reads) into the column."""
        self._reviews_dirty = False
        if self.ctx.db is None:
            return
        from skillmatrix.services.review import cycle_status

        cycle = self.ctx.cycle.id if self.ctx.cycle is not None else None
        status = self.ctx.call(cycle_status, cycle=cycle, quiet=True)
        self.model.set_reviews(status.people if status is not None else [])
        self._review_cycle = status.cycle if status is not None else None
        self._update_state()

    @not_reentered
    def _people_changed(self) -> None:
        if self._own_change or self.ctx.db is None:
            return  # our own edit already updated its row
        found = self.ctx.call(people.list_people, include_inactive=True, quiet=True)
        if found is not None:
            self.model.merge(found)

    def _team_changed(self, team: str | None) -> None:
        self.proxy.set_team(team)
        self._update_state()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_state()

    def _inactive_toggled(self, show: bool) -> None:
        self.proxy.set_show_inactive(show)
        self._update_state()

    def focus_find(self) -> None:
        """Edit › Find: put the cursor in the search box."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click: the Review column opens the review, the rest edits."""
        if index.column() == REVIEW:
            self.review_person()
        else:
            self.edit_person()

    def review_person(self) -> QWidget | None:
        """Open the review mode for the selected person in the current cycle."""
        person = self.selected_person()
        if person is None or self.ctx.db is None:
            return None
        from skillmatrix.ui.review_mode import open_review

        cycle = self.ctx.cycle or self._review_cycle
        if cycle is None:
            return None
        if cycle.closed:
            self.ctx.failed.emit(f"{cycle.name} is closed — read-only")
            return None
        return open_review(
            self.ctx, cycle_id=cycle.id, person_id=person.id, person_name=person.name,
            parent=self,
        )  # fmt: skip

    def open_plan(self) -> QWidget | None:
        """Show the selected person's growth plan."""
        person = self.selected_person()
        if person is None or self.ctx.db is None:
            return None
        from skillmatrix.ui.growth.plan_dialog import open_plan

        access = self.ctx.access
        why = None if access.admin else access.team_reason(person.name, person.team)
        return open_plan(
            self.ctx, person_id=person.id, person_name=person.name, parent=self, read_only=why
        )

    def save_profile(self, path: str | None = None) -> object:
        """Save the selected person's one-page profile as PDF (asks where)."""
        person = self.selected_person()
        if person is None or self.ctx.db is None:
            return None
        from skillmatrix.ui.profile_action import save_profile

        return save_profile(self.ctx, person.id, person.name, self, path)

    # -- state -----------------------------------------------------------------------------
    def selected_person(self) -> Person | None:
        """The selected person, or None."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(PersonRole) if rows else None

    def select_person(self, person_id: int) -> None:
        """Select the person with ``person_id``."""
        row = self.model.row_of(person_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def _update_actions(self) -> None:
        person = self.selected_person()
        for action in (
            self.act_edit, self.act_toggle, self.act_delete, self.act_review, self.act_plan,
            self.act_profile,
        ):  # fmt: skip
            action.setEnabled(person is not None)
        active = person is None or person.active
        self.act_toggle.setText("Deac&tivate" if active else "Reac&tivate")
        icons.bind(self.act_toggle, "person-off" if active else "person-on")
        self.act_toggle.setToolTip(
            "Mark as inactive: kept with their history" if active else "Make active again"
        )
        # A shared database: a manager changes only their teams' people, an admin adds teams.
        access = self.ctx.access if self.ctx.db is not None else None
        if access is not None and not access.admin:
            why = access.team_reason(person.name, person.team) if person is not None else None
            for action in (self.act_edit, self.act_toggle, self.act_delete):
                if why is not None:
                    action.setEnabled(False)
                    action.setToolTip(why)
            team_reason = access.admin_reason("add teams")
            self.act_team.setEnabled(False)
            self.act_team.setToolTip(team_reason or "")

    def _shown_cycle(self) -> Cycle | None:
        """The cycle of the Review column, as current as the window knows it.

        A due date just set shows at once.
        """
        cycle = self._review_cycle
        current = self.ctx.cycle
        if current is not None and (cycle is None or cycle.id == current.id):
            return current
        return cycle

    def _update_state(self) -> None:
        state = empty_state_for(self.model, self.proxy, self.ctx.team, self.search.text())
        total = sum(1 for p in self.model.people() if p.active)
        hidden = sum(1 for p in self.model.people() if not p.active)
        shown = self.proxy.rowCount()
        text = f"{shown} of {total} active" if shown != total else f"{total} active"
        text = f"{text} {'person' if total == 1 else 'people'}"
        if hidden:
            text += (
                f" · {hidden} inactive {'shown' if self.show_inactive.isChecked() else 'hidden'}"
            )
        reviews = [
            r
            for row in range(shown)
            if (p := self.proxy.index(row, 0).data(PersonRole)) is not None
            and p.active
            and (r := self.model.review_of(p.id)) is not None
        ]
        cycle = self._shown_cycle()
        if reviews and cycle is not None:
            done = progress((r.state.done for r in reviews), due=cycle.due, today=dt.date.today())
            text += f" · {cycle.name}: {describe(done)}"
        self.count.setText(text)
        if state is None:
            self.pages.setCurrentWidget(self.table)
        else:
            self.empty.set_text(state.title, state.text)
            assert self.empty.button is not None
            self.empty.button.setText(state.action)
            self._empty_action = state.key
            self.pages.setCurrentWidget(self.empty)
        self._update_actions()

    def _empty_clicked(self) -> None:
        key = getattr(self, "_empty_action", "add")
        if key == "clear":
            self.search.clear()
        elif key == "inactive":
            self.show_inactive.setChecked(True)
        elif key == "all-teams":
            self.ctx.set_team(None)
        else:
            self.add_person()
