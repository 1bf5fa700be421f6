"""Process start to the main window shown and to the Assess grid populated.

Each start is a fresh ``python -m skillmatrix --db ...`` with ``SKILLMATRIX_STARTUP_PROBE``
set to the spawning ``time.time()``: the app prints ``window-shown <s>`` at the window's
first paint and ``grid-populated <s>`` at the first paint of a non-empty Assess grid, then
closes. The floor is an empty PySide6 QMainWindow of the same size shown the same way,
started just before each app start (paired runs: a shared machine's load drifts).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SIZES, child_env, measured, organisation_db, record

ROUNDS = 7
FLOOR_SCRIPT = """
import os, time
start = float(os.environ["SKILLMATRIX_STARTUP_PROBE"])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
class Probe(QObject):
    def eventFilter(self, obj, event):
        if obj is window and event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            print(f"window-shown {time.time() - start:.4f}", flush=True)
            QTimer.singleShot(0, window.close)
        return False
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""

_runs: dict[int, list[tuple[dict[str, float], dict[str, float]]]] = {}


def _start(args: list[str], env: dict[str, str]) -> dict[str, float]:
    env = {**env, "SKILLMATRIX_STARTUP_PROBE": repr(time.time())}
    out = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )
    marks = dict(line.split() for line in out.stdout.splitlines() if line.count(" ") == 1)
    assert "window-shown" in marks, out.stdout + out.stderr
    # The app also says whether SQLAlchemy was loaded when the grid was first painted:
    # the first screen is read without it (store.direct), and this keeps it that way.
    assert marks.pop("orm-at-grid", "False") == "False", "the first screen imported SQLAlchemy"
    return {k: float(v) for k, v in marks.items()}


def _paired_starts(bench_dir: Path, people: int) -> list[tuple[dict[str, float], dict[str, float]]]:
    """``ROUNDS`` (floor, app) start pairs, after one warm-up pair.

    The warm-up fills the bytecode cache and the page cache.
    """
    if people not in _runs:
        db = organisation_db(bench_dir, people)
        env = child_env(bench_dir / f"start{people}")
        floor = (["-c", FLOOR_SCRIPT], child_env(bench_dir))
        app = (["-m", "skillmatrix", "--db", str(db)], env)
        _start(*floor), _start(*app)
        _runs[people] = [(_start(*floor), _start(*app)) for _ in range(ROUNDS)]
    return _runs[people]


def _replay(values: list[float]):  # type: ignore[no-untyped-def]
    it = iter(values)
    return lambda: next(it)


def _check(benchmark, bench_dir: Path, people: int, mark: str, limit: float | None) -> None:  # type: ignore[no-untyped-def]
    pairs = _paired_starts(bench_dir, people)
    assert all(mark in app for _, app in pairs), pairs
    values = [app[mark] for _, app in pairs]
    measured(benchmark, _replay(values), rounds=len(values))
    floor_s = statistics.median(floor["window-shown"] for floor, _ in pairs)
    ratio = statistics.median(values) / floor_s
    record(
        benchmark,
        floor_s=floor_s,
        floor="empty QMainWindow shown in a fresh process (paired runs)",
        budget=f"<= {limit:g}x floor" if limit else "(guide only)",
        met=ratio <= limit if limit else None,
    )


@pytest.mark.parametrize("people", SIZES)
def test_startup_window_shown(benchmark, bench_dir: Path, people: int) -> None:
    _check(benchmark, bench_dir, people, "window-shown", 2)


@pytest.mark.parametrize("people", SIZES)
def test_startup_grid_populated(benchmark, bench_dir: Path, people: int) -> None:
    """The first paint of a filled grid should not grow with the organisation.

    The first screen's rows are read first and the rest streams in behind them.
    """
    _check(benchmark, bench_dir, people, "grid-populated", 2.5)


MEMORY_SCRIPT = """
import json, sys, time
from skillmatrix.ui import tasks
from skillmatrix.ui.app import ensure_application
from skillmatrix.ui.main_window import MainWindow
app = ensure_application()
window = MainWindow(welcome=False)
window.resize(1280, 800)
window.show()
window.open_initial(sys.argv[1])
window.show_view("assess")  # whichever view the settings remember

def settle(seconds):  # run the event loop until no background task is left, then a bit more
    end = time.monotonic() + 600
    while tasks.running() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)
    quiet = time.monotonic() + seconds
    while time.monotonic() < quiet:
        app.processEvents()
        time.sleep(0.005)

settle(0.5)
assess = window.pages["assess"].content
assert assess is not None and not assess.model.loading and assess.model.rowCount() > 0
window.show_view("insights")
settle(3.0)
settle(0.5)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}))
"""

FLOOR_MEMORY_SCRIPT = """
import json
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}))
"""


@pytest.mark.parametrize("people", SIZES)
def test_gui_memory_assess_and_insights(benchmark, bench_dir: Path, people: int) -> None:
    """Peak resident memory (VmHWM) of the app with Assess loaded and Insights shown.

    The Assess grid fully loaded, beside an empty QMainWindow process (the same Qt, the same
    window size). The benchmark's "time" is the peak in GB; the MB are in extra_info.
    """
    import json

    db = organisation_db(bench_dir, people)
    env = child_env(bench_dir / f"mem{people}")

    def child(args: list[str]) -> dict[str, float]:
        out = subprocess.run(
            [sys.executable, *args], env=env, capture_output=True, text=True, timeout=900
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout.strip().splitlines()[-1])

    app = child(["-c", MEMORY_SCRIPT, str(db)])
    floor = child(["-c", FLOOR_MEMORY_SCRIPT])
    measured(benchmark, lambda: app["VmHWM"] / 1000, rounds=1)  # "seconds" = GB
    benchmark.extra_info.update(
        floor="empty QMainWindow process",
        peak_mb=app["VmHWM"],
        rss_mb=app["VmRSS"],
        floor_peak_mb=floor["VmHWM"],
        budget="<= 300 MB at 20,000 people",
        met=app["VmHWM"] <= 300 if people >= 20_000 else None,
    )
