"""The change feed: what other windows, programs or managers changed since we last looked.

Every rating change appends a ``rating_history`` row in its own transaction, so the feed is
"history rows not seen yet": the cells they name are read back as they are stored now and
handed to the views as ordinary ``RatingChange`` records (the same door as the window's
own edits). Other changes (cycles, people, the framework, review steps) come as group
names (``store.notify``). A :class:`ChangeWatcher` waits for news cheaply: SQLite's
``PRAGMA data_version`` on a connection of its own (it changes only when another
connection commits), PostgreSQL's LISTEN on the channels writers NOTIFY.

Why "not seen" rather than "after the last id": on PostgreSQL ids come from a sequence
when a row is written, not when it commits, so a long transaction can commit id 10 after
id 11 was read. :class:`Feed` keeps reading from the lowest id it may still be missing;
a gap that stays empty for :data:`GAP_SECONDS` (a rolled-back write, a row this login
may not see) is given up.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, tuple_

from skillmatrix.core.model import Source
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.store import models, notify, repo_ratings
from skillmatrix.store.database import Database
from skillmatrix.store.uri import sqlite_uri

CHANNEL = repo_ratings.NOTIFY_CHANNEL
#: More changes than this at once: the views reload instead of patching cell by cell.
MAX_PATCH = 20_000
#: Seconds after which a history id still missing is taken as never coming.
GAP_SECONDS = 60.0

H = models.RatingHistory
Cell = tuple[int, int, int, str]  # cycle, person, competency, source


def latest_change(db: Database, *, before: dt.datetime | None = None) -> int:
    """The id of the newest history row (0 when there is none).

    With ``before``, of the newest one written before then (walking the primary key back
    from the newest).
    """
    with db.reading() as s:
        if before is None:
            return int(s.scalar(select(func.max(H.id))) or 0)
        older = select(H.id).where(H.at < before).order_by(H.id.desc()).limit(1)
        return int(s.scalar(older) or 0)


def _stored(s: Any, keys: list[Cell]) -> list[RatingChange]:
    """The cells ``keys`` as stored now (``after`` None: no rating row)."""
    R = repo_ratings.R
    stored: dict[Cell, Any] = {}
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        for row in s.execute(
            repo_ratings._select()
            .add_columns(R.cycle_id)
            .where(tuple_(R.cycle_id, R.person_id, R.competency_id, R.source).in_(chunk))
        ):
            stored[(row.cycle_id, row.person_id, row.competency_id, row.source)] = row
    return [
        RatingChange(
            c,
            p,
            k,
            Source(src),
            None,  # before: unknown here; the views only need what is stored now
            repo_ratings.to_rating(stored[(c, p, k, src)]) if (c, p, k, src) in stored else None,
        )
        for c, p, k, src in keys
    ]


def changes_since(db: Database, last: int) -> tuple[int, list[RatingChange] | None]:
    """(newest id, the changed cells as stored now) after history row ``last``.

    The list is None when more than :data:`MAX_PATCH` cells changed (reload everything
    instead).
    """
    with db.reading() as s:
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
        return int(newest), _stored(s, [(c, p, k, src) for c, p, k, src, _ in rows])


@dataclass
class Feed:
    """The rating cells changed since the last :meth:`poll` (see the module docstring).

    Args:
        db: the database.
        lookback: seconds of history the first :meth:`poll` reports again (a window
            starts its feed after its first screen is read: what changed meanwhile must
            not be missed; cells reported twice hold the same stored values).

    Attributes:
        low: every history id up to this one has been seen (or given up).
    """

    db: Database
    lookback: float = 0.0
    clock: Callable[[], float] = time.monotonic
    low: int = -1
    _seen: set[int] = field(default_factory=set)
    _gaps: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.low < 0:
            since = models.utcnow() - dt.timedelta(seconds=self.lookback)
            self.low = latest_change(self.db, before=since if self.lookback > 0 else None)

    def poll(self) -> list[RatingChange] | None:
        """The cells with history rows not seen before, as stored now (one read transaction).

        None when more than :data:`MAX_PATCH` rows arrived at once (the views reload
        instead).
        """
        with self.db.reading() as s:
            rows = s.execute(
                select(H.id, H.cycle_id, H.person_id, H.competency_id, H.source)
                .where(H.id > self.low)
                .order_by(H.id)
                .limit(MAX_PATCH + 1)
            ).all()
            fresh = [r for r in rows if r[0] not in self._seen]
            if len(rows) > MAX_PATCH:
                self._restart(int(s.scalar(select(func.max(H.id))) or rows[-1][0]))
                return None
            self._seen.update(r[0] for r in fresh)
            self._advance()
            if not fresh:
                return []
            keys = list(dict.fromkeys((c, p, k, src) for _id, c, p, k, src in fresh))
            return _stored(s, keys)

    def _restart(self, newest: int) -> None:
        self.low = newest
        self._seen.clear()
        self._gaps.clear()

    def _advance(self) -> None:
        """Move ``low`` over the ids seen in a row, and over gaps old enough."""
        now = self.clock()
        top = max(self._seen, default=self.low)
        for missing in range(self.low + 1, top):
            if missing not in self._seen:
                self._gaps.setdefault(missing, now)
        while self.low < top:
            nxt = self.low + 1
            if nxt in self._seen:
                self._seen.discard(nxt)
            elif now - self._gaps.get(nxt, now) < GAP_SECONDS:
                break
            self._gaps.pop(nxt, None)
            self.low = nxt


class ChangeWatcher:
    """Blocks (in a worker thread) until the database may have changed, cheaply.

    Call :meth:`wait` in a loop; it returns True when it is worth polling the
    :class:`Feed`, False after ``timeout`` seconds of quiet. After a True,
    :meth:`changed_groups` names the other things that changed (``store.notify.GROUPS``).
    Close it when done.
    """

    def __init__(self, db: Database, *, signature: dict[str, int] | None = None) -> None:
        """Open a watcher on ``db``, starting from ``signature`` when given.

        ``signature``: SQLite's fingerprints when the views read (``store.notify``); a
        difference found now is reported by the first :meth:`wait`.
        """
        self._db = db
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._version: int | None = None
        self._signature: dict[str, int] | None = None
        self._tables: set[str] = set()
        self._pending = False
        if db.path is not None:
            self._sqlite = sqlite3.connect(
                sqlite_uri(db.path, mode="ro"), uri=True, check_same_thread=False
            )
            self._version = self._data_version()
            now = notify.sqlite_signature(self._sqlite)
            self._pending = signature is not None and signature != now
            self._signature = signature if self._pending else now
        elif db.url.get_backend_name() == "postgresql":
            self._pg = self._listen()

    def _listen(self) -> Any:
        import psycopg

        dsn = self._db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=5)
        conn.execute(f"LISTEN {CHANNEL}")
        conn.execute(f"LISTEN {notify.CHANGES_CHANNEL}")
        return conn

    def _data_version(self) -> int:
        assert self._sqlite is not None
        return int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float = 1.0) -> bool:
        """Wait up to ``timeout`` seconds for a change; True when the feed is worth polling."""
        if self._pending:
            self._pending = False
            return True
        if self._sqlite is not None:
            time.sleep(timeout)
            version = self._data_version()
            changed = self._version is not None and version != self._version
            self._version = version
            return changed
        if self._pg is not None:
            got = False
            for note in self._notifies(timeout):
                got = True
                if note.channel == notify.CHANGES_CHANNEL:
                    self._tables.add(note.payload)
            return got
        time.sleep(timeout)
        return True  # another back end: just poll

    def changed_groups(self) -> set[str]:
        """The groups changed since the last call.

        SQLite: by fingerprint; PostgreSQL: the tables that notified.
        """
        if self._sqlite is not None:
            signature = notify.sqlite_signature(self._sqlite)
            old, self._signature = self._signature or {}, signature
            return {g for g, crc in signature.items() if old.get(g) != crc}
        tables, self._tables = self._tables, set()
        return notify.groups_of(tables)

    def _notifies(self, timeout: float) -> Iterator[Any]:
        # Every notification already queued, then at most ``timeout`` for the first.
        yield from self._pg.notifies(timeout=timeout, stop_after=1)
        yield from self._pg.notifies(timeout=0.001)

    def close(self) -> None:
        """Close the watcher's connections."""
        for conn in (self._sqlite, self._pg):
            if conn is not None:
                with suppress(Exception):
                    conn.close()
