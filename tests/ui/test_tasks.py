"""Background tasks and ``when_idle``: work waits for running tasks and for repaints."""

from __future__ import annotations

import threading

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from skillmatrix.ui.tasks import run_in_background, when_idle


class _Painted(QWidget):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def paintEvent(self, event: QPaintEvent) -> None:
        self.log.append("paint")


def test_when_idle_waits_for_running_tasks_and_their_repaint(qtbot) -> None:  # type: ignore[no-untyped-def]
    log: list[str] = []
    widget = _Painted(log)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: "paint" in log)
    log.clear()
    release = threading.Event()

    def work(_progress, _cancelled) -> str:  # type: ignore[no-untyped-def]
        release.wait(10)
        return "result"

    def landed(result: str) -> None:
        log.append(result)
        widget.update()  # what the result changed is repainted before the idle call

    task = run_in_background(None, "Working", work, landed)
    when_idle(lambda: log.append("idle"))
    qtbot.wait(50)
    assert "idle" not in log  # the task is still running
    release.set()
    qtbot.waitUntil(lambda: "idle" in log, timeout=5000)
    assert log == ["result", "paint", "idle"] and task.finished


def test_when_idle_runs_soon_when_nothing_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    called: list[int] = []
    when_idle(lambda: called.append(1))
    assert called == []  # queued, not run inside the caller
    qtbot.waitUntil(lambda: called == [1], timeout=2000)


def test_stop_all_cancels_and_joins_running_tasks(qtbot) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui import tasks

    started = threading.Event()

    def work(_progress, cancelled) -> str:  # type: ignore[no-untyped-def]
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        return "stopped"

    task = run_in_background(None, "Working", work)
    assert started.wait(5)
    assert tasks.stop_all(timeout=5) is True
    assert not task.worker_thread.isRunning() and tasks.running() == 0


def test_stop_all_is_bounded_when_a_task_ignores_its_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui import tasks

    release = threading.Event()
    task = run_in_background(None, "Working", lambda _p, _c: release.wait(10))
    assert tasks.stop_all(timeout=0.1) is False  # returns, though the thread still runs
    assert task.worker_thread.isRunning() and tasks.running() == 1
    release.set()
    assert tasks.stop_all(timeout=5) is True
