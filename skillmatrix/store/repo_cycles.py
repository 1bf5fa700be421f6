"""Assessment cycles (quarters)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ReadOnlyError
from skillmatrix.core.model import Cycle
from skillmatrix.store import models
from skillmatrix.store.lookup import find

# Chronological order; a cycle without a start date counts as older than any dated one
# (spelled out with IS NULL because NULLS FIRST/LAST differ between back ends).
_CHRONOLOGICAL = (
    models.Cycle.starts_on.is_not(None),
    models.Cycle.starts_on,
    models.Cycle.id,
)


def to_cycle(row: models.Cycle) -> Cycle:
    """The plain record of a cycle row."""
    return Cycle(
        id=row.id,
        name=row.name,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        closed=row.closed,
        due_on=row.due_on,
    )


def cycle_row(s: Session, key: int | str) -> models.Cycle:
    """A cycle by id (int) or name (str, any case).

    Raises:
        NotFoundError: no such cycle; the message lists existing names.
    """
    return find(s, models.Cycle, key, "cycle")


def writable_cycle_row(s: Session, cycle_id: int) -> models.Cycle:
    """A cycle that may be changed.

    Raises:
        NotFoundError: no such cycle.
        ReadOnlyError: the cycle is closed.
    """
    row = cycle_row(s, cycle_id)
    if row.closed:
        raise ReadOnlyError(f"cycle {row.name} is closed; reopen it to change its ratings")
    return row


def list_cycles(s: Session) -> list[Cycle]:
    """Every cycle, oldest first."""
    return [to_cycle(r) for r in s.scalars(select(models.Cycle).order_by(*_CHRONOLOGICAL))]


def latest_cycle_row(s: Session) -> models.Cycle | None:
    """The most recent cycle (latest start date, then the last created)."""
    return s.scalars(
        select(models.Cycle).order_by(*(col.desc() for col in _CHRONOLOGICAL)).limit(1)
    ).first()
