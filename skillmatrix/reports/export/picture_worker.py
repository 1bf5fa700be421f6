"""The Charts sheet's pictures, drawn in a second Python process while this one writes.

Importing matplotlib and drawing the four figures is a fixed second or more of CPU, most
of a small report's export. A child started when the export starts imports matplotlib
while the parent reads the database; it is handed the snapshots (pickled through its
stdin, read by a thread so the parent never waits for the import) and draws while the
parent writes the sheets; the parent reads the pictures back before it writes the Charts
sheet. It runs :func:`charts.render_pictures`, so the pictures are the ones the parent
would have drawn, byte for byte.

Anything that goes wrong with the child (it cannot start, dies, answers garbage, takes
too long) costs only the overlap: the parent draws the pictures itself. A frozen bundle
has no Python to start, so it always draws in-process.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import IO, Any

from skillmatrix.core.snapshot import Snapshot

log = logging.getLogger(__name__)

MODULE = "skillmatrix.reports.export._picture_child"
#: Seconds the parent waits for the pictures once its sheets are written.
TIMEOUT_S = 600.0


@dataclass(frozen=True, slots=True)
class PictureJob:
    """What :func:`charts.render_pictures` draws the pictures from (see there)."""

    snap: Snapshot
    cycles: list[Snapshot]
    figsize: tuple[float, float] | None
    people_snap: Snapshot | None
    figures: tuple[tuple[str, str, str, str], ...]

    def render(self) -> list[Any]:
        """Draw the pictures in this process (``charts.Picture`` each)."""
        from skillmatrix.reports.export.charts import render_pictures

        return render_pictures(
            self.snap,
            self.cycles,
            figsize=self.figsize,
            people_snap=self.people_snap,
            figures=self.figures,
        )


class PictureWorker:
    """A started child process that will draw one report's pictures."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self._proc = proc
        self._sent = False

    @classmethod
    def start(cls) -> PictureWorker | None:
        """Start the child (it begins importing matplotlib at once).

        None when it cannot be started here (a frozen bundle, or the start failed: the
        caller draws itself).
        """
        if getattr(sys, "frozen", False):
            return None
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", MODULE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # the child reports problems in its answer
                env={**os.environ, "MPLBACKEND": "agg"},
            )
        except (OSError, ValueError) as exc:
            log.warning("drawing the report's charts in this process: %s", exc)
            return None
        return cls(proc)

    def submit(self, job: PictureJob) -> bool:
        """Hand the child its job.

        False when the child is gone (it is then closed: draw in this process).
        """
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            pickle.dump(job, stdin, protocol=5)
            stdin.close()
        except (OSError, ValueError, pickle.PicklingError) as exc:
            log.warning("drawing the report's charts in this process: %s", exc)
            self.close()
            return False
        self._sent = True
        return True

    def pictures(self, timeout: float = TIMEOUT_S) -> list[Any] | None:
        """The child's pictures (``charts.Picture``), or None when it failed (logged)."""
        if not self._sent:
            return None
        self._proc.stdin = None  # closed by submit; communicate must not flush it
        try:
            out, _ = self._proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("the chart drawing process took over %.0f s: drawing here", timeout)
            self.close()
            return None
        try:
            if self._proc.returncode != 0:
                raise ValueError(f"it exited with status {self._proc.returncode}")
            pictures, problems = pickle.loads(out)
        except Exception as exc:  # a broken answer costs only the overlap
            log.warning("the chart drawing process failed (%s): drawing here", exc)
            return None
        for problem in problems:  # the figures it could not draw, as it logged them
            log.warning("%s", problem)
        return list(pictures)

    def close(self) -> None:
        """Stop the child if it still runs (an export that failed or was cancelled)."""
        if self._proc.poll() is None:
            self._proc.kill()
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                stream.close()
        self._proc.wait()


class _Problems(logging.Handler):
    """Collects the child's log messages for its answer (its stderr goes nowhere)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {record.exc_info[1]!r}"
        self.messages.append(text)


def _read_all(stream: IO[bytes], into: list[bytes]) -> None:
    into.append(stream.read())


def main() -> None:
    """The child: read the job while importing matplotlib, draw, answer on stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the answer goes to the parent's pipe
    job: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(sys.stdin.buffer, job))
    reader.start()  # the parent streams the snapshots while matplotlib loads
    from skillmatrix.reports.export import charts

    charts.preload()
    reader.join()
    problems = _Problems()
    logging.getLogger().addHandler(problems)
    pictures = pickle.loads(job[0]).render()
    out.write(pickle.dumps((pictures, problems.messages), protocol=5))
    out.flush()
