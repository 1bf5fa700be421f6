"""Create the QApplication; when no platform plugin can start, say why in one line.

Without its system libraries Qt's xcb plugin does not load, and Qt ends the process with
``abort()`` (SIGABRT) after a misleading hint ("xcb-cursor0 is needed"). Qt reports that
through its message handler first, so a handler installed for the construction prints one
line naming what is really missing (``skillmatrix.qt_deps``) and exits with code 1.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

_PLUGIN = re.compile(r'platform plugin "([\w-]+)"')
#: Qt's own lines that say nothing the one line does not say better.
_NOISE = ("is needed to load the Qt xcb platform plugin", "even though it was found")


def create_application(argv: Sequence[str]) -> QApplication:
    """``QApplication(argv)``, exiting cleanly when the platform cannot start.

    Such a platform exits the process with ``skillmatrix: error: ...`` on stderr and code 1
    instead of aborting.
    """
    said: list[tuple[QtMsgType, str]] = []

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            try:
                text = explain(said, message)
            except Exception:  # never let a bug here hide Qt's own words
                text = message.strip().splitlines()[0]
            print(f"skillmatrix: error: {text}", file=sys.stderr, flush=True)
            sys.stdout.flush()
            os._exit(1)  # Qt calls abort() as soon as this returns
        said.append((kind, message))

    previous = qInstallMessageHandler(handler)
    try:
        app = QApplication(list(argv))
    finally:
        qInstallMessageHandler(previous)
    for kind, message in said:  # warnings of a start that worked are still worth seeing
        if kind != QtMsgType.QtInfoMsg and not any(n in message for n in _NOISE):
            print(message, file=sys.stderr)
    return app


def explain(said: Sequence[tuple[QtMsgType, str]], fatal: str) -> str:
    """The one line for a platform that could not start, from Qt's messages."""
    from skillmatrix import qt_deps  # only on failure: it runs ldd

    texts = [message for _kind, message in said]
    names = [m.group(1) for m in map(_PLUGIN.search, texts) if m]
    plugin = names[0] if names else os.environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0]
    if plugin == "xcb":
        found = qt_deps.find_plugin(dirs=_qt_plugin_dirs())
        missing = qt_deps.probe(found) if found is not None else []
        if missing:
            return qt_deps.missing_message(missing, plugin)
    reasons = [t for t in texts if not any(n in t for n in _NOISE) and not _PLUGIN.search(t)]
    reason = reasons[0].strip() if reasons else fatal.strip().splitlines()[0]
    screen = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}.get(plugin.split("-")[0])
    check = f"check {screen}, or set" if screen else "set"
    return (
        f"cannot open a window: Qt's {plugin} platform plugin could not start ({reason}); "
        f"{check} QT_QPA_PLATFORM (offscreen works without a screen)"
    )


def _qt_plugin_dirs() -> list[Path]:
    """Where this Qt looks for platform plugins: the environment's folders, then its own."""
    from skillmatrix import qt_deps

    own = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    return [*qt_deps.plugin_dirs(), own]
