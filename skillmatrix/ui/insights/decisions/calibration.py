"""The calibration page: each rater's level distribution against the department's.

Also their mean self-minus-manager difference and the competencies where they are an
outlier; the ratings to discuss, with an Agreed column whose values are recorded as ONE
undoable step (one transaction, a history row per changed cell).
"""

from __future__ import annotations

import getpass
import html
import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.calibration import Calibration, Discussion
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.ui.insights.decisions.page import DecisionPage
from skillmatrix.ui.insights.risk_table import RiskTable, titled_box

DISCUSS_HEADERS = ("Person", "Competency", "Rater", "Level", "Self", "Why", "Agreed")
AGREED = len(DISCUSS_HEADERS) - 1
CELL = Qt.ItemDataRole.UserRole
ROWS_SHOWN = 500


def shares(counts: tuple[int, ...]) -> str:
    """The share of each level, lowest first, e.g. "10 / 25 / 40 / 20 / 5 %"."""
    total = sum(counts)
    if not total:
        return "—"
    return " / ".join(f"{round(100 * c / total)}" for c in counts) + " %"


def signed(value: float) -> str:
    """A signed difference with two decimals, "n/a" for NaN."""
    return "n/a" if math.isnan(value) else f"{value:+.2f}"


class CalibrationPage(DecisionPage):
    """The calibration page (see the module docstring)."""

    title = "Calibration"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "calibrationPage", parent)
        self.headline = QLabel()
        self.headline.setObjectName("calibrationHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.raters = RiskTable(
            "ratersTable",
            [
                "Rater",
                "Ratings",
                "Mean",
                "Levels (low → high)",
                "Shift",
                "Self − manager",
                "Outlier in",
            ],
        )
        header = self.raters.headerItem()
        header.setToolTip(4, "Mean of their level minus the other raters' mean, same competencies")
        header.setToolTip(5, "Mean self-assessment minus their rating, where both exist")
        self.discuss = QTableWidget(0, len(DISCUSS_HEADERS))
        self.discuss.setObjectName("discussTable")
        self.discuss.setHorizontalHeaderLabels(list(DISCUSS_HEADERS))
        self.discuss.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.discuss.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.discuss.verticalHeader().hide()
        self.discuss.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        agreed = self.discuss.horizontalHeaderItem(AGREED)
        assert agreed is not None  # the header labels are set above
        agreed.setToolTip("Type the level agreed in the calibration meeting")
        self.record = QPushButton("Record agreed values")
        self.record.setObjectName("recordAgreed")
        self.record.setToolTip("Store every Agreed value as one step (Edit > Undo takes it back)")
        self.record.clicked.connect(self.record_agreed)
        self.discuss_text = QLabel()
        self.discuss_text.setObjectName("discussText")
        row = QHBoxLayout()
        row.addWidget(self.discuss_text, 1)
        row.addWidget(self.record)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.status)
        self.body.addWidget(titled_box("Raters against the department", "ratersBox", self.raters))
        box = titled_box("Ratings to discuss", "discussBox", self.discuss)
        box_layout = box.layout()
        assert isinstance(box_layout, QVBoxLayout)  # titled_box stacks its body
        box_layout.addLayout(row)
        self.body.addWidget(box, 1)
        self.snapshot: Snapshot | None = None

    def work(
        self, db: Any, cycle_id: int | None, team: str | None, options: tuple[Any, ...]
    ) -> Any:
        """The calibration of the scope (in the worker thread)."""
        from skillmatrix.services.calibration import calibration

        return calibration(db, cycle=cycle_id, team=team)

    def show_result(self, result: tuple[Snapshot, Calibration]) -> None:
        """Show the raters, their outliers and the ratings to discuss."""
        snap, cal = result
        self.snapshot = snap
        levels = " / ".join(str(lv.value) for lv in snap.scale.levels)
        self.headline.setText(
            "Nothing is rated yet: nobody to calibrate."
            if not cal.raters
            else f"<b>{len(cal.raters)}</b> rater{'s' if len(cal.raters) != 1 else ''}. "
            f"{'Department' if snap.team is None else html.escape(snap.team)} as a whole: "
            f"levels {levels} are {shares(cal.department_distribution)} of ratings."
        )
        self.raters.fill(
            [
                (
                    [
                        r.rater,
                        str(r.ratings),
                        f"{r.mean:.2f}",
                        shares(r.distribution),
                        signed(r.shift),
                        signed(r.self_gap),
                        ", ".join(
                            f"{o.competency.name} ({o.rater_mean:.1f} vs {o.others_mean:.1f})"
                            for o in r.outliers
                        )
                        or "—",
                    ],
                    None,
                    None,
                    False,
                )
                for r in cal.raters
            ],
            empty="Nothing is rated yet.",
        )
        self.raters.setMinimumHeight(self.raters.maximumHeight())  # no gap above it
        self._fill_discuss(cal.discuss)
        self.record.setEnabled(
            bool(cal.discuss) and snap.cycle is not None and not snap.cycle.closed
        )

    def _fill_discuss(self, talks: tuple[Discussion, ...]) -> None:
        shown = talks[:ROWS_SHOWN]
        more = f" (showing {ROWS_SHOWN})" if len(talks) > ROWS_SHOWN else ""
        self.discuss_text.setText(
            f"{len(talks)} rating{'s' if len(talks) != 1 else ''} to discuss{more}. "
            "Type the agreed level in the last column."
            if talks
            else "No rating to discuss: the raters agree."
        )
        self.discuss.setRowCount(len(shown))
        for k, d in enumerate(shown):
            texts = [
                d.person.name,
                d.competency.name,
                d.rater,
                str(d.level),
                "—" if d.self_level is None else str(d.self_level),
                d.reason,
            ]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.discuss.setItem(k, col, item)
            agreed = QTableWidgetItem("")
            agreed.setData(CELL, (d.person.id, d.competency.id, d.level))
            self.discuss.setItem(k, AGREED, agreed)
        self.discuss.resizeColumnsToContents()
        self.discuss.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def agreed_values(self) -> tuple[list[tuple[int, int, int]], list[str]]:
        """(person, competency, level) typed in the Agreed column, and the problems."""
        values: list[tuple[int, int, int]] = []
        problems: list[str] = []
        for k in range(self.discuss.rowCount()):
            item = self.discuss.item(k, AGREED)
            text = item.text().strip() if item else ""
            if item is None or not text:
                continue
            pid, cid, _level = item.data(CELL)
            try:
                level = int(text)
            except ValueError:
                problems.append(f"row {k + 1}: {text!r} is not a level")
                continue
            values.append((pid, cid, level))
        return values, problems

    def record_agreed(self) -> bool:
        """Store the typed agreed levels as one undoable step."""
        from skillmatrix.services.calibration import record_agreed
        from skillmatrix.ui.assess.commands import RatingCommand

        snap = self.snapshot
        values, problems = self.agreed_values()
        if problems:
            self.status.setText("Not recorded: " + "; ".join(problems))
            return False
        if snap is None or snap.cycle is None or not values:
            self.status.setText("Type an agreed level in the last column first.")
            return False
        changes = self.ctx.call(
            record_agreed, cycle_id=snap.cycle.id, values=values, who=getpass.getuser()
        )
        if changes is None:
            return False
        changed = [c for c in changes if c.changed]
        n = len(values)
        if changed:
            self.ctx.undo_stack.push(
                RatingCommand(self.ctx, changed, f"Calibration: {n} agreed value{'s' * (n != 1)}")
            )
            self.ctx.ratingsChanged.emit(changed)
        self.ctx.saved.emit(f"Recorded {n} agreed value{'s' * (n != 1)} ({len(changed)} changed)")
        return True
