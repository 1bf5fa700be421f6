"""Evidence behind a rating cell: the dialog that lists, adds and removes it.

Each addition and removal is one service call (one transaction) and one undo step: undo
of an addition removes it, its redo puts it back under the same id; undo of a removal
puts it back. Every step, whichever way, emits ``AppContext.evidenceChanged`` with its
cell, so every open view of that cell's evidence (this dialog, the review mode) re-reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.evidence import TEXT_MAX, URL_MAX, checked
from skillmatrix.services import evidence as ev
from skillmatrix.services.evidence import EvidenceItem
from skillmatrix.ui.assess.editing import rater
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.undo import run_addition, run_removal

ITEM = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class Cell:
    """A rating cell by ids, with the names the Edit menu shows."""

    cycle_id: int
    person_id: int
    competency_id: int
    person: str
    competency: str

    @property
    def label(self) -> str:
        """The cell as "Person · Competency", for titles."""
        return f"{self.person} · {self.competency}"


def _announce(ctx: AppContext) -> Any:
    """The undo steps' ``after``: tell every view which cell's evidence changed."""

    def after(item: EvidenceItem, _undone: bool) -> None:
        ctx.evidenceChanged.emit((item.cycle_id, item.person_id, item.competency_id))

    return after


def add_step(ctx: AppContext, cell: Cell, *, url: str = "", text: str = "") -> EvidenceItem | None:
    """Store one piece of evidence as an undo step; None when refused (said so)."""
    done: EvidenceItem | None = run_addition(
        ctx,
        f"Add evidence to {cell.label}",
        lambda db: ev.add_evidence(
            db,
            cycle_id=cell.cycle_id,
            person_id=cell.person_id,
            competency_id=cell.competency_id,
            url=url,
            text=text,
            added_by=rater(),
        ),
        lambda db, item: ev.remove_evidence(db, item.id),
        ev.restore_evidence,
        _announce(ctx),
    )
    return done


def remove_step(ctx: AppContext, item: EvidenceItem, label: str) -> EvidenceItem | None:
    """Remove one piece of evidence as an undo step; None when refused."""
    removed: EvidenceItem | None = run_removal(
        ctx, f"Remove evidence from {label}", lambda db: ev.remove_evidence(db, item.id),
        ev.restore_evidence, _announce(ctx),
    )  # fmt: skip
    return removed


def item_text(e: EvidenceItem) -> str:
    """One evidence line: its text and link, who added it and when."""
    who = f" ({e.added_by}, {e.added_at:%d %b %Y})" if e.added_by else f" ({e.added_at:%d %b %Y})"
    return " — ".join(x for x in (e.text, e.url) if x) + who


class EvidenceDialog(QDialog):
    """The cell's evidence (objectName ``evidenceDialog``).

    A list (``evidenceList``) with Remove (``removeEvidence``), and a link (``evidenceUrl``)
    and text (``evidenceText``) to add with Add (``addEvidence``).
    """

    def __init__(
        self, ctx: AppContext, cell: Cell, parent: QWidget | None = None,
        *, read_only: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("evidenceDialog")
        self.setWindowTitle(f"Evidence: {cell.label}")
        self._ctx, self.cell = ctx, cell
        intro = QLabel(
            "Links (http, https or a doc id such as INC-1234) and short notes behind this "
            "rating: a design doc, an incident review, a course. They show in the cell's "
            "tooltip and the review, and go into a report only when you tick "
            "“Include evidence”.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("evidenceList")
        self.list.setAccessibleName("Evidence")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setObjectName("removeEvidence")
        self.remove_button.clicked.connect(self.remove_selected)
        self.url = QLineEdit(self)
        self.url.setObjectName("evidenceUrl")
        self.url.setMaxLength(URL_MAX)
        self.url.setPlaceholderText("https://wiki.example.com/design-42 or INC-1234")
        self.text = QLineEdit(self)
        self.text.setObjectName("evidenceText")
        self.text.setMaxLength(TEXT_MAX)
        self.text.setPlaceholderText("Led the incident review of the payments outage")
        self.add_button = QPushButton("&Add", self)
        self.add_button.setObjectName("addEvidence")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add)
        self.message = QLabel(self)
        self.message.setObjectName("evidenceMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Link:", self.url)
        form.addRow("&Text:", self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for b in (self.remove_button, self.add_button):
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        add_row = QHBoxLayout()
        add_row.addWidget(self.message, 1)
        add_row.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.list, 1)
        lay.addLayout(remove_row)
        lay.addLayout(form)
        lay.addLayout(add_row)
        lay.addWidget(buttons)
        self.resize(620, 420)
        self.read_only = read_only
        if read_only:
            for w in (self.url, self.text, self.add_button):
                w.setEnabled(False)
            self.message.setText(f"Read-only: {read_only}")
        self.reload()
        # Added or removed anywhere (another dialog, the grid's menu, Edit ▸ Undo): re-read.
        ctx.evidenceChanged.connect(self._evidence_changed)
        self.url.setFocus()

    def _evidence_changed(self, cell: tuple[int, int, int]) -> None:
        c = self.cell
        if cell == (c.cycle_id, c.person_id, c.competency_id):
            self.reload()

    def reload(self) -> None:
        """Read the cell's evidence again and list it."""
        c = self.cell
        found = self._ctx.call(
            ev.list_evidence, cycle_id=c.cycle_id, person_id=c.person_id,
            competency_id=c.competency_id, quiet=True,
        )  # fmt: skip
        self.list.clear()
        for e in found or []:
            item = QListWidgetItem(item_text(e))
            item.setData(ITEM, e)
            item.setToolTip(item.text())
            self.list.addItem(item)
        if not found:
            self.list.addItem(QListWidgetItem("No evidence yet."))
        self.remove_button.setEnabled(bool(found) and not self.read_only)

    def items(self) -> list[EvidenceItem]:
        """The evidence listed."""
        found = (self.list.item(k).data(ITEM) for k in range(self.list.count()))
        return [e for e in found if e is not None]

    def add(self) -> EvidenceItem | None:
        """Store what the fields hold (one undo step).

        Checked first, so a bad link is one line here instead of a message box.
        """
        url, text = self.url.text(), self.text.text()
        try:
            checked(url, text)
        except SkillMatrixError as exc:
            self.message.setText(str(exc))
            return None
        added = add_step(self._ctx, self.cell, url=url, text=text)
        if added is not None:
            self.url.clear()
            self.text.clear()
            self.message.setText("Added.")  # the list re-reads on evidenceChanged
        return added

    def remove_selected(self) -> EvidenceItem | None:
        """Remove the selected evidence (one undo step); None when nothing is selected."""
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() == 1 else None)
        e = item.data(ITEM) if item is not None else None
        if e is None:
            self.message.setText("Select the evidence to remove.")
            return None
        removed = remove_step(self._ctx, e, self.cell.label)
        if removed is not None:
            self.message.setText("Removed (Ctrl+Z in the main window brings it back).")
        return removed
