"""Opening (or creating) a database without waiting for it on the UI thread.

Opening a file can upgrade it (a backup first), and connecting to a server can take up to
its connect timeout; both run as a background task (``ui.tasks``). The window keeps
repainting meanwhile, the status bar says what is being opened, and a progress dialog
shows if it takes longer than a moment. Keyboard and mouse input is held back until it
ends (as for a write, ``ui.waiting``), so nothing is edited in the database being left;
the caller gets the opened database, or the one-line reason it could not be opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QWidget

from skillmatrix.core.errors import DatabaseError
from skillmatrix.ui.tasks import BackgroundTask

T = TypeVar("T")


def shown_name(target: object) -> str:
    """How the user reads a path or URL: a server address without its password."""
    text = str(target)
    if "://" not in text:
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))


def wait_for(parent: QWidget | None, title: str, work: Callable[[], T]) -> T:
    """``work()``'s result, run as a background task.

    The UI thread runs its event loop (input held back) until it ends.

    Raises:
        DatabaseError: ``work`` failed (the one-line message; nothing was shown yet).
    """
    task = BackgroundTask(parent, title, lambda _p, _c: work(), show_errors=False)
    task.dialog.setCancelButton(None)  # an open or an upgrade is not stopped half-way
    task.dialog.setRange(0, 0)  # no steps to count: a busy bar,
    task.dialog.setValue(0)  # shown if it is still open after the dialog's minimum duration
    errors: list[str] = []
    loop = QEventLoop()
    task.error.connect(errors.append)
    task.error.connect(loop.quit)
    task.done.connect(loop.quit)
    task.start()
    if not task.finished:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    task.dialog.deleteLater()
    task.deleteLater()
    if errors:
        raise DatabaseError(errors[0])
    return task.result  # type: ignore[no-any-return]
