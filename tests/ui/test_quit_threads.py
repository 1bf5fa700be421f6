"""At quit the app ends its own process only for a thread of its own left running."""

from __future__ import annotations

import threading

import pytest

import skillmatrix.ui as ui


def _only(monkeypatch: pytest.MonkeyPatch, name: str) -> tuple[threading.Thread, threading.Event]:
    """A live thread called ``name``, the only one besides the main thread.

    Threads left by earlier tests in this process are not looked at.
    """
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, args=(5,), name=name, daemon=True)
    thread.start()
    main = threading.main_thread()
    monkeypatch.setattr(threading, "enumerate", lambda: [main, thread])
    return thread, stop


def test_a_foreign_thread_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    thread, stop = _only(monkeypatch, "pytest_timeout some test")  # a test runner's timer
    assert not ui._threads_left()
    stop.set()
    thread.join(5)


def test_the_apps_own_thread_counts_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    thread, stop = _only(monkeypatch, f"{ui.THREAD_PREFIX}warm-up")
    assert ui._threads_left()
    stop.set()
    thread.join(5)
    assert not ui._threads_left()
