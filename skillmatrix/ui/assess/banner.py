"""A one-line banner above the grid: the standing state (closed cycle) and brief refusals."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

_STATE = (
    "QLabel { background: #FFF3CD; color: #5C4400; border: 1px solid #E0C36A; padding: 4px 8px; }"
)
_ERROR = (
    "QLabel { background: #F8D7DA; color: #7A1C24; border: 1px solid #E29AA2; padding: 4px 8px; }"
)
FLASH_MS = 6000


class Banner(QLabel):
    """Shows the standing state (e.g. "2026-Q3 is closed — read-only"), hidden when none.

    It also flashes a refused change's reason for a few seconds on top of it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessBanner")
        self.setWordWrap(True)
        self._state: str | None = None
        self._state_error = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._restore)
        self.hide()

    @property
    def state_text(self) -> str | None:
        """The standing message shown, or None."""
        return self._state

    def show_state(self, text: str | None, *, error: bool = False) -> None:
        """Set the standing message (None hides the banner unless a flash is showing)."""
        self._state, self._state_error = text, error
        if not self._timer.isActive():
            self._restore()

    def flash(self, text: str) -> None:
        """Show ``text`` for a few seconds, then go back to the standing message."""
        self.setStyleSheet(_ERROR)
        self.setText(text)
        self.show()
        self._timer.start()

    def end_flash(self, _message: str = "") -> None:
        """A change was stored since: a refusal still flashing would contradict "Saved"."""
        if self._timer.isActive():
            self._timer.stop()
            self._restore()

    def _restore(self) -> None:
        if self._state:
            self.setStyleSheet(_ERROR if self._state_error else _STATE)
            self.setText(self._state)
            self.show()
        else:
            self.hide()
