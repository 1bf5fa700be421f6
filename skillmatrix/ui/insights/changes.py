"""The cells a stored change wrote into a snapshot, as the heatmap repaints them (no Qt).

After one edit the Insights view needs the new levels at once: re-loading the whole
cycle costs a query per edit (seconds at 5,000 people), so the snapshots are written in
place by ``Snapshot.apply`` (through the window's ``ui.snapshot_cache``) and the heatmap
repaints just the cells :func:`updates` lists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from skillmatrix.core.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class CellUpdate:
    """One changed cell of a snapshot, by snapshot index."""

    i: int
    j: int
    level: float | None
    not_applicable: bool


def updates(snapshot: Snapshot, cells: Sequence[tuple[int, int]]) -> list[CellUpdate]:
    """The written ``cells`` of ``snapshot`` with their new level and n/a flag."""
    out = []
    for i, j in cells:
        level = float(snapshot.levels[i, j])
        na = bool(snapshot.not_applicable[i, j])
        out.append(CellUpdate(i, j, None if math.isnan(level) else level, na))
    return out
