"""Shared state of one main window.

The open database, the current cycle, team and rating source, and the undo stack. Views read
it and listen to its signals; they never talk to the database except through services called
via :meth:`AppContext.call`.

Signals:
    databaseChanged(): another database was opened; every view reloads.
    cyclesChanged(): cycles were added, closed or reopened.
    cycleChanged(object): the current Cycle (or None) changed.
    teamChanged(object): the team filter (str or None for all) changed.
    sourceChanged(str): the rating source shown: "manager", "self" or "both".
    ratingsChanged(object): a list of services RatingChange records that were just stored.
    peopleChanged(): people or teams were added, edited or removed.
    frameworkChanged(): roles, competencies, targets or rules changed.
    reviewsChanged(int): review steps (form sent, returned, reviewed, agreed) were recorded
        in that cycle id: the Team view's Review column and the Assess toolbar re-read them.
    plansChanged(int): a growth goal of that person id was added, edited or removed (an
        undo or redo too): open plans, profiles and tooltips of theirs re-read.
    evidenceChanged(object): evidence was added or removed (an undo or redo too); the
        argument is the cell as ``(cycle_id, person_id, competency_id)``.
    showRating(int, int): jump to (person id, competency id) in the Assess view.
    showView(str): switch the main window to a view ("team", "framework", "assess",
        "insights", "reports").
    saved(str): a short human message after each stored change (for the status bar).
    failed(str): a one-line error message after a refused change.
    waiting(str): a change waits for another program's lock (``ui.waiting``).

The snapshots the views show live in ``snapshots`` (``ui.snapshot_cache``): shared between
views and written once per stored change.

Writes go through :meth:`AppContext.call`, which never waits for a lock on the UI thread
(``ui.waiting.run_write``); a user's edit (``background=True``) runs off it whole. Undo
and redo go through :meth:`AppContext.undo` and :meth:`AppContext.redo`: the step is
tried first and the stack moves only when it worked.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar, runtime_checkable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from skillmatrix.core.access import Access, everything
from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.model import Cycle
from skillmatrix.ui.snapshot_cache import SnapshotCache
from skillmatrix.ui.waiting import run_write, server_read

T = TypeVar("T")


def first_reads(db: Any) -> Access | None:
    """What a window asks of a server database first, read with the open.

    Runs in the open's worker thread: the scale (kept by ``db``) and the login's rights,
    returned. None on a file, or when they cannot be read (``AppContext.access`` says
    why, when asked).
    """
    if not getattr(db, "shared", False):
        return None
    from skillmatrix.services.server import current_access  # SQLAlchemy: lazily

    try:
        db.scale  # noqa: B018  (read once, then kept: the views ask for it as they build)
        return current_access(db)
    except SkillMatrixError:
        return None


@runtime_checkable
class Attempted(Protocol):
    """An undo command that tries its step before the stack moves (``ui.undo``)."""

    def attempt(self, forward: bool) -> bool:
        """Redo (``forward``) or undo the step now; False if it was refused."""
        ...

    def skip_next(self) -> None:
        """Make the stack's next redo or undo call only move its index."""
        ...


