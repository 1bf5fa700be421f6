"""Undo commands for stored ratings.

An edit is stored first (one transaction) and only then pushed, so the first ``redo()``
that ``QUndoStack.push`` runs does nothing. Undo puts every cell back exactly as it was
(``before``: level, n/a, interest, note, who and when) in the change's own cycle and
source, so undoing an edit made while another cycle was shown still lands in the right
place; redo puts back ``after``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.services.rating_changes import RatingChange, Restore
from skillmatrix.ui.context import AppContext


class RatingCommand(QUndoCommand):
    """One stored edit of one or many cells, as one undo step.

    Args:
        ctx: the application context (database, signals).
        changes: what was stored (only cells that really changed).
        text: what the Edit menu shows ("Undo <text>").
    """

    def __init__(self, ctx: AppContext, changes: Sequence[RatingChange], text: str) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._changes = tuple(changes)
        self._pending_first_redo = True

    @property
    def changes(self) -> tuple[RatingChange, ...]:
        return self._changes

    def redo(self) -> None:
        if self._pending_first_redo:  # already stored before the push
            self._pending_first_redo = False
            return
        self._restore(forward=True)

    def undo(self) -> None:
        self._restore(forward=False)

    def _restore(self, *, forward: bool) -> None:
        from skillmatrix.services.ratings import restore_many  # SQLAlchemy: not at start-up

        ctx = self._ctx
        done: list[RatingChange] = []
        restores = [
            Restore(
                ch.cycle_id,
                ch.source,
                ch.person_id,
                ch.competency_id,
                ch.after if forward else ch.before,
            )
            for ch in self._changes
        ]
        try:  # one transaction: a multi-cell step is restored whole or not at all
            done = restore_many(ctx.db, restores, action="redo" if forward else "undo")
        except SkillMatrixError as exc:
            verb = "redo" if forward else "undo"
            ctx.failed.emit(f"Could not {verb} “{self.text()}”: {exc}")
        if done:
            ctx.ratingsChanged.emit(done)
            ctx.saved.emit(f"{'Redone' if forward else 'Undone'}: {self.text()}")
