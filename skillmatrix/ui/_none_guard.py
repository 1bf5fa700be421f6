"""Work around PySide6 6.12.0 on Python < 3.12 dropping a reference to ``None``.

That build releases one reference to ``None`` on each call of a method returning nothing
(``QWidget.update``, ``QPainter.setPen`` ...) and on each empty QVariant it returns; a few
seconds of painting exhaust None's count and CPython aborts ("deallocating None"). From
Python 3.12 None is immortal and the bug is harmless. We measure the leak instead of
matching version numbers, so the guard switches itself off on a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

_PROBES = 64


def none_leaks() -> bool:
    """True when calling a Qt method that returns nothing loses a reference to None."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= _PROBES // 2


def protect_none() -> bool:
    """Make None as good as immortal when the leak is present; True if it was applied."""
    if sys.version_info >= (3, 12) or not none_leaks():
        return False
    # Add 2**40 references: at thousands per second that outlasts any session.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return True
