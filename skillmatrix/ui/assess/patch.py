"""The grid's helpers for patching in place (pure numpy, no Qt).

The grid model keeps one snapshot for as long as the cycle, team and source stay the same;
edits are written into it by ``Snapshot.apply`` (through the window's snapshot cache). The
self-ratings shown beside a manager's are arrays aligned to it (:func:`aligned`), patched
by :func:`write_level`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from skillmatrix.core.model import Rating
from skillmatrix.core.snapshot import Snapshot


def aligned(primary: Snapshot, other: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    """``other``'s levels and n/a flags laid out on ``primary``'s rows and columns."""
    levels = np.full(primary.shape, np.nan)
    na = np.zeros(primary.shape, dtype=bool)
    pi = np.array([other._person_index.get(p.id, -1) for p in primary.people], dtype=np.int64)
    ci = np.array(
        [other._competency_index.get(c.id, -1) for c in primary.competencies], dtype=np.int64
    )
    rows, cols = np.flatnonzero(pi >= 0), np.flatnonzero(ci >= 0)
    if len(rows) and len(cols):
        sub = np.ix_(rows, cols)
        levels[sub] = other.levels[np.ix_(pi[rows], ci[cols])]
        na[sub] = other.not_applicable[np.ix_(pi[rows], ci[cols])]
    return levels, na


def write_level(levels: np.ndarray, na: np.ndarray, i: int, j: int, rating: Rating | None) -> None:
    """Put only the level and n/a flag of ``rating`` into cell (i, j) of the arrays."""
    level = rating.level if rating is not None else None
    levels[i, j] = np.nan if level is None else level
    na[i, j] = bool(rating and rating.not_applicable)


def runs(columns: Sequence[int]) -> list[tuple[int, int]]:
    """Columns as (first, last) runs of neighbours: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for c in sorted(set(columns)):
        if out and c == out[-1][1] + 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out
