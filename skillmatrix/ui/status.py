"""The status bar: the database in use and the save state of the last change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStatusBar

from skillmatrix.ui.context import AppContext

ALL_SAVED = "All changes saved"


class StatusLine:
    """Shows ``ctx.saved`` messages (then "All changes saved") and ``ctx.failed`` errors."""

    def __init__(self, ctx: AppContext, bar: QStatusBar) -> None:
        self.bar = bar
        self.database = QLabel(bar)
        self.database.setObjectName("databaseLabel")
        self.database.setAccessibleName("Database in use")
        self.state = QLabel(ALL_SAVED, bar)
        self.state.setObjectName("saveState")
        self.state.setAccessibleName("Save state")
        bar.addWidget(self.state, 1)
        bar.addPermanentWidget(self.database)
        self._calm = QTimer(bar)
        self._calm.setSingleShot(True)
        self._calm.setInterval(6000)
        self._calm.timeout.connect(self._all_saved)
        ctx.saved.connect(self.show_saved)
        ctx.failed.connect(self.show_failed)
        ctx.waiting.connect(self.show_waiting)
        ctx.databaseChanged.connect(self._all_saved)

    def set_database(self, name: str | None) -> None:
        """Show the open database's name ("No database open" when none)."""
        if not name:
            self.database.setText("No database open")
            self.database.setToolTip("")
            self.state.setText("")  # nothing to save yet: "All changes saved" would puzzle
            return
        shown = Path(name).name if "://" not in name else name
        self.database.setText(f"Database: {shown}")
        self.database.setToolTip(name)

    def show_saved(self, message: str) -> None:
        """Say that a change was saved; the line calms down after a while."""
        self.state.setStyleSheet("")
        self.state.setToolTip("")
        self.state.setText(f"✓ {message}")
        self._calm.start()

    def show_failed(self, message: str) -> None:
        """Say that a change failed, highlighted, until the next saved change."""
        # Stays until the next stored change: an error must not scroll away unseen.
        self._calm.stop()
        dark = self.bar.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.state.setStyleSheet(f"color: {'#ff8a80' if dark else '#b71c1c'}; font-weight: 600;")
        # Some callers word it already (the grid's editor, for its banner): say it once.
        text = message if message.lower().startswith("not saved") else f"Not saved: {message}"
        self.state.setText(text)
        self.state.setToolTip(text)  # a long refusal is clipped by the database label

    def show_update(self, message: str) -> None:
        """Changes made by others were just shown (``ui.live``); an error stays shown."""
        if self.state.text().startswith("Not saved"):
            return
        self.state.setStyleSheet("")
        self.state.setToolTip("")
        self.state.setText(f"↻ {message}")
        self._calm.start()

    def show_waiting(self, message: str) -> None:
        """Say that a change is waiting to be saved."""
        self._calm.stop()
        self.state.setStyleSheet("")
        self.state.setToolTip("")
        self.state.setText(f"⏳ Saving: {message}")
        self.state.repaint()  # the wait runs in a local event loop: show it now

    def _all_saved(self) -> None:
        self.state.setStyleSheet("")
        self.state.setToolTip("")
        self.state.setText(ALL_SAVED)
