"""Load the dense picture of one cycle that the grid, analytics and reports read.

This module and ``services.reads`` import no SQLAlchemy: a SQLite file is read with the
stdlib driver (``store.direct``), other back ends through the ORM, imported on use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from skillmatrix.core.model import Source
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.store import direct, direct_stream
from skillmatrix.store.database import Database

Head = direct_stream.Head

#: SQLite virtual-machine steps between two polls of ``cancelled`` (microseconds apart).
_POLL_STEPS = 1_000


def load_snapshot(
    db: Database,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    source: Source | str = Source.MANAGER,
    include_inactive: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> Snapshot:
    """Ratings of a cycle as (people x competencies) arrays, plus targets and notes.

    Args:
        db: the database.
        cycle: name or id; None = the latest cycle (no cycle yet gives an all-NaN snapshot
            with ``cycle=None``).
        team: only this team's people (name or id); None = everyone.
        source: manager ratings or self-assessments.
        include_inactive: also people marked as left.
        cancelled: polled while a SQLite file is read; True interrupts the read, which
            then raises DatabaseError (a closing window stops a big load at once).

    Raises:
        NotFoundError: unknown cycle or team.
    """
    scale = db.scale
    with db.direct() as conn:
        if conn is not None:
            if cancelled is not None:  # SQLite calls it every N steps; non-zero interrupts
                conn.set_progress_handler(lambda: int(cancelled()), _POLL_STEPS)
            found = direct.latest_cycle(conn) if cycle is None else direct.get_cycle(conn, cycle)
            return direct.load_snapshot(
                conn,
                cycle=found,
                team=team,
                source=Source(source),
                include_inactive=include_inactive,
                scale=scale,
            )
    from skillmatrix.store import repo_cycles
    from skillmatrix.store.repo_snapshot import load_snapshot as load_orm

    with db.reading() as s:
        row = repo_cycles.latest_cycle_row(s) if cycle is None else repo_cycles.cycle_row(s, cycle)
        return load_orm(
            s,
            cycle=row,
            team=team,
            source=Source(source),
            include_inactive=include_inactive,
            scale=scale,
        )


def stream_snapshot(
    db: Database,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    source: Source | str = Source.MANAGER,
    order: direct_stream.Order | None = None,
    head: direct_stream.Head | None = None,
    first: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[direct_stream.Batch] | None:
    """``load_snapshot`` a few people at a time (see ``store.direct_stream``).

    Yields ``Batch``es, ``order``'s people first (after a ``head`` snapshot of only the
    first people, if asked). None when the database is not a SQLite file (load it whole
    then).

    Raises (while iterating):
        NotFoundError: unknown cycle or team.
        DatabaseError: the read failed or ``cancelled`` returned True.
    """
    if db.path is None or not db.direct_reads:
        return None
    scale = db.scale

    def steps() -> Iterator[direct_stream.Batch]:
        with db.direct() as conn:
            assert conn is not None
            if cancelled is not None:
                conn.set_progress_handler(lambda: int(cancelled()), _POLL_STEPS)
            found = direct.latest_cycle(conn) if cycle is None else direct.get_cycle(conn, cycle)
            yield from direct_stream.stream_snapshot(
                conn,
                cycle=found,
                team=team,
                source=Source(source),
                include_inactive=False,
                scale=scale,
                order=order,
                head=head,
                first=first,
            )

    return steps()


def snapshot_size(db: Database, *, team: str | None = None) -> tuple[int, int]:
    """(active people, competencies) a snapshot of ``team`` would hold, from two COUNTs.

    Cheap enough to decide whether loading it belongs in a background thread.
    """
    with db.direct() as conn:
        if conn is not None:
            return direct.snapshot_size(conn, team)
    from sqlalchemy import func, select

    from skillmatrix.store import models

    with db.reading() as s:
        people = select(func.count()).select_from(models.Person).where(models.Person.active)
        if team is not None:
            people = people.join(models.Team, models.Person.team_id == models.Team.id).where(
                func.lower(models.Team.name) == team.strip().lower()
            )
        competencies = select(func.count()).select_from(models.Competency)
        return int(s.scalar(people) or 0), int(s.scalar(competencies) or 0)
