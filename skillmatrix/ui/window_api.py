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

    def menuBar(self) -> QMenuBar:
        """The window's menu bar."""

    def statusBar(self) -> QStatusBar:
        """The window's status bar."""

    def close(self) -> bool:
        """Close the window; True when it closed."""

    def open_database(self, target: str | Path, *, password: str | None = None) -> bool:
        """Open ``target`` and switch to it; True when it opened."""

    def adopt_database(self, db: object) -> None:
        """Make ``db`` (an open Database) the window's database."""

    def fill_recent_menu(self) -> None:
        """List the recent databases in File › Open Recent."""

    def show_view(self, key: str) -> None:
        """Switch to view ``key``."""

    def find(self) -> None:
        """Edit › Find in the current view."""

    def update_cycle_actions(self) -> None:
        """Enable and name the Cycle menu's actions for the current cycle."""

    def set_theme(self, theme: str) -> None:
        """Use and remember ``theme``."""

    def ask_stale_after(self) -> None:
        """Ask for the cycles after which a rating is stale."""

    def show_shortcuts(self) -> QWidget:
        """Show the keyboard shortcuts dialog."""

    def show_about(self) -> None:
        """Show the About box."""
