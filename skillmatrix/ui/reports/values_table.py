"""The wizard's value mapping.

Every distinct value in the file, the level it is read as (a combo per row, editable) and
how many cells hold it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

if TYPE_CHECKING:
    from skillmatrix.core.scale import Scale

VALUE, LEVEL, CELLS = range(3)
NOT_PLACED = "?"
NA = "n/a"
BLANK = ""


class ValueTable(QTableWidget):
    """File value | Read as (combo) | Cells; :meth:`overrides` returns what the user changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("valueMapping")
        self.setHorizontalHeaderLabels(["Value in the file", "Read as level", "Cells"])
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CELLS, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []
        self.defaults: list[object] = []
        self.values: list[str] = []

    def fill(self, table: list[tuple[str, str, int]], scale: Scale | None) -> None:
        """Show ``table`` (file value, level text, cells) as the import decided it."""
        self.setRowCount(len(table))
        self.combos, self.defaults, self.values = [], [], []
        for row, (value, level_text, count) in enumerate(table):
            self.setItem(row, VALUE, QTableWidgetItem(value))
            cells = QTableWidgetItem(str(count))
            self.setItem(row, CELLS, cells)
            combo = QComboBox(self)
            combo.setObjectName(f"valueLevel{row}")
            combo.setAccessibleName(f"Read the value {value} as")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            if scale is not None:
                for lv in scale.levels:
                    combo.addItem(f"{lv.value} {lv.label}", lv.value)
            combo.addItem("n/a (does not apply)", NA)
            combo.addItem("not rated (ignore)", BLANK)
            default = _default(level_text)
            if default == NOT_PLACED:
                combo.addItem("? choose a level", NOT_PLACED)
            index = combo.findData(default)
            combo.setCurrentIndex(max(index, 0))
            self.combos.append(combo)
            self.defaults.append(default)
            self.values.append(value)
            self.setCellWidget(row, LEVEL, combo)

    def set_level(self, value: str, level: object) -> None:
        """Choose ``level`` for the file value ``value`` as a user would."""
        row = self.values.index(value)
        self.combos[row].setCurrentIndex(self.combos[row].findData(level))

    def overrides(self) -> dict[str, int | str | None]:
        """{file value: level, "n/a" or None} for the rows the user changed."""
        out: dict[str, int | str | None] = {}
        for value, combo, default in zip(self.values, self.combos, self.defaults, strict=True):
            chosen = combo.currentData()
            if chosen != default and chosen != NOT_PLACED:
                out[value] = None if chosen == BLANK else chosen
        return out


def _default(level_text: str) -> object:
    if level_text.startswith("?"):
        return NOT_PLACED
    if level_text == "n/a":
        return NA
    if level_text == "not rated":
        return BLANK
    head = level_text.split(" ", 1)[0]
    return int(head) if head.lstrip("-").isdigit() else NOT_PLACED
