"""The lists every screen opens with (teams, cycles, a cycle's review steps).

They are read through ``db.reader()``: the stdlib driver on a SQLite file, the ORM on
other back ends. ``services.people`` and ``services.cycles`` re-export these; the start-up
path of the app imports them from here so that SQLAlchemy stays out of its first screen.
"""

from __future__ import annotations

from skillmatrix.core.model import Cycle, Team
from skillmatrix.core.review import StoredReview
from skillmatrix.store.database import Database


def list_teams(db: Database) -> list[Team]:
    """Every team, by name ignoring case."""
    with db.reader() as read:
        return read.list_teams()


def list_cycles(db: Database) -> list[Cycle]:
    """Every cycle, oldest first."""
    with db.reader() as read:
        return read.list_cycles()


def latest_cycle(db: Database) -> Cycle | None:
    """The most recent cycle, or None when there is none yet."""
    with db.reader() as read:
        return read.latest_cycle()


def stored_reviews(db: Database, cycle_id: int) -> dict[int, StoredReview]:
    """Person id -> the review steps recorded in ``cycle_id``.

    The Assess toolbar's count needs them on the first screen.
    """
    with db.reader() as read:
        return read.stored_reviews(cycle_id)
