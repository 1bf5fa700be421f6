"""Work for what is on screen, off the UI thread, where only the latest request counts.

The scope or the ratings change while a computation runs; its result is then stale and
must not be shown. :class:`LatestOnly` runs one job at a time in its own thread pool and
delivers, on the UI thread, the outcome of the newest request only. Used by the risk
panel (:mod:`~skillmatrix.ui.insights.risk_worker`) and the decision pages
(:mod:`~skillmatrix.ui.insights.decisions.page`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from skillmatrix.core.errors import SkillMatrixError

Job = Callable[[], object]


def one_line(error: Exception) -> str:
    """What the user reads about ``error``.

    Our own errors say it themselves; anything else (a bug) is named by its type.
    """
    if isinstance(error, SkillMatrixError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class _Relay(QObject):
    """Lives in the UI thread; the job emits through it (a queued connection)."""

    done = Signal(object, object, bool)  # (result or exception, token, ok)


class LatestOnly(QObject):
    """Runs submitted jobs one at a time in a thread, delivering only the latest outcome.

    A job superseded while it waits never runs; one superseded while it runs has its outcome
    dropped.

    Args:
        after_each: called in the thread after each job that ran, once the job (and what
            it held) is released, before its outcome is delivered.

    Signals:
        ready(object, object): (result, token) of the latest request, on the UI thread.
        failed(object, object): (the exception the job raised, token), on the UI thread.
    """

    ready = Signal(object, object)
    failed = Signal(object, object)

    def __init__(
        self, parent: QObject | None = None, *, after_each: Callable[[], None] | None = None
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._after_each = after_each
        self._latest: object = None

    @property
    def latest(self) -> object:
        """The token of the request not yet delivered (None when none)."""
        return self._latest

    def submit(self, job: Job, token: object) -> None:
        """Run ``job`` for ``token``; an earlier request's outcome is dropped."""
        self._latest = token
        relay, after_each = self._relay, self._after_each
        # The job rides in a list emptied as it starts: the pool (or PySide's wrapper of
        # the callable) may keep ``run`` after it ran, and it must not keep what the job
        # holds (a superseded snapshot is tens of MB at 20,000 people) alive with it.
        held = [job]
        del job

        def run() -> None:
            work = held.pop()
            if token != self._latest:  # superseded while it waited for the thread
                return
            outcome: object
            try:
                outcome, ok = work(), True
            except Exception as exc:  # delivered to the UI thread, never lost in this one
                outcome, ok = exc, False
            del work
            if after_each is not None:
                after_each()
            relay.done.emit(outcome, token, ok)
            del outcome  # the UI thread's copy of the reference is the only one left

        self._pool.start(run)

    def cancel(self) -> None:
        """Drop the outcome of the running request."""
        self._latest = None

    def wait(self) -> None:
        """Block until the thread is idle (tests, closing)."""
        self._pool.waitForDone()

    def _on_done(self, outcome: object, token: object, ok: bool) -> None:
        if token != self._latest:
            return  # stale: the ratings or the scope changed since it was asked for
        self._latest = None
        if ok:
            self.ready.emit(outcome, token)
        else:
            self.failed.emit(outcome, token)
