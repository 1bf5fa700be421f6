"""A really full disk for tests: a small tmpfs, mounted where the machine allows it.

As root the tmpfs is mounted on the folder itself. Otherwise it is mounted inside a new
user and mount namespace (``unshare --user --map-root-user --mount``, allowed for
ordinary users on most Linux machines): the commands under test run inside it through
``nsenter``, and the test looks at the files through ``/proc/PID/root``. Where neither
works the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest


@dataclass(frozen=True)
class SmallDisk:
    inside: Path  # the folder as the commands see it (the tmpfs)
    outside: Path  # the same folder as this test process sees it
    prefix: list[str] = field(default_factory=list)  # runs a command inside

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """``python -m skillmatrix ARGS`` with the tmpfs mounted."""
        env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
        env["PYTHONPATH"] = os.pathsep.join(sys.path)
        return subprocess.run(
            [*self.prefix, sys.executable, "-m", "skillmatrix", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )

    def fill(self, leave: int) -> None:
        """Fill the disk up to ``leave`` bytes free."""
        free = shutil.disk_usage(self.outside).free
        with (self.outside / "filler").open("wb") as fh:
            fh.write(b"\0" * max(0, free - leave))


def _mount_as_root(folder: Path, size: str) -> str | None:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    return None if done.returncode == 0 else done.stderr.decode().strip()


@contextmanager
def small_disk(folder: Path, size: str = "200k") -> Iterator[SmallDisk]:
    """A tmpfs of ``size`` on ``folder`` (made here), unmounted afterwards."""
    folder.mkdir()
    if os.geteuid() == 0:
        reason = _mount_as_root(folder, size)
        if reason is None:
            try:
                yield SmallDisk(folder, folder)
            finally:
                subprocess.run(["umount", str(folder)], capture_output=True)
            return
    else:
        reason = "not root"
    if not (shutil.which("unshare") and shutil.which("nsenter")):
        pytest.skip(f"cannot mount a small tmpfs ({reason}) and no unshare/nsenter to try")
    holder = subprocess.Popen(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            f'mount -t tmpfs -o size={size} tmpfs "$0" && echo ready && exec sleep 3600',
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "ready":
            holder.wait(timeout=30)
            err = holder.stderr.read().strip() if holder.stderr else ""
            pytest.skip(f"cannot mount a small tmpfs ({reason}), nor in a user namespace ({err})")
        pid = holder.pid
        yield SmallDisk(
            folder,
            Path(f"/proc/{pid}/root{folder}"),
            ["nsenter", "-t", str(pid), "-U", "-m", "--preserve-credentials"],
        )
    finally:
        holder.kill()
        holder.wait(timeout=30)
