"""Closing the window while a big grid still loads in the background (issue 14).

The app used to abort ("QThread: Destroyed while thread is still running", SIGABRT) when
its window closed during the load of a 20,000-person grid; it now cancels and joins its
background tasks first. The app is started for real in a subprocess and closed with
SIGTERM, which closes the window as its close button does. The startup probe runs in its
"stay" mode: it reports but never closes the window itself, so the SIGTERM always reaches a
running app (a self-close once the first rows were painted raced the signal on fast machines,
and a signal landing during Python's finalisation kills the process: exit code -15).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillmatrix.ui import PROBE_VAR, STAY_PROBE
from skillmatrix.ui.snapshot_cache import BACKGROUND_CELLS

PEOPLE = 6000  # x 45 demo competencies = 270,000 cells: over BACKGROUND_CELLS


@pytest.fixture(scope="module")
def big_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    demo = ["demo", "--db", str(path), "--people", str(PEOPLE), "--cycles", "1"]
    subprocess.run(
        [sys.executable, "-m", "skillmatrix", *demo],
        check=True,
        capture_output=True,
        timeout=300,
    )
    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import snapshot_size

    with open_database(path) as db:
        people, competencies = snapshot_size(db)
    assert people * competencies > BACKGROUND_CELLS  # else the grid loads in the foreground
    return path


def _start_and_close(
    db: Path, home: Path, delay: float, after: str = "window-shown"
) -> tuple[int, str, str]:
    """Start the app on ``db`` and close it ``delay`` s after the probe printed ``after``.

    ``window-shown`` is its first paint; returns (code, out, err).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLMATRIX")}
    env[PROBE_VAR] = STAY_PROBE  # reports, never closes by itself: only the SIGTERM does
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),  # never the user's settings
        XDG_DATA_HOME=str(home / "data"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "skillmatrix", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = ""  # the probe's lines up to and including ``after``
        while not first.splitlines()[-1:] or not first.splitlines()[-1].startswith(after):
            line = proc.stdout.readline()
            assert line, f"exited before {after}: {first}"
            first += line
        time.sleep(delay)
        assert proc.poll() is None, "the app closed by itself: the SIGTERM would race its exit"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return proc.returncode, first + out, err


@pytest.mark.skipif(sys.platform == "win32", reason="closed by SIGTERM")
def test_closing_during_a_background_load_exits_cleanly(big_demo: Path, tmp_path: Path) -> None:
    during_load = 0
    for attempt, delay in enumerate((0.2, 0.4, 0.1, 0.6)):
        code, out, err = _start_and_close(big_demo, tmp_path / f"home{attempt}", delay)
        assert "QThread: Destroyed" not in err
        assert code == 0, err
        marks = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
        assert "tasks-at-close" in marks, out
        if marks["tasks-at-close"] != "0":  # the grid's first rows may be on screen already:
            during_load += 1  # the rest streams in behind them until every row is read
    assert during_load >= 2  # most closes landed while the load ran


@pytest.mark.skipif(sys.platform == "win32", reason="closed by SIGTERM")
def test_closing_after_the_first_rows_were_painted_exits_cleanly(
    big_demo: Path, tmp_path: Path
) -> None:
    # The probe's "stay" mode keeps the window open once the grid is populated (the
    # benchmarks' probe closes it there), so this close is the test's own, every time.
    code, out, err = _start_and_close(big_demo, tmp_path / "home", 0.5, after="grid-populated")
    assert "QThread: Destroyed" not in err
    assert code == 0, err
    assert "tasks-at-close" in out, out


def test_the_warm_up_import_does_not_hold_the_process_open() -> None:
    from skillmatrix.ui.warmup import warm_up_store

    thread = warm_up_store()
    assert thread.daemon  # a quit does not wait for an import nobody needs any more
    thread.join(30)


_SLOW_WARM_UP = """
import atexit, sys
sys.path.insert(0, {folder!r})
import skillmatrix.ui.warmup as warmup
warmup.MODULES = ("slow_import_for_test",)
atexit.register(lambda: print("finalised", flush=True))
from skillmatrix.ui import run
sys.exit(run({db!r}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="closed by SIGTERM")
def test_a_quit_during_the_warm_up_import_skips_finalisation(tmp_path: Path) -> None:
    """A quit during the warm-up import skips finalisation.

    A daemon thread still importing while the interpreter finalises can abort the quit (seen
    in the frozen bundle): the app then ends the process itself, so no interpreter teardown
    (here: its atexit handlers) runs beside the import.
    """
    db = tmp_path / "small.db"
    subprocess.run(
        [sys.executable, "-m", "skillmatrix", "demo", "--db", str(db)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    started = tmp_path / "started"
    (tmp_path / "slow_import_for_test.py").write_text(
        f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(30)\n"
    )
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLMATRIX")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "c"))
    script = _SLOW_WARM_UP.format(folder=str(tmp_path), db=str(db))
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for _ in range(600):  # the warm-up starts once the first screen is up
            if started.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), "the warm-up import never started"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)  # well before the import's 30 s
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "finalised" not in out
