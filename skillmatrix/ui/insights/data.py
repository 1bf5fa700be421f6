"""Snapshots the Insights view shows, loaded once and then kept current.

Kept current from the change records (no Qt; the view decides whether a load runs in the
background).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from skillmatrix.core.model import Cycle
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services import cycles as cycle_service
from skillmatrix.services import frameworks, people
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.ui.insights.changes import CellUpdate, updates
from skillmatrix.ui.snapshot_cache import Key, SnapshotCache

__all__ = ["InsightsData", "Key", "estimate_cells", "load_snapshots"]


def load_snapshots(
    db: Any,
    keys: Sequence[Key],
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[Key, Snapshot]:
    """Load each key's snapshot (safe to run in a worker thread: one session per load)."""
    out: dict[Key, Snapshot] = {}
    for n, key in enumerate(keys):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(n / max(len(keys), 1), "Loading ratings…")
        out[key] = load_snapshot(db, cycle=key.cycle_id, team=key.team, source=key.source)
    return out


def estimate_cells(db: Any, keys: Sequence[Key]) -> int:
    """Roughly how many cells loading ``keys`` reads (people x competencies per key)."""
    if not keys:
        return 0
    n_comp = len(frameworks.list_competencies(db))
    sizes: dict[str | None, int] = {}
    total = 0
    for key in keys:
        if key.team not in sizes:
            sizes[key.team] = len(people.list_people(db, team=key.team))
        total += sizes[key.team] * n_comp
    return total


class InsightsData:
    """Cache of snapshots by :class:`Key`, updated in place from rating changes.

    Args:
        db: the open database.
        cache: the window's snapshot cache: snapshots another view offers are taken from
            it, those loaded here are kept current by it (None: on their own).
    """

    def __init__(self, db: Any, cache: SnapshotCache | None = None) -> None:
        self.db = db
        self.cache = cache
        self._snapshots: dict[Key, Snapshot] = {}
        self._cycles: list[Cycle] | None = None

    # -- scope --------------------------------------------------------------------------
    def cycles(self) -> list[Cycle]:
        """Every cycle, oldest first (cached until :meth:`clear`)."""
        if self._cycles is None:
            from skillmatrix.ui.waiting import server_read  # a round trip: off the UI thread

            self._cycles = server_read(self.db, cycle_service.list_cycles)
        return self._cycles

    def cycle_id(self, cycle: Cycle | None) -> int | None:
        """The id of ``cycle``, or of the latest cycle when None (None when there is none)."""
        if cycle is not None:
            return cycle.id
        known = self.cycles()
        return known[-1].id if known else None

    def trend_keys(self, team: str | None, source: str) -> list[Key]:
        """One key per cycle, oldest first."""
        return [Key(c.id, team, source) for c in self.cycles()]

    # -- cache --------------------------------------------------------------------------
    def get(self, key: Key) -> Snapshot | None:
        """The cached snapshot of ``key``, or None."""
        return self._snapshots.get(key)

    def missing(self, keys: Iterable[Key]) -> list[Key]:
        """The keys not loaded yet, without repeats.

        A snapshot another view shares is taken instead: see ``ui.snapshot_cache``.
        """
        out = []
        for k in dict.fromkeys(keys):
            if k not in self._snapshots:
                shared = self.cache.find(k) if self.cache is not None else None
                if shared is None:
                    out.append(k)
                else:
                    self._snapshots[k] = shared
        return out

    def put(self, loaded: dict[Key, Snapshot], since: Sequence[RatingChange] = ()) -> None:
        """Add loaded snapshots, with the ``since`` changes stored while they were read."""
        for key, snap in loaded.items():
            if since:
                snap.apply(since, key.source)
            self._snapshots[key] = snap
            if self.cache is not None:
                self.cache.keep(key, snap)

    def load(self, keys: Iterable[Key]) -> None:
        """Load the missing ``keys`` now, in this thread."""
        self.put(load_snapshots(self.db, self.missing(keys)))

    def clear(self, db: Any | None = None) -> None:
        """Forget everything (after people, framework, cycle or database changes)."""
        if db is not None:
            self.db = db
        self._snapshots.clear()
        self._cycles = None

    def apply(self, changes: Sequence[RatingChange]) -> dict[Key, list[CellUpdate]]:
        """The cells ``changes`` changed in each snapshot shown, written once, in place.

        The window's cache has written them into the snapshots it keeps (``ratingsChanged``
        reaches it first); any other is written here. The snapshots stay the same objects:
        copying every array of a 5,000-person snapshot cost about 6 ms an edit.

        Returns:
            Per updated key, the cells that changed (by that snapshot's indices).
        """
        updated: dict[Key, list[CellUpdate]] = {}
        for key, snap in self._snapshots.items():
            if self.cache is not None:
                cells = self.cache.cells(snap, changes, key.source)
            else:
                cells = snap.apply(changes, key.source)
            if cells:
                updated[key] = updates(snap, cells)
        return updated
