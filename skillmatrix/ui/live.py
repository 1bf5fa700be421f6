"""Seeing the others: changes another window, program or manager commits show here too.

A worker thread (never the UI thread) waits on ``services.feed.ChangeWatcher`` (SQLite's
``data_version`` polled every :data:`POLL_SECONDS`, PostgreSQL's LISTEN) and reads what
changed (:class:`~skillmatrix.services.feed.Feed`). The UI thread gets a :class:`Batch`
and sends it through the context's ordinary signals, so the grid, the charts and the
risk panel patch themselves exactly as after an edit of this window:
rating cells -> ``ratingsChanged``; cycles, people, framework -> their reload signals.

Cells this window itself just announced are not announced twice: a stored value equal to
what the window last announced for the cell is dropped, and so is a value read before
this window's own newer edit of the cell (it would undo that edit on screen).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.ui import tasks
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.threads import thread_name

log = logging.getLogger(__name__)

#: Seconds between two looks at a SQLite file (and the longest LISTEN wait).
POLL_SECONDS = 0.25
#: Seconds before trying again after the watcher lost its connection (a server restart).
RETRY_SECONDS = 2.0
#: The worker starts this long after a database opens, once no load is running: the
#: first screen is read without SQLAlchemy, which the worker imports. It first reports
#: again what changed in the last :data:`LOOKBACK_SECONDS`, so nothing is missed meanwhile
#: (client clocks may differ a little on a server: a minute covers that).
START_MS = 800
LOOKBACK_SECONDS = 60.0
#: How long a closing window waits for the worker (a poll, or its first import, ends sooner).
STOP_LIVE_SECONDS = 5.0

Cell = tuple[int, int, int, str]


def _cell(change: RatingChange) -> Cell:
    return (change.cycle_id, change.person_id, change.competency_id, str(change.source))


def _values(change: RatingChange) -> tuple[Any, ...] | None:
    r = change.after
    return None if r is None else (r.level, r.not_applicable, r.interest, r.note)


@dataclass
class Batch:
    """What the worker found: changed cells (None: too many, reload), changed groups."""

    token: int
    started: int  # the window's own-edit counter when the worker began reading
    changes: list[RatingChange] | None = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    first: bool = False  # the look back at start: mostly what the views read already


class LiveUpdates(QObject):
    """Keeps one worker per open database and applies what it finds (see the module).

    Signals:
        arrived(object): a :class:`Batch`, emitted by the worker thread (queued here).
        applied(str): a short message after changes by others were shown (status bar).
    """

    arrived = Signal(object)
    applied = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._token = 0
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._own = 0  # counts this window's own announcements
        self._shown: dict[Cell, tuple[Any, ...] | None] = {}
        self._own_at: dict[Cell, int] = {}
        self._applying = False
        #: Looks at the database so far (tests wait for one instead of for a time).
        self.polls = 0
        self.arrived.connect(self._apply)
        ctx.databaseChanged.connect(self.restart)
        ctx.ratingsChanged.connect(self._remember)
        if ctx.db is not None:
            self.restart()

    # -- the worker ------------------------------------------------------------------------
    def restart(self) -> None:
        """Stop watching the old database and watch the current one."""
        self.stop()
        self._shown.clear()
        self._own_at.clear()
        db = self._ctx.db
        if db is None or not hasattr(db, "reading"):
            return
        token = self._token
        path = getattr(db, "path", None)
        if path is None:  # a server: SQLAlchemy is loaded already; LISTEN at once
            self._start(token, None)
            return
        # What the views are about to read, to compare with once the worker starts.
        signature = _file_signature(path)
        QTimer.singleShot(
            START_MS, self, lambda: tasks.when_idle(lambda: self._start(token, signature))
        )

    def _start(self, token: int, signature: dict[str, int] | None) -> None:
        db = self._ctx.db
        if token != self._token or db is None or self._thread is not None:
            return  # another database by now, or stopped
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(db, token, self._stop, signature),
            name=thread_name("live"),
            daemon=True,  # never holds the app open; it stops within POLL_SECONDS anyway
        )
        self._thread.start()

    def stop(self, wait: float = 0.0) -> None:
        """Stop the worker (it ends within :data:`POLL_SECONDS`).

        With ``wait``, join it for up to that many seconds: at quit, a thread still emitting
        into Qt or importing while the interpreter and QApplication are torn down aborts the
        process.
        """
        if self._stop is not None:
            self._stop.set()
        thread, self._stop, self._thread = self._thread, None, None
        self._token += 1  # whatever it still sends is dropped
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(wait)

    @property
    def running(self) -> bool:
        """True while the watcher thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def _run(
        self, db: Any, token: int, stop: threading.Event, signature: dict[str, int] | None
    ) -> None:
        from skillmatrix.services.feed import ChangeWatcher, Feed

        watcher: ChangeWatcher | None = None
        feed: Feed | None = None
        while not stop.is_set():
            try:
                if watcher is None:
                    watcher = ChangeWatcher(db, signature=signature)
                    signature = None  # a later reconnect compares with its own start
                    if feed is None:  # first what changed while the first screen loaded
                        feed = Feed(db, lookback=LOOKBACK_SECONDS)
                        self._send(token, stop, feed, set(), first=True)
                    else:  # reconnected: notifications may have been missed meanwhile
                        self._send(token, stop, feed, {"cycles", "people", "framework"})
                if watcher.wait(POLL_SECONDS) and not stop.is_set():
                    self._send(token, stop, feed, watcher.changed_groups())
            except Exception as exc:  # a lost connection, a server restart: keep watching
                if stop.is_set():
                    break
                log.info("live updates paused: %s", exc)
                if watcher is not None:
                    watcher.close()
                watcher = None
                stop.wait(RETRY_SECONDS)
        if watcher is not None:
            watcher.close()

    def _send(
        self, token: int, stop: threading.Event, feed: Any, groups: set[str], first: bool = False
    ) -> None:
        started = self._own
        changes = feed.poll()
        if not stop.is_set() and (changes is None or changes or groups):
            self.arrived.emit(Batch(token, started, changes, groups, first))
        self.polls += 1

    # -- the UI thread ---------------------------------------------------------------------
    def _remember(self, changes: list[RatingChange]) -> None:
        """Every announced change (this window's edits and ours): what each cell shows."""
        if not self._applying:
            self._own += 1
        for change in changes or ():
            key = _cell(change)
            self._shown[key] = _values(change)
            if not self._applying:
                self._own_at[key] = self._own

    def _apply(self, batch: Batch) -> None:
        if batch.token != self._token or self._ctx.db is None:
            return  # from a database no longer open
        ctx = self._ctx
        if batch.changes is None or {"cycles", "people", "framework"} & batch.groups:
            self.reload(batch.groups or {"cycles", "people", "framework"})
            if batch.changes is None:
                self.applied.emit("Reloaded: many changes by others")
                return
        news = [
            ch
            for ch in batch.changes
            if self._own_at.get(_cell(ch), 0) <= batch.started
            and (_cell(ch) not in self._shown or self._shown[_cell(ch)] != _values(ch))
        ]
        if news or "reviews" in batch.groups:
            self._applying = True
            try:
                ctx.ratingsChanged.emit(news)
            finally:
                self._applying = False
        if news and not batch.first:
            self.applied.emit(_describe(news))

    def reload(self, groups: set[str]) -> None:
        """Reload the views for the changed groups (people, cycles, framework)."""
        ctx = self._ctx
        if {"cycles", "people", "framework"} <= groups:
            ctx.refresh()
            return
        ctx.reset_access()
        if "cycles" in groups:
            ctx.cyclesChanged.emit()
        if "people" in groups:
            ctx.peopleChanged.emit()
        if "framework" in groups:
            ctx.frameworkChanged.emit()


def _file_signature(path: Any) -> dict[str, int] | None:
    """``store.notify.sqlite_signature`` of a SQLite file, or None when it cannot be read now.

    Stdlib only: the first screen is read without SQLAlchemy.
    """
    import sqlite3

    from skillmatrix.store.notify import sqlite_signature
    from skillmatrix.store.uri import sqlite_uri

    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            return sqlite_signature(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _describe(changes: list[RatingChange]) -> str:
    who = sorted({c.after.rated_by for c in changes if c.after is not None and c.after.rated_by})
    by = f" by {', '.join(who[:3])}" + ("…" if len(who) > 3 else "") if who else ""
    n = len(changes)
    return f"Updated: {n} rating{'s' if n != 1 else ''} changed{by}"
