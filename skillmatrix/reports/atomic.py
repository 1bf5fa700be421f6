"""Writing a workbook next to its destination and renaming it into place.

A workbook is written to a hidden ``.~<pid>-<random>.xlsx.part`` file in the destination's
folder and renamed over the destination only when complete. Three things can go wrong:

* the disk fills up: openpyxl's ``ZipFile`` is then left open, and its destructor tries to
  write the zip directory to the full disk again, printing a traceback after the clean
  one-line error; the archive is written here through a ZipFile that is abandoned on
  failure instead;
* the process is killed (``kill -9``, power loss): nothing can delete the part file then,
  so every write first removes the part files of processes that no longer run (or, where
  that cannot be told, part files a day old);
* the error says why in words people use: "the disk is full", not "[Errno 28]".
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

PART_SUFFIX = ".xlsx.part"
_PART = re.compile(r"^\.~(?:(\d+)-)?.*\.xlsx\.part$")
#: A part file this old (seconds) is abandoned whoever made it.
STALE_AFTER = 24 * 3600


def os_error_text(exc: OSError) -> str:
    """Why an OS error happened, in plain words."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or str(exc)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would terminate it there; fall back to the age rule
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Delete part files in ``folder`` left by killed writers; returns those removed."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1)) if match.group(1) else None
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
        except OSError:
            continue
        if old or (pid is not None and not _alive(pid)):
            with suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def new_part(path: Path) -> Path:
    """Create the (empty) part file for ``path``, after sweeping stale ones."""
    remove_stale_parts(path.parent)
    fd, name = tempfile.mkstemp(prefix=f".~{os.getpid()}-", suffix=PART_SUFFIX, dir=path.parent)
    os.close(fd)
    return Path(name)


def save_workbook(wb: Any, target: Path) -> None:
    """``wb.save(target)`` that leaves no half-closed archive behind when it fails."""
    from openpyxl.writer.excel import ExcelWriter

    if getattr(wb, "write_only", False) and not wb.worksheets:
        wb.create_sheet()
    if getattr(wb, "write_only", False):
        from skillmatrix.reports.dimension import patch

        for ws in wb.worksheets:
            patch(ws)  # each tracked sheet's <dimension> (reports.dimension)
    with open(target, "wb") as fh:
        archive = ZipFile(fh, "w", ZIP_DEFLATED, allowZip64=True)
        try:
            ExcelWriter(wb, archive).save()  # writes everything and closes the archive
        except BaseException:
            archive.fp = None  # abandoned: its destructor must not write to the disk again
            raise


def publish(part: Path, path: Path) -> None:
    """Give the finished part file normal permissions and move it over ``path``."""
    os.chmod(part, 0o644)  # mkstemp made it private; a report is an ordinary document
    os.replace(part, path)
