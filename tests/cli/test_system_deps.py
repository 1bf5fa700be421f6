"""``.ci/system-deps`` installs what the real window plugin lacks, and nothing else.

Run with stand-ins for ``apt-get`` and ``id`` on PATH, so the test installs nothing: the
stand-in records the packages it was asked for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix import qt_deps

SCRIPT = Path(__file__).parents[2] / ".ci" / "system-deps"

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or qt_deps.find_plugin() is None, reason="needs Qt's xcb plugin"
)


def _run(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n')
    (bin_dir / "id").write_text("#!/bin/sh\necho 0\n")  # as root, like CI
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(
        ["bash", str(SCRIPT), sys.executable], capture_output=True, text=True, env=env, timeout=120
    )
    return out, log.read_text().splitlines() if log.exists() else []


def test_system_deps_asks_apt_for_exactly_the_missing_packages(tmp_path: Path) -> None:
    plugin = qt_deps.find_plugin()
    assert plugin is not None
    wanted = qt_deps.debian_packages(qt_deps.probe(plugin))
    out, calls = _run(tmp_path)
    if not wanted:  # a machine with every library: nothing to do
        assert out.returncode == 0, out.stderr
        assert calls == []
        return
    installs = [c.split() for c in calls if c.split()[:1] == ["install"]]
    assert len(installs) == 1, calls
    assert [w for w in installs[0] if not w.startswith("-")][1:] == wanted
    # The stand-in installed nothing, so the check afterwards finds them still missing.
    assert out.returncode == 1
    assert f"still missing after apt-get: {' '.join(wanted)}" in out.stderr
