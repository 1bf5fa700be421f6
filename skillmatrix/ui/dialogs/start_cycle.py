"""Start Next Cycle: name it, carry the previous ratings forward, close the previous one.

Optionally say when its reviews are due.
"""

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
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Cycle


class StartCycleDialog(QDialog):
    """Collects the new cycle's name and options.

    Args:
        suggested: the default name (the quarter after the latest cycle).
        previous: the latest cycle, or None for the first one.
        default_due: the date the due-date field starts at (the suggested quarter's last
            day); the field is off until ticked: no due date means "by the last day".
    """

    def __init__(
        self,
        suggested: str,
        previous: Cycle | None,
        parent: QWidget | None = None,
        *,
        default_due: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startCycleDialog")
        self.setWindowTitle("Start next cycle" if previous is not None else "Start the first cycle")
        self.setMinimumWidth(440)
        self.name = QLineEdit(suggested, self)
        self.name.setObjectName("cycleName")
        self.name.setAccessibleName("Cycle name")
        self.carry = QCheckBox("Carry &forward previous ratings", self)
        self.carry.setObjectName("carryForward")
        self.carry.setChecked(previous is not None)
        self.carry.setEnabled(previous is not None)
        self.carry.setToolTip("Start from last cycle's ratings, so you only change what moved")
        self.close_previous = QCheckBox(self)
        self.close_previous.setObjectName("closePrevious")
        # Known from the start: after the dialog closes every child reads as not visible.
        self._can_close = previous is not None and not previous.closed
        if previous is not None and self._can_close:
            self.close_previous.setText(f"&Close {previous.name} (its ratings become read-only)")
            self.close_previous.setChecked(True)
        else:
            self.close_previous.hide()
        self.set_due = QCheckBox("Reviews &due by:", self)
        self.set_due.setObjectName("setDue")
        self.set_due.setToolTip("Without a due date, reviews are due by the cycle's last day")
        self.due = QDateEdit(self)
        self.due.setObjectName("cycleDue")
        self.due.setAccessibleName("Reviews due by")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        start = default_due or dt.date.today() + dt.timedelta(days=90)
        self.due.setDate(QDate(start.year, start.month, start.day))
        self.due.setEnabled(False)
        self.set_due.toggled.connect(self.due.setEnabled)
        intro = QLabel(
            "A cycle is one round of assessments, usually a quarter."
            + (f" The previous cycle is {previous.name}." if previous else ""),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow(self.set_due, self.due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Start cycle")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.carry)
        layout.addWidget(self.close_previous)
        layout.addWidget(buttons)

    def closes_previous(self) -> bool:
        """Whether the previous cycle is to be closed (offered and ticked)."""
        return self._can_close and self.close_previous.isChecked()

    def due_date(self) -> dt.date | None:
        """The due date chosen, or None when the box is not ticked."""
        if not self.set_due.isChecked():
            return None
        day: dt.date = self.due.date().toPython()  # type: ignore[assignment]
        return day
