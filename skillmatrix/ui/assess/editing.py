"""Turn grid actions into stored ratings: one service call, one undo step, one signal.

Every edit (one cell or a whole selection) is a single ``services.ratings.rate_many``
transaction, run off the UI thread (``ui.waiting``) while the grid already shows it
(``assess.pending``; a refused edit is taken back). What was stored goes onto the undo
stack as one :class:`RatingCommand` and is announced with ``ctx.ratingsChanged`` (which
also updates this grid) and ``ctx.saved``.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, Signal

from skillmatrix.core.errors import ChangedMeanwhileError, ReadOnlyError, SkillMatrixError
from skillmatrix.core.model import Rating
from skillmatrix.core.scale import INTEREST_LABELS
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.ui.assess.commands import RatingCommand, refresh_cells
from skillmatrix.ui.assess.keys import Action, KeyAction
from skillmatrix.ui.assess.model import AssessModel
from skillmatrix.ui.assess.pending import show_pending, take_back
from skillmatrix.ui.assess.roles import NEXT_INTEREST, CellState, Role
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.waiting import run_write


@cache
def rater() -> str:
    """Who is rating: the operating-system user (stored as ``rated_by``)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return ""


def read_only_reason(snap: Snapshot | None) -> str | None:
    """Why the ratings of ``snap`` cannot be edited now, or None when they can."""
    if snap is None or snap.cycle is None:
        return "No assessment cycle yet — start one (Cycle menu) to rate people"
    if snap.cycle.closed:
        return f"{snap.cycle.name} is closed — read-only"
    return None


def loaded(model: AssessModel, row: int, col: int) -> tuple[bool, Rating | None]:
    """(known, rating): what the grid shows for a cell, as the rating it was loaded as.

    The rating is None when not rated. ``known`` is False while the cell's ratings are still
    loading.
    """
    state, level, interest, _has_note, *_ = model.cell(row, col)
    if state == CellState.LOADING:
        return False, None
    note = model.note(row, col)
    pid, cid = model.cell_id(row, col)
    rating = Rating(
        person_id=pid,
        competency_id=cid,
        level=level if state == CellState.RATED else None,
        not_applicable=state == CellState.NOT_APPLICABLE,
        interest=None if interest < 0 else interest,
        note=note,
        source=model.source,
    )
    empty = rating.level is None and not rating.not_applicable
    return True, None if empty and rating.interest is None and not note else rating


