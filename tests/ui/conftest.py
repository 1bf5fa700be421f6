"""Fixtures for the desktop-app tests: offscreen Qt, isolated settings, a real database.

``qtbot`` is never autouse (it would drag Qt into the non-UI tests); only the settings
isolation below is, and it touches no widget.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from skillmatrix.core.frameworks import find_framework


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Each test gets empty QSettings in its own folder (never the user's real ones)."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("SkillMatrixTests")
    QCoreApplication.setApplicationName("SkillMatrixTests")
    yield folder


@pytest.fixture(autouse=True)
def unexpected_message_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody asked for fails the test with its text.

    Offscreen, a modal box waits forever for a click: one unexpected warning would hang
    the whole run. Tests that expect messages take the ``messages`` fixture, which
    records them instead (it patches the same methods after this one).
    """
    from PySide6.QtWidgets import QMessageBox

    def refuse(kind: str) -> object:
        def show(_parent: object, _title: str, text: str, *args: object, **kwargs: object) -> None:
            raise AssertionError(f"unexpected QMessageBox.{kind}: {text}")

        return show

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(refuse(kind)))

    def exec_(box: QMessageBox) -> int:
        raise AssertionError(f"unexpected message box: {box.text()} {box.informativeText()}")

    monkeypatch.setattr(QMessageBox, "exec", exec_)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file with the Backend Engineer framework and a first cycle."""
    from skillmatrix.services import cycles, frameworks
    from skillmatrix.services.database import open_database

    path = tmp_path / "team.db"
    db = open_database(path)
    try:
        frameworks.install_framework(db, find_framework("Backend Engineer"))
        cycles.start_cycle(db, name="2026-Q1", carry_forward=False)
    finally:
        db.close()
    return path


@pytest.fixture
def window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    """The main window, shown, on ``db_path``."""
    from skillmatrix.ui import open_main_window

    win = open_main_window(db_path)
    qtbot.addWidget(win)
    yield win
    win.close()
    if win.ctx.db is not None:
        win.ctx.db.close()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Every message box is recorded; confirmations answer Yes (set ``.answer``)."""
    from ui_helpers import patch_messages

    return patch_messages(monkeypatch)
