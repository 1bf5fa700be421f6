"""Review-progress rows: read a cycle's, and record a step for many people at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.review import StoredReview
from skillmatrix.store import models

#: The steps that can be recorded, by their column.
STEPS = ("form_sent_on", "returned_on", "reviewed_on", "agreed_on")


def stored_reviews(s: Session, cycle_id: int) -> dict[int, StoredReview]:
    """Person id -> the dates recorded in ``cycle_id``."""
    RS = models.ReviewState
    rows = s.execute(
        select(RS.person_id, RS.form_sent_on, RS.returned_on, RS.reviewed_on, RS.agreed_on).where(
            RS.cycle_id == cycle_id
        )
    )
    return {pid: StoredReview(*dates) for pid, *dates in rows}


def record_step(
    s: Session, cycle_id: int, person_ids: Iterable[int], step: str, day: dt.date | None
) -> int:
    """Set ``step`` (one of :data:`STEPS`) to ``day`` for each person (None clears it).

    Returns:
        How many people's row changed.
    """
    if step not in STEPS:
        raise ValueError(f"unknown review step {step!r}")
    ids = sorted(set(person_ids))
    found: dict[int, models.ReviewState] = {}
    for start in range(0, len(ids), 500):  # under every back end's bind limit
        found.update(
            (row.person_id, row)
            for row in s.scalars(
                select(models.ReviewState).where(
                    models.ReviewState.cycle_id == cycle_id,
                    models.ReviewState.person_id.in_(ids[start : start + 500]),
                )
            )
        )
    changed = 0
    for pid in ids:
        row = found.get(pid)
        if row is None:
            if day is None:
                continue
            row = models.ReviewState(cycle_id=cycle_id, person_id=pid)
            s.add(row)
        if getattr(row, step) != day:
            setattr(row, step, day)
            changed += 1
    return changed
