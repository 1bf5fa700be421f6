"""Exports that are killed, and how a full disk is said.

(Export, forms and database writes onto a really full disk are in
tests/robustness/test_full_disk.py.) A killed export leaves its hidden part file behind
(nothing can remove it under ``kill -9``); the next export into that folder removes it.
``kill`` (SIGTERM) cleans up straight away.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillmatrix.reports.atomic import os_error_text, remove_stale_parts


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    return subprocess.run(
        [sys.executable, "-m", "skillmatrix", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".~*.xlsx.part"))


def test_disk_full_in_words() -> None:
    assert os_error_text(OSError(28, "No space left on device")) == "the disk is full"
    assert os_error_text(OSError(13, "Permission denied")) == "Permission denied"


def _start_export(db: Path, out: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    return subprocess.Popen(
        [sys.executable, "-m", "skillmatrix", "export", "--db", str(db), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_part(proc: subprocess.Popen[str], folder: Path) -> list[Path]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        parts = _parts(folder)
        if parts:
            return parts
        time.sleep(0.005)
    _, err = proc.communicate(timeout=60)
    pytest.fail(
        f"the export ended (exit {proc.returncode}) before its part file was seen: {err[-500:]}"
    )


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Big enough that an export runs for a few seconds."""
    db = tmp_path_factory.mktemp("big") / "big.db"
    assert run("demo", "--db", str(db), "--people", "600", "--cycles", "2").returncode == 0
    return db


def test_killed_export_leaves_a_part_file_the_next_export_removes(
    big_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.xlsx"
    proc = _start_export(big_db, out)
    parts = _wait_for_part(proc, tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert _parts(tmp_path) == parts  # kill -9: nothing could clean up
    assert not out.exists()
    again = run("export", "--db", str(big_db), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert out.is_file() and _parts(tmp_path) == []


def test_terminated_export_cleans_up(big_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    proc = _start_export(big_db, out)
    _wait_for_part(proc, tmp_path)
    time.sleep(0.3)  # into the writing
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err and "Exception ignored" not in err
    assert _parts(tmp_path) == [] and not out.exists()


def test_part_files_of_live_processes_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".~{os.getpid()}-abc.xlsx.part"
    mine.touch()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    theirs = tmp_path / f".~{dead.pid}-def.xlsx.part"
    theirs.touch()
    old = tmp_path / ".~legacy.xlsx.part"  # name without a pid, from an older version
    old.touch()
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    recent = tmp_path / ".~recent.xlsx.part"
    recent.touch()
    other = tmp_path / "notes.xlsx"
    other.touch()
    assert sorted(remove_stale_parts(tmp_path)) == sorted([theirs, old])
    assert mine.exists() and recent.exists() and other.exists()
