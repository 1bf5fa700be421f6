"""The leave calendar, entered in the Team view or imported from a CSV file.

Who is away from when to when (parental leave, notice period, sabbatical). Each add, removal
and import is one undoable step; the risk projection (Insights, report, ``skillmatrix
risk``) reads what is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Person
from skillmatrix.core.risk import Leave
from skillmatrix.services import leaves as leave_service
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.undo import ServiceCommand

LEAVE_ID = Qt.ItemDataRole.UserRole


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class LeaveCalendarDialog(QDialog):
    """The stored leaves in a table, a row of fields to add one, Remove and Import CSV."""

    def __init__(
        self, ctx: AppContext, people: Sequence[Person], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leaveCalendarDialog")
        self.setWindowTitle("Leave calendar")
        self.ctx = ctx
        self.people = {p.id: p for p in people}
        self.last_folder = Path.home()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("leaveTable")
        self.table.setHorizontalHeaderLabels(["Person", "From", "To", "Kind"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.person = QComboBox()
        self.person.setObjectName("leavePerson")
        for p in sorted(people, key=lambda p: p.name.casefold()):
            self.person.addItem(f"{p.name} ({p.team or 'no team'})", p.id)
        today = dt.date.today()
        self.start = QDateEdit(_qdate(today))
        self.start.setObjectName("leaveFrom")
        self.end = QDateEdit(_qdate(today + dt.timedelta(days=13)))
        self.end.setObjectName("leaveTo")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.setObjectName("leaveKind")
        self.kind.setEditable(True)
        self.kind.addItems(list(leave_service.KINDS))
        self.add_button = QPushButton("&Add leave")
        self.add_button.setObjectName("leaveAdd")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("leaveRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton("&Import CSV…")
        self.import_button.setObjectName("leaveImport")
        self.import_button.setToolTip("Columns person (name or email), from, to[, kind]")
        self.import_button.clicked.connect(self.ask_import)
        self.message = QLabel()
        self.message.setObjectName("leaveMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Person", self.person)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        form.addRow("From", dates)
        form.addRow("Kind", self.kind)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(620, 480)
        self.reload()

    # -- showing --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the stored leave calendar again."""
        stored = self.ctx.call(leave_service.list_leaves, quiet=True) or []
        self.table.setRowCount(len(stored))
        for k, lv in enumerate(stored):
            person = self.people.get(lv.person_id)
            texts = [
                person.name if person else f"#{lv.person_id}",
                lv.start.isoformat(),
                lv.end.isoformat(),
                lv.reason,
            ]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(LEAVE_ID, lv.id)
                self.table.setItem(k, col, item)
        self.remove_button.setEnabled(bool(stored))

    def rows(self) -> list[list[str]]:
        """Every row's texts (tests)."""
        columns = range(self.table.columnCount())
        return [[_text_at(self.table, r, c) for c in columns] for r in range(self.table.rowCount())]

    # -- steps ----------------------------------------------------------------------------
    def _step(self, text: str, forward, backward) -> bool:  # type: ignore[no-untyped-def]
        command = ServiceCommand(
            self.ctx,
            text,
            forward,
            lambda db: backward(db, command.result),
            lambda _r, _u: self._changed(),
        )
        return command.execute()

    def _changed(self) -> None:
        self.reload()
        self.ctx.peopleChanged.emit()  # the risk projection reads the calendar again

    def add(self) -> bool:
        """Store the leave in the fields (one undoable step)."""
        pid = self.person.currentData()
        if pid is None:
            self.message.setText("Add people first: a leave belongs to someone.")
            return False
        leave = Leave(
            int(pid), _date(self.start.date()), _date(self.end.date()), self.kind.currentText()
        )
        name = self.people[int(pid)].name
        ok = self._step(
            f"Add leave for {name}",
            lambda db: leave_service.add_leaves(db, [leave]),
            lambda db, added: leave_service.remove_leaves(db, [lv.id for lv in added]),
        )
        self.message.setText(f"Added {leave.reason or 'leave'} for {name}." if ok else "")
        return ok

    def remove_selected(self) -> bool:
        """Remove the selected leaves (one undo step); False when none is selected."""
        ids = sorted({int(i.data(LEAVE_ID)) for i in self.table.selectedItems()})
        if not ids:
            self.message.setText("Select the leaves to remove first.")
            return False
        taken: list[Leave] = []

        def forward(db):  # type: ignore[no-untyped-def]
            taken[:] = leave_service.remove_leaves(db, ids)
            return taken[:]

        return self._step(
            f"Remove {len(ids)} leave{'s' * (len(ids) != 1)}",
            forward,
            lambda db, removed: leave_service.add_leaves(db, removed),  # same ids back
        )

    def ask_import(self) -> bool:
        """Ask for a CSV calendar and import it; False when cancelled or refused."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Import leave calendar", str(self.last_folder), "CSV files (*.csv)"
        )
        return self.import_file(Path(name)) if name else False

    def import_file(self, path: Path) -> bool:
        """Add every leave of the CSV file (all or nothing, one undoable step)."""
        self.last_folder = path.parent
        ok = self._step(
            f"Import leave calendar {path.name}",
            lambda db: leave_service.import_leaves(db, path),
            lambda db, added: leave_service.remove_leaves(db, [lv.id for lv in added]),
        )
        self.message.setText(f"Imported {path.name}." if ok else "")
        return ok


def _text_at(table: QTableWidget, row: int, column: int) -> str:
    """The text of a table cell ("" where no item was set)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""
