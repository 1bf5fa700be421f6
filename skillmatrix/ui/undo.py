"""Undoable edits made of service calls: one call forward, one call back.

The forward call runs *before* the command is pushed, so a refused change (a validation
error, a closed cycle ...) never reaches the undo stack; the first ``redo()`` that
``QUndoStack.push`` makes is therefore skipped. Undo and redo from the Edit menu go
through ``AppContext.undo``/``redo``, which try the step first (:meth:`ServiceCommand.attempt`)
and move the stack only when it worked: a refused step (the record was deleted meanwhile,
another program holds the lock too long) is reported and stays where it is. When the stack
itself runs a step that is refused (``QUndoStack.undo()`` called directly), the command is
marked obsolete, so Qt drops it instead of keeping a step that cannot work.

Ids never change across undo and redo: a deletion returns everything it took and its
undo puts it back under the same ids (``run_removal``), and the redo of an addition puts
the record back under the id it first got (``run_addition``). So a later step, a rating
say, that names a person or competency by id keeps working however often the user goes
back and forth.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from PySide6.QtGui import QUndoCommand

from skillmatrix.core.errors import ChangedMeanwhileError
from skillmatrix.ui.context import AppContext

#: A service call taking the database: ``lambda db: people.add_person(db, name=...)``.
Call = Callable[[Any], Any]
#: What a step's service call returns (the record the caller gets back).
T = TypeVar("T")
#: A service call taking the database and a record: ``lambda db, deleted: restore(...)``.
RecordCall = Callable[[Any, Any], Any]
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
        #: Called after a step refused because its row changed meanwhile (the view
        #: re-reads it, so the user sees what is stored and can apply theirs again).
        self.on_conflict: Callable[[], None] | None = None
        self._pushed = False
        self._skip = False

    def execute(self) -> bool:
        """Make the change now and push it on the undo stack; False if it was refused."""
        result = self._run(self.forward, undone=False)
        if result is None:
            return False
        self.ctx.undo_stack.push(self)
        return True

    def _run(self, call: Call, *, undone: bool) -> Any:
        conflicted = False

        def guarded(db: Any) -> Any:
            nonlocal conflicted
            try:
                return call(db)
            except ChangedMeanwhileError:
                conflicted = True
                raise

        result = self.ctx.call(guarded, background=True)  # a user's edit: off the UI thread
        if result is None:
            if conflicted and self.on_conflict is not None:
                self.on_conflict()
            return None
        if not undone:
            self.result = result
        if self.after is not None:
            self.after(result, undone)
        verb = "Undone" if undone else "Saved"
        self.ctx.saved.emit(f"{verb}: {self.text()}")
        return result

    def attempt(self, forward: bool) -> bool:
        """Redo (``forward``) or undo the step now; False (message shown) if refused."""
        call = self.forward if forward else self.backward
        return self._run(call, undone=not forward) is not None

    def skip_next(self) -> None:
        """The next undo()/redo() from the stack is already done (``AppContext.undo``)."""
        self._skip = True

    def redo(self) -> None:
        """Run the service again (the first redo only records: the work was done already)."""
        if not self._pushed:  # push() calls redo() once; execute() already did the work
            self._pushed = True
            return
        if self._skip:
            self._skip = False
            return
        if not self.attempt(True):
            self.setObsolete(True)

    def undo(self) -> None:
        """Run the undo service call; a refused undo leaves the stack where it was."""
        if self._skip:
            self._skip = False
            return
        if not self.attempt(False):
            self.setObsolete(True)


def run_edit(
    ctx: AppContext,
    text: str,
    forward: Callable[[Any], T],
    backward: Call,
    after: After | None = None,
    on_conflict: Callable[[], None] | None = None,
) -> T | None:
    """Make an undoable change; returns the forward call's result, or None if refused.

    ``on_conflict`` runs when a step is refused because its row changed meanwhile.
    """
    command = ServiceCommand(ctx, text, forward, backward, after)
    command.on_conflict = on_conflict
    if not command.execute():
        return None
    result: T = command.result
    return result


class VersionChain:
    """The row version each step of an undoable edit expects.

    The first step compares with the version the user loaded; every later step (undo,
    redo) with the version the last successful step *on that row in this window* left,
    whichever command made it: undoing three edits of one competency in turn expects the
    version the previous undo wrote, not the one its own edit saw. A step whose row
    another user changed in between is refused instead of overwriting that change.

    Args:
        loaded: the version shown when the user made the change (None: no row yet).
        version_of: reads the version from a step's result (default ``result.version``).
        row: names the row across commands (``("competency", 7)``); ``None`` keeps the
            chain to itself.
        seen: the window's record of the last version it wrote per row
            (``AppContext.row_versions``).
    """

    def __init__(
        self,
        loaded: Any,
        version_of: Callable[[Any], Any] | None = None,
        *,
        row: Hashable | None = None,
        seen: dict[Hashable, Any] | None = None,
    ) -> None:
        self._loaded = loaded
        self._started = False
        self._row: Hashable = row if row is not None else object()
        self._seen: dict[Hashable, Any] = seen if seen is not None else {}
        self._version_of = version_of or (lambda record: record.version)

    @property
    def expected(self) -> Any:
        """The row version the next step compares against."""
        if not self._started:
            return self._loaded
        return self._seen.get(self._row, self._loaded)

    @expected.setter
    def expected(self, version: Any) -> None:
        self._started = True
        self._seen[self._row] = version

    def step(self, call: Callable[[Any, Any], T]) -> Callable[[Any], T]:
        """``call`` wrapped to pass the expected version and keep the version it leaves."""

        def run(db: Any) -> T:
            result = call(db, self.expected)
            self.expected = self._version_of(result)
            return result

        return run


def run_removal(
    ctx: AppContext,
    text: str,
    remove: Callable[[Any], T],
    restore: RecordCall,
    after: After | None = None,
    on_conflict: Callable[[], None] | None = None,
) -> T | None:
    """A deletion that undo takes back exactly.

    Args:
        ctx: the application context.
        text: the Edit menu's name of the step ("Delete Ada").
        remove: the deletion; returns a record of everything it took (ids included).
        restore: puts such a record back: ``restore(db, record)``.
        after: gets the removal's record (``undone`` False) or the restore's result.
        on_conflict: runs when a step is refused because its row changed meanwhile.

    Returns:
        The removal's record, or None when it was refused.
    """
    taken: list[Any] = []

    def forward(db: Any) -> T:
        record = remove(db)  # each redo takes a fresh record of what it deletes
        taken[:] = [record]
        return record

    return run_edit(ctx, text, forward, lambda db: restore(db, taken[-1]), after, on_conflict)


def run_addition(
    ctx: AppContext,
    text: str,
    add: Callable[[Any], T],
    remove: RecordCall,
    restore: RecordCall,
    after: After | None = None,
) -> T | None:
    """An addition whose redo brings back the same record under the same id.

    Args:
        ctx: the application context.
        text: the Edit menu's name of the step ("Add Ada").
        add: makes the record the first time; returns it.
        remove: the undo: ``remove(db, added)`` returns a record of what it took.
        restore: the redo: ``restore(db, removed)`` puts that back (same id).
        after: gets the added record, or on undo what ``remove`` returned.

    Returns:
        The added record, or None when it was refused.
    """
    state: dict[str, Any] = {}

    def forward(db: Any) -> T:
        record: T = restore(db, state["removed"]) if "removed" in state else add(db)
        state["added"] = record
        return record

    def backward(db: Any) -> Any:
        state["removed"] = remove(db, state["added"])
        return state["removed"]

    return run_edit(ctx, text, forward, backward, after)


def run_once(ctx: AppContext, call: Call, message: str, *, clears_undo: bool = False) -> Any:
    """Make a change that cannot be undone (loading a framework file, an import).

    Args:
        ctx: the application context.
        call: the service call.
        message: status-bar text once it is stored.
        clears_undo: empty the undo stack: earlier steps may no longer fit what is stored.

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
