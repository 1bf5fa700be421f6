"""Wizard page 2: the layout found and what each column was recognised as, correctable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from skillmatrix.reports.importing.headers import field_of
from skillmatrix.reports.importing.mapping import (
    LABELS,
    LONG_ROLES,
    PERSON_ROLES,
    SKIP,
    competency_of,
    competency_role,
)
from skillmatrix.ui.reports.common import explanation

if TYPE_CHECKING:
    from skillmatrix.reports.importing.records import ImportedColumn
    from skillmatrix.services.excel import ImportResult
    from skillmatrix.ui.reports.import_state import WizardHost

COLUMN, HEADER, VALUES, ROLE, WHY = range(5)
WHY_TEXT = {
    "": "recognised from the header",
    "existing competency": "matches a competency you have",
    "new competency": "new: will be added to the framework",
    "not a skill": "not a skill (a known non-skill header)",
    "formulas": "computed (formulas), not levels",
    "text, not levels": "holds text, not levels",
    "not used": "not a column this layout reads",
    "set by you": "changed by you",
    "identifies the person, not a competency": "an id: tells people apart, not a skill",
    "the only column naming the people": "the people's ids (no name column)",
    "names the competencies (rows)": "the competencies, one per row",
    "new person": "a person (new: will be added)",
    "existing person": "a person you have",
    "not a person": "not a person (a known non-rating heading)",
    "dates": "dates, not levels",
    "links": "links, not levels",
    "e-mail addresses": "e-mail addresses, not levels",
    "same name under another group": "named with its group (the name repeats)",
}
PERSON = "person"
TRANSPOSED_ROLES = (PERSON, "competency", "category", "description")
TRANSPOSED_LABELS = {
    PERSON: "Person (the column's heading)",
    "competency": "Competency names",
    "category": "Category",
    "description": "Description",
}
HELP = (
    "Check what each column holds. If one was recognised wrongly, pick what it really "
    "holds in <b>Import as</b>; choose <i>Skip</i> to leave a column out. A column can be "
    "matched to a competency you already have even when its header is spelled differently: "
    "close matches are offered first."
)
VALUES_HELP = (
    "<b>How the values are read.</b> Every value found in the rating cells, the level it "
    "will be stored as, and how many cells hold it. Change a level here if it is wrong; "
    "every cell with that value follows."
)


def fold(role: str) -> str:
    """A role name folded for comparison: spaces collapsed, any case."""
    return " ".join(role.split()).casefold()


class MappingPage(QWizardPage):
    """The columns table: Column, Header, Import as (a combo per row), Why."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Check the columns")
        self.setSubTitle("Step 2 of 3: nothing is saved yet")
        self.defaults: list[str] = []  # role per row as recognised
        self.reasons: list[str] = []  # why, per row, as recognised
        self.combos: list[QComboBox] = []
        self._checked: tuple[object, ...] | None = None
        self.found = QLabel(self)
        self.found.setObjectName("importLayout")
        self.found.setWordWrap(True)
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("importSheet")
        self.sheet.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel("Sheet", self)
        top = QHBoxLayout()
        top.addWidget(self.found, 1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet)
        self.help = explanation(HELP, self)
        self.note = explanation("", self)
        self.note.setObjectName("mappingNote")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(
            ["Column", "Header in the file", "First values", "Import as", "Why"]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(VALUES, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(HEADER, 150)
        self.table.setColumnWidth(VALUES, 150)
        self.decisions = QLabel(self)
        self.decisions.setObjectName("importDecisions")
        self.decisions.setWordWrap(True)
        self.decisions.setTextFormat(Qt.TextFormat.PlainText)
        self.values_help = explanation(VALUES_HELP, self)
        self.values_rules = QLabel(self)
        self.values_rules.setObjectName("valueRules")
        self.values_rules.setWordWrap(True)
        self.values_rules.setTextFormat(Qt.TextFormat.PlainText)
        from skillmatrix.ui.reports.values_table import ValueTable

        self.values = ValueTable(self)
        self.box = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.decisions)
        layout.addWidget(self.help)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.values_help)
        layout.addWidget(self.values_rules)
        layout.addWidget(self.values, 2)
        layout.addStretch(0)  # takes the room when there is no table

    # -- filling ---------------------------------------------------------------------------
    def initializePage(self) -> None:
        """Fill the columns table from the scan."""
        scan = self.wiz.state.scan
        if scan is None:
            return
        self._fill(scan)
        self._checked = self._key()

    def _fill(self, scan: ImportResult) -> None:
        from skillmatrix.ui.reports.import_state import LAYOUTS

        where = f" on sheet <b>{scan.sheet}</b>" if scan.sheet != scan.path.name else ""
        row = f", header in row {scan.header_row}" if scan.header_row > 1 else ""
        self.found.setText(
            f"Recognised <b>{LAYOUTS.get(scan.layout, scan.layout)}</b>{where}{row}."
        )
        self.decisions.setText("\n".join(scan.decisions))
        self.decisions.setVisible(bool(scan.decisions))
        self.sheet.clear()
        self.sheet.addItems(scan.sheets)
        self.sheet.setCurrentIndex(max(self.sheet.findText(scan.sheet), 0))
        several = len(scan.sheets) > 1 and scan.layout != "form"
        self.sheet.setVisible(several)
        self.sheet_label.setVisible(several)
        mappable = scan.layout in ("wide", "matrix", "long", "transposed") and bool(scan.columns)
        self.table.setVisible(mappable)
        valued = bool(scan.value_table) and scan.layout != "matrix"
        for widget in (self.values_help, self.values_rules, self.values):
            widget.setVisible(valued)
        self.values_rules.setText("\n".join(scan.value_rules))
        scale = getattr(self.wiz.ctx.db, "scale", None)
        self.values.fill(scan.value_table if valued else [], scale)
        self.box.setStretch(self.box.count() - 1, 0 if mappable or valued else 1)
        self.help.setVisible(mappable)
        self.note.setVisible(not mappable)
        self.note.setText(_note(scan))
        self.defaults = [c.role for c in scan.columns]
        self.reasons = [WHY_TEXT.get(c.reason, c.reason) for c in scan.columns]
        self.combos = []
        self.table.setRowCount(len(scan.columns) if mappable else 0)
        if not mappable:
            return
        options, known = self._options(scan.layout)
        for r, column in enumerate(scan.columns):
            self.table.setItem(r, COLUMN, QTableWidgetItem(column.letter))
            self.table.setItem(r, HEADER, QTableWidgetItem(column.header))
            values = QTableWidgetItem(", ".join(column.samples))
            values.setToolTip("\n".join(column.samples))
            self.table.setItem(r, VALUES, values)
            combo = self._combo(scan.layout, column, options, known, r)
            self.combos.append(combo)
            self.table.setCellWidget(r, ROLE, combo)
            self.table.setItem(r, WHY, QTableWidgetItem(self.reasons[r]))

    def _combo(
        self,
        layout: str,
        column: ImportedColumn,
        options: list[tuple[str, str]],
        known: list[str],
        row: int,
    ) -> QComboBox:
        """The Import-as combo of one column: close matches first, the full names shown."""
        from skillmatrix.reports.importing.suggest import close_matches

        combo = QComboBox(self.table)
        combo.setObjectName(f"mapColumn{column.letter}")
        combo.setAccessibleName(f"Import column {column.letter} ({column.header}) as")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        wide = layout in ("wide", "matrix")
        name = competency_of(column.role) or column.header
        new = wide and fold(competency_role(name)) not in {fold(competency_role(k)) for k in known}
        close = close_matches(name, known) if new and column.role != SKIP else []
        for match in close:
            combo.addItem(f"Competency: {match} (close match)", competency_role(match))
        for text, role in options:
            if not any(fold(role) == fold(combo.itemData(i)) for i in range(combo.count())):
                combo.addItem(text, role)
        if wide and self._find(combo, column.role) < 0:
            combo.addItem(f"New competency “{name}”", competency_role(name))
        header_is_field = field_of(column.header) is not None  # "#", "ID", "Email"
        if wide and not header_is_field and self._find(combo, competency_role(column.header)) < 0:
            combo.addItem(f"New competency “{column.header}”", competency_role(column.header))
        combo.setCurrentIndex(max(self._find(combo, column.role), 0))
        if close and new and fold(column.role) == fold(competency_role(name)):
            self.reasons[row] = f"new; close to “{close[0]}”: pick it to use that one"
        widest = max(
            (
                combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                for i in range(combo.count())
            ),
            default=0,
        )
        combo.view().setMinimumWidth(widest + 40)
        combo.setToolTip(combo.currentText())
        combo.currentTextChanged.connect(combo.setToolTip)
        combo.activated.connect(lambda _i, r=row: self._changed(r))
        return combo

    def _options(self, layout: str) -> tuple[list[tuple[str, str]], list[str]]:
        from skillmatrix.services import frameworks

        if layout == "long":
            return [("Skip", SKIP)] + [(LABELS[r].capitalize(), r) for r in LONG_ROLES], []
        if layout == "transposed":
            roles = [(TRANSPOSED_LABELS[r], r) for r in TRANSPOSED_ROLES]
            return [("Skip", SKIP), *roles], []
        people = [(LABELS[r].capitalize(), r) for r in PERSON_ROLES]
        comps = self.wiz.ctx.call(frameworks.list_competencies, quiet=True) or []
        names = sorted({c.name for c in comps}, key=str.casefold)
        options = [("Skip", SKIP), *people] + [
            (f"Competency: {n}", competency_role(n)) for n in names
        ]
        return options, names

    @staticmethod
    def _find(combo: QComboBox, role: str) -> int:
        wanted = fold(role)
        return next((i for i in range(combo.count()) if fold(combo.itemData(i)) == wanted), -1)

    # -- editing ---------------------------------------------------------------------------
    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell but the combos' is filled in _fill
        return item

    def combo_for(self, header: str) -> QComboBox:
        """The Import-as combo of the column whose header is ``header`` (case-insensitive)."""
        for r, combo in enumerate(self.combos):
            if fold(self._cell(r, HEADER).text()) == fold(header):
                return combo
        raise KeyError(header)

    def set_role(self, header: str, role: str) -> None:
        """Choose ``role`` for the column ``header`` as a user would."""
        combo = self.combo_for(header)
        combo.setCurrentIndex(self._find(combo, role))
        self._changed(self.combos.index(combo))

    def _changed(self, row: int) -> None:
        role = self.combos[row].currentData()
        letter = self._cell(row, COLUMN).text()
        if role != SKIP:  # one column per field or competency: the other one is skipped
            for other, combo in enumerate(self.combos):
                if other != row and fold(combo.currentData()) == fold(role):
                    combo.setCurrentIndex(self._find(combo, SKIP))
                    self._cell(other, WHY).setText(f"skipped: column {letter} holds this now")
        changed = fold(role) != fold(self.defaults[row])
        self._cell(row, WHY).setText("changed by you" if changed else self.reasons[row])

    def mapping(self) -> dict[int, str]:
        """The corrections: {0-based column: role} for rows that differ from the defaults."""
        scan = self.wiz.state.scan
        if scan is None or not self.combos:
            return {}
        return {
            column.index: combo.currentData()
            for column, combo, default in zip(scan.columns, self.combos, self.defaults, strict=True)
            if fold(combo.currentData()) != fold(default)
        }

    def _key(self) -> tuple[object, ...]:
        st = self.wiz.state
        values = tuple(sorted((k, str(v)) for k, v in self.values.overrides().items()))
        return (tuple(sorted(self.mapping().items())), values, st.strict, st.sheet)

    def _sheet_chosen(self, _index: int) -> None:
        st = self.wiz.state
        if self.sheet.currentText() == (st.scan.sheet if st.scan else None):
            return
        previous = st.sheet
        st.sheet, st.mapping, st.values = self.sheet.currentText(), {}, {}

        def scanned(result: ImportResult) -> None:
            st.scan = st.preview = result
            self._fill(result)
            self._checked = self._key()

        def refused(_message: str) -> None:  # that sheet cannot be imported: keep this one
            st.sheet = previous
            if st.scan is not None:
                self.sheet.setCurrentIndex(max(self.sheet.findText(st.scan.sheet), 0))

        task = self.wiz.run(apply=False, then=scanned)
        if task is not None:
            task.error.connect(refused)

    def validatePage(self) -> bool:
        """Preview the import with the chosen mapping; False when it cannot be read."""
        st = self.wiz.state
        if st.preview is not None and self._checked == self._key():
            return True
        st.mapping = self.mapping()
        st.values = self.values.overrides()

        def checked(result: ImportResult) -> None:
            st.preview = result
            self._checked = self._key()
            self.wiz.next()

        self.wiz.run(apply=False, then=checked)
        return False


def _note(scan: ImportResult) -> str:
    if scan.layout == "form":
        return (
            "This is a self-assessment form someone filled in and sent back. Its answers "
            "will be stored as their <b>self-ratings</b>, next to your ratings and never "
            "over them. There are no columns to check."
        )
    if scan.layout == "framework":
        return (
            "This is a framework sheet: competencies with the target level for each "
            "seniority. Its competencies and targets will be added to the framework. There "
            "are no columns to check."
        )
    return "No columns with headers were found."
