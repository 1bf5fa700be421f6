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

from PySide6.QtCore import QObject

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.ui.insights.risk_facts import compute
from skillmatrix.ui.latest import LatestOnly


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's ``malloc_trim`` (glibc), or None (another C library or platform)."""
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


def _raise(error: Exception, token: object) -> None:
    raise error  # a bug in the analysis surfaces on the UI thread, as before the worker


class RiskWorker(LatestOnly):
    """Computes :class:`RiskFacts` for the latest requested snapshot in a thread.

    Signals:
        ready(object, object): (facts, token) of the latest request, on the UI thread.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        # looked up when called, not now: the tests replace it
        super().__init__(parent, after_each=lambda: release_free_memory())
        self.failed.connect(_raise)

    @property
    def pending(self) -> object:
        """The token of the request still running (None when none)."""
        return self.latest

    def request(
        self, snapshot: Snapshot, token: object, leaves: Any = None, trusted_only: bool = False
    ) -> None:
        """Compute the facts of ``snapshot``; an earlier request's result is dropped.

        With the stored ``leaves``; confirmed ratings only when ``trusted_only``.
        """
        from skillmatrix.ui import settings

        stale_after = settings.stale_after()  # read here: QSettings stays on the UI thread
        job = functools.partial(compute, snapshot, leaves, stale_after, trusted_only)
        self.submit(job, token)
