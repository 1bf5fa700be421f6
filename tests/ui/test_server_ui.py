"""The app on a shared PostgreSQL database (the session's real server).

The Connect to Server dialog and its password handling, and a manager's window mirroring the
database's rules (other teams' cells read-only with the reason, admin-only actions
disabled).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from pg_server import PgServer
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.ratings import get_rating, rate_many
from skillmatrix.services.server import grant_login
from skillmatrix.ui import db_actions, settings
from skillmatrix.ui.assess import AssessView

RED, BLUE = "h13_ui_red", "h13_ui_blue"


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory: this machine has no OS keyring to test with."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def _fill(dialog: db_actions.ConnectServerDialog, url: str, password: str) -> None:
    u = make_url(url)
    dialog.host.setText(u.host or "")
    dialog.port.setValue(int(u.port or 5432))
    dialog.database.setText(u.database or "")
    dialog.user.setText(u.username or "")
    dialog.password.setText(password)


def _settings_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_connect_without_a_keyring_says_so_and_stores_no_password(
    qtbot, window, pg_url: str, no_keyring: None, isolated_settings: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = db_actions.connect_dialog(window)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    assert ".pgpass" in dialog.note.text() and "PGSERVICE" in dialog.note.text()
    _fill(dialog, pg_url, "pw-not-kept")
    assert db_actions.connect_with(window, dialog)
    db = window.ctx.db
    assert db.shared and db.url.password == "pw-not-kept"  # in memory, for this connection
    assert "pw-not-kept" not in db.name and "***" not in db.name
    recent = settings.recent_databases()[0]
    assert recent == dialog.url() and make_url(recent).password is None
    assert "pw-not-kept" not in _settings_text(isolated_settings)
    assert "pw-not-kept" not in window.windowTitle()


def test_a_remembered_password_reopens_from_recent(
    qtbot,
    window,
    db_path: Path,
    pg_url: str,
    memory_keyring: MemoryKeyring,
    isolated_settings: Path,
) -> None:  # type: ignore[no-untyped-def]
    dialog = db_actions.connect_dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()
    _fill(dialog, pg_url, "pw-in-keyring")
    assert db_actions.connect_with(window, dialog)
    assert list(memory_keyring.store.values()) == ["pw-in-keyring"]
    assert "pw-in-keyring" not in _settings_text(isolated_settings)
    recent = settings.recent_databases()[0]
    assert window.open_database(db_path)  # the file again, then the server from Recent
    assert window.open_database(recent)
    assert window.ctx.db.shared and window.ctx.db.url.password == "pw-in-keyring"


class Org:
    def __init__(self, server: PgServer, url: str) -> None:
        self.server, self.url = server, url
        with open_database(url) as db:
            fw.install_framework(db, find_framework("Backend Engineer"))
            self.red = [people.add_person(db, name=f"Red {i}", team="Red").id for i in range(3)]
            self.blue = [people.add_person(db, name=f"Blue {i}", team="Blue").id for i in range(3)]
            self.cycle = cycles.start_cycle(db, name="2026-Q1", carry_forward=False)
            comps = [c.id for c in fw.list_competencies(db)][:8]
            for n, pid in enumerate(self.red + self.blue):  # some colour in the grid
                cells = [(pid, c) for c in comps[n % 3 :: 2]]
                rate_many(db, cycle_id=self.cycle.id, cells=cells, level=1 + n % 4)
        grant_login(url, RED, teams=["Red"], see_names=True)
        grant_login(url, BLUE, teams=["Blue"], see_names=True)


@pytest.fixture
def org(pg_server: PgServer, pg_url: str) -> Org:
    return Org(pg_server, pg_url)


def manager_window(qtbot, org: Org, login: str):  # type: ignore[no-untyped-def]
    from skillmatrix.ui import open_main_window

    win = open_main_window(org.server.login_url(org.url, login))
    qtbot.addWidget(win)
    win.resize(1300, 620)
    win.show_view("assess")
    view = win.page("assess").ensure_built()
    assert isinstance(view, AssessView)
    qtbot.waitUntil(lambda: view.model.rowCount() == 6, timeout=10000)
    view.grid.clearSelection()
    return win, view


def _row_of(view: AssessView, name: str) -> int:
    return next(r for r in range(view.model.rowCount()) if view.model.person(r).name == name)


def test_a_manager_sees_other_teams_read_only_with_the_reason(qtbot, org: Org) -> None:  # type: ignore[no-untyped-def]
    win, view = manager_window(qtbot, org, RED)
    m = view.model
    red, blue = _row_of(view, "Red 0"), _row_of(view, "Blue 0")
    assert m.flags(m.index(red, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not m.flags(m.index(blue, 0)) & Qt.ItemFlag.ItemIsEditable
    reason = m.locked(blue)
    assert reason is not None and "Blue" in reason and RED in reason and "read-only" in reason
    assert "Read-only" in view._tooltip(m.index(blue, 0))
    assert f"Signed in as {RED}: you rate Red" in (view.banner.state_text or "")

    failures: list[str] = []
    win.ctx.failed.connect(failures.append)
    pid, cid = m.cell_id(blue, 0)
    kwargs = {"cycle_id": org.cycle.id, "person_id": pid, "competency_id": cid}
    before = get_rating(win.ctx.db, **kwargs)
    view.grid.go_to(m.index(blue, 0))
    qtbot.keyClick(view.grid, "3")
    assert failures and "not one of your teams" in failures[-1]
    assert get_rating(win.ctx.db, **kwargs) == before  # nothing written

    view.grid.go_to(m.index(red, 0))
    qtbot.keyClick(view.grid, "3")
    pid, cid = m.cell_id(red, 0)
    kwargs = {"cycle_id": org.cycle.id, "person_id": pid, "competency_id": cid}
    stored = get_rating(win.ctx.db, **kwargs)
    assert stored is not None and stored.level == 3 and stored.rated_by == RED

    # Admin-only actions are disabled, saying why.
    for action in (win.acts.start_cycle, win.acts.close_cycle):
        assert not action.isEnabled() and "Only a SkillMatrix admin" in action.toolTip()
    win.show_view("framework")
    frame = win.page("framework").ensure_built()
    assert not frame.tools.act_competency.isEnabled() and not frame.tools.load_button.isEnabled()
    assert "Only a SkillMatrix admin" in frame.tools.load_button.toolTip()
    win.show_view("team")
    team = win.page("team").ensure_built()
    assert not team.act_team.isEnabled() and "add teams" in team.act_team.toolTip()
    win.close()
    win.ctx.db.close()


def test_an_admin_window_keeps_everything_enabled(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.acts.start_cycle.isEnabled() and window.ctx.access.admin


def test_screenshot_two_managers_side_by_side(qtbot, org: Org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Manager Red and manager Blue on one database: each has the other's team hatched."""
    from PySide6.QtGui import QPainter, QPixmap

    shots = []
    for login in (RED, BLUE):
        win, view = manager_window(qtbot, org, login)
        view.grid.go_to(view.model.index(_row_of(view, "Blue 1" if login == RED else "Red 1"), 1))
        qtbot.wait(50)
        shots.append(win.grab())
        locked = [r for r in range(view.model.rowCount()) if view.model.locked(r)]
        assert len(locked) == 3
        win.close()
        win.ctx.db.close()
    canvas = QPixmap(shots[0].width() + shots[1].width() + 10, max(s.height() for s in shots))
    canvas.fill(Qt.GlobalColor.black)
    p = QPainter(canvas)
    p.drawPixmap(0, 0, shots[0])
    p.drawPixmap(shots[0].width() + 10, 0, shots[1])
    p.end()
    assert canvas.save(str(tmp_path / "two_managers.png"))
    folder = os.environ.get("SKILLMATRIX_SCREENSHOTS")  # to look at it (README, reviews)
    if folder:
        canvas.save(str(Path(folder) / "two_managers.png"))
