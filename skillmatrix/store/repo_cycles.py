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
        version=row.version,
    )


def cycle_row(s: Session, key: int | str) -> models.Cycle:
    """A cycle by id (int) or name (str, any case).

    Raises:
        NotFoundError: no such cycle; the message lists existing names.
    """
    return find(s, models.Cycle, key, "cycle")


#: Advisory lock class of cycle locks (PostgreSQL): (class, cycle id) guards one cycle's
#: open/closed state, (class, 0) the start of a new cycle.
CYCLE_LOCK_CLASS = 0x534D  # "SM"
_STARTING = 0


def lock_cycle(s: Session, cycle_id: int, *, exclusive: bool) -> None:
    """Hold a lock on a cycle until the transaction ends (PostgreSQL).

    SQLite's ``BEGIN IMMEDIATE`` already serialises every write.

    Every rating write holds it shared, so many managers rate at once; closing a cycle,
    and carrying it forward into the next, hold it exclusive: they wait for the ratings
    being written to commit, and a rating arriving meanwhile waits and then sees the
    cycle closed. An advisory lock rather than ``SELECT ... FOR SHARE``: a row lock on
    ``cycles`` needs the UPDATE privilege, which managers (read-only on cycles) lack.
    The lock timeout applies to the wait.
    """
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        return
    fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    conn.exec_driver_sql(f"SELECT {fn}(%s::int, %s::int)", (CYCLE_LOCK_CLASS, int(cycle_id)))


def lock_cycle_starts(s: Session) -> None:
    """Serialise starting cycles: a second start waits and then sees the first's cycle."""
    lock_cycle(s, _STARTING, exclusive=True)


def locked_cycle_row(s: Session, key: int | str, *, exclusive: bool) -> models.Cycle:
    """A cycle read after taking its lock (see :func:`lock_cycle`), fresh from the database."""
    row = cycle_row(s, key)
    lock_cycle(s, row.id, exclusive=exclusive)
    fresh = s.get(models.Cycle, row.id, populate_existing=True)
    if fresh is None:  # deleted while we waited
        return cycle_row(s, row.id)
    return fresh


def writable_cycle_row(s: Session, cycle_id: int, *, what: str = "its ratings") -> models.Cycle:
    """A cycle that may be changed, checked open under its (shared) lock.

    It cannot be closed or carried forward until this transaction ends. ``what``: the
    refusal's words for what cannot change ("its review steps").

    Raises:
        NotFoundError: no such cycle.
        ReadOnlyError: the cycle is closed.
    """
    lock_cycle(s, cycle_id, exclusive=False)
    row = s.get(models.Cycle, cycle_id, populate_existing=True)
    if row is None:
        row = cycle_row(s, cycle_id)  # NotFoundError listing the names
    if row.closed:
        raise ReadOnlyError(f"cycle {row.name} is closed; reopen it to change {what}")
    return row


def list_cycles(s: Session) -> list[Cycle]:
    """Every cycle, oldest first."""
    return [to_cycle(r) for r in s.scalars(select(models.Cycle).order_by(*_CHRONOLOGICAL))]


def latest_cycle_row(s: Session) -> models.Cycle | None:
    """The most recent cycle (latest start date, then the last created)."""
    return s.scalars(
        select(models.Cycle).order_by(*(col.desc() for col in _CHRONOLOGICAL)).limit(1)
    ).first()
