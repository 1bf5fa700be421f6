"""Cycle menu: start the next cycle, close it, reopen it and set its due date.

Starting runs off the UI thread (carrying forward copies every rating); a closed cycle is
read-only history. Close, reopen and the due date are undoable.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from skillmatrix.core.model import Cycle
from skillmatrix.ui.dialogs.confirm import confirm
from skillmatrix.ui.dialogs.due_date import DueDateDialog
from skillmatrix.ui.dialogs.start_cycle import StartCycleDialog
from skillmatrix.ui.tasks import BackgroundTask, run_in_background
from skillmatrix.ui.undo import VersionChain, run_edit

if TYPE_CHECKING:
    from skillmatrix.ui.window_api import WindowApi


def start_dialog(window: WindowApi) -> StartCycleDialog | None:
    """The Start Next Cycle dialog, filled in for the open database."""
    from skillmatrix.services import cycles  # SQLAlchemy: imported on use, not at start-up

    ctx = window.ctx
    latest = ctx.call(cycles.latest_cycle, quiet=True)
    suggested = cycles.next_cycle_name(latest.name if latest else None)
    quarter = cycles.parse_quarter(suggested)
    last_day = cycles.quarter_dates(*quarter)[1] if quarter else None
    return StartCycleDialog(suggested, latest, window.as_widget(), default_due=last_day)


def start_next_cycle(window: WindowApi) -> BackgroundTask | None:
    """Ask for the options, then start the cycle in the background."""
    dialog = start_dialog(window)
    if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return start_cycle(
        window,
        name=dialog.name.text().strip(),
        carry_forward=dialog.carry.isChecked(),
        close_previous=dialog.closes_previous(),
        due=dialog.due_date(),
    )


def start_cycle(
    window: WindowApi,
    *,
    name: str,
    carry_forward: bool,
    close_previous: bool,
    due: dt.date | None = None,
) -> BackgroundTask:
    """Start cycle ``name``; when done it becomes the current cycle."""
    from skillmatrix.services import cycles

    ctx, db = window.ctx, window.ctx.db
    previous = ctx.call(cycles.latest_cycle, quiet=True)

    def work(progress: Any, cancelled: Any) -> Cycle:
        progress(0.1, "Copying the previous ratings…" if carry_forward else "Starting…")
        # One transaction: a failure leaves neither a new cycle nor a closed old one.
        # Compare-and-set on the latest cycle: two managers pressing Start get one cycle.
        cycle = cycles.start_cycle(
            db,
            name=name,
            carry_forward=carry_forward,
            close_previous=close_previous,
            after=previous.id if previous is not None else None,
            due=due,
        )
        progress(1.0, "Done")
        return cycle

    def done(cycle: Cycle | None) -> None:
        if cycle is None:
            return
        ctx.cyclesChanged.emit()
        ctx.set_cycle(cycle)
        carried = " with last cycle's ratings" if carry_forward and previous else ""
        due_by = f", reviews due {cycle.due_on:%d %b %Y}" if cycle.due_on else ""
        ctx.saved.emit(f"Saved: cycle {cycle.name} started{carried}{due_by}")
        window.update_cycle_actions()

    return run_in_background(window.as_widget(), f"Starting {name}", work, done)


def _show_stored(window: WindowApi, cycle_id: int) -> None:
    """A step was refused: show the cycle as it is stored now, then allow again."""
    from skillmatrix.services import cycles

    ctx = window.ctx
    stored = ctx.call(lambda db: cycles.get_cycle(db, cycle_id), quiet=True)
    ctx.cyclesChanged.emit()
    if isinstance(stored, Cycle):
        ctx.set_cycle(stored)
    window.update_cycle_actions()


def _set_closed(window: WindowApi, cycle: Cycle, closed: bool) -> Cycle | None:
    from skillmatrix.services import cycles

    ctx = window.ctx

    def after(result: Cycle, _undone: bool) -> None:
        ctx.cyclesChanged.emit()
        ctx.set_cycle(result)
        window.update_cycle_actions()

    def reload() -> None:
        _show_stored(window, cycle.id)

    # Compared with the version this window loaded: a cycle another manager closed,
    # reopened or changed since is refused, not toggled back.
    chain = VersionChain(cycle.version, row=("cycle", cycle.id), seen=ctx.row_versions)
    close = chain.step(lambda db, v: cycles.close_cycle(db, cycle.id, expected_version=v))
    reopen = chain.step(lambda db, v: cycles.reopen_cycle(db, cycle.id, expected_version=v))
    changed: Cycle | None = run_edit(
        ctx,
        f"{'Close' if closed else 'Reopen'} {cycle.name}",
        close if closed else reopen,
        reopen if closed else close,
        after,
        on_conflict=reload,
    )
    return changed


def close_cycle(window: WindowApi) -> Cycle | None:
    """Cycle › Close: close the current cycle after a confirmation (undoable)."""
    cycle = window.ctx.cycle
    if cycle is None or cycle.closed:
        return None
    if not confirm(
        window.as_widget(),
        "Close cycle",
        f"Close {cycle.name}?",
        "Close cycle",
        detail="Its ratings become read-only history. You can reopen it later to correct a rating.",
    ):
        return None
    return _set_closed(window, cycle, True)


def reopen_cycle(window: WindowApi) -> Cycle | None:
    """Cycle › Reopen: reopen the current closed cycle (undoable)."""
    cycle = window.ctx.cycle
    if cycle is None or not cycle.closed:
        return None
    return _set_closed(window, cycle, False)


def due_dialog(window: WindowApi) -> DueDateDialog | None:
    """The Set Due Date dialog for the current cycle (None: no open cycle)."""
    cycle = window.ctx.cycle
    if cycle is None or cycle.closed:
        return None
    return DueDateDialog(cycle, window.as_widget())


def set_due_date(window: WindowApi) -> Cycle | None:
    """Ask for the current cycle's due date, then store it (undoable)."""
    dialog = due_dialog(window)
    if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    cycle = window.ctx.cycle
    if cycle is None:  # the database was closed while the dialog was open
        return None
    return set_due(window, cycle, dialog.due_date())


def set_due(window: WindowApi, cycle: Cycle, due: dt.date | None) -> Cycle | None:
    """Store ``cycle``'s due date (None clears it); undo puts the previous one back.

    Both steps compare-and-set on the cycle's version, shared with close and reopen: a
    cycle another manager changed since this window loaded it is refused, not overwritten.
    """
    from skillmatrix.services import review

    ctx = window.ctx
    if due == cycle.due_on:
        return None
    before = cycle.due_on

    def after(result: Cycle, _undone: bool) -> None:
        ctx.cyclesChanged.emit()
        ctx.set_cycle(result)  # a new due date: the Assess toolbar and Team view re-read
        window.update_cycle_actions()

    def reload() -> None:
        _show_stored(window, cycle.id)

    chain = VersionChain(cycle.version, row=("cycle", cycle.id), seen=ctx.row_versions)
    forward = chain.step(lambda db, v: review.set_due(db, cycle.id, due, expected_version=v))
    backward = chain.step(lambda db, v: review.set_due(db, cycle.id, before, expected_version=v))
    text = f"Set {cycle.name} due {due:%d %b %Y}" if due else f"Clear {cycle.name}'s due date"
    changed: Cycle | None = run_edit(ctx, text, forward, backward, after, on_conflict=reload)
    return changed
