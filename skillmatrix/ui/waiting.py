"""Database work asked for on the UI thread that does not wait there.

:func:`off_ui_thread` runs work in one of the app's worker threads while the UI thread
keeps repainting and running its timers in a local event loop. Keyboard and mouse input
is held back meanwhile (Qt delivers it afterwards, in order), so the user's next keys land
after this edit, never before it; the caller gets the outcome as if it had made the call.

:func:`run_write` runs a write that way. An edit the user makes (``here_first=False``: a
rating, its undo and redo, every undoable step) runs there whole: on a server every
statement is a round trip, and none of them is the UI thread's. Other calls (the small
reads and writes views make while they load) first try on the UI thread with no lock
wait at all (``Database.waiting(0)``) and move to a worker only when that is refused; on
a server database (``db.shared``) they too run in a worker whole, as does
:func:`server_read`: there every statement is a network round trip, and the UI thread
runs none. A local event loop can then deliver another request for the load that is
waiting (a timer, a signal from another thread); :func:`not_reentered` makes such a
load run again after the one under way instead of in the middle of it.

Either way a write first tries with no lock wait; when another program (a command-line
import, a second window, another manager on the server) holds the lock, it says so
(``notify``) and tries again waiting up to :data:`WAIT_SECONDS`; only then is it refused
(``BusyError``). A refused first attempt did nothing: a write transaction begins
``IMMEDIATE`` (on PostgreSQL it fails on its first lock), so running it again is safe.
"""

from __future__ import annotations

import contextvars
import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication

from skillmatrix.core.errors import BusyError
from skillmatrix.ui.threads import thread_name

T = TypeVar("T")

#: How long a write waits for another program's lock before it is refused.
WAIT_SECONDS = 5.0


class _Relay(QObject):
    """Lives in the UI thread; the worker emits through it (queued connections)."""

    busy = Signal()
    finished = Signal()


def on_ui_thread() -> bool:
    """Whether this is the running application's (UI) thread."""
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def off_ui_thread(
    work: Callable[[Callable[[], None]], T],
    *,
    on_busy: Callable[[], None] | None = None,
    name: str = thread_name("write"),
) -> T:
    """``work(busy)`` in a worker thread named ``name``; its result or its exception.

    The UI thread runs its event loop (user input held back) until it ends.

    ``work`` calls ``busy()`` when it starts to wait for something slow; ``on_busy`` then
    runs on the UI thread (and the busy cursor shows until the work ends). Called from
    any other thread (or without an application), ``work`` simply runs there.
    """
    if not on_ui_thread():
        return work(lambda: None)
    outcome: dict[str, Any] = {}
    relay = _Relay()
    loop = QEventLoop()
    relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    cursor: list[bool] = []

    def show_busy() -> None:
        if not cursor:
            cursor.append(True)
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        if on_busy is not None:
            on_busy()

    relay.busy.connect(show_busy, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["result"] = work(relay.busy.emit)
        except BaseException as exc:  # handed to the UI thread, raised there
            outcome["error"] = exc
        finally:
            relay.finished.emit()

    # The caller's context goes along: a ``Database.bulk()`` or ``waiting()`` around the
    # call still applies in the worker.
    context = contextvars.copy_context()
    worker = threading.Thread(target=context.run, args=(run,), name=name, daemon=True)
    try:
        worker.start()
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        worker.join()
    finally:
        relay.busy.disconnect(show_busy)
        if cursor:
            QApplication.restoreOverrideCursor()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]


def server_read(db: Any, call: Callable[[Any], T]) -> T:
    """``call(db)``, in a worker thread when asked on the UI thread of a server database.

    The UI thread keeps its event loop meanwhile. Anywhere else it simply runs here (a
    SQLite file answers at once, and its first screen is read here, see ``store.direct``).
    """
    if db is None or not getattr(db, "shared", False) or not on_ui_thread():
        return call(db)
    return off_ui_thread(lambda _busy: call(db), name=thread_name("read"))


def not_reentered(method: Callable[..., None]) -> Callable[..., None]:
    """A method (a view's load) that is not entered again while it runs.

    Called again meanwhile (from the local event loop of one of its reads, see
    :func:`off_ui_thread`), it is not run in the middle of the first call: it runs once
    more, with the last arguments, when the first call ends, so what is shown is what
    was asked for last and never a mix of two loads. An object deleted meanwhile (its
    window closed while a read ran) fills nothing more.
    """
    key = f"_running_{method.__name__}"

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> None:
        if key in self.__dict__:
            self.__dict__[key] = (args, kwargs)  # wanted again: after this one
            return
        self.__dict__[key] = None
        try:
            method(self, *args, **kwargs)
            while (again := self.__dict__[key]) is not None and shiboken6.isValid(self):
                self.__dict__[key] = None
                method(self, *again[0], **again[1])
        except RuntimeError:
            if shiboken6.isValid(self):
                raise
        finally:
            self.__dict__.pop(key, None)

    return guarded


def run_write(
    db: Any,
    call: Callable[[Any], T],
    *,
    notify: Callable[[str], None] | None = None,
    wait: float = WAIT_SECONDS,
    here_first: bool = True,
) -> T:
    """``call(db)``, waiting (bounded, off the UI thread) if another program holds the lock.

    Args:
        db: the open database (anything without ``waiting`` is simply called).
        call: the service call; it must be safe to run again after a ``BusyError`` and
            must not touch widgets (it may run in a worker thread).
        notify: told "waiting for another program ..." when the wait begins.
        wait: seconds to wait for the lock before giving up.
        here_first: make the first, no-wait attempt on this thread; False: every
            attempt runs in a worker (a user's edit).

    Raises:
        BusyError: still locked after ``wait`` seconds; whatever ``call`` raises.
    """
    waiting = getattr(db, "waiting", None)
    if waiting is None:
        return call(db)
    message = f"waiting for another program to finish writing to {getattr(db, 'name', db)}…"

    def now() -> T:
        with waiting(0):
            return call(db)

    def work(busy: Callable[[], None]) -> T:
        if not here_first:
            try:
                return now()
            except BusyError:
                pass
        busy()  # says so, and shows the busy cursor
        with waiting(wait):
            return call(db)

    if here_first:
        try:
            return now()
        except BusyError:
            pass
    on_busy = None if notify is None else (lambda: notify(message))
    return off_ui_thread(work, on_busy=on_busy)
