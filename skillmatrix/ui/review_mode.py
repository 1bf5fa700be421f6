"""Review mode: reconcile one person's self-assessment with the manager's ratings.

One row per competency (self, manager, last cycle, agreed, the person's note), the ones
2 or more apart first. Driven by the keyboard: Enter or S accepts the self rating, M keeps
the manager's, a digit types the agreed level; each moves to the next row, so a review is
one key per competency. Ctrl+Enter (or Enter on Finish once every row is decided) marks
the person reviewed and agreed. Each decision is one service call and one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.model import Rating
from skillmatrix.services import reconcile
from skillmatrix.services.evidence import evidence_until
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.ui.assess.commands import RatingCommand
from skillmatrix.ui.assess.editing import rater
from skillmatrix.ui.context import AppContext

COLUMNS = (
    "Competency", "Self", "Manager", "Last cycle", "Agreed", "Self-assessment note", "Evidence",
)  # fmt: skip
SELF, MANAGER, LAST, AGREED, NOTE, EVIDENCE = 1, 2, 3, 4, 5, 6
HINT = (
    "Enter or S: accept the self rating · M: keep the manager's · a digit: the agreed level · "
    "↑↓: move · Ctrl+Enter: finish the review"
)


def _text(r: Rating | None) -> str:
    if r is None:
        return "–"
    if r.not_applicable:
        return "n/a"
    return "–" if r.level is None else str(r.level)


def _evidence_by_competency(ctx: AppContext, cycle_id: int, person_id: int) -> dict[int, list[str]]:
    """The person's evidence by competency id, as texts; none if unreadable.

    This cycle's, then earlier cycles' marked with their cycle (a carried rating keeps what
    backed it).
    """
    try:
        found = evidence_until(ctx.db, until_cycle_id=cycle_id, person_id=person_id)
    except SkillMatrixError:
        return {}
    out: dict[int, list[str]] = {}
    for cycle, e in found:
        text = " — ".join(x for x in (e.text, e.url) if x)
        out.setdefault(e.competency_id, []).append(
            text if e.cycle_id == cycle_id else f"{text} ({cycle})"
        )
    return out


class ReviewTable(QTableWidget):
    """The rows; hands the decision keys to the dialog."""

    def __init__(self, dialog: ReviewDialog) -> None:
        super().__init__(0, len(COLUMNS), dialog)
        self._dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter, Space, 1-9 and Ctrl+Enter decide the current row; other keys as usual."""
        key, text = event.key(), event.text().lower()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if (key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl) or text == "s":
            self._dialog.accept_self()
        elif text == "m":
            self._dialog.keep_manager()
        elif text.isdigit():
            self._dialog.agree(int(text))
        else:
            super().keyPressEvent(event)


