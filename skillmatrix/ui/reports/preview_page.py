"""Wizard page 3: a dry run of the import, with counts, every problem and sample changes."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from skillmatrix.core.model import Rating, Source
from skillmatrix.ui.reports.common import plural, summary

if TYPE_CHECKING:
    from skillmatrix.core.scale import Scale
    from skillmatrix.services.excel import ImportResult
    from skillmatrix.ui.reports.import_state import WizardHost

MAX_NAMES = 8


def _names(names: list[str]) -> str:
    shown = ", ".join(html.escape(n) for n in names[:MAX_NAMES])
    more = len(names) - MAX_NAMES
    return shown + (f" and {more} more" if more > 0 else "")


def _level(rating: Rating | None, scale: Scale | None) -> str:
    if rating is None:
        return "—"
    if rating.not_applicable:
        text = "n/a"
    elif rating.level is None:
        text = "not rated"
    else:
        text = str(rating.level)
        if scale is not None and rating.level in scale:
            text += f" {scale.label(rating.level)}"
    if rating.interest is not None:
        text += f" · interest {rating.interest}"
    return text


class PreviewPage(QWizardPage):
    """What the import would do; Import (Finish) is enabled only when there is no problem."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Preview")
        self.setSubTitle("Step 3 of 3: this is what Import would do. Nothing is saved yet.")
        self.headline = QLabel(self)
        self.headline.setObjectName("previewHeadline")
        self.headline.setWordWrap(True)
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel(self)
        self.details.setObjectName("previewDetails")
        self.details.setWordWrap(True)
        self.problems_label = QLabel(
            "Problems, by sheet and cell. Fix them in the file and press <b>Check again</b>, "
            "or go <b>Back</b> to change how a column is read:",
            self,
        )
        self.problems_label.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("importProblems")
        self.changes_label = QLabel(self)
        self.changes = QTableWidget(0, 5, self)
        self.changes.setObjectName("importChanges")
        self.changes.setHorizontalHeaderLabels(["Cell", "Person", "Competency", "Now", "After"])
        self.changes.verticalHeader().hide()
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.changes.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.changes.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.changes.setWordWrap(False)
        self.strict = QCheckBox(
            "Strict: refuse people and competencies that do not exist yet (add nobody)", self
        )
        self.strict.setObjectName("importStrict")
        self.strict.toggled.connect(self._strict_toggled)
        self.recheck = QPushButton("Check again", self)
        self.recheck.setObjectName("importRecheck")
        self.recheck.setToolTip("Read the file again (after you changed it)")
        self.recheck.clicked.connect(self.check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.strict, 1)
        bottom.addWidget(self.recheck)
        self.box = layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes, 2)
        layout.addStretch(0)  # takes the room when neither list is shown
        layout.addLayout(bottom)

    def initializePage(self) -> None:
        """Show the preview of the chosen mapping and strictness."""
        st = self.wiz.state
        self.strict.blockSignals(True)
        self.strict.setChecked(st.strict)
        self.strict.blockSignals(False)
        if st.preview is not None:
            self.show_result(st.preview)

    # -- showing ---------------------------------------------------------------------------
    def show_result(self, result: ImportResult) -> None:
        """Show the preview's problems, or what the import would change."""
        problems = result.problems
        if problems:
            count = plural(len(problems), "problem")
            self.headline.setText(f"{count} found: nothing will be imported.")
        elif not self._has_changes(result):
            self.headline.setText(
                "Nothing to import: the file holds no rating that differs from the database."
            )
        else:
            self.headline.setText(f"Ready to import: {summary(result)}.")
        self.details.setText(self._details(result))
        self.problems_label.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))
        self.problems.clear()
        self.problems.addItems(problems)
        self._fill_changes(result)
        lists = bool(problems) or self.changes.isVisibleTo(self)
        self.box.setStretch(self.box.count() - 2, 0 if lists else 1)
        self.completeChanged.emit()

    def _details(self, result: ImportResult) -> str:
        lines = []
        if result.layout == "framework":
            lines.append("Competencies and target levels go into the framework.")
        else:
            into = f"cycle <b>{html.escape(result.cycle or '?')}</b>"
            if result.source == Source.SELF:
                lines.append(
                    f"A returned self-assessment form: stored as the person's <b>self-ratings"
                    f"</b> in {into}, next to your ratings (yours are not changed)."
                )
            else:
                same = (
                    f" {plural(result.unchanged, 'rating')} already stored as in the file."
                    if result.unchanged and not result.problems
                    else ""
                )
                lines.append(
                    f"Ratings go into {into} as your (manager) ratings; blank cells change "
                    f"nothing.{same}"
                )
        if result.people_created:
            lines.append(f"New people: {_names(result.people_created)}.")
        if result.competencies_created:
            lines.append(f"New competencies: {_names(result.competencies_created)}.")
        if result.skipped_columns:
            lines.append(f"Columns left out: {_names(result.skipped_columns)}.")
        lines.extend(html.escape(w) for w in result.warnings[:MAX_NAMES])
        if not result.problems and self._has_changes(result):
            lines.append(
                "The import is one step: all of it or nothing. It cannot be undone with "
                "Edit › Undo; File › Save a Backup Copy… first if you want a way back."
            )
        return "<br>".join(lines)

    def _fill_changes(self, result: ImportResult) -> None:
        sample = [] if result.problems else result.sample
        total = result.created + result.changed
        shown = len(sample)
        self.changes_label.setText(
            f"Changes ({shown} of {total} shown):" if shown < total else "Changes:"
        )
        self.changes_label.setVisible(bool(sample))
        self.changes.setVisible(bool(sample))
        scale = getattr(self.wiz.ctx.db, "scale", None)
        self.changes.setRowCount(len(sample))
        for r, ch in enumerate(sample):
            values = (ch.cell, ch.person, ch.competency, _level(ch.before, scale))
            for c, text in enumerate((*values, _level(ch.after, scale))):
                self.changes.setItem(r, c, QTableWidgetItem(text))

    @staticmethod
    def _has_changes(result: ImportResult) -> bool:
        return bool(
            result.created
            or result.changed
            or result.people_created
            or result.competencies_created
            or result.targets_set
        )

    # -- actions ---------------------------------------------------------------------------
    def check(self) -> None:
        """Run the dry run again with the current choices."""

        def checked(result: ImportResult) -> None:
            self.wiz.state.preview = result
            self.show_result(result)

        self.wiz.run(apply=False, then=checked)

    def _strict_toggled(self, on: bool) -> None:
        self.wiz.state.strict = on
        self.check()

    def isComplete(self) -> bool:
        """Complete when the preview has no problems and changes something."""
        preview = self.wiz.state.preview
        return preview is not None and preview.ok and self._has_changes(preview)

    def validatePage(self) -> bool:
        """Run the import; False when it failed."""
        st = self.wiz.state
        if st.applied is not None:
            return True
        if not self.isComplete():
            return False

        def applied(result: ImportResult) -> None:
            if result.applied:
                self.wiz.finish_import(result)
            else:  # the file changed since the preview
                st.preview = result
                self.show_result(result)

        self.wiz.run(apply=True, then=applied)
        return False
