"""Issue 10's first-hour defects in the window: remembered paths, keyboard focus, folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from skillmatrix.services.database import open_database
from skillmatrix.ui import open_main_window, settings
from skillmatrix.ui.main_window import MainWindow


def test_a_database_opened_by_a_relative_path_is_remembered_absolute(
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(db_path.parent)
    first = open_main_window(db_path.name)  # as in the README: skillmatrix --db demo.db
    qtbot.addWidget(first)
    first.close()
    first.ctx.db.close()
    assert settings.last_database() == str(db_path)
    assert settings.recent_databases()[0] == str(db_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # started again from another folder
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    second.open_initial(None)
    assert second.ctx.db is not None and Path(second.ctx.db.name).resolve() == db_path
    assert not (elsewhere / db_path.name).exists()  # no empty database made here instead
    second.fill_recent_menu()
    assert not any("(missing)" in a.text() for a in second.recent_menu.actions())
    second.close()
    second.ctx.db.close()


def _window_with_people(qtbot, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    from skillmatrix.services import people

    with open_database(db_path) as db:
        people.add_person(db, name="Ada", team="Core", role="Backend Engineer", seniority="Mid")
    window = MainWindow(welcome=False)  # as ``ui.run`` starts: shown first, then opened
    qtbot.addWidget(window)
    window.show()
    window.open_initial(str(db_path))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _rated(window: MainWindow) -> list[int]:
    from skillmatrix.services import ratings

    return [r.level for r in ratings.list_ratings(window.ctx.db, window.ctx.cycle.id)]


def _type_level(qtbot, window: MainWindow, key: str) -> None:  # type: ignore[no-untyped-def]
    # Typed at whatever has the focus, as a user would: no click on the grid first.
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def test_typing_a_level_rates_the_moment_assess_shows(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _window_with_people(qtbot, db_path)
    grid = window.page("assess").content.grid
    assert window.current_view() == "assess"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    _type_level(qtbot, window, "3")
    assert _rated(window) == [3]

    # Ctrl+1 (Team) then Ctrl+3 (Assess): the grid has the keyboard again.
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == "team"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == "assess"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    _type_level(qtbot, window, "2")
    assert sorted(_rated(window)) == [2, 3]

    # After a dialog closes, the keyboard is back on the grid too.
    dialog = window.show_shortcuts()
    qtbot.waitUntil(lambda: dialog.isVisible())
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    _type_level(qtbot, window, "4")
    assert sorted(_rated(window)) == [2, 3, 4]
    window.close()
    window.ctx.db.close()


def test_a_window_opened_before_it_is_shown_also_gives_the_grid_the_keyboard(
    qtbot, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services import people

    with open_database(db_path) as db:
        people.add_person(db, name="Ada", team="Core", role="Backend Engineer")
    window = open_main_window(db_path)  # adopts the database, then shows the window
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.current_view() == "assess"
    assert QApplication.focusWidget() is window.page("assess").content.grid
    window.close()
    window.ctx.db.close()
