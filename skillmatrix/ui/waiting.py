"""Writes from the UI thread that never wait there for another program's lock.

A write first runs on the UI thread with no wait at all (``Database.waiting(0)``): when
the file is free, as it nearly always is, an edit costs what it always did. When another
program (a command-line import, a second window) holds SQLite's write lock, the same call
runs again in a worker thread that waits up to :data:`WAIT_SECONDS`, while the UI thread
keeps repainting in a local event loop. Keyboard and mouse input is held back meanwhile
(Qt delivers it afterwards, in order), so the user's next keys land after this edit,
never before it. Only after the bounded wait is the write refused (``BusyError``).

A refused first attempt did nothing: a write transaction begins ``IMMEDIATE``, so being
locked out means it never started, and running it again is safe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from skillmatrix.core.errors import BusyError

T = TypeVar("T")

#: How long a write waits for another program's lock before it is refused.
WAIT_SECONDS = 5.0


class _Done(QObject):
    finished = Signal()


def run_write(
    db: Any,
    call: Callable[[Any], T],
    *,
    notify: Callable[[str], None] | None = None,
    wait: float = WAIT_SECONDS,
) -> T:
    """``call(db)``, waiting (bounded, off the UI thread) if another program holds the lock.

    Args:
        db: the open database (anything without ``waiting`` is simply called).
        call: the service call; it must be safe to run again after a ``BusyError``.
        notify: told "waiting for another program ..." when the wait begins.
        wait: seconds to wait in the worker before giving up.

    Raises:
        BusyError: still locked after ``wait`` seconds; whatever ``call`` raises.
    """
    waiting = getattr(db, "waiting", None)
    if waiting is None:
        return call(db)
    try:
        with waiting(0):
            return call(db)
    except BusyError:
        pass
    if notify is not None:
        notify(f"waiting for another program to finish writing to {getattr(db, 'name', db)}…")
    return _in_worker(db, call, wait)


def _in_worker(db: Any, call: Callable[[Any], T], wait: float) -> T:
    outcome: dict[str, Any] = {}
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            with db.waiting(wait):
                outcome["result"] = call(db)
        except BaseException as exc:  # handed to the UI thread, raised there
            outcome["error"] = exc
        finally:
            done.finished.emit()

    worker = threading.Thread(target=work, name="skillmatrix-write", daemon=True)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        worker.start()
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        worker.join()
    finally:
        QApplication.restoreOverrideCursor()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
