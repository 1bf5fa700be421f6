"""Load the dense picture of one cycle that the grid, analytics and reports read.

This module and ``services.reads`` import no SQLAlchemy: they read through
``db.reader()`` (``store.reader``), which imports the ORM only for other back ends.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

from skillmatrix.core.model import Source
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.store import direct_stream
from skillmatrix.store.database import Database
from skillmatrix.store.reader import DirectReader

Head = direct_stream.Head


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
    with db.reader() as read:
        return read.load_snapshot(
            cycle=cycle,
            team=team,
            source=Source(source),
            include_inactive=include_inactive,
            scale=scale,
            cancelled=cancelled,
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
) -> Generator[direct_stream.Batch, None, None] | None:
    """``load_snapshot`` a few people at a time (see ``store.direct_stream``).

    Yields ``Batch``es, ``order``'s people first (after a ``head`` snapshot of only the
    first people, if asked). None when the database is not a SQLite file (load it whole
    then).

    Raises (while iterating):
        NotFoundError: unknown cycle or team.
        DatabaseError: the read failed or ``cancelled`` returned True.
    """
    if not db.reads_direct:
        return None
    scale = db.scale

    def steps() -> Generator[direct_stream.Batch, None, None]:
        with db.direct() as conn:
            assert conn is not None
            read = DirectReader(conn)
            read.poll(cancelled)
            yield from direct_stream.stream_snapshot(
                conn,
                cycle=read.find_cycle(cycle),
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
    with db.reader() as read:
        return read.snapshot_size(team)
