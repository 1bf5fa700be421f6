"""Calibration between raters over one cycle's manager ratings.

One read transaction for who rated what; the levels come from the usual snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sqlalchemy import select

from skillmatrix.core.calibration import Calibration, calibrate
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Rating, Source
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import repo_competencies, repo_cycles, repo_people, repo_ratings
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


def rater_inputs(db: Database, snap: Snapshot) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Who gave each manager rating of ``snap``, the rater names, and the self ratings.

    The first is a (P, C) index into the names, -1 where none; the self ratings are laid out
    like ``snap`` (NaN where none).
    """
    own = load_snapshot(
        db, cycle=snap.cycle.id if snap.cycle else None, team=snap.team, source=Source.SELF
    )
    raters = np.full(snap.shape, -1, dtype=np.int64)
    names: list[str] = []
    if snap.cycle is not None and snap.people:
        index: dict[str, int] = {}
        with db.reading() as s:
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
    return raters, names, _aligned(snap, own)


def calibration(
    db: Database, *, cycle: str | int | None = None, team: str | int | None = None
) -> tuple[Snapshot, Calibration]:
    """Each rater's distribution, shift against the other raters, self gap and outliers.

    Raises:
        NotFoundError: unknown cycle or team.
    """
    snap = load_snapshot(db, cycle=cycle, team=team)
    raters, names, own = rater_inputs(db, snap)
    return snap, calibrate(snap, raters, names, own)


def record_agreed(
    db: Database,
    *,
    cycle_id: int,
    values: Sequence[tuple[int, int, int]],
    who: str,
) -> list[RatingChange]:
    """Store the levels a calibration meeting agreed, as ONE transaction.

    Each is (person id, competency id, level), with a history row per changed cell (action
    "calibration", by ``who``, who also becomes the rating's rater). Only cells whose level
    changes count.

    Returns:
        One change per distinct cell (unchanged cells have ``changed`` False): undo
        restores ``before`` with ``services.ratings.restore_many``.

    Raises:
        ValidationError: a level outside the scale, or nothing to record.
        ReadOnlyError: the cycle is closed.
        NotFoundError: unknown cycle, person or competency.
    """
    if not values:
        raise ValidationError("no agreed values to record")
    if db.shared:  # the database records its login as the rater, whatever is sent
        who = db.identity
    agreed: dict[tuple[int, int], int] = {}
    for pid, cid, level in values:
        if int(level) not in db.scale:
            raise ValidationError(
                f"agreed level {level} is outside the scale {db.scale.min}-{db.scale.max}"
            )
        agreed[(int(pid), int(cid))] = int(level)
    cells = list(agreed)
    today = dt.date.today()
    with db.session() as s:
        repo_cycles.writable_cycle_row(s, cycle_id)
        for pid, cid in cells:
            repo_people.person_row(s, pid)
            repo_competencies.competency_row(s, cid)
        current = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
        changes: list[RatingChange] = []
        for cell, level in agreed.items():
            before = current[cell][1] if cell in current else None
            base = before or Rating(person_id=cell[0], competency_id=cell[1], source=Source.MANAGER)
            after = (
                before
                if before is not None and before.level == level and not before.not_applicable
                else replace(
                    base,
                    level=level,
                    not_applicable=False,
                    rated_on=today,
                    rated_by=who or base.rated_by,
                    confirmed_cycle_id=None,  # a change is its own confirmation
                    confirmed_on=None,
                )
            )
            changes.append(RatingChange(cycle_id, *cell, Source.MANAGER, before, after))
        repo_ratings.write(
            s,
            cycle_id=cycle_id,
            source=Source.MANAGER,
            new=[((c.person_id, c.competency_id), c.after) for c in changes if c.changed],
            current=current,
            action="calibration",
            who=who,
        )
        return changes
