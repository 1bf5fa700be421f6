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
    """``ROUNDS`` (floor, app) start pairs, after one warm-up pair (fills the bytecode
    cache and the page cache)."""
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
    _check(benchmark, bench_dir, people, "grid-populated", 4 if people == 40 else None)
