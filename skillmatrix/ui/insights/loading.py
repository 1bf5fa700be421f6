"""Getting the snapshots a chart needs.

From the cache, loaded now when small, or in a background thread (with a cancellable
progress dialog) when the database is big.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.ui import snapshot_cache
from skillmatrix.ui.insights import charts
from skillmatrix.ui.insights.charts import ChartInput
from skillmatrix.ui.insights.data import InsightsData, Key, estimate_cells, load_snapshots
from skillmatrix.ui.tasks import BackgroundTask, run_in_background


def chart_input(data: InsightsData, kind: str, scope: Key) -> tuple[ChartInput | None, list[Key]]:
    """The snapshots chart ``kind`` needs for ``scope``, or (None, the keys to load)."""
    need = charts.needed_keys(kind, scope, data.trend_keys(scope.team, scope.source))
    missing = data.missing(need.keys())
    if missing:
        return None, missing

    def get(key: Key | None) -> Snapshot | None:
        return None if key is None else data.get(key)

    snapshot = get(need.snapshot)
    assert snapshot is not None
    return (
        ChartInput(
            snapshot=snapshot,
            trend=[s for s in map(get, need.trend) if s is not None],
            everyone=get(need.everyone),
            self_ratings=get(need.self_ratings),
            manager=get(need.manager),
        ),
        [],
    )


class Loader(QObject):
    """Fills an :class:`InsightsData` cache.

    Rating changes that arrive while a background load runs are applied to its result
    (the load may have read the database before they were stored).

    Signals:
        loaded(): a background load finished (or failed, or was cancelled).
    """

    loaded = Signal()

    def __init__(self, data: InsightsData, parent: QWidget) -> None:
        super().__init__(parent)
        self.data = data
        self._parent = parent
        self.task: BackgroundTask | None = None
        self.cancelled = False
        self._generation = 0
        self._pending: list[RatingChange] = []

    @property
    def busy(self) -> bool:
        """True while a background load runs."""
        return self.task is not None

    def load(self, keys: Sequence[Key]) -> bool:
        """Load ``keys``: True when done now, False when a background load runs."""
        # On a server even the estimate is a round trip: every load is a background one.
        shared = getattr(self.data.db, "shared", False)
        if not shared and estimate_cells(self.data.db, keys) <= snapshot_cache.BACKGROUND_CELLS:
            self.data.load(keys)
            return True
        if self.task is None:
            generation, db, wanted = self._generation, self.data.db, list(keys)

            def work(progress: Any, cancelled: Any) -> Any:
                return load_snapshots(db, wanted, progress, cancelled)

            self.cancelled = False
            self.task = run_in_background(
                self._parent, "Loading ratings", work, lambda r: self._done(r, generation)
            )
            self.task.error.connect(self._failed)
        return False

    def invalidate(self) -> None:
        """Drop whatever a running load returns (the database or its structure changed)."""
        self._generation += 1
        self._pending.clear()

    def note(self, changes: Sequence[RatingChange]) -> None:
        """Remember ``changes`` for the result of a running load."""
        if self.task is not None:
            self._pending.extend(changes)

    def _done(self, result: dict[Key, Snapshot] | None, generation: int) -> None:
        self.task = None
        self.cancelled = result is None
        if result is not None and generation == self._generation:
            self.data.put(result, since=self._pending)
        self._pending.clear()
        self.loaded.emit()

    def _failed(self, _message: str) -> None:
        self.task = None
        self.cancelled = True
        self._pending.clear()
        self.loaded.emit()
