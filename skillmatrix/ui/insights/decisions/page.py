"""What every decision page shares: a computation in a worker thread for the scope on
screen, with only the latest request's result shown, and a status line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from skillmatrix.core.errors import SkillMatrixError

#: What a page shows while it computes.
WORKING = "Working it out…"


class _Relay(QObject):
    done = Signal(object, object, bool)  # (result or message, token, ok)


class Worker(QObject):
    """Runs one callable at a time in a thread; a result whose token is no longer the
    latest is dropped (the scope or the ratings changed meanwhile).

    Signals:
        ready(object, object): (result, token) on the UI thread.
        failed(str, object): (one-line message, token).
    """

    ready = Signal(object, object)
    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self.latest: object = None

    def request(self, work: Callable[[], Any], token: object) -> None:
        self.latest = token
        relay = self._relay

        def run() -> None:
            if token != self.latest:
                return
            try:
                result, ok = work(), True
            except SkillMatrixError as exc:
                result, ok = str(exc), False
            except Exception as exc:  # shown as a message, never kills the thread silently
                result, ok = f"{type(exc).__name__}: {exc}", False
            relay.done.emit(result, token, ok)

        self._pool.start(run)

    def wait(self) -> None:
        """Block until the thread is idle (tests, closing)."""
        self._pool.waitForDone()

    def _on_done(self, result: Any, token: object, ok: bool) -> None:
        if token != self.latest:
            return
        self.latest = None
        if ok:
            self.ready.emit(result, token)
        else:
            self.failed.emit(str(result), token)


class DecisionPage(QWidget):
    """A tab of the Insights view computed for (database, cycle id, team).

    Subclasses build their widgets in ``__init__`` (cheap), and implement
    :meth:`work` (runs in the thread: no widgets there) and :meth:`show_result`.
    """

    title = ""

    def __init__(self, ctx: Any, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.ctx = ctx
        self.worker = Worker(self)
        self.worker.ready.connect(self._on_ready)
        self.worker.failed.connect(self._on_failed)
        self.status = QLabel()
        self.status.setObjectName(f"{name}Status")
        self.status.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.shown: object = None  # the token of what is on screen
        self.scope: tuple[int | None, str | None] = (None, None)
        self.version = 0
        self.result: Any = None

    def refresh(self, cycle_id: int | None, team: str | None, version: int) -> None:
        """Compute for this scope unless it is already shown (or being computed)."""
        self.scope = (cycle_id, team)
        self.version = version
        token = (cycle_id, team, version, self.options())
        if token in (self.shown, self.worker.latest):
            return
        self.status.setText(WORKING)
        db = self.ctx.db
        options = self.options()
        self.worker.request(lambda: self.work(db, cycle_id, team, options), token)

    def recompute(self) -> None:
        """The page's own options changed: compute again for the same scope."""
        self.refresh(*self.scope, self.version)

    def options(self) -> tuple[Any, ...]:
        """What the user chose on the page that changes the computation (a token part)."""
        return ()

    def work(self, db: Any, cycle_id: int | None, team: str | None, options: tuple) -> Any:
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def _on_ready(self, result: Any, token: object) -> None:
        self.shown = token
        self.result = result
        self.status.setText("")
        self.show_result(result)

    def _on_failed(self, message: str, token: object) -> None:
        self.shown = token
        self.status.setText(f"Could not work this out: {message}")
