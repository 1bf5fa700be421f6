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
