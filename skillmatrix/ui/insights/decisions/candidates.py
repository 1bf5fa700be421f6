"""The candidates page: finalists compared by what each would close in the team.

Finalists' interview scores against the team's gap competencies are entered here or imported
from filled scorecards, and compared by what each would close in the team they would join
(nothing is stored: a what-if). It also writes the blank scorecard form for the team.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
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

from skillmatrix.core.analytics import CoverageRow
from skillmatrix.core.candidates import Finalist, FinalistFit
from skillmatrix.ui.insights.decisions.page import DecisionPage
from skillmatrix.ui.insights.risk_table import RiskTable, titled_box

CID = Qt.ItemDataRole.UserRole


class CandidatesPage(DecisionPage):
    """The candidates page (see the module docstring)."""

    title = "Candidates"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "candidatesPage", parent)
        self.finalists: list[Finalist] = []
        self.last_folder = Path.home()
        self.team = QComboBox()
        self.team.setObjectName("candidateTeam")
        self.team.activated.connect(lambda _i: self.recompute())
        self.form_button = QPushButton("Scorecard form…")
        self.form_button.setObjectName("scorecardButton")
        self.form_button.setToolTip("Save an interview scorecard (xlsx) for this team's gaps")
        self.form_button.clicked.connect(self.ask_scorecard)
        self.import_button = QPushButton("Import scorecards…")
        self.import_button.setObjectName("importScorecards")
        self.import_button.clicked.connect(self.ask_import)
        top = QHBoxLayout()
        top.addWidget(QLabel("Team they would join"))
        top.addWidget(self.team)
        top.addStretch(1)
        top.addWidget(self.form_button)
        top.addWidget(self.import_button)
        self.name = QLineEdit()
        self.name.setObjectName("finalistName")
        self.name.setPlaceholderText("Finalist's name")
        self.scores = QTableWidget(0, 3)
        self.scores.setObjectName("finalistScores")
        self.scores.setHorizontalHeaderLabels(["Competency", "Team now", "Score"])
        self.scores.verticalHeader().hide()
        self.scores.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.add_button = QPushButton("Add finalist")
        self.add_button.setObjectName("addFinalist")
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button = QPushButton("Remove finalist")
        self.remove_button.setObjectName("removeFinalist")
        self.remove_button.clicked.connect(self.remove_selected)
        self.table = RiskTable("finalistTable", ["Finalist", "Closes", "Narrows", "Relieves"])
        self.table.setMaximumHeight(16_777_215)
        entry = QVBoxLayout()
        entry.addWidget(self.name)
        entry.addWidget(self.scores, 1)
        entry.addWidget(self.add_button)
        enter = QWidget()
        enter.setLayout(entry)
        enter.setMinimumWidth(380)
        enter.setMaximumWidth(440)
        compare = QVBoxLayout()
        compare.addWidget(self.table, 1)
        compare.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        right = QWidget()
        right.setLayout(compare)
        row = QHBoxLayout()
        row.addWidget(titled_box("Enter interview scores", "finalistEntryBox", enter))
        row.addWidget(titled_box("Finalists, best first", "finalistBox", right), 1)
        self.body.addLayout(top)
        self.body.addWidget(self.status)
        self.body.addLayout(row, 1)

    # -- computing ------------------------------------------------------------------------
    def options(self) -> tuple[Any, ...]:
        """The team chosen and the finalists' scores."""
        chosen = self.team.currentText() or self.scope[1]
        return (chosen, tuple((f.name, tuple(sorted(f.scores.items()))) for f in self.finalists))

    def work(
        self, db: Any, cycle_id: int | None, team: str | None, options: tuple[Any, ...]
    ) -> Any:
        """The teams, the team's gap rows and each finalist's fit (in the worker thread)."""
        from skillmatrix.core.candidates import compare
        from skillmatrix.services.candidates import team_gaps
        from skillmatrix.services.people import list_teams

        teams = [t.name for t in list_teams(db)]
        chosen = options[0] if options[0] in teams else (team or (teams[0] if teams else None))
        if chosen is None:
            return teams, None, [], []
        snap, rows = team_gaps(db, team=chosen, cycle=cycle_id)
        finalists = [Finalist(name, dict(scores)) for name, scores in options[1]]
        return teams, chosen, rows, compare(snap, finalists)

    def show_result(
        self, result: tuple[list[str], str | None, list[CoverageRow], list[FinalistFit]]
    ) -> None:
        """Show the team choice, the gaps asked about and the finalists compared."""
        teams, chosen, rows, fits = result
        if [self.team.itemText(k) for k in range(self.team.count())] != teams:
            self.team.clear()
            self.team.addItems(teams)
        if chosen is not None:
            self.team.setCurrentText(chosen)
        self._fill_scores(rows)
        self.table.fill(
            [
                (
                    [
                        f.finalist.name,
                        ", ".join(c.name for c in f.closes) or "—",
                        ", ".join(c.name for c in f.narrows) or "—",
                        ", ".join(c.name for c in f.relieves) or "—",
                    ],
                    None,
                    None,
                    k == 0 and bool(f.closes or f.narrows or f.relieves),
                )
                for k, f in enumerate(fits)
            ],
            empty="No finalist yet: enter scores on the left or import filled scorecards.",
        )
        self.table.setMaximumHeight(16_777_215)
        if chosen is not None and not rows:
            self.status.setText(f"{chosen} has no gap or single point of failure to hire for.")

    def _fill_scores(self, rows: list[CoverageRow]) -> None:
        ids = [r.competency.id for r in rows]
        if ids == [_item(self.scores, k, 0).data(CID) for k in range(self.scores.rowCount())]:
            return  # keep what is being typed
        self.scores.setRowCount(len(rows))
        for k, r in enumerate(rows):
            comp = QTableWidgetItem(("★ " if r.competency.critical else "") + r.competency.name)
            comp.setData(CID, r.competency.id)
            now = QTableWidgetItem(f"{r.covered}/{r.required} at {r.competency.rule.min_level}+")
            for item in (comp, now):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.scores.setItem(k, 0, comp)
            self.scores.setItem(k, 1, now)
            self.scores.setItem(k, 2, QTableWidgetItem(""))
        self.scores.resizeColumnsToContents()
        header = self.scores.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the score stays seen
        self.scores.setColumnWidth(2, max(self.scores.columnWidth(2), 60))

    # -- finalists ------------------------------------------------------------------------
    def typed(self) -> tuple[Finalist | None, str]:
        """The finalist in the entry fields, or None and why not."""
        name = " ".join(self.name.text().split())
        if not name:
            return None, "Type the finalist's name first."
        scale = self.ctx.db.scale
        scores: dict[int, int] = {}
        for k in range(self.scores.rowCount()):
            text = _item(self.scores, k, 2).text().strip()
            if not text:
                continue
            comp = _item(self.scores, k, 0)
            try:
                level = int(text)
            except ValueError:
                return None, f"{comp.text()}: {text!r} is not a score"
            if level not in scale:
                return None, f"{comp.text()}: {level} is outside the scale {scale.min}-{scale.max}"
            scores[int(comp.data(CID))] = level
        return Finalist(name, scores), ""

    def add_typed(self) -> bool:
        """Add the finalist typed into the fields; False (with the reason shown) when incomplete."""
        finalist, problem = self.typed()
        if finalist is None:
            self.status.setText(problem)
            return False
        self.add([finalist])
        self.name.clear()
        for k in range(self.scores.rowCount()):
            _item(self.scores, k, 2).setText("")
        return True

    def add(self, finalists: list[Finalist]) -> None:
        """Add ``finalists``, replacing those of the same name, and compare again."""
        names = {f.name.casefold() for f in finalists}
        self.finalists = [f for f in self.finalists if f.name.casefold() not in names]
        self.finalists += finalists
        self.recompute()

    def remove_selected(self) -> None:
        """Remove the selected finalists and compare again."""
        chosen = {i.text(0) for i in self.table.selectedItems()}
        self.finalists = [f for f in self.finalists if f.name not in chosen]
        self.recompute()

    def import_files(self, paths: list[Path]) -> bool:
        """Add the finalists of the filled scorecards at ``paths``; False when unreadable."""
        from skillmatrix.services.candidates import read_scorecards

        read = self.ctx.call(read_scorecards, paths)
        if read is None:
            return False
        teams = {t for t, _f in read if t}
        if len(teams) == 1 and self.team.findText(next(iter(teams))) >= 0:
            self.team.setCurrentText(next(iter(teams)))
        self.add([f for _t, f in read])
        return True

    def ask_import(self) -> bool:
        """Ask for filled scorecards and import them; False when cancelled or unreadable."""
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import filled scorecards", str(self.last_folder), "Excel workbooks (*.xlsx)"
        )
        if not names:
            return False
        self.last_folder = Path(names[0]).parent
        return self.import_files([Path(n) for n in names])

    def write_form(self, path: Path) -> Path | None:
        """Write the blank scorecard of the chosen team to ``path``; None when it failed."""
        from skillmatrix.services.candidates import write_team_scorecard

        team = self.team.currentText()
        done = self.ctx.call(write_team_scorecard, path, team=team, cycle=self.scope[0])
        if done is None:
            return None
        written: Path = done[0]
        self.ctx.saved.emit(f"Scorecard for {team} saved to {written}")
        return written

    def ask_scorecard(self) -> Path | None:
        """Ask where and write the blank scorecard of the chosen team."""
        team = self.team.currentText()
        if not team:
            return None
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save scorecard",
            str(self.last_folder / f"Scorecard {team}.xlsx"),
            "Excel workbook (*.xlsx)",
        )
        if not name:
            return None
        self.last_folder = Path(name).parent
        return self.write_form(Path(name))


def _item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """A score table's cell item (``_fill_scores`` sets one in every cell)."""
    item = table.item(row, column)
    assert item is not None
    return item
