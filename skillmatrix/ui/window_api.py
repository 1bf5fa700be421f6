"""What the menus and the File and Cycle actions need from the main window.

They take this protocol, not ``MainWindow``, so ``main_window`` can import them without a
circle (issue 11).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar, QStatusBar, QToolBar, QWidget

    from skillmatrix.ui.context import AppContext


class WindowApi(Protocol):
    """The main window as its menus and actions see it."""

    ctx: AppContext
    toolbar: QToolBar

    def as_widget(self) -> QWidget:
        """The window itself: the parent of its dialogs and actions."""
        ...

    def menuBar(self) -> QMenuBar: ...

    def statusBar(self) -> QStatusBar: ...

    def close(self) -> bool: ...

    def open_database(self, target: str | Path, *, password: str | None = None) -> bool: ...

    def adopt_database(self, db: object) -> None: ...

    def fill_recent_menu(self) -> None: ...

    def show_view(self, key: str) -> None: ...

    def find(self) -> None: ...

    def update_cycle_actions(self) -> None: ...

    def set_theme(self, theme: str) -> None: ...

    def ask_stale_after(self) -> None: ...

    def show_shortcuts(self) -> QWidget: ...

    def show_about(self) -> None: ...
