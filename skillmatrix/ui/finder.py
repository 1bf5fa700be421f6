"""The expert finder panel opened from the toolbar's search: who holds a competency.

Competency + minimum level (+ wants to grow / can teach), across every team, highest level
then freshest first (``services.finder``). Enter on a result opens that person's rating in
Assess; Escape closes the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.scale import INTEREST_LABELS, Scale
from skillmatrix.ui.context import AppContext

#: the (person id, competency id) a result row opens
CELL = Qt.ItemDataRole.UserRole
COLUMNS = ("Person", "Team", "Level", "Wants to grow", "Last confirmed")


class ExpertFinder(QDialog):
    """A non-modal panel: pick a competency and a level, read who has it.

    Signals:
        chosen(int, int): a result was activated: (person id, competency id).
    """

    chosen = Signal(int, int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("expertFinder")
        self.setWindowTitle("Find an expert")
        self.resize(620, 420)
        self.scale: Scale = ctx.db.scale
        self._last_error: str | None = None
        ctx.failed.connect(self._remember_error)

        self.competency = QComboBox(self)
        self.competency.setObjectName("finderCompetency")
        self.competency.setAccessibleName("Competency")
        self.competency.setEditable(True)
        self.competency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.competency.setMinimumContentsLength(28)
        completer = self.competency.completer()
        assert completer is not None  # an editable combo box always has one
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.min_level = QComboBox(self)
        self.min_level.setObjectName("finderMinLevel")
        self.min_level.setAccessibleName("Minimum level")
        for level in range(self.scale.min, self.scale.max + 1):
            self.min_level.addItem(f"{level} {self.scale.label(level)}", level)
        self.min_level.setCurrentIndex(self.min_level.findData(self.scale.max - 1))

        self.grow = QCheckBox("Wants to &grow here", self)
        self.grow.setObjectName("finderInterest")
        self.teach = QCheckBox(f"Can &teach ({self.scale.label(self.scale.max)})", self)
        self.teach.setObjectName("finderTeach")
        self.teach.setToolTip("Only people at the top of the scale, who can mentor others")

        self.results = QTreeWidget(self)
        self.results.setObjectName("expertResults")
        self.results.setAccessibleName("Experts found")
        self.results.setRootIsDecorated(False)
        self.results.setHeaderLabels(list(COLUMNS))
        self.results.setAlternatingRowColors(True)
        header = self.results.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel(self)
        self.status.setObjectName("finderStatus")
        self.status.setWordWrap(True)

        form = QFormLayout()
        label = QLabel("&Competency", self)
        label.setBuddy(self.competency)
        form.addRow(label, self.competency)
        level_label = QLabel("At &least", self)
        level_label.setBuddy(self.min_level)
        row = QHBoxLayout()
        row.addWidget(self.min_level)
        row.addWidget(self.grow)
        row.addWidget(self.teach)
        row.addStretch(1)
        form.addRow(level_label, row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

        self._load_competencies()
        self.competency.activated.connect(lambda _i: self.search())
        box = self.competency.lineEdit()
        assert box is not None  # editable
        box.returnPressed.connect(self._enter_in_box)
        self.min_level.activated.connect(lambda _i: self.search())
        self.grow.toggled.connect(lambda _on: self.search())
        self.teach.toggled.connect(self._teach_toggled)
        self.results.itemActivated.connect(self._activated)

    def _load_competencies(self) -> None:
        from skillmatrix.services.frameworks import list_competencies

        found = self.ctx.call(list_competencies, quiet=True) or []
        for comp in sorted(found, key=lambda c: c.name.casefold()):
            self.competency.addItem(comp.name, comp.id)
        self.competency.setCurrentIndex(-1)

    # -- searching -------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Look for ``text`` (a competency name or part of one) and show who has it."""
        index = self.competency.findText(text.strip(), Qt.MatchFlag.MatchFixedString)
        if index < 0:  # a part of a name: the first competency containing it
            index = self.competency.findText(text.strip(), Qt.MatchFlag.MatchContains)
        if index >= 0:
            self.competency.setCurrentIndex(index)
        else:
            self.competency.setEditText(text)
        self.search()

    def _enter_in_box(self) -> None:
        self.set_query(self.competency.currentText())
        if self.results.topLevelItemCount():
            self.results.setFocus()

    def _teach_toggled(self, on: bool) -> None:
        self.min_level.setEnabled(not on)
        self.search()

    def search(self) -> None:
        """List the experts of the competency typed, at the level and interest asked."""
        from skillmatrix.services.finder import find_experts

        self.results.clear()
        name = self.competency.currentText().strip()
        if not name:
            self.status.setText("Type or pick a competency.")
            return
        floor = self.scale.max if self.teach.isChecked() else self.min_level.currentData()
        cycle = self.ctx.cycle.id if self.ctx.cycle is not None else None
        found = self.ctx.call(
            find_experts,
            name,
            min_level=floor,
            interest=self.grow.isChecked(),
            cycle=cycle,
            quiet=True,
        )
        if found is None:  # unknown competency: the message names the close ones
            return self._show_refusal()
        stored_name, cycle_name, experts = found
        for e in experts:
            wish = INTEREST_LABELS.get(e.interest, "") if e.interest is not None else ""
            when = f"{e.confirmed:%d %b %Y}" if e.confirmed else "unknown"
            if e.carried:
                when += " (carried forward)"
            level = f"{e.level} {self.scale.label(e.level)}"
            item = QTreeWidgetItem([e.person, e.team or "(no team)", level, wish, when])
            item.setData(0, CELL, (e.person_id, e.competency_id))
            self.results.addTopLevelItem(item)
        first = self.results.topLevelItem(0)
        if experts and first is not None:
            self.results.setCurrentItem(first)
            people = "person" if len(experts) == 1 else "people"
            self.status.setText(
                f"{stored_name} in {cycle_name}: {len(experts)} {people}, all teams. "
                "Enter opens the rating in Assess."
            )
        else:
            where = cycle_name or "any cycle"
            self.status.setText(f"Nobody in {where} has {stored_name} at that level.")

    def _show_refusal(self) -> None:
        self.status.setText(self._last_error or "No such competency.")

    def _remember_error(self, message: str) -> None:
        self._last_error = message  # ctx.call reports a refusal here before it returns

    # -- choosing --------------------------------------------------------------------------
    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        cell = item.data(0, CELL)
        if cell:
            self.chosen.emit(int(cell[0]), int(cell[1]))
            self.close()


def open_finder(ctx: AppContext, parent: QWidget | None, text: str = "") -> ExpertFinder | None:
    """Show the finder (one per window) looking for ``text``; None without a database."""
    if ctx.db is None:
        return None
    finder = parent.findChild(ExpertFinder, "expertFinder") if parent is not None else None
    if finder is None:
        finder = ExpertFinder(ctx, parent)

        def go(person_id: int, competency_id: int) -> None:
            ctx.showRating.emit(person_id, competency_id)
            ctx.showView.emit("assess")

        finder.chosen.connect(go)
    finder.show()
    finder.raise_()
    finder.activateWindow()
    if text.strip():
        finder.set_query(text)
    else:
        finder.competency.setFocus()
    return finder
