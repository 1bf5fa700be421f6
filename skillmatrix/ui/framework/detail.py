"""The detail panel of one competency: every field editable, each change one request.

The panel never calls services: it emits a ``...Requested`` signal that the view turns
into an undoable command, and is refreshed with :meth:`CompetencyDetail.show_competency`.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QFocusEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Competency, Role
from skillmatrix.core.scale import Scale
from skillmatrix.ui.framework.targets import TargetsModel, TargetsTable


class NoteEdit(QPlainTextEdit):
    """A multi-line text box that reports ``editingFinished`` when it loses focus."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Finish the edit when the field loses focus, as Enter does."""
        super().focusOutEvent(event)
        self.editingFinished.emit()


class CompetencyDetail(QWidget):
    """Edits one competency.

    Signals:
        renameRequested(str): a new name.
        descriptionRequested(str): a new description.
        criticalRequested(bool): the critical flag.
        ruleRequested(int, int): min people, min level.
        levelDescriptionRequested(int, str): level, text ("" removes it).
        targetRequested(int, str, object): role id, seniority, level or None.
    """

    renameRequested = Signal(str)
    descriptionRequested = Signal(str)
    criticalRequested = Signal(bool)
    ruleRequested = Signal(int, int)
    levelDescriptionRequested = Signal(int, str)
    targetRequested = Signal(int, str, object)

    def __init__(self, scale: Scale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("competencyDetail")
        self.comp: Competency | None = None
        self.scale = scale

        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.category = QLabel(self)
        self.category.setEnabled(False)

        self.name = QLineEdit(self)
        self.name.setObjectName("competencyName")
        self.name.setAccessibleName("Competency name")
        self.name.editingFinished.connect(self._name_done)
        self.description = NoteEdit(self)
        self.description.setObjectName("competencyDescription")
        self.description.setAccessibleName("Competency description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What this competency covers, in a sentence or two")
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.description.editingFinished.connect(self._description_done)
        self.critical = QCheckBox("&Critical: a gap here is a business risk", self)
        self.critical.setObjectName("competencyCritical")
        self.critical.clicked.connect(
            lambda: self.criticalRequested.emit(self.critical.isChecked())
        )

        self.min_people = QSpinBox(self)
        self.min_people.setObjectName("ruleMinPeople")
        self.min_people.setAccessibleName("Coverage rule: minimum people")
        self.min_people.setRange(1, 99)
        self.min_people.setKeyboardTracking(False)  # one change per value, not per keystroke
        self.min_people.valueChanged.connect(self._rule_changed)
        self.min_level = QComboBox(self)
        self.min_level.setObjectName("ruleMinLevel")
        self.min_level.setAccessibleName("Coverage rule: minimum level")
        self.min_level.activated.connect(self._rule_changed)
        rule = QHBoxLayout()
        rule.addWidget(self.min_people)
        rule.addWidget(QLabel("people at", self))
        rule.addWidget(self.min_level)
        rule.addWidget(QLabel("or above", self))
        rule.addStretch(1)

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Description:", self.description)
        form.addRow("", self.critical)
        form.addRow("Covered when:", rule)

        self.levels_box = QGroupBox("What each level means here", self)
        self.levels_form = QFormLayout(self.levels_box)
        self.level_edits: dict[int, QLineEdit] = {}

        self.targets_box = QGroupBox("Target level by role and seniority", self)
        self.targets_model = TargetsModel(scale, self)
        self.targets_model.targetRequested.connect(self.targetRequested.emit)
        self.targets = TargetsTable(self.targets_box)
        self.targets.setModel(self.targets_model)
        hint = QLabel(
            "Select a cell and type a level, or double-click to choose; Delete removes it.",
            self.targets_box,
        )
        hint.setEnabled(False)
        hint.setWordWrap(True)
        targets_layout = QVBoxLayout(self.targets_box)
        targets_layout.addWidget(self.targets)
        targets_layout.addWidget(hint)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.category)
        layout.addLayout(form)
        layout.addWidget(self.levels_box)
        layout.addWidget(self.targets_box)
        layout.addStretch(1)
        self._build_levels(scale)

    def _build_levels(self, scale: Scale) -> None:
        self.scale = scale
        while self.levels_form.rowCount():
            self.levels_form.removeRow(0)
        self.level_edits.clear()
        with QSignalBlocker(self.min_level):
            self.min_level.clear()
            for lv in scale.levels:
                self.min_level.addItem(f"{lv.value} {lv.label}", lv.value)
        for lv in scale.levels:
            edit = QLineEdit(self.levels_box)
            edit.setObjectName(f"levelDescription{lv.value}")
            edit.setAccessibleName(f"Level {lv.value} {lv.label} description")
            edit.setPlaceholderText(lv.description)  # the generic meaning until described
            edit.editingFinished.connect(lambda v=lv.value, e=edit: self._level_done(v, e))
            self.level_edits[lv.value] = edit
            self.levels_form.addRow(f"{lv.value} {lv.label}:", edit)

    # -- showing ---------------------------------------------------------------------------
    def show_competency(self, comp: Competency, roles: list[Role], scale: Scale) -> None:
        """Show ``comp``'s fields, level descriptions and the roles' targets on ``scale``."""
        if scale != self.scale:
            self._build_levels(scale)
        self.comp = comp
        self.heading.setText(comp.name)
        self.category.setText(f"in {comp.category}" + (" · critical" if comp.critical else ""))
        for widget in (self.name, self.critical, self.min_people, self.min_level):
            widget.blockSignals(True)
        self.name.setText(comp.name)
        if self.description.toPlainText() != comp.description:
            self.description.setPlainText(comp.description)
        self.critical.setChecked(comp.critical)
        self.min_people.setValue(comp.rule.min_people)
        self.min_level.setCurrentIndex(max(self.min_level.findData(comp.rule.min_level), 0))
        for widget in (self.name, self.critical, self.min_people, self.min_level):
            widget.blockSignals(False)
        for level, edit in self.level_edits.items():
            text = comp.level_descriptions.get(level, "")
            edit.setText(text)
            edit.setCursorPosition(0)  # show the start of a long description, not its end
            edit.setToolTip(text)
        if self.targets_model.competency_id != comp.id or self.targets_model.roles != roles:
            self.targets_model.load(roles, comp.id, scale)
            self.targets.fit_rows()

    def set_role(self, role: Role) -> None:
        """Show a role's changed targets."""
        self.targets_model.set_role(role)

    # -- edits -----------------------------------------------------------------------------
    def _name_done(self) -> None:
        text = self.name.text().strip()
        if self.comp is not None and text and text != self.comp.name:
            self.renameRequested.emit(text)
        elif self.comp is not None and not text:
            self.name.setText(self.comp.name)  # a competency needs a name: put it back

    def _description_done(self) -> None:
        text = self.description.toPlainText().strip()
        if self.comp is not None and text != self.comp.description:
            self.descriptionRequested.emit(text)

    def _rule_changed(self, *_args: object) -> None:
        if self.comp is None:
            return
        people, level = self.min_people.value(), self.min_level.currentData()
        if (people, level) != (self.comp.rule.min_people, self.comp.rule.min_level):
            self.ruleRequested.emit(people, int(level))

    def _level_done(self, level: int, edit: QLineEdit) -> None:
        if self.comp is None:
            return
        text = edit.text().strip()
        if text != self.comp.level_descriptions.get(level, ""):
            self.levelDescriptionRequested.emit(level, text)
