"""The snapshots one window shows, shared between its views and kept current in one place.

At 20,000 people x 300 competencies a snapshot is ~160 MB of arrays. The Assess grid and
the Insights view both show the current cycle's; the cache lets Insights take the grid's
once every row is read (:meth:`SnapshotCache.offer`, :meth:`SnapshotCache.find`) instead of
holding a second copy.

Every snapshot a view shows is kept here (:meth:`SnapshotCache.keep`, weakly: a view
dropping it frees it). The cache is connected to ``ratingsChanged`` before any view, so
each stored change is written into each kept snapshot once (``Snapshot.apply``, the one
patcher), whichever views show it; the views then ask which cells were written
(:meth:`SnapshotCache.cells`) to repaint only those, and ``cellsChanged`` says the same
to anyone listening. Changes from another process or manager enter through the same
signal (``ui.live``).

An offer is valid only for the data it was read from: every change of people, framework,
cycles or database forgets the offers, and an offer made for an older generation is
dropped.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # numpy stays off the first screen's path
    from skillmatrix.core.snapshot import CellChange, Snapshot

#: Above this many cells a snapshot is read, or the risk panel computed, in a worker thread.
BACKGROUND_CELLS = 250_000

Cells = list[tuple[int, int]]


class Key(NamedTuple):
    """Which snapshot: a cycle (None: there is none yet), a team (None: all), a source."""

    cycle_id: int | None
    team: str | None
    source: str


class SnapshotCache(QObject):
    """The snapshots of one window (see the module docstring).

    Signals:
        cellsChanged(object): after a change was written, ``{Key: [(row, column), ...]}``
            per kept snapshot it touched.
    """

    cellsChanged = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._offers: dict[Key, weakref.ref[Snapshot]] = {}
        self._kept: weakref.WeakKeyDictionary[Snapshot, Key] = weakref.WeakKeyDictionary()
        # The changes last delivered and what they wrote, by snapshot identity.
        self._last: Sequence[CellChange] | None = None
        self._written: dict[int, Cells] = {}

    # -- sharing ------------------------------------------------------------------------
    def generation(self) -> int:
        """The current data generation (take it before reading what will be offered)."""
        return self._generation

    def invalidate(self, *_args: object) -> None:
        """The data changed: forget every offer and kept snapshot (a slot for any signal)."""
        self._generation += 1
        self._offers.clear()
        self._kept.clear()
        self._last = None
        self._written.clear()

    def offer(self, key: Key, snap: Snapshot, *, since: int) -> None:
        """Share a whole ``snap`` (read at generation ``since``) with the other views."""
        if since != self._generation or key.cycle_id is None:
            return
        self.keep(key, snap)
        self._offers[key] = weakref.ref(snap)

    def find(self, key: Key) -> Snapshot | None:
        """The snapshot another view offered for ``key``, if it is still alive."""
        ref = self._offers.get(key)
        return ref() if ref is not None else None

    # -- keeping current ----------------------------------------------------------------
    def keep(self, key: Key, snap: Snapshot) -> None:
        """Write every later change of ``key``'s cycle and source into ``snap``."""
        self._kept[snap] = key

    def holds(self, snap: Snapshot) -> bool:
        """True when the cache writes changes into ``snap``."""
        return snap in self._kept

    def apply(self, changes: Sequence[CellChange]) -> dict[Key, Cells]:
        """Write stored ``changes`` into every kept snapshot, once; emit ``cellsChanged``.

        Connected to ``ratingsChanged`` first, so the views' own slots find them written.
        """
        self._last, self._written = changes, {}
        out: dict[Key, Cells] = {}
        for snap, key in list(self._kept.items()):
            cells = snap.apply(changes, key.source)
            if cells:
                self._written[id(snap)] = cells
                out[key] = cells
        if out:
            self.cellsChanged.emit(out)
        return out

    def cells(self, snap: Snapshot, changes: Sequence[CellChange], source: str) -> Cells:
        """The cells ``changes`` wrote into ``snap``: by the cache if it did, else now.

        The cache wrote them when ``changes`` are the ones it was just given for a snapshot
        it keeps; any other snapshot (one read meanwhile, a view's copy) or batch (changes
        that arrived during a load) is written here, so each change reaches each snapshot
        once either way.
        """
        if changes is self._last and self.holds(snap):
            return self._written.get(id(snap), [])
        return snap.apply(changes, source)


def cache_of(ctx: Any) -> SnapshotCache | None:
    """The context's cache, if it has one (tests build views over plain stand-ins)."""
    cache = getattr(ctx, "snapshots", None)
    return cache if isinstance(cache, SnapshotCache) else None
