"""The "latest request wins" relay behind the risk panel and the decision pages.

A stale outcome is dropped, the newest is delivered on the UI thread, an error is reported.
"""

from __future__ import annotations

import gc
import threading
import weakref
from types import SimpleNamespace
from typing import Any

from skillmatrix.core.errors import ValidationError
from skillmatrix.ui.insights.decisions.page import DecisionPage
from skillmatrix.ui.latest import LatestOnly


def _recorder(relay: LatestOnly) -> list[tuple[str, object, object, bool]]:
    got: list[tuple[str, object, object, bool]] = []
    ui = threading.current_thread()
    relay.ready.connect(lambda r, t: got.append(("ready", r, t, threading.current_thread() is ui)))
    relay.failed.connect(
        lambda e, t: got.append(("failed", e, t, threading.current_thread() is ui))
    )
    return got


def test_only_the_newest_outcome_arrives_on_the_ui_thread(qtbot) -> None:
    relay = LatestOnly()
    got = _recorder(relay)
    ran: list[str] = []
    release = threading.Event()

    def slow() -> str:
        ran.append("slow")
        release.wait(5)
        return "slow result"

    def job(name: str) -> Any:
        return lambda: ran.append(name) or f"{name} result"

    relay.submit(slow, "first")  # running when the others come
    qtbot.waitUntil(lambda: ran == ["slow"])
    relay.submit(job("queued"), "second")  # superseded while it waits: never runs
    relay.submit(job("newest"), "third")
    assert relay.latest == "third"
    release.set()
    relay.wait()
    qtbot.waitUntil(lambda: got != [])
    qtbot.wait(20)
    assert ran == ["slow", "newest"]
    assert got == [("ready", "newest result", "third", True)]
    assert relay.latest is None


def test_an_error_in_the_job_is_delivered_not_swallowed(qtbot) -> None:
    relay = LatestOnly()
    got = _recorder(relay)
    boom = ValueError("boom")

    def fails() -> None:
        raise boom

    relay.submit(fails, "t")
    qtbot.waitUntil(lambda: got != [])
    assert got == [("failed", boom, "t", True)]
    relay.submit(fails, "stale")
    relay.cancel()  # a cancelled request's error is dropped like its result
    relay.wait()
    qtbot.wait(20)
    assert len(got) == 1 and relay.latest is None


def test_after_each_runs_in_the_thread_once_the_job_is_released(qtbot) -> None:
    class Big:
        pass

    events: list[str] = []
    big = Big()
    gone = weakref.ref(big)

    def after() -> None:
        # No gc.collect() here: in this thread it would finalise whatever Qt objects
        # earlier tests left as garbage, off the UI thread (this test then hung in a full
        # run). ``big`` is in no cycle, so releasing the job frees it at once.
        where = "thread" if threading.current_thread() is not threading.main_thread() else "UI"
        events.append(f"after in {where}, input {'freed' if gone() is None else 'held'}")

    gc.collect()  # earlier tests' garbage, collected here on the UI thread
    relay = LatestOnly(after_each=after)
    relay.ready.connect(lambda result, token: events.append(f"ready {result}"))
    relay.submit(lambda held=big: type(held).__name__, "t")  # type: ignore[misc]
    del big
    qtbot.waitUntil(lambda: len(events) == 2)
    assert events == ["after in thread, input freed", "ready Big"]


def test_the_risk_worker_raises_an_analysis_error_on_the_ui_thread(qtbot, monkeypatch) -> None:
    from skillmatrix.ui.insights import risk_worker

    def compute(*args: object) -> object:
        raise RuntimeError("analysis bug")

    monkeypatch.setattr(risk_worker, "compute", compute)
    worker = risk_worker.RiskWorker()
    got: list[object] = []
    worker.ready.connect(lambda facts, token: got.append(facts))
    with qtbot.captureExceptions() as raised:
        worker.request(object(), "t")  # type: ignore[arg-type]  # compute is replaced
        qtbot.waitUntil(lambda: len(raised) == 1, timeout=5000)
    assert [str(exc) for _type, exc, _tb in raised] == ["analysis bug"]
    assert got == [] and worker.pending is None


class _Page(DecisionPage):
    def __init__(self, error: Exception) -> None:
        super().__init__(SimpleNamespace(db=None), "testPage")
        self.error = error

    def work(self, db: Any, cycle_id: int | None, team: str | None, options: tuple) -> Any:
        raise self.error

    def show_result(self, result: Any) -> None:
        raise AssertionError("a failed computation shows no result")


def test_a_decision_page_says_what_went_wrong_in_one_line(qtbot) -> None:
    for error, text in (
        (ValidationError("no cycle yet"), "Could not work this out: no cycle yet"),
        (KeyError("x"), "Could not work this out: KeyError: 'x'"),
    ):
        page = _Page(error)
        qtbot.addWidget(page)
        page.refresh(1, None, 0)
        assert page.status.text() == "Working it out…"
        qtbot.waitUntil(lambda p=page: p.shown is not None)
        assert page.status.text() == text
        assert page.shown == (1, None, 0, ())


def test_chart_modules_report_a_failed_import_in_one_line_and_try_again(qtbot, monkeypatch) -> None:
    from skillmatrix.ui.insights import chart_modules

    def broken() -> None:
        raise ImportError("no matplotlib")

    monkeypatch.setattr(chart_modules, "_loaded", False)
    monkeypatch.setattr(chart_modules, "import_modules", broken)
    modules = chart_modules.ChartModules()
    failures: list[str] = []
    modules.failed.connect(failures.append)
    assert modules.ensure() is False and modules.running
    qtbot.waitUntil(lambda: failures != [])
    assert failures == ["ImportError: no matplotlib"] and not modules.running
    monkeypatch.setattr(chart_modules, "import_modules", lambda: None)
    with qtbot.waitSignal(modules.ready):
        assert modules.ensure() is False  # asked again: imports again
    assert modules.loaded and modules.ensure() is True
