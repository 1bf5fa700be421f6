"""The risk panel's facts computed off the UI thread.

At 5,000 people the analytics behind the panel (coverage, mentor pairs, per-team
breakdown) take about half a second; run on the UI thread after every pause in editing,
they froze the window that long. Here they run in a worker thread; only the result of
the latest request is delivered, so a result computed from ratings that have changed
since is dropped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.ui.insights.risk_facts import RiskFacts, compute

#: Snapshots with at least this many cells are analysed in the worker thread (below, the
#: panel's facts take a few milliseconds and are computed at once).
BACKGROUND_CELLS = 100_000


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None (another C library or platform)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    return trim


def release_free_memory() -> None:
    """Hand the memory the analysis freed back to the system.

    The worker thread allocates from its own glibc arena; the analysis's temporaries (a
    few MB each, under glibc's adaptive mmap threshold) stay in it once freed, so the
    process kept them resident: 23 MB at 5,000 people, about 90 MB at 20,000, after every
    result was delivered. ``malloc_trim`` returns the free pages of every arena.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class _Relay(QObject):
    """Lives in the UI thread; the worker emits through it (a queued connection)."""

    done = Signal(object, object)  # (RiskFacts or the exception, token)


class RiskWorker(QObject):
    """Computes :class:`RiskFacts` for the latest requested snapshot in a thread.

    Signals:
        ready(object, object): (facts, token) of the latest request, on the UI thread.
    """

    ready = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._latest: object = None

    @property
    def pending(self) -> object:
        """The token of the request still running (None when none)."""
        return self._latest

    def request(self, snapshot: Snapshot, token: object, leaves: Any = None) -> None:
        """Compute the facts of ``snapshot`` (with the stored ``leaves``); an earlier
        request's result is dropped."""
        self._latest = token
        relay = self._relay
        from skillmatrix.ui import settings

        stale_after = settings.stale_after()  # read here: QSettings stays on the UI thread
        # The inputs ride in a list the job empties as it starts: the pool (or PySide's
        # wrapper of the callable) may keep the closure after it ran, and it must not keep
        # a superseded snapshot (tens of MB at 20,000 people) alive with it.
        job: list[Any] = [snapshot, leaves]
        del snapshot, leaves

        def run() -> None:
            snap, held = job
            job.clear()
            if token != self._latest:  # superseded while it waited for the thread
                return
            result: Any
            try:
                result = compute(snap, held, stale_after)
            except Exception as exc:  # handed to the UI thread, which raises it
                result = exc
            del snap, held
            release_free_memory()  # the temporaries are gone; the result stays
            relay.done.emit(result, token)
            del result  # the UI thread's copy of the reference is the only one left

        self._pool.start(run)

    def cancel(self) -> None:
        """Drop the result of the running request."""
        self._latest = None

    def wait(self) -> None:
        """Block until the worker thread is idle (tests, shutdown)."""
        self._pool.waitForDone()

    def _on_done(self, result: RiskFacts | Exception, token: object) -> None:
        if token != self._latest:
            return  # stale: the ratings or the scope changed since it was asked for
        self._latest = None
        if isinstance(result, Exception):
            raise result
        self.ready.emit(result, token)