class RatingEditor(QObject):
    """Stores edits asked for in the grid.

    Signals:
        refused(str): an edit was not stored; the one-line reason.
    """

    refused = Signal(str)

    def __init__(self, ctx: AppContext, model: AssessModel, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._model = model
        #: Repaints display cells (the grid's): an edit shows before it is stored.
        self.repaint_cells: Callable[[Sequence[tuple[int, int]]], None] | None = None

    def perform(
        self, action: KeyAction, cells: Sequence[tuple[int, int]], current: tuple[int, int]
    ) -> bool:
        """Apply a key action to display cells (row, column); True when it was stored.

        Interest cycles from the value of the ``current`` cell and is set on all cells.
        """
        m = self._model
        snap = m.snapshot
        if snap is None or not cells:
            return False
        fields: dict[str, Any]
        if action.action is Action.SET_LEVEL:
            level = action.level
            if level is None or level not in snap.scale:
                s = snap.scale
                return self._refuse(
                    f"{level} is not a level: the scale goes from {s.min} ({s.label(s.min)})"
                    f" to {s.max} ({s.label(s.max)})"
                )
            fields, what = {"level": level}, f"{level} {snap.scale.label(level)}"
        elif action.action is Action.CLEAR:
            fields, what = {"level": None, "not_applicable": False}, "not rated"
        elif action.action is Action.NOT_APPLICABLE:
            fields, what = {"not_applicable": True}, "n/a"
        elif action.action is Action.CYCLE_INTEREST:
            now = m.data(m.index(*current), Role.INTEREST)
            nxt = NEXT_INTEREST[now]
            label = "no interest given" if nxt is None else INTEREST_LABELS[nxt]
            fields, what = {"interest": nxt}, f"interest {label}"
        elif action.action is Action.CONFIRM:
            return self._confirm(cells)
        else:
            return False
        return self._store(cells, fields, what)

    def _confirm(self, cells: Sequence[tuple[int, int]]) -> bool:
        """Confirm the carried-forward ratings among ``cells`` unchanged ("still true")."""
        m = self._model
        if not any(m.data(m.index(r, c), Role.CARRIED) for r, c in cells):
            return self._refuse(
                "Nothing to confirm: no rating here was carried forward from an earlier cycle"
            )
        from skillmatrix.services.ratings import confirm_many  # SQLAlchemy: not at start-up

        return self._store(cells, {}, "confirmed unchanged", call=confirm_many)

    def set_note(self, row: int, col: int, note: str) -> bool:
        """Store a cell's note (empty text removes it)."""
        what = "note removed" if not note.strip() else "note"
        return self._store([(row, col)], {"note": note}, what)

    def _refuse(self, message: str) -> bool:
        self._ctx.failed.emit(message)
        self.refused.emit(message)
        return False

    def _refused(
        self, exc: SkillMatrixError, cycle: str, expect: dict[tuple[int, int], Rating | None]
    ) -> bool:
        """Report an edit the database refused (the cells already show what they held)."""
        if isinstance(exc, ReadOnlyError):
            self._model.set_writable(False)
            return self._refuse(f"{cycle} is closed — read-only")
        if isinstance(exc, ChangedMeanwhileError):
            refresh_cells(self._ctx, exc.cells, expect)  # shows the stored value
            message = str(exc)
            return self._refuse(message if message.startswith("not saved") else f"Not saved: {exc}")
        return self._refuse(f"Not saved: {exc}")

    def _describe(self, cells: Sequence[tuple[int, int]], what: str) -> str:
        m = self._model
        if len(cells) == 1:
            r, c = cells[0]
            return f"{m.person(r).name} · {m.competency(c).name} → {what}"
        people = len({r for r, _ in cells})
        return f"{len(cells)} cells ({people} people) → {what}"

    def _store(
        self,
        cells: Sequence[tuple[int, int]],
        fields: dict[str, Any],
        what: str,
        *,
        call: Callable[..., list[RatingChange]] | None = None,
    ) -> bool:
        """Store ``fields`` on ``cells`` with ``call`` (default ``rate_many``).

        One transaction, one undo step, one ``ratingsChanged``.
        """
        m = self._model
        reason = read_only_reason(m.snapshot)
        if reason is None:  # people outside the login's teams (a shared database)
            reason = next(
                (why for r in dict.fromkeys(r for r, _ in cells) if (why := m.locked(r))), None
            )
        if reason is not None:
            return self._refuse(reason)
        snap = m.snapshot
        assert snap is not None and snap.cycle is not None
        ids = [m.cell_id(r, c) for r, c in cells]
        # What the grid shows is what the user saw: a cell stored differently since (by
        # another manager or window) is a conflict, never overwritten.
        expect = {
            m.cell_id(r, c): rating
            for r, c in cells
            for known, rating in [loaded(m, r, c)]
            if known
        }
        if call is None:
            # Imported here: it brings SQLAlchemy, which the first screen does without.
            from skillmatrix.services.ratings import rate_many

            call = rate_many
        write = call
        cycle_id, source = snap.cycle.id, m.source

        def store(db: Any) -> list[RatingChange]:
            return write(
                db,
                cycle_id=cycle_id,
                cells=ids,
                source=source,
                rated_by=rater(),
                expect=expect,
                **fields,  # what is not given stays as it is (UNSET)
            )

        # On screen at once; the write runs off the UI thread (maybe waiting for a lock).
        pending = show_pending(m, cells, fields, self.repaint_cells)
        try:
            changes = run_write(
                self._ctx.db, store, notify=self._ctx.waiting.emit, here_first=False
            )
        except BaseException as exc:
            take_back(m, pending, self.repaint_cells)  # refused: the cells show what they held
            if not isinstance(exc, SkillMatrixError):
                raise
            return self._refused(exc, snap.cycle.name, expect)
        stored = [c for c in changes if c.changed]
        if stored:
            text = self._describe(cells, what)
            self._ctx.undo_stack.push(RatingCommand(self._ctx, stored, text))
            self._ctx.ratingsChanged.emit(stored)
            self._ctx.saved.emit(f"Saved {text}")
        return True
