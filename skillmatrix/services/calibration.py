"""Calibration between raters over one cycle's manager ratings (one read transaction for
who rated what; the levels come from the usual snapshots)."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from skillmatrix.core.calibration import Calibration, calibrate
from skillmatrix.core.model import Source
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database
from skillmatrix.store.repo_ratings import R


def _aligned(primary: Snapshot, other: Snapshot) -> np.ndarray:
    """``other``'s levels on ``primary``'s rows and columns (NaN where absent or n/a)."""
    out = np.full(primary.shape, np.nan)
    rows = [other._person_index.get(p.id, -1) for p in primary.people]
    cols = [other._competency_index.get(c.id, -1) for c in primary.competencies]
    src = np.where(other.not_applicable, np.nan, other.levels)
    for i, oi in enumerate(rows):
        if oi >= 0:
            keep = [j for j, oj in enumerate(cols) if oj >= 0]
            out[i, keep] = src[oi, [cols[j] for j in keep]]
    return out


def calibration(
    db: Database, *, cycle: str | int | None = None, team: str | int | None = None
) -> tuple[Snapshot, Calibration]:
    """Each rater's distribution, shift against the other raters, self gap and outliers.

    Raises:
        NotFoundError: unknown cycle or team.
    """
    snap = load_snapshot(db, cycle=cycle, team=team)
    own = load_snapshot(
        db, cycle=snap.cycle.id if snap.cycle else None, team=team, source=Source.SELF
    )
    raters = np.full(snap.shape, -1, dtype=np.int64)
    names: list[str] = []
    if snap.cycle is not None and snap.people:
        index: dict[str, int] = {}
        with db.session() as s:
            rows = s.execute(
                select(R.person_id, R.competency_id, R.rated_by).where(
                    R.cycle_id == snap.cycle.id,
                    R.source == Source.MANAGER.value,
                    R.level.is_not(None),
                )
            )
            for pid, cid, by in rows:
                i = snap._person_index.get(pid)
                j = snap._competency_index.get(cid)
                if i is None or j is None:
                    continue
                who = (by or "").strip() or "(unknown rater)"
                raters[i, j] = index.setdefault(who, len(index))
        names = list(index)
    return snap, calibrate(snap, raters, names, _aligned(snap, own))
