"""A friendly empty state: a title, a sentence, and optionally the one button to press."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from skillmatrix.ui import icons


class EmptyState(QWidget):
    """Centred "nothing here yet" text with an optional action button.

    Args:
        title: one short line ("No people yet").
        text: what to do about it.
        action: button text ("Add person…"); no button when None.
        on_action: called when the button is pressed.
        icon: icon name shown above the title.
    """

    def __init__(
        self,
        title: str,
        text: str = "",
        *,
        action: str | None = None,
        on_action: Callable[[], None] | None = None,
        icon: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        if icon:
            picture = QLabel(self)
            icons.bind(picture, icon, lambda i: picture.setPixmap(i.pixmap(48, 48)))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setEnabled(False)  # the disabled tint: present but quiet
            layout.addWidget(picture)
        self.title = QLabel(title, self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width lets the layout ask the wrapped label for its real height.
        self.text.setFixedWidth(460)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.text)
        row.addStretch(1)
        layout.addLayout(row)
        self.button: QPushButton | None = None
        if action:
            self.button = QPushButton(action, self)
            self.button.setDefault(True)
            if on_action is not None:
                self.button.clicked.connect(on_action)
            layout.addSpacing(8)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)

    def set_text(self, title: str, text: str = "") -> None:
        """Show ``title`` and ``text``."""
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
