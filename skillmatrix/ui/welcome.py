"""The welcome page shown when no database is open: three clear ways to start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.frameworks import Framework
from skillmatrix.ui import icons
from skillmatrix.ui.dialogs.frameworks import FrameworkList

CARD_STYLE = """
QFrame#welcomeCard { background: palette(base); border: 1px solid palette(mid);
                     border-radius: 10px; }
QFrame#welcomeCard QLabel { background: transparent; }
"""


def _heading(text: str, scale: float, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class _Card(QFrame):
    def __init__(self, icon: str, title: str, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeCard")
        self.setMinimumWidth(270)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(18, 18, 18, 18)
        head = QHBoxLayout()
        picture = QLabel(self)
        icons.bind(picture, icon, lambda i: picture.setPixmap(i.pixmap(28, 28)))
        head.addWidget(picture)
        head.addWidget(_heading(title, 1.15, self), 1)
        self.layout_.addLayout(head)
        body = QLabel(text, self)
        body.setWordWrap(True)
        self.layout_.addWidget(body)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)


class WelcomePage(QWidget):
    """First run: start from a framework, open a database, or explore the demo.

    Signals:
        createRequested(object): the Framework to start a new database from.
        openRequested(): show the Open dialog.
        openRecentRequested(str): open this recent database.
        demoRequested(): open (creating if needed) the demo database.
    """

    createRequested = Signal(object)
    openRequested = Signal()
    openRecentRequested = Signal(str)
    demoRequested = Signal()

    def __init__(self, recent: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome")
        self.setStyleSheet(CARD_STYLE)
        logo = QLabel(self)
        logo.setPixmap(icons.app_icon().pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = _heading("Welcome to SkillMatrix", 1.9, self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(
            "Rate your team against role competencies, see where coverage is thin, "
            "and send a clear quarterly report.",
            self,
        )
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setWordWrap(True)

        start = _Card(
            "framework",
            "Start from a role framework",
            "Competencies and target levels for each seniority, ready to use.",
            self,
        )
        self.frameworks = FrameworkList(start)
        self.frameworks.setMinimumHeight(150)
        self.frameworks.itemActivated.connect(lambda _item: self._create())
        self.create_button = QPushButton("&Create database…", start)
        self.create_button.setObjectName("welcomeCreate")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        start.layout_.addWidget(self.frameworks, 1)
        start.layout_.addWidget(self.create_button)

        opener = _Card(
            "folder-open",
            "Open a database",
            "Continue with a SkillMatrix file you or a colleague saved.",
            self,
        )
        self.open = QPushButton("&Open…", opener)
        self.open.setObjectName("welcomeOpen")
        self.open.clicked.connect(self.openRequested.emit)
        self.recent_box = QVBoxLayout()
        opener.layout_.addLayout(self.recent_box)
        opener.layout_.addStretch(1)
        opener.layout_.addWidget(self.open)
        self.set_recent(recent or [])

        demo = _Card(
            "demo",
            "Explore the demo",
            "A made-up organisation of 40 people in 3 teams with four quarters of "
            "ratings. Try every view without touching real data.",
            self,
        )
        self.demo = QPushButton("E&xplore the demo", demo)
        self.demo.setObjectName("welcomeDemo")
        self.demo.clicked.connect(self.demoRequested.emit)
        demo.layout_.addStretch(1)
        demo.layout_.addWidget(self.demo)

        cards = QHBoxLayout()
        cards.setSpacing(16)
        for card in (start, opener, demo):
            cards.addWidget(card, 1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(logo)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(24)
        column.addLayout(cards, 3)
        column.addStretch(2)
        holder = QWidget(self)
        holder.setMaximumWidth(1000)
        holder.setLayout(column)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 8)
        outer.addStretch(1)

    def set_recent(self, recent: list[str]) -> None:
        """Show up to four recent databases as quick links."""
        while self.recent_box.count():
            item = self.recent_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        shown = [r for r in recent if "://" in r or Path(r).exists()][:4]
        if shown:
            label = QLabel("Recent:", self)
            self.recent_box.addWidget(label)
        for target in shown:
            button = QPushButton(Path(target).name if "://" not in target else target, self)
            button.setFlat(True)
            button.setToolTip(target)
            button.setStyleSheet("text-align: left; padding: 3px 6px;")
            button.clicked.connect(lambda _c=False, t=target: self.openRecentRequested.emit(t))
            self.recent_box.addWidget(button)

    def _create(self) -> None:
        fw: Framework | None = self.frameworks.framework()
        if fw is not None:
            self.createRequested.emit(fw)
