"""The change feed: what other windows, programs or managers changed since we last looked.

Every rating change appends a ``rating_history`` row in its own transaction, so the feed is
"history rows after the last id seen": the cells they name are read back as they are
stored now and handed to the views as ordinary ``RatingChange`` records (the same door as
the window's own edits). A :class:`ChangeWatcher` waits for news cheaply: SQLite's
``PRAGMA data_version`` on a connection of its own (it changes only when another
connection commits), PostgreSQL's LISTEN on :data:`CHANNEL` (writers NOTIFY it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from sqlalchemy import func, select, tuple_

from skillmatrix.core.model import Source
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.store import models, repo_ratings
from skillmatrix.store.database import Database
from skillmatrix.store.uri import sqlite_uri

CHANNEL = repo_ratings.NOTIFY_CHANNEL
#: More changes than this at once: the views reload instead of patching cell by cell.
MAX_PATCH = 20_000

H = models.RatingHistory


def latest_change(db: Database) -> int:
    """The id of the newest history row (0 when there is none)."""
    with db.session() as s:
        return int(s.scalar(select(func.max(H.id))) or 0)


def changes_since(db: Database, last: int) -> tuple[int, list[RatingChange] | None]:
    """(newest id, the changed cells as stored now) after history row ``last``; the list is
    None when more than :data:`MAX_PATCH` cells changed (reload everything instead)."""
    with db.session() as s:
        rows = s.execute(
            select(H.cycle_id, H.person_id, H.competency_id, H.source, func.max(H.id))
            .where(H.id > last)
            .group_by(H.cycle_id, H.person_id, H.competency_id, H.source)
            .limit(MAX_PATCH + 1)
        ).all()
        if not rows:
            return last, []
        newest = max(r[4] for r in rows)
        if len(rows) > MAX_PATCH:
            return int(s.scalar(select(func.max(H.id))) or newest), None
        R = repo_ratings.R
        keys = [(c, p, k, src) for c, p, k, src, _ in rows]
        stored: dict[tuple[int, int, int, str], Any] = {}
        for start in range(0, len(keys), 400):
            chunk = keys[start : start + 400]
            for row in s.execute(
                repo_ratings._select()
                .add_columns(R.cycle_id)
                .where(tuple_(R.cycle_id, R.person_id, R.competency_id, R.source).in_(chunk))
            ):
                stored[(row.cycle_id, row.person_id, row.competency_id, row.source)] = row
        changes = [
            RatingChange(
                c,
                p,
                k,
                Source(src),
                None,  # before: unknown here; the views only need what is stored now
                repo_ratings.to_rating(stored[(c, p, k, src)])
                if (c, p, k, src) in stored
                else None,
            )
            for c, p, k, src in keys
        ]
        return int(newest), changes


class ChangeWatcher:
    """Blocks (in a worker thread) until the database may have changed, cheaply.

    Call :meth:`wait` in a loop; it returns True when it is worth asking
    :func:`changes_since`, False after ``timeout`` seconds of quiet. Close it when done.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._version: int | None = None
        if db.path is not None:
            self._sqlite = sqlite3.connect(
                sqlite_uri(db.path, mode="ro"), uri=True, check_same_thread=False
            )
        elif db.url.get_backend_name() == "postgresql":
            import psycopg

            dsn = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._pg = psycopg.connect(dsn, autocommit=True, connect_timeout=5)
            self._pg.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float = 1.0) -> bool:
        if self._sqlite is not None:
            import time

            time.sleep(timeout)
            version = self._sqlite.execute("PRAGMA data_version").fetchone()[0]
            changed = self._version is not None and version != self._version
            self._version = version
            return changed
        if self._pg is not None:
            return any(True for _ in self._notifies(timeout))
        import time

        time.sleep(timeout)
        return True  # another back end: just poll

    def _notifies(self, timeout: float) -> Iterator[Any]:
        yield from self._pg.notifies(timeout=timeout, stop_after=1)

    def close(self) -> None:
        for conn in (self._sqlite, self._pg):
            if conn is not None:
                with suppress(Exception):
                    conn.close()
