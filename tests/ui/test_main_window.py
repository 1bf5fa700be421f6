"""The main window: object names, navigation, selectors, status bar, settings, databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QTableView, QTreeView

from skillmatrix.services import people
from skillmatrix.services.database import open_database
from skillmatrix.ui import open_main_window, settings
from skillmatrix.ui.main_window import MainWindow


def _activate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_window_has_the_stable_object_names(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    for name in ("teamSelector", "cycleSelector", "sourceSelector"):
        assert window.findChild(QComboBox, name) is not None
    for key in ("insights", "reports", "assess", "team", "framework"):
        assert window.page(key).objectName() == f"{key}View"
    window.show_view("team")
    assert window.findChild(QTableView, "teamTable") is not None
    window.show_view("framework")
    assert window.findChild(QTreeView, "frameworkTree") is not None
    assert window.size().width() >= 800


def test_ctrl_digits_switch_views(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _activate(qtbot, window)
    for n, key in enumerate(("team", "framework", "assess", "insights", "reports"), start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0.value + n), Qt.KeyboardModifier.ControlModifier)
        assert window.current_view() == key
        assert window.views.currentWidget() is window.page(key)
        assert window.page(key).is_built
        assert window.acts.views[key].isChecked()


def test_views_are_built_only_when_first_shown(window: MainWindow) -> None:
    window.show_view("team")
    assert not window.page("insights").is_built
    assert not window.page("reports").is_built
    window.show_view("reports")
    assert window.page("reports").is_built


def test_selectors_drive_the_context(window: MainWindow, db_path: Path) -> None:
    ctx = window.ctx
    people.add_person(ctx.db, name="Ada", team="Payments")
    ctx.peopleChanged.emit()
    teams = window.findChild(QComboBox, "teamSelector")
    assert [teams.itemText(i) for i in range(teams.count())] == ["All teams", "Payments"]
    teams.setCurrentIndex(1)
    teams.activated.emit(1)
    assert ctx.team == "Payments"
    ctx.set_team(None)
    assert teams.currentText() == "All teams"

    source = window.findChild(QComboBox, "sourceSelector")
    source.setCurrentIndex(2)
    source.activated.emit(2)
    assert ctx.source == "both"

    cycles = window.findChild(QComboBox, "cycleSelector")
    assert cycles.currentText() == "2026-Q1"
    assert ctx.cycle is not None and ctx.cycle.name == "2026-Q1"


def test_status_bar_names_the_database_and_the_save_state(window: MainWindow) -> None:
    label = window.findChild(QLabel, "databaseLabel")
    state = window.findChild(QLabel, "saveState")
    assert "team.db" in label.text()
    assert state.text() == "All changes saved"
    window.ctx.saved.emit("Saved: Ada added")
    assert "Ada added" in state.text()
    window.ctx.failed.emit("the database is locked")
    assert "Not saved" in state.text() and "locked" in state.text()


def test_opening_a_corrupt_file_keeps_the_current_database(
    window: MainWindow, tmp_path: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    before = window.ctx.db
    assert window.open_database(bad) is False
    assert window.ctx.db is before
    assert len(messages.texts("warning")) == 1
    assert "broken.db" in messages.texts("warning")[0]
    assert people.list_people(window.ctx.db) == []  # still usable


def test_geometry_last_view_and_database_are_restored(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with open_database(db_path) as db:  # set up (someone to rate): no guided start
        people.add_person(db, name="Ada")
    first = open_main_window(db_path)
    qtbot.addWidget(first)
    first.show_view("framework")
    first.resize(first.width(), 520)  # the offscreen screen is 800 x 600: change the height
    height = first.height()
    first.close()
    first.ctx.db.close()
    assert settings.last_database() == str(db_path)
    assert settings.recent_databases()[0] == str(db_path)

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    second.open_initial(None)
    assert second.ctx.db is not None and Path(second.ctx.db.name) == db_path
    assert second.current_view() == "framework"
    assert second.height() == height
    second.close()
    second.ctx.db.close()


def test_no_database_shows_the_welcome_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_initial(None)
    assert window.central.currentWidget() is window.welcome
    assert not window.acts.backup.isEnabled()
    assert window.toolbar.isHidden()


def test_find_focuses_the_search_box_of_the_view(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _activate(qtbot, window)
    window.show_view("team")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    team = window.page("team").content
    qtbot.waitUntil(lambda: team.search.hasFocus())


def test_keyboard_shortcuts_dialog_lists_menus_and_grid_keys(window: MainWindow) -> None:
    dialog = window.show_shortcuts()
    rows = dict(dialog.rows())
    assert "Undo" in rows.values() and "Find" in rows.values()
    assert rows["Ctrl+1"].endswith("Team")
    assert "Mark not applicable" in rows.values()  # the Assess grid's N
    assert "Cycle interest" in rows.values()
    assert any(k.startswith("Enter") for k in rows)
    dialog.close()


def test_about_names_the_version(window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix import __version__

    window.show_about()
    assert __version__ in messages.texts("about")[0]


def test_dark_theme_is_readable_and_remembered(window: MainWindow) -> None:
    from PySide6.QtGui import QPalette

    window.set_theme("dark")
    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.Text).lightness()
    base = palette.color(QPalette.ColorRole.Base).lightness()
    assert text - base > 150
    assert settings.theme() == "dark"
    window.set_theme("light")
    palette = QApplication.palette()
    assert (
        palette.color(QPalette.ColorRole.Base).lightness()
        - palette.color(QPalette.ColorRole.Text).lightness()
        > 150
    )


def test_backup_copy_is_a_complete_database(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from skillmatrix.ui import db_actions

    people.add_person(window.ctx.db, name="Ada")
    dest = tmp_path / "copy.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    task = db_actions.save_backup(window)
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert dest.exists() and not Path(f"{dest}-wal").exists()
    with open_database(dest) as copy:
        assert [p.name for p in people.list_people(copy)] == ["Ada"]


def test_recent_menu_lists_databases(window: MainWindow, db_path: Path) -> None:
    window.fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert any(str(db_path) in t for t in texts)


def test_import_without_the_wizard_says_not_available(
    window: MainWindow, messages, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui import db_actions

    monkeypatch.setitem(sys.modules, "skillmatrix.ui.reports.import_wizard", None)
    db_actions.run_import(window)
    assert "not available" in messages.texts("information")[0]


def test_start_up_imports_no_heavy_library(tmp_path: Path) -> None:
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from skillmatrix.ui.app import ensure_application\n"
        "from skillmatrix.ui.main_window import MainWindow\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = ensure_application(); QCoreApplication.setOrganizationName('SkillMatrixTests')\n"
        "w = MainWindow(); w.show(); app.processEvents()\n"
        "heavy = ('matplotlib', 'numpy', 'openpyxl', 'sqlalchemy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)},  # never the user's settings
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_first_screen_is_read_without_sqlalchemy(tmp_path: Path) -> None:
    """``skillmatrix --db`` paints a populated grid before SQLAlchemy is imported.

    The start-up probe reports it; the rest then loads in the background.
    """
    from skillmatrix.services.demo import create_demo

    db = open_database(tmp_path / "demo.db")
    create_demo(db, people=12, teams=2, cycles=1)
    db.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLMATRIX")}
    env.update(
        QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), SKILLMATRIX_STARTUP_PROBE="1"
    )
    out = subprocess.run(
        [sys.executable, "-m", "skillmatrix", "--db", str(tmp_path / "demo.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    marks = dict(line.split() for line in out.stdout.splitlines() if line.count(" ") == 1)
    assert float(marks["window-shown"]) <= float(marks["grid-populated"])
    assert marks["orm-at-grid"] == "False"


def test_warm_up_loads_the_orm_side_of_the_store() -> None:
    code = (
        "import sys\n"
        "from skillmatrix.ui.warmup import MODULES, warm_up_store\n"
        "before = 'sqlalchemy' in sys.modules\n"
        "warm_up_store().join(60)\n"
        "from skillmatrix.store import models\n"
        "print(before, all(m in sys.modules for m in MODULES), 'sqlalchemy.orm' in sys.modules,\n"
        "      models.Rating.__mapper__.configured)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True", "True"]


def test_the_gui_command_runs_the_app_on_the_given_database(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import skillmatrix.ui
    from skillmatrix.cli import main

    seen: list[str | None] = []
    monkeypatch.setattr(skillmatrix.ui, "run", lambda db=None: seen.append(db) or 0)
    assert main(["--db", "/tmp/x.db"]) == 0
    assert main(["gui"]) == 0
    assert seen == ["/tmp/x.db", None]