class AppContext(QObject):
    """Shared state of one main window (see the module docstring)."""

    databaseChanged = Signal()
    cyclesChanged = Signal()
    cycleChanged = Signal(object)
    teamChanged = Signal(object)
    sourceChanged = Signal(str)
    ratingsChanged = Signal(object)
    peopleChanged = Signal()
    frameworkChanged = Signal()
    reviewsChanged = Signal(int)
    plansChanged = Signal(int)
    evidenceChanged = Signal(object)
    showRating = Signal(int, int)
    showView = Signal(str)
    saved = Signal(str)
    failed = Signal(str)
    waiting = Signal(str)

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.cycle: Cycle | None = None
        self.team: str | None = None
        self.source: str = "manager"
        self.undo_stack = QUndoStack(self)
        self.dialog_parent: QWidget | None = None
        # The version this window's last write left per row (``ui.undo.VersionChain``):
        # undoing several edits of one row in turn compares with each other's result.
        self.row_versions: dict[Hashable, Any] = {}
        self._access: Access | None = None
        # Connected before any view: a shared snapshot is never handed out stale, and each
        # stored change is written into the kept snapshots before the views repaint.
        self.snapshots = SnapshotCache(self)
        for changed in (
            self.databaseChanged,
            self.cyclesChanged,
            self.peopleChanged,
            self.frameworkChanged,
        ):
            changed.connect(self.snapshots.invalidate)
        self.ratingsChanged.connect(self.snapshots.apply)

    # -- state -----------------------------------------------------------------------------
    @property
    def access(self) -> Access:
        """What the current login may do (read once per database; everything on a file)."""
        if self._access is None:
            db = self.db
            if db is None or not getattr(db, "shared", False):
                self._access = everything(getattr(db, "identity", "") if db is not None else "")
            else:
                from skillmatrix.services.server import current_access  # SQLAlchemy: lazily

                try:  # a round trip to the server: off the UI thread
                    self._access = server_read(db, current_access)
                except SkillMatrixError as exc:  # cannot tell: let the database decide
                    self.failed.emit(str(exc))
                    self._access = everything(getattr(db, "name", ""))
        return self._access

    def reset_access(self) -> None:
        """Read the login's rights again on next use (an admin may have changed them)."""
        self._access = None

    def refresh(self) -> None:
        """Reload every view from the database (View ▸ Refresh), keeping the choices."""
        self.reset_access()
        self.cyclesChanged.emit()
        self.peopleChanged.emit()
        self.frameworkChanged.emit()

    def read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(db, *args, **kwargs)``, a read that raises as it would.

        On a server database it runs in a worker thread (``ui.waiting.server_read``), on a
        file here.
        """
        return server_read(self.db, lambda db: fn(db, *args, **kwargs))

    def set_database(self, db: Any, *, access: Access | None = None) -> None:
        """Switch to ``db`` (None: no database): clear the undo stack and reset the selections.

        ``access``: its login's rights if already read (an open off the UI thread reads
        them with it).
        """
        self._access = access
        old, self.db = self.db, db
        self.undo_stack.clear()
        self.cycle = None
        self.team = None
        if old is not None and old is not db and hasattr(old, "dispose"):
            old.dispose()
        self.databaseChanged.emit()

    def set_cycle(self, cycle: Cycle | None) -> None:
        """Make ``cycle`` current, announcing ``cycleChanged`` when it differs."""
        if cycle != self.cycle:
            self.cycle = cycle
            self.cycleChanged.emit(cycle)
        elif cycle is not None:  # the same values, maybe a newer row version: keep it
            self.cycle = cycle

    def set_team(self, team: str | None) -> None:
        """Scope the views to ``team`` (None: all teams)."""
        if team != self.team:
            self.team = team
            self.teamChanged.emit(team)

    def set_source(self, source: str) -> None:
        """Show ratings of ``source`` ("manager", "self" or "both")."""
        if source != self.source:
            self.source = source
            self.sourceChanged.emit(source)

    @property
    def read_only(self) -> bool:
        """True when the current cycle is closed."""
        return self.cycle is not None and self.cycle.closed

    # -- running services ------------------------------------------------------------------
    def call(
        self,
        fn: Callable[..., T],
        /,
        *args: Any,
        quiet: bool = False,
        background: bool = False,
        **kwargs: Any,
    ) -> T | None:
        """Run one service call (one transaction); show a refused change as a one-line message.

        ``background``: the whole call runs off the UI thread (a user's edit, see
        ``ui.waiting.run_write``); else only a wait for another program's lock does,
        except on a server database, where every call runs off the UI thread whole.

        Returns the service's result, or None when it raised a SkillMatrixError.
        """
        try:
            return run_write(
                self.db,
                lambda db: fn(db, *args, **kwargs),
                notify=self.waiting.emit,
                here_first=not background and not getattr(self.db, "shared", False),
            )
        except SkillMatrixError as exc:
            if not shiboken6.isValid(self):  # its window went while the call ran
                return None
            self.failed.emit(str(exc))
            if not quiet:
                QMessageBox.warning(self.dialog_parent, "SkillMatrix", str(exc))
            return None

    # -- undo and redo ---------------------------------------------------------------------
    def undo(self) -> bool:
        """Undo the last step; the stack moves only if it worked (see ``ui.undo``)."""
        return self._step(self.undo_stack.index() - 1, forward=False)

    def redo(self) -> bool:
        """Redo the next step; the stack moves only if it worked."""
        return self._step(self.undo_stack.index(), forward=True)

    def _step(self, at: int, *, forward: bool) -> bool:
        stack = self.undo_stack
        if not 0 <= at < stack.count():
            return False
        command = stack.command(at)
        if isinstance(command, Attempted):
            if not command.attempt(forward):  # refused: said so, the stack stays where it is
                return False
            command.skip_next()  # done already: the stack's own call only moves the index
        if forward:
            stack.redo()
        else:
            stack.undo()
        return True