class ReviewDialog(QDialog):
    """Review of ``person_id`` in ``cycle_id`` (objectName ``reviewMode``).

    The table is ``reviewTable``, the finish button ``finishReview``.
    """

    def __init__(
        self,
        ctx: AppContext,
        *,
        cycle_id: int,
        person_id: int,
        person_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewMode")
        self.setWindowTitle(f"Review: {person_name}")
        self._ctx = ctx
        self._cycle_id = cycle_id
        self._person_id = person_id
        self.finished_review = False
        self.items = reconcile.review_items(ctx.db, cycle_id=cycle_id, person_id=person_id)
        self.evidence = _evidence_by_competency(ctx, cycle_id, person_id)
        self.decided: dict[int, str] = {}  # row -> what was decided

        title = QLabel(f"<b>{person_name}</b>: self-assessment and manager ratings", self)
        hint = QLabel(HINT, self)
        hint.setObjectName("reviewHint")
        hint.setWordWrap(True)
        self.table = ReviewTable(self)
        self.table.setObjectName("reviewTable")
        self.table.setAccessibleName("Review of " + person_name)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (NOTE, EVIDENCE):  # the two texts share what is left
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self._fill()
        self.progress = QLabel(self)
        self.progress.setObjectName("reviewDecided")
        buttons = QDialogButtonBox(self)
        self.finish_button = QPushButton("&Finish review", self)
        self.finish_button.setObjectName("finishReview")
        self.finish_button.setToolTip("Mark the review reviewed and agreed (Ctrl+Enter)")
        buttons.addButton(self.finish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.finish_button.clicked.connect(self.finish)
        buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self.finish)
        lay = QVBoxLayout(self)
        for w in (title, hint, self.table, self.progress, buttons):
            lay.addWidget(w, 1 if w is self.table else 0)
        self.resize(1040, 640)
        self._show_progress()
        if self.items:
            self.table.setCurrentCell(0, 0)
        self.table.setFocus()
        # Evidence added or removed elsewhere while the review is open shows at once.
        ctx.evidenceChanged.connect(self._evidence_changed)

    def _evidence_changed(self, cell: tuple[int, int, int]) -> None:
        if cell[1] != self._person_id:
            return
        self.evidence = _evidence_by_competency(self._ctx, self._cycle_id, self._person_id)
        for row, it in enumerate(self.items):
            text = "; ".join(self.evidence.get(it.competency_id, []))
            item = self.table.item(row, EVIDENCE)
            if item is not None and item.text() != text:
                item.setText(text)
                item.setToolTip(text)

    # -- rows ------------------------------------------------------------------------------
    def _fill(self) -> None:
        self.table.setRowCount(len(self.items))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, it in enumerate(self.items):
            name = it.competency + (f"  ({it.difference} apart)" if it.far_apart else "")
            values = (
                name,
                _text(it.self_rating),
                _text(it.manager),
                _text(it.last),
                "",
                it.note,
                "; ".join(self.evidence.get(it.competency_id, [])),
            )
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if col in (SELF, MANAGER, LAST, AGREED):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if it.far_apart:
                    cell.setFont(bold)
                if col in (NOTE, EVIDENCE) and value:
                    cell.setToolTip(value)
                self.table.setItem(row, col, cell)

    def _show_progress(self) -> None:
        n, total = len(self.decided), len(self.items)
        self.progress.setText(
            f"Decided {n} of {total}" + ("  ·  Enter finishes" if n == total else "")
        )

    # -- decisions -------------------------------------------------------------------------
    def _row(self) -> int:
        return self.table.currentRow()

    def _decide(self, call: object, label: str, **kwargs: object) -> None:
        row = self._row()
        if not 0 <= row < len(self.items):
            return
        it = self.items[row]
        try:
            change: RatingChange = call(  # type: ignore[operator]
                self._ctx.db,
                cycle_id=self._cycle_id,
                person_id=self._person_id,
                competency_id=it.competency_id,
                rated_by=rater(),
                **kwargs,
            )
        except SkillMatrixError as exc:
            self._ctx.failed.emit(str(exc))
            self.progress.setText(f"Not saved: {exc}")
            return
        if change.changed:
            self._ctx.undo_stack.push(
                RatingCommand(self._ctx, [change], f"review of {it.competency}")
            )
            self._ctx.ratingsChanged.emit([change])
        self.decided[row] = label
        agreed = self.table.item(row, AGREED)
        assert agreed is not None  # every row is built with all its items
        agreed.setText(_text(change.after))
        agreed.setToolTip(label)
        agreed.setForeground(QBrush(self.palette().color(self.palette().ColorRole.Link)))
        self._show_progress()
        self._next(row)

    def _next(self, row: int) -> None:
        undecided = [r for r in range(len(self.items)) if r not in self.decided]
        if not undecided:
            self.finish_button.setDefault(True)
            self.finish_button.setFocus()
            return
        later = [r for r in undecided if r > row]
        self.table.setCurrentCell((later or undecided)[0], 0)

    def accept_self(self) -> None:
        """Accept the self rating of the current row."""
        self._decide(reconcile.accept_self, "accepted the self rating")

    def keep_manager(self) -> None:
        """Keep the manager's rating of the current row."""
        self._decide(reconcile.keep_manager, "kept the manager's rating")

    def agree(self, level: int) -> None:
        """Agree on ``level`` for the current row."""
        self._decide(reconcile.agree_level, f"agreed on {level}", level=level)

    def finish(self) -> None:
        """Mark the person reviewed and agreed, and close."""
        try:
            reconcile.finish_review(
                self._ctx.db, cycle_id=self._cycle_id, person_id=self._person_id
            )
        except SkillMatrixError as exc:
            self.progress.setText(f"Not saved: {exc}")
            return
        self.finished_review = True
        self._ctx.reviewsChanged.emit(self._cycle_id)  # the Team column and toolbar follow
        self._ctx.saved.emit("Review finished: reviewed and agreed")
        self.accept()


def open_review(
    ctx: AppContext, *, cycle_id: int, person_id: int, person_name: str, parent: QWidget
) -> ReviewDialog:
    """Open the review mode (window-modal) for a person in ``cycle_id``."""
    dialog = ReviewDialog(
        ctx, cycle_id=cycle_id, person_id=person_id, person_name=person_name, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
