"""The leave calendar: planned absences per person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from skillmatrix.core.risk import Leave
from skillmatrix.store import models

L = models.LeaveEntry


def _to_leave(row: models.LeaveEntry) -> Leave:
    return Leave(row.person_id, row.starts, row.ends, row.kind, id=row.id)


def list_leaves(s: Session, *, ending_after: dt.date | None = None) -> list[Leave]:
    """Every stored leave (or those still running on or after ``ending_after``), by start."""
    query = select(L).order_by(L.starts, L.person_id, L.id)
    if ending_after is not None:
        query = query.where(L.ends >= ending_after)
    return [_to_leave(r) for r in s.scalars(query)]


def insert(s: Session, leaves: Iterable[Leave]) -> list[Leave]:
    """Store ``leaves`` (under their own ids when they have one: an undo puts one back)."""
    rows = []
    for lv in leaves:
        row = L(person_id=lv.person_id, starts=lv.start, ends=lv.end, kind=lv.reason[:40])
        if lv.id is not None:
            row.id = lv.id
        s.add(row)
        rows.append(row)
    s.flush()
    return [_to_leave(r) for r in rows]


def remove(s: Session, ids: Iterable[int]) -> list[Leave]:
    """Delete the leaves with ``ids``; returns what was deleted."""
    ids = list(ids)
    rows = list(s.scalars(select(L).where(L.id.in_(ids))))
    taken = [_to_leave(r) for r in rows]
    s.execute(delete(L).where(L.id.in_(ids)))
    return taken
