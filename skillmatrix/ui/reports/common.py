"""Small pieces shared by the Reports view and the import wizard.

Remembered folders, suggested file names, opening a file or its folder, section headings and
a result line.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from skillmatrix.services.excel import ImportResult

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

#: QSettings keys.
REPORT_FOLDER = "reports/report_folder"
FORMS_FOLDER = "reports/forms_folder"
IMPORT_FOLDER = "reports/import_folder"


def documents_folder() -> Path:
    """The user's Documents folder, an existing one.

    Created when the platform names one that is not there yet (a fresh account, a minimal
    Linux), else the home folder.
    """
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found:
        folder = Path(found)
        with contextlib.suppress(OSError):  # read-only home, a file in the way: use home
            folder.mkdir(parents=True, exist_ok=True)
        if folder.is_dir():
            return folder
    return Path.home()


def remembered_folder(key: str) -> Path:
    """The folder last used for ``key`` when it still exists, else Documents."""
    value = str(QSettings().value(key, "") or "")
    return Path(value) if value and Path(value).is_dir() else documents_folder()


def remember_folder(key: str, folder: Path) -> None:
    """Remember ``folder`` under ``key`` for the next file dialog."""
    QSettings().setValue(key, str(folder))


def safe_name(text: str) -> str:
    """``text`` usable as a file name on every platform (unsafe characters become "-")."""
    return " ".join(_UNSAFE.sub("-", text).split()).strip(" .") or "SkillMatrix"


def report_name(cycle: str, team: str | None, anonymize: bool = False) -> str:
    """The suggested report file name, e.g. "SkillMatrix 2026-Q4 Payments.xlsx"."""
    parts = ["SkillMatrix", cycle, team or "All teams"]
    if anonymize:
        parts.append("(anonymised)")
    return safe_name(" ".join(parts)) + ".xlsx"


def forms_folder_name(cycle: str, team: str | None) -> str:
    """The suggested folder for a round of forms, e.g. "Self-assessment 2026-Q4 Payments"."""
    return safe_name(f"Self-assessment {cycle} {team or 'All teams'}")


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Show ``path`` selected in the file manager (its folder opened elsewhere)."""
    if sys.platform == "win32":
        return QProcess.startDetached("explorer", [f"/select,{path}"])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", str(path)])[0]
    return open_path(path.parent)


def heading(text: str, parent: QWidget, *, scale: float = 1.2) -> QLabel:
    """A bold section heading."""
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def explanation(text: str, parent: QWidget) -> QLabel:
    """A wrapped paragraph of help text (links open in the browser)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(True)
    return label


class ResultLine(QWidget):
    """A "✓ Saved …" line with Open and Show-in-folder buttons, hidden until there is a result."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.path: Path | None = None
        self.text = QLabel(self)
        self.text.setObjectName(f"{name}Text")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open", self)
        self.open_button.setObjectName(f"{name}Open")
        self.folder_button = QPushButton("Show in folder", self)
        self.folder_button.setObjectName(f"{name}Folder")
        self.open_button.clicked.connect(lambda: self.path and open_path(self.path))
        self.folder_button.clicked.connect(lambda: self.path and show_in_folder(self.path))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text)
        row.addSpacing(8)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        self.hide()

    def show_result(self, text: str, path: Path | None, *, openable: bool = True) -> None:
        """Show ``text``; the buttons act on ``path`` (hidden when there is none)."""
        self.path = path
        self.text.setText(text)
        self.open_button.setVisible(path is not None and openable)
        self.folder_button.setVisible(path is not None)
        self.show()

    def clear(self) -> None:
        """Hide the result line."""
        self.path = None
        self.hide()


#: Width of the labels in front of the fields, so every block lines up.
LABEL_WIDTH = 110


def field_label(text: str, parent: QWidget) -> QLabel:
    """A form label of the common width."""
    label = QLabel(text, parent)
    label.setMinimumWidth(LABEL_WIDTH)
    return label


def fixed(button: QPushButton) -> QPushButton:
    """Keep a button at its natural width (it does not stretch with its row)."""
    button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return button


def section(parent: QWidget, title: str, text: str) -> tuple[QWidget, QVBoxLayout]:
    """A titled block with a line of explanation; returns (widget, its layout)."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(heading(title, box))
    if text:
        layout.addWidget(explanation(text, box))
    return box, layout


def fill_with_section(widget: QWidget, title: str, text: str) -> QVBoxLayout:
    """Make ``widget`` one :func:`section`, edge to edge; returns the section's layout."""
    box, layout = section(widget, title, text)
    outer = QHBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(box)
    return layout


def action_row(button: QPushButton, result: ResultLine) -> QHBoxLayout:
    """The action ``button``, then its ``result`` line, left-aligned."""
    row = QHBoxLayout()
    row.addWidget(button)
    row.addWidget(result)
    row.addStretch(1)
    return row


def suggest_path(edit: QLineEdit, name: str, *, previous: str, folder_key: str) -> bool:
    """Show ``name`` in ``edit`` unless the user typed a name of their own.

    In the folder it shows (else the remembered ``folder_key`` folder); the user's own name
    is anything but ``previous``, the last suggestion. Returns whether the text was
    replaced.
    """
    text = edit.text().strip()
    if text and Path(text).name != previous:
        return False
    folder = Path(text).parent if text else remembered_folder(folder_key)
    edit.setText(str(folder / name))
    return True


def plural(count: int, one: str, many: str | None = None) -> str:
    """Count and noun: "1 new rating", "3 new ratings" (``many`` defaults to ``one`` + "s")."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def summary(result: ImportResult) -> str:
    """What an import did or would do, e.g. "12 new ratings, 3 changed, 2 new people"."""
    if result.layout == "framework":
        parts = [plural(result.targets_set, "target level")]
    else:
        parts = [plural(result.created, "new rating"), f"{result.changed} changed"]
    if result.people_created:
        parts.append(plural(len(result.people_created), "new person", "new people"))
    if result.competencies_created:
        parts.append(plural(len(result.competencies_created), "new competency", "new competencies"))
    return ", ".join(parts)
