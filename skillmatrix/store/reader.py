"""The reads every screen opens with, behind one interface the ``Database`` picks once.

A SQLite file is read with the stdlib driver (:class:`DirectReader`, over ``store.direct``):
importing SQLAlchemy and mapping the models costs ~0.35 s that the first screen does not
need. Every other back end (and a SQLite file opened with ``direct_reads=False``) is read
through the ORM (``store.reader_orm.OrmReader``, imported only when used). Services ask
``db.reader()`` and never branch on the back end; ``tests/store/test_store_direct.py``
checks both readers return the same records from the same files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Protocol

from skillmatrix.core.model import Cycle, Source, Team
from skillmatrix.core.review import StoredReview
from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.store import direct

#: SQLite virtual-machine steps between two polls of ``cancelled`` (microseconds apart).
POLL_STEPS = 1_000


class Reader(Protocol):
    """One read transaction's view of the database (see the module docstring)."""

    def load_scale(self) -> Scale:
        """The database's scale, lowest level first."""
        ...

    def list_teams(self) -> list[Team]:
        """Every team, by name ignoring case."""
        ...

    def list_cycles(self) -> list[Cycle]:
        """Every cycle, oldest first."""
        ...

    def latest_cycle(self) -> Cycle | None:
        """The most recent cycle, or None when there is none yet."""
        ...

    def stored_reviews(self, cycle_id: int) -> dict[int, StoredReview]:
        """Person id -> the review steps recorded in ``cycle_id``."""
        ...

    def snapshot_size(self, team: str | None) -> tuple[int, int]:
        """(active people, competencies) of a snapshot of ``team`` (None: everybody)."""
        ...

    def load_snapshot(
        self,
        *,
        cycle: str | int | None,
        team: str | int | None,
        source: Source,
        include_inactive: bool,
        scale: Scale,
        cancelled: Callable[[], bool] | None = None,
    ) -> Snapshot:
        """The snapshot of ``cycle`` (None: the latest; no cycle yet: all NaN).

        Raises:
            NotFoundError: unknown cycle or team.
        """
        ...


class DirectReader:
    """:class:`Reader` over one stdlib connection to a SQLite file (``store.direct``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def load_scale(self) -> Scale:
        """The database's scale, lowest level first."""
        return direct.load_scale(self.conn)

    def list_teams(self) -> list[Team]:
        """Every team, by name ignoring case."""
        return direct.list_teams(self.conn)

    def list_cycles(self) -> list[Cycle]:
        """Every cycle, oldest first."""
        return direct.list_cycles(self.conn)

    def latest_cycle(self) -> Cycle | None:
        """The most recent cycle, or None when there is none yet."""
        return direct.latest_cycle(self.conn)

    def stored_reviews(self, cycle_id: int) -> dict[int, StoredReview]:
        """Person id -> the review steps recorded in ``cycle_id``."""
        return direct.stored_reviews(self.conn, cycle_id)

    def snapshot_size(self, team: str | None) -> tuple[int, int]:
        """(active people, competencies) of a snapshot of ``team`` (None: everybody)."""
        return direct.snapshot_size(self.conn, team)

    def find_cycle(self, cycle: str | int | None) -> Cycle | None:
        """``cycle`` by id or name; None: the latest (None when there is none yet)."""
        if cycle is None:
            return direct.latest_cycle(self.conn)
        return direct.get_cycle(self.conn, cycle)

    def load_snapshot(
        self,
        *,
        cycle: str | int | None,
        team: str | int | None,
        source: Source,
        include_inactive: bool,
        scale: Scale,
        cancelled: Callable[[], bool] | None = None,
    ) -> Snapshot:
        """The snapshot of ``cycle``; ``cancelled`` returning True interrupts the read.

        The interrupted read raises DatabaseError, so a closing window stops a big load
        at once.
        """
        self.poll(cancelled)
        return direct.load_snapshot(
            self.conn,
            cycle=self.find_cycle(cycle),
            team=team,
            source=source,
            include_inactive=include_inactive,
            scale=scale,
        )

    def poll(self, cancelled: Callable[[], bool] | None) -> None:
        """Have SQLite call ``cancelled`` every few steps; True interrupts the statement."""
        if cancelled is not None:
            self.conn.set_progress_handler(lambda: int(cancelled()), POLL_STEPS)
