"""Undo commands for stored ratings.

An edit is stored first (one transaction) and only then pushed, so the first ``redo()``
that ``QUndoStack.push`` runs does nothing. Undo puts every cell back as it was
(``before``: level, n/a, interest, note, who and when) in the change's own cycle and
source, so undoing an edit made while another cycle was shown still lands in the right
place; redo puts back ``after``.

Both are compare-and-set, in the same transaction as the write: undo goes ahead only while
every cell still holds what the edit stored (``after``), redo only while it holds
``before``. A cell that another program or window changed since is left alone, the step is
refused with a line naming the cell, and (through ``AppContext.undo``/``redo``) the undo
stack does not move.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtGui import QUndoCommand

from skillmatrix.core.errors import ChangedMeanwhileError, SkillMatrixError
from skillmatrix.core.model import Rating, Source
from skillmatrix.services.rating_changes import RatingChange, Restore
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.threads import thread_name
from skillmatrix.ui.waiting import off_ui_thread, run_write


def refresh_cells(
    ctx: AppContext,
    cells: Iterable[tuple[object, ...]],
    shown: Mapping[tuple[int, int], Rating | None] | None = None,
) -> None:
    """Show the stored value of cells a conflict named (cycle, source, person, competency).

    Re-reads them and announces them through ``ratingsChanged``, as if just stored, so the
    grid, charts and panels patch them. ``shown`` is what the window had.
    """
    from skillmatrix.services.ratings import get_rating  # SQLAlchemy: not at start-up

    db, named = ctx.db, [tuple(c) for c in cells]

    def read(_busy: object) -> list[RatingChange]:
        changes: list[RatingChange] = []
        for cycle_id, source, pid, cid in named:
            assert isinstance(cycle_id, int) and isinstance(pid, int) and isinstance(cid, int)
            src = Source(str(source))
            try:  # a read: never waits for a writer's lock
                stored = get_rating(
                    db, cycle_id=cycle_id, person_id=pid, competency_id=cid, source=src
                )
            except SkillMatrixError:
                continue
            before = (shown or {}).get((pid, cid))
            changes.append(RatingChange(cycle_id, pid, cid, src, before, stored))
        return changes

    changes = off_ui_thread(read, name=thread_name("read"))  # the server may be slow
    if changes:
        ctx.ratingsChanged.emit(changes)


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
        self._skip = False

    @property
    def changes(self) -> tuple[RatingChange, ...]:
        """The cells this step changes."""
        return self._changes

    def redo(self) -> None:
        """Store the new values (the first redo only records: they were stored before the push)."""
        if self._pending_first_redo:  # already stored before the push
            self._pending_first_redo = False
            return
        if self._skip:
            self._skip = False
            return
        self.attempt(True)

    def undo(self) -> None:
        """Put the old values back."""
        if self._skip:
            self._skip = False
            return
        self.attempt(False)

    def skip_next(self) -> None:
        """The next undo()/redo() from the stack is already done (``AppContext.undo``)."""
        self._skip = True

    def attempt(self, forward: bool) -> bool:
        """Redo (``forward``) or undo the step now; False, with a message, if refused."""
        from skillmatrix.services.ratings import restore_many  # SQLAlchemy: not at start-up

        ctx = self._ctx
        restores = [
            Restore(
                ch.cycle_id,
                ch.source,
                ch.person_id,
                ch.competency_id,
                ch.after if forward else ch.before,
                expect=ch.before if forward else ch.after,
            )
            for ch in self._changes
        ]
        try:  # one transaction: a multi-cell step is restored whole or not at all
            action = "redo" if forward else "undo"
            done = run_write(
                ctx.db,
                lambda db: restore_many(db, restores, action=action),
                notify=ctx.waiting.emit,
                here_first=False,
            )
        except SkillMatrixError as exc:
            verb = "redo" if forward else "undo"
            if isinstance(exc, ChangedMeanwhileError):  # the window shows what is stored
                refresh_cells(ctx, exc.cells)
            ctx.failed.emit(f"Could not {verb} “{self.text()}”: {exc}")
            return False
        if done:
            ctx.ratingsChanged.emit(done)
        ctx.saved.emit(f"Redone: {self.text()}" if forward else self._undone_text())
        return True

    def _undone_text(self) -> str:
        """What undo did, e.g. "Undone “Ada · API design → 1 Awareness”: back to 3 Proficient"."""
        if len(self._changes) != 1:
            return f"Undone “{self.text()}”: {len(self._changes)} cells back as they were"
        from skillmatrix.services.ratings import describe_cell_value

        before = describe_cell_value(self._changes[0].before, self._ctx.db.scale)
        return f"Undone “{self.text()}”: back to {before}"
