"""Long work off the UI thread, with a cancellable progress dialog.

The work function runs in a QThread and receives ``progress(fraction, text)`` and
``cancelled()`` callables; it must poll ``cancelled()`` and stop early (returning anything)
when it is True. Results and errors come back on the UI thread. ``progress.send(value)``
hands a partial result to the UI thread (``BackgroundTask.partial``), in order and before
the final one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from skillmatrix.ui.latest import one_line

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]


class _Progress:
    """The ``progress`` a work function receives.

    Call it with (fraction, text); ``send`` a partial result.
    """

    def __init__(self, worker: _Worker) -> None:
        self._worker = worker

    def __call__(self, fraction: float, text: str = "") -> None:
        self._worker.progressed.emit(int(max(0.0, min(1.0, fraction)) * 1000), text)

    def send(self, value: object) -> None:
        self._worker.partial.emit(value)


class _Worker(QObject):
    progressed = Signal(int, str)
    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(_Progress(self), lambda: self._cancelled)
        except Exception as exc:  # a bug must not kill the UI thread silently
            self.failed.emit(one_line(exc))
        else:
            self.finished.emit(None if self._cancelled else result)


#: What a title bar takes beside its text: the icon, the buttons, the padding.
TITLE_BAR_EXTRA = 150
MAX_DIALOG_WIDTH = 720


def title_width(title: str, font: QFont) -> int:
    """Pixels a dialog needs for ``title`` in its title bar, at most :data:`MAX_DIALOG_WIDTH`.

    Measured in bold, as many window managers draw it.
    """
    bold = QFont(font)
    bold.setBold(True)
    return min(QFontMetrics(bold).horizontalAdvance(title) + TITLE_BAR_EXTRA, MAX_DIALOG_WIDTH)


class BackgroundTask(QObject):
    """One run of ``work`` in a thread with a progress dialog.

    Args:
        dialog: False: no progress dialog (the caller shows the state itself).

    Signals:
        partial(object): a value the work sent with ``progress.send`` (UI thread).
        done(object): the result (None when cancelled).
        error(str): a one-line error message (also shown in a message box).
    """

    partial = Signal(object)
    done = Signal(object)
    error = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Work,
        *,
        show_errors: bool = True,
        dialog: bool = True,
    ):
        super().__init__(parent)
        self._parent = parent
        self._show_errors = show_errors
        self.dialog = QProgressDialog(title, "Cancel", 0, 1000, parent)
        self.dialog.setObjectName("progressDialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumWidth(title_width(title, self.dialog.font()))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300 if dialog else 2**31 - 1)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.worker_thread = QThread()
        self.worker = _Worker(work)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.partial.connect(self.partial)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.dialog.canceled.connect(self.worker.cancel)
        self.result: Any = None
        self.finished = False

    def start(self) -> BackgroundTask:
        """Start the task's thread; returns the task."""
        _running.add(self)
        self.worker_thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop."""
        self.worker.cancel()

    @Slot(int, str)
    def _on_progress(self, value: int, text: str) -> None:
        self.dialog.setValue(value)
        if text:
            self.dialog.setLabelText(text)

    def _stop(self) -> None:
        self.finished = True
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.dialog.reset()
        self.dialog.hide()

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self._stop()
        self.result = result
        self.done.emit(result)
        _ended(self)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop()
        if self._show_errors:
            QMessageBox.warning(self._parent, "SkillMatrix", message)
        self.error.emit(message)
        _ended(self)


_running: set[BackgroundTask] = set()
_when_idle: list[Callable[[], object]] = []


def when_idle(callback: Callable[[], object]) -> None:
    """Run ``callback`` on the UI thread once no background task is running.

    And after the repaints already asked for (so after what the last task's result changed
    is on screen).
    """
    if _running:
        _when_idle.append(callback)
    else:
        _after_repaints(callback)


#: Seconds the window's closing waits for cancelled tasks to stop.
STOP_TIMEOUT = 5.0


def stop_all(timeout: float = STOP_TIMEOUT) -> bool:
    """Cancel every running task and wait for their threads to end; True when every one has.

    ``timeout`` seconds in all. Called as the window closes: a QThread destroyed while it
    runs aborts the process ("QThread: Destroyed while thread is still running"). Work still
    pending for ``when_idle`` is dropped.
    """
    _when_idle.clear()
    tasks = list(_running)
    for task in tasks:
        task.cancel()
        task.worker_thread.quit()  # its event loop ends as soon as the work returns
    deadline = time.monotonic() + timeout
    for task in tasks:
        left = max(0.0, deadline - time.monotonic())
        if task.worker_thread.wait(int(left * 1000)):
            _running.discard(task)
    return not _running


def running() -> int:
    """How many background tasks are still running."""
    return len(_running)


def _ended(task: BackgroundTask) -> None:
    _running.discard(task)
    if not _running:
        pending, _when_idle[:] = list(_when_idle), []
        for callback in pending:
            _after_repaints(callback)


class _LowPriorityCalls(QObject):
    """Calls posted at low event priority.

    Qt posts its repaint requests (UpdateRequest) at that priority too, and events of one
    priority run in order: a call posted here runs after every repaint already pending (a
    zero timer would run before them).
    """

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self) -> None:
        super().__init__()
        self._calls: list[Callable[[], object]] = []

    def post(self, callback: Callable[[], object]) -> None:
        self._calls.append(callback)
        QCoreApplication.postEvent(self, QEvent(self.TYPE), Qt.EventPriority.LowEventPriority.value)

    def event(self, event: QEvent) -> bool:
        if event.type() == self.TYPE:
            self._calls.pop(0)()
            return True
        return super().event(event)


@cache
def _low_priority_calls() -> _LowPriorityCalls:
    return _LowPriorityCalls()  # made on first use: it needs the application's thread


def _after_repaints(callback: Callable[[], object]) -> None:
    _low_priority_calls().post(callback)


def run_in_background(
    parent: QWidget | None,
    title: str,
    work: Work,
    on_done: Callable[[Any], None] | None = None,
    *,
    show_errors: bool = True,
    dialog: bool = True,
) -> BackgroundTask:
    """Start ``work`` in a thread; ``on_done(result)`` runs on the UI thread when it ends."""
    task = BackgroundTask(parent, title, work, show_errors=show_errors, dialog=dialog)
    if on_done is not None:
        task.done.connect(on_done)
    return task.start()
