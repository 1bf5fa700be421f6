"""Cycle menu: start the next cycle (off the UI thread: carrying forward copies every
rating), close it (read-only history) and reopen it. Close and reopen are undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from skillmatrix.core.model import Cycle
from skillmatrix.ui.dialogs.confirm import confirm
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
    return StartCycleDialog(suggested, latest, window.as_widget())


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
    )


def start_cycle(
    window: WindowApi, *, name: str, carry_forward: bool, close_previous: bool
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
        )
        progress(1.0, "Done")
        return cycle

    def done(cycle: Cycle | None) -> None:
        if cycle is None:
            return
        ctx.cyclesChanged.emit()
        ctx.set_cycle(cycle)
        carried = " with last cycle's ratings" if carry_forward and previous else ""
        ctx.saved.emit(f"Saved: cycle {cycle.name} started{carried}")
        window.update_cycle_actions()

    return run_in_background(window.as_widget(), f"Starting {name}", work, done)


def _set_closed(window: WindowApi, cycle: Cycle, closed: bool) -> Cycle | None:
    from skillmatrix.services import cycles

    ctx = window.ctx

    def after(result: Cycle, _undone: bool) -> None:
        ctx.cyclesChanged.emit()
        ctx.set_cycle(result)
        window.update_cycle_actions()

    def reload() -> None:  # refused: show the cycle as it is stored now, then allow again
        stored = ctx.call(lambda db: cycles.get_cycle(db, cycle.id), quiet=True)
        ctx.cyclesChanged.emit()
        if isinstance(stored, Cycle):
            ctx.set_cycle(stored)
        window.update_cycle_actions()

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
    cycle = window.ctx.cycle
    if cycle is None or not cycle.closed:
        return None
    return _set_closed(window, cycle, False)
