"""The lists every screen opens with (teams, cycles, a cycle's review steps).

Read without SQLAlchemy from a SQLite file (``store.direct``) and through the ORM from other
back ends.

``services.people`` and ``services.cycles`` re-export these; the start-up path of the
app imports them from here so that SQLAlchemy stays out of its first screen.
"""

from __future__ import annotations

from skillmatrix.core.model import Cycle, Team
from skillmatrix.core.review import StoredReview
from skillmatrix.store import direct
from skillmatrix.store.database import Database


def list_teams(db: Database) -> list[Team]:
    """Every team, by name ignoring case."""
    with db.direct() as conn:
        if conn is not None:
            return direct.list_teams(conn)
    from skillmatrix.store import repo_people

    with db.reading() as s:
        return repo_people.list_teams(s)


def list_cycles(db: Database) -> list[Cycle]:
    """Every cycle, oldest first."""
    with db.direct() as conn:
        if conn is not None:
            return direct.list_cycles(conn)
    from skillmatrix.store import repo_cycles

    with db.reading() as s:
        return repo_cycles.list_cycles(s)


def latest_cycle(db: Database) -> Cycle | None:
    """The most recent cycle, or None when there is none yet."""
    with db.direct() as conn:
        if conn is not None:
            return direct.latest_cycle(conn)
    from skillmatrix.store import repo_cycles

    with db.reading() as s:
        row = repo_cycles.latest_cycle_row(s)
        return repo_cycles.to_cycle(row) if row else None


def stored_reviews(db: Database, cycle_id: int) -> dict[int, StoredReview]:
    """Person id -> the review steps recorded in ``cycle_id``.

    The Assess toolbar's count needs them on the first screen.
    """
    with db.direct() as conn:
        if conn is not None:
            return direct.stored_reviews(conn, cycle_id)
    from skillmatrix.store import repo_reviews

    with db.reading() as s:
        return repo_reviews.stored_reviews(s, cycle_id)
