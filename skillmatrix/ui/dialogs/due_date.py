"""Set Due Date: the day the current cycle's reviews are due, or none (its last day)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Cycle


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DueDateDialog(QDialog):
    """Collects a cycle's due date; unticking "Due by" clears it.

    Args:
        cycle: the cycle whose due date is set (its current due date is the default).
    """

    def __init__(self, cycle: Cycle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueDateDialog")
        self.setWindowTitle(f"Due date of {cycle.name}")
        self.setMinimumWidth(380)
        last = f" ({cycle.ends_on:%d %b %Y})" if cycle.ends_on else ""
        intro = QLabel(
            f"People whose review of {cycle.name} is not done by this day show as overdue."
            f" Without one, reviews are due by the cycle's last day{last}.",
            self,
        )
        intro.setWordWrap(True)
        self.has_due = QCheckBox("Reviews &due by:", self)
        self.has_due.setObjectName("hasDue")
        self.has_due.setChecked(cycle.due_on is not None)
        self.due = QDateEdit(self)
        self.due.setObjectName("dueDate")
        self.due.setAccessibleName("Reviews due by")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        if cycle.starts_on is not None:  # due before the cycle begins makes no sense
            self.due.setMinimumDate(_qdate(cycle.starts_on))
        self.due.setDate(_qdate(cycle.due or dt.date.today()))
        self.due.setEnabled(self.has_due.isChecked())
        self.has_due.toggled.connect(self.due.setEnabled)
        form = QFormLayout()
        form.addRow(self.has_due, self.due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set due date")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def due_date(self) -> dt.date | None:
        """The chosen due date, or None to clear it."""
        if not self.has_due.isChecked():
            return None
        day: dt.date = self.due.date().toPython()  # type: ignore[assignment]
        return day
