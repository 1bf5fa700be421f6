"""A window that cannot open: one line naming why, exit code 1, never Qt's SIGABRT.

The app is started for real with Qt's xcb plugin made to fail: once from a copy of the
plugin that cannot find its libraries, once against an X display that does not exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix import qt_deps

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or qt_deps.find_plugin() is None, reason="needs Qt's xcb plugin"
)


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SKILLMATRIX", "QT_"))}
    clean.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), **env)
    clean.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "skillmatrix", "--db", str(tmp_path / "team.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean,
    )


def _one_error_line(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 1, (out.returncode, out.stderr)  # not -6: no abort
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    ours = [line for line in lines if line.startswith("skillmatrix: error: ")]
    assert len(ours) == 1, out.stderr
    assert "xcb-cursor0" not in out.stderr  # Qt's misleading hint is not repeated
    assert "Traceback" not in out.stderr and "Reinstalling the application" not in out.stderr
    return ours[0]


def test_a_plugin_that_cannot_load_names_the_missing_libraries(tmp_path: Path) -> None:
    plugin = qt_deps.find_plugin()
    assert plugin is not None
    copy = tmp_path / "plugins" / plugin.name  # outside the wheel: Qt's libraries not found
    copy.parent.mkdir()
    copy.write_bytes(plugin.read_bytes())
    out = _start(
        tmp_path, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(copy.parent), DISPLAY=":0"
    )
    line = _one_error_line(out)
    assert line.startswith("skillmatrix: error: cannot open a window: Qt's xcb plugin needs ")
    for library in qt_deps.probe(copy):  # every library ldd finds missing is named
        assert library in line
    assert "libQt6XcbQpa.so.6" in line and "reinstall PySide6" in line
    assert not (tmp_path / "team.db").exists()  # nothing was opened or made


def test_a_display_that_is_not_there_is_one_line_too(tmp_path: Path) -> None:
    out = _start(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":987")
    line = _one_error_line(out)
    assert line.startswith("skillmatrix: error: cannot open a window: Qt's xcb ")
    if not qt_deps.probe(qt_deps.find_plugin()):  # type: ignore[arg-type]
        assert "DISPLAY" in line  # the libraries are there: the display is what is missing
