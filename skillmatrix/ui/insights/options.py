"""The options row of each chart: person and competency order, or the person shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from skillmatrix.core.model import Person, seniority_text
from skillmatrix.ui.insights.charts import COMPETENCY_ORDERS, PERSON_ORDERS, ChartKind

ORDER_TEXT = {
    "team": "Team",
    "role": "Role",
    "seniority": "Seniority",
    "gap": "Largest gap",
    "name": "Name",
    "category": "Category",
    "coverage": "Least covered",
}


class ChartOptions(QWidget):
    """The options ``kind`` takes, as combo boxes (an empty row when it takes none).

    Signals:
        changed(): an option was changed by the user.
        personChosen(int): the person combo was changed by the user (person id).
    """

    changed = Signal()
    personChosen = Signal(int)

    def __init__(self, kind: ChartKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"{kind.key}Options")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.order: QComboBox | None = None
        self.competency_order: QComboBox | None = None
        self.person: QComboBox | None = None
        if "order" in kind.options:
            self.order = self._combo("People by", "orderCombo", PERSON_ORDERS, kind.default_order)
            layout.addWidget(QLabel("People by"))
            layout.addWidget(self.order)
        if "competency_order" in kind.options:
            self.competency_order = self._combo(
                "Competencies by", "competencyOrderCombo", COMPETENCY_ORDERS, "category"
            )
            layout.addWidget(QLabel("Competencies by"))
            layout.addWidget(self.competency_order)
        if "person" in kind.options:
            self.person = QComboBox()
            self.person.setObjectName("personCombo")
            # as wide as its longest "name — seniority role": a person is never cut off
            self.person.setMinimumContentsLength(22)
            self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.person.activated.connect(self._on_person)
            layout.addWidget(QLabel("Person"))
            layout.addWidget(self.person)
        layout.addStretch(1)

    def _combo(self, tip: str, name: str, values: Sequence[str], default: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setToolTip(tip)
        for value in values:
            combo.addItem(ORDER_TEXT.get(value, value), value)
        combo.setCurrentIndex(max(combo.findData(default), 0))
        combo.activated.connect(lambda _i: self.changed.emit())
        return combo

    def values(self) -> dict[str, Any]:
        """The chosen options, by builder argument name."""
        out: dict[str, Any] = {}
        if self.order is not None:
            out["order"] = self.order.currentData()
        if self.competency_order is not None:
            out["competency_order"] = self.competency_order.currentData()
        if self.person is not None:
            out["person"] = self.person.currentData()
        return out

    def set_people(self, people: Sequence[Person], selected: int | None) -> None:
        """Fill the person combo (no signal); keeps the current person when listed."""
        if self.person is None:
            return
        keep = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        for p in sorted(people, key=lambda p: p.name.casefold()):
            detail = " ".join(x for x in (seniority_text(p.seniority), p.role) if x)
            self.person.addItem(f"{p.name} — {detail}", p.id)
        self.person.blockSignals(False)
        self.select_person(keep if keep is not None else selected)

    def select_person(self, person_id: int | None) -> None:
        """Choose ``person_id`` in the person combo (first person when not listed)."""
        if self.person is None:
            return
        index = self.person.findData(person_id) if person_id is not None else -1
        self.person.blockSignals(True)
        self.person.setCurrentIndex(index if index >= 0 else min(0, self.person.count() - 1))
        self.person.blockSignals(False)

    def _on_person(self, index: int) -> None:
        pid = self.person.itemData(index) if self.person is not None else None
        if pid is not None:
            self.personChosen.emit(int(pid))
        self.changed.emit()
