"""The bar that says the risk panel just narrowed every view to one team, with Back.

Clicking a team under "By team" changes the window's team filter (so the chart, the
other views and the next export show that team): a change that large must be visible
and undoable, not a silent side effect of reading a list.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class TeamSwitchBar(QFrame):
    """The bar that says the views are scoped to one team, with Back.

    Hidden until :meth:`announce`; ``backRequested`` when the user clicks Back (or presses
    the platform's Back shortcut, Alt+Left).
    """

    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamSwitchBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setObjectName("teamSwitchText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.back = QPushButton("Back to all teams")
        self.back.setObjectName("teamSwitchBack")
        self.back.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back.clicked.connect(self.backRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.back)
        self.hide()

    def announce(self, team: str, previous: str | None) -> None:
        """Say that every view now shows ``team`` only (it was ``previous``, None: all)."""
        back_to = "all teams" if previous is None else previous
        self.back.setText(f"Back to {back_to}")
        self.back.setToolTip(f"Show {back_to} again ({self.back.shortcut().toString()})")
        self.text.setText(
            f"Now showing only <b>{html.escape(team)}</b>, chosen under <i>By team</i>: "
            "every view and the next export cover this team alone."
        )
        self.show()
