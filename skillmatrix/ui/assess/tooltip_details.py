"""The grid tooltip's database part, read in the background (never on the UI thread).

A tooltip shows at once from what the grid holds; who rated the cell, its history,
evidence and goals (``tooltip.CellDetails``) are read in one of the app's threads, and
when they land the tooltip still open is rebuilt (``AssessGrid.refresh_tooltip``). What
was read is kept per cell until something it lists may have changed (a rating, evidence,
a goal, another database): then the old details still show while they are read again, so
an open tooltip never loses a line it had for a moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject, Signal

from skillmatrix.ui.assess.model import AssessModel
from skillmatrix.ui.assess.tooltip import CellDetails, details_sources, read_details
from skillmatrix.ui.threads import thread_name

#: Cells whose details are kept (a tooltip is asked for one cell at a time).
KEPT = 64


class _Relay(QObject):
    """Lives in the UI thread; the reading thread emits through it (queued)."""

    landed = Signal(object, object, int)  # (key, details, generation)


class TooltipDetails(QObject):
    """Cell details for tooltips.

    :meth:`get` answers from memory and reads what is missing in the background; ``ready``
    tells that a read landed.

    Args:
        database: returns the open database (None: none).

    Signals:
        ready(): details asked for have landed (rebuild the tooltip being shown).
    """

    ready = Signal()

    def __init__(self, database: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._fresh: dict[Hashable, CellDetails] = {}
        self._stale: dict[Hashable, CellDetails] = {}
        self._generation = 0
        self._reading: Hashable | None = None  # the key a thread reads now
        self._wanted: tuple[Hashable, Callable[[], CellDetails]] | None = None
        self._relay = _Relay(self)
        self._relay.landed.connect(self._landed)

    def get(self, model: AssessModel, row: int, col: int) -> CellDetails | None:
        """The details of a display cell if known (maybe older ones while they are read again).

        A read starts for any not fresh. None: nothing read yet.
        """
        snap, db = model.snapshot, self._database()
        if snap is None or snap.cycle is None or db is None or model.loading:
            return None
        pid, cid = model.cell_id(row, col)
        sources = details_sources(model)
        key = (id(db), snap.cycle.id, sources, pid, cid)
        if key in self._fresh:
            return self._fresh[key]
        cycle_id = snap.cycle.id

        def read() -> CellDetails:
            return read_details(
                db, cycle_id=cycle_id, person_id=pid, competency_id=cid, sources=sources
            )

        self._want(key, read)
        return self._stale.get(key)

    def is_fresh(self, model: AssessModel, row: int, col: int) -> bool:
        """Whether the cell's details are read and current (nothing left to fill in)."""
        snap, db = model.snapshot, self._database()
        if snap is None or snap.cycle is None or db is None:
            return False
        pid, cid = model.cell_id(row, col)
        return (id(db), snap.cycle.id, details_sources(model), pid, cid) in self._fresh

    def forget(self, *_args: object) -> None:
        """Mark what was read as possibly out of date: read again when next asked.

        The old details show meanwhile.
        """
        self._generation += 1
        self._stale.update(self._fresh)
        self._fresh.clear()
        if len(self._stale) > KEPT:
            self._stale.clear()

    def _want(self, key: Hashable, read: Callable[[], CellDetails]) -> None:
        if self._reading == key:
            return
        self._wanted = (key, read)
        if self._reading is None:
            self._start()

    def _start(self) -> None:
        if self._wanted is None:
            return
        (key, read), self._wanted = self._wanted, None
        self._reading = key
        relay, generation = self._relay, self._generation

        def run() -> None:
            try:
                details: CellDetails | None = read()
            except Exception:  # a tooltip never reports an error: it lists less
                details = None
            relay.landed.emit(key, details, generation)

        threading.Thread(target=run, name=thread_name("tooltip"), daemon=True).start()

    def _landed(self, key: Hashable, details: CellDetails, generation: int) -> None:
        self._reading = None
        if generation == self._generation:
            if len(self._fresh) >= KEPT:
                self._fresh.clear()
            self._fresh[key] = details
            self._stale.pop(key, None)
        else:  # something changed while it was read: shown meanwhile, read again if asked
            self._stale[key] = details
        self._start()
        # The open tooltip is rebuilt; if it still shows a cell not fresh, that asks again.
        self.ready.emit()
