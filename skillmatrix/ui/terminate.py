"""Close the window on SIGTERM and SIGINT (``kill``, a logout, Ctrl+C in the terminal).

Python runs a signal handler only between bytecodes, and the main thread sits in Qt's
event loop; ``signal.set_wakeup_fd`` writes the signal number to a socket that Qt
watches, which wakes the loop. The window then closes as if its close button was pressed:
settings are remembered and background tasks are stopped.
"""

from __future__ import annotations

import signal
import socket
import sys

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QWidget

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class CloseOnTerminate(QObject):
    """While it lives, SIGTERM and SIGINT close ``window`` (POSIX only)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._reader, writer = socket.socketpair()
        self._writer = writer
        for sock in (self._reader, writer):
            sock.setblocking(False)
        signal.set_wakeup_fd(writer.fileno())
        for number in SIGNALS:
            signal.signal(number, lambda *_args: None)  # the wake-up byte does the work
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            received = self._reader.recv(64)
        except OSError:
            return
        if any(byte in (int(s) for s in SIGNALS) for byte in received):
            self._window.close()


def close_on_terminate(window: QWidget) -> CloseOnTerminate | None:
    """Install :class:`CloseOnTerminate` for ``window`` where signals work this way."""
    if sys.platform == "win32":
        return None
    return CloseOnTerminate(window)
