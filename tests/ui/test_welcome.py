"""The welcome page and the ways to get a database: built-in framework, open, demo, new."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from skillmatrix.services import cycles, frameworks
from skillmatrix.ui import db_actions
from skillmatrix.ui.dialogs.frameworks import ChooseFrameworkDialog
from skillmatrix.ui.main_window import MainWindow


@pytest.fixture
def empty_window(qtbot):  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_initial(None)
    yield window
    window.close()
    if window.ctx.db is not None:
        window.ctx.db.close()


def test_welcome_lists_the_builtin_frameworks_with_counts(empty_window: MainWindow) -> None:
    texts = [
        empty_window.welcome.frameworks.item(i).text()
        for i in range(empty_window.welcome.frameworks.count())
    ]
    names = [t.splitlines()[0] for t in texts]
    assert sorted(names) == ["Backend Engineer", "Engineer", "Product Engineer"]
    assert all("competencies in" in t for t in texts)


def test_start_from_a_builtin_framework_creates_db_and_first_cycle(
    qtbot, empty_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "backend.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = empty_window.welcome
    row = next(
        i
        for i in range(page.frameworks.count())
        if page.frameworks.item(i).text().startswith("Backend Engineer")
    )
    page.frameworks.setCurrentRow(row)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    db = empty_window.ctx.db
    assert db is not None and Path(db.name) == target
    assert [r.name for r in frameworks.list_roles(db)] == ["Backend Engineer"]
    assert len(cycles.list_cycles(db)) == 1
    assert empty_window.ctx.cycle is not None
    assert empty_window.central.currentWidget() is empty_window.workspace
    assert not empty_window.toolbar.isHidden()


def test_an_existing_file_is_never_overwritten(
    empty_window: MainWindow, tmp_path: Path, monkeypatch, messages
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "precious.db"
    target.write_bytes(b"keep me")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert db_actions.ask_new_path(empty_window) is None
    assert "already exists" in messages.texts("warning")[0]
    assert target.read_bytes() == b"keep me"


def test_file_new_database_asks_for_a_framework(
    empty_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "new"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(
        ChooseFrameworkDialog, "exec", lambda self: QDialog.DialogCode.Accepted.value
    )
    assert db_actions.new_database(empty_window)
    assert Path(empty_window.ctx.db.name) == tmp_path / "new.db"
    assert frameworks.list_competencies(empty_window.ctx.db)


def test_open_recent_from_the_welcome_page(empty_window: MainWindow, db_path: Path) -> None:
    empty_window.welcome.openRecentRequested.emit(str(db_path))
    assert Path(empty_window.ctx.db.name) == db_path


def test_explore_the_demo_creates_it_in_the_background(
    qtbot, empty_window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    demo = tmp_path / "demo.db"
    task = db_actions.explore_demo(empty_window, demo)
    assert task is not None
    qtbot.waitUntil(lambda: empty_window.ctx.db is not None, timeout=60_000)
    assert Path(empty_window.ctx.db.name) == demo
    assert len(cycles.list_cycles(empty_window.ctx.db)) == 4
    assert empty_window.context_bar.team.count() == 4  # All teams + 3


def test_a_cancelled_demo_leaves_no_file(
    qtbot, empty_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import skillmatrix.services.demo as demo_service

    def slow_demo(db, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.05)  # runs in the worker thread
        return None  # what create_demo returns when cancelled

    monkeypatch.setattr(demo_service, "create_demo", slow_demo)
    demo = tmp_path / "demo.db"
    task = db_actions.explore_demo(empty_window, demo)
    task.cancel()
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert not demo.exists()
    assert empty_window.ctx.db is None
