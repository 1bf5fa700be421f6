"""Undoable edits made of service calls: one call forward, one call back.

The forward call runs *before* the command is pushed, so a refused change (a validation
error, a closed cycle ...) never reaches the undo stack; the first ``redo()`` that
``QUndoStack.push`` makes is therefore skipped. If a later undo or redo is refused (the
record was deleted meanwhile, say), the message is shown and the command is marked
obsolete, so Qt drops it from the stack instead of leaving a step that cannot work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from skillmatrix.ui.context import AppContext

#: A service call taking the database: ``lambda db: people.add_person(db, name=...)``.
Call = Callable[[Any], Any]
#: Refreshes the UI from a call's result; ``undone`` tells which direction ran.
After = Callable[[Any, bool], None]


class ServiceCommand(QUndoCommand):
    """A QUndoCommand whose redo and undo are service calls.

    Args:
        ctx: the application context (its database and error reporting).
        text: what the edit was, as the Edit menu shows it ("Add Alice").
        forward: the call that makes the change.
        backward: the call that reverses it; it may use ``self.result`` (forward's result).
        after: called with the result of every successful call.
    """

    def __init__(
        self, ctx: AppContext, text: str, forward: Call, backward: Call, after: After | None = None
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.forward = forward
        self.backward = backward
        self.after = after
        self.result: Any = None
        self._pushed = False

    def execute(self) -> bool:
        """Make the change now and push it on the undo stack; False if it was refused."""
        result = self._run(self.forward, undone=False)
        if result is None:
            return False
        self.ctx.undo_stack.push(self)
        return True

    def _run(self, call: Call, *, undone: bool) -> Any:
        result = self.ctx.call(lambda db: call(db))
        if result is None:
            return None
        if not undone:
            self.result = result
        if self.after is not None:
            self.after(result, undone)
        verb = "Undone" if undone else "Saved"
        self.ctx.saved.emit(f"{verb}: {self.text()}")
        return result

    def redo(self) -> None:
        if not self._pushed:  # push() calls redo() once; execute() already did the work
            self._pushed = True
            return
        if self._run(self.forward, undone=False) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        if self._run(self.backward, undone=True) is None:
            self.setObsolete(True)


class IdMap:
    """First id -> current id of records that a redo created again under a new id.

    Redoing "Add person" (or "Add competency") after undoing it makes a new row; later
    steps on the stack still hold the first id and look the current one up here.
    """

    def __init__(self) -> None:
        self._moved: dict[int, int] = {}

    def current(self, record_id: int) -> int:
        while record_id in self._moved:
            record_id = self._moved[record_id]
        return record_id

    def moved(self, old: int, new: int) -> None:
        if old != new:
            self._moved[old] = new


def run_edit(
    ctx: AppContext, text: str, forward: Call, backward: Call, after: After | None = None
) -> Any:
    """Make an undoable change; returns the forward call's result, or None if refused."""
    command = ServiceCommand(ctx, text, forward, backward, after)
    return command.result if command.execute() else None


def run_once(ctx: AppContext, call: Call, message: str, *, clears_undo: bool = False) -> Any:
    """Make a change that cannot be undone (a deletion that takes ratings with it).

    Args:
        ctx: the application context.
        call: the service call.
        message: status-bar text once it is stored.
        clears_undo: empty the undo stack: earlier steps may refer to what was deleted.

    Returns:
        The call's result, or None when it was refused.
    """
    result = ctx.call(lambda db: call(db))
    if result is None:
        return None
    if clears_undo:
        ctx.undo_stack.clear()
    ctx.saved.emit(message)
    return result
