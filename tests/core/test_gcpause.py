"""The collector pauses for bulk work and comes back exactly as it was."""

from __future__ import annotations

import gc
import threading

import pytest

from skillmatrix.core.gcpause import gc_paused


def test_paused_inside_and_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_callers_keep_it_paused_until_the_last_ends() -> None:
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=worker)
    with gc_paused():
        t.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the worker is still inside
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
