"""Where a server password comes from when the Connect to Server dialog has none.

libpq's password file (PGPASSFILE, ~/.pgpass) and a service file entry (PGSERVICEFILE +
PGSERVICE), through the dialog's own code path, against a login of the session's real
PostgreSQL that must give its password (scram-sha-256).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pg_server import PgServer
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from sqlalchemy.engine import make_url
from ui_helpers import choose_recent

from skillmatrix.services import people
from skillmatrix.services.database import open_database
from skillmatrix.services.server import grant_login
from skillmatrix.ui import db_actions, settings

LOGIN, SECRET = "w27_pw_mgr", "s3cret-from-a-file"


@pytest.fixture
def server_db(pg_server: PgServer, pg_url: str) -> str:
    """``pg_url`` with a team of two, whose manager must give a password."""
    with open_database(pg_url) as db:
        for name in ("Ann", "Bo"):
            people.add_person(db, name=name, team="Core")
    pg_server.require_password(LOGIN, SECRET)
    grant_login(pg_url, LOGIN, teams=["Core"])
    return pg_url


@pytest.fixture
def libpq_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No keyring, and no password file or service the machine may have.

    Only what a test writes counts.
    """
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    for name in ("PGPASSWORD", "PGSERVICE", "PGUSER", "PGDATABASE", "PGHOST", "PGPORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-service-file"))
    yield tmp_path
    keyring.set_keyring(before)


def _connect(window, url: str) -> bool:  # type: ignore[no-untyped-def]
    """File › Connect to Server… filled in with ``url``'s fields, the password left empty."""
    dialog = db_actions.connect_dialog(window)
    u = make_url(url)
    dialog.host.setText(u.host or "")
    dialog.port.setValue(int(u.port or 5432))
    dialog.database.setText(u.database or "")
    dialog.user.setText(LOGIN)
    dialog.password.clear()
    try:
        return db_actions.connect_with(window, dialog)
    finally:
        dialog.deleteLater()


def _shows_the_server(window, url: str) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    assert db.shared and db.identity == LOGIN
    assert db.url.password is None  # libpq found it: the app never held it
    assert make_url(db.name).database == make_url(url).database
    assert {p.name for p in people.list_people(db)} == {"Ann", "Bo"}
    assert SECRET not in window.windowTitle() and SECRET not in str(settings.recent_databases())


def test_without_a_password_anywhere_the_login_is_refused_in_one_line(
    qtbot, window, server_db: str, libpq_env: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    before = window.ctx.db
    assert not _connect(window, server_db)
    assert window.ctx.db is before  # the file stays open
    ((kind, text),) = messages.shown
    assert kind == "warning" and text.startswith(f"{LOGIN} needs a password for ")
    assert "~/.pgpass" in text and "PGSERVICE" in text
    assert "\n" not in text


def test_the_password_comes_from_a_pgpass_file(
    qtbot, window, server_db: str, libpq_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    u = make_url(server_db)
    passfile = libpq_env / "pgpass"
    passfile.write_text(f"127.0.0.1:{u.port}:{u.database}:{LOGIN}:{SECRET}\n")
    passfile.chmod(0o600)  # libpq ignores a password file others may read
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    assert _connect(window, server_db)
    _shows_the_server(window, server_db)


def test_the_password_comes_from_a_service_file_entry(
    qtbot, window, server_db: str, libpq_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    u = make_url(server_db)
    services = libpq_env / "pg_service.conf"
    services.write_text(
        f"[skills]\nhost=127.0.0.1\nport={u.port}\ndbname={u.database}\n"
        f"user={LOGIN}\npassword={SECRET}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("PGSERVICE", "skills")
    assert _connect(window, server_db)
    _shows_the_server(window, server_db)


def test_a_server_entry_reopens_from_the_recent_menu(
    qtbot, window, db_path: Path, server_db: str, libpq_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    u = make_url(server_db)
    passfile = libpq_env / "pgpass"
    passfile.write_text(f"127.0.0.1:{u.port}:*:{LOGIN}:{SECRET}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    assert _connect(window, server_db)
    entry = settings.recent_databases()[0]
    assert make_url(entry).password is None and make_url(entry).username == LOGIN
    assert window.open_database(db_path)  # the file again ...
    assert not window.ctx.db.shared

    choose_recent(qtbot, window, entry)  # ... then File › Open Recent › the server

    _shows_the_server(window, server_db)
    assert window.windowTitle() == f"{entry} — SkillMatrix"
    assert settings.recent_databases()[:2] == [entry, str(db_path)]
    choose_recent(qtbot, window, str(db_path))  # and back to the file
    assert window.ctx.db.name == str(db_path) and not window.ctx.db.shared


def test_a_login_is_just_a_service_name_and_reopens_from_recent(
    qtbot, window, db_path: Path, server_db: str, libpq_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The dialog's Service field alone is a login.

    Host, port, database, user and password all come from the service file; Recent keeps
    the service (never the password) and reopens it.
    """
    u = make_url(server_db)
    services = libpq_env / "pg_service.conf"
    services.write_text(
        f"[skills]\nhost=127.0.0.1\nport={u.port}\ndbname={u.database}\n"
        f"user={LOGIN}\npassword={SECRET}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))  # PGSERVICE is not set
    dialog = db_actions.connect_dialog(window)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    dialog.findChild(QLineEdit, "serviceEdit").setText("skills")
    assert (dialog.host.text(), dialog.database.text(), dialog.user.text()) == ("", "", "")
    assert dialog.port.value() == 0 and ok.isEnabled()  # nothing else is needed
    assert dialog.url() == "postgresql+psycopg://?service=skills"
    try:
        assert db_actions.connect_with(window, dialog)
    finally:
        dialog.deleteLater()
    _shows_the_service(window)
    entry = settings.recent_databases()[0]
    assert make_url(entry).query == {"service": "skills"} and make_url(entry).password is None
    assert window.open_database(db_path)  # the file again, then the service from Recent
    choose_recent(qtbot, window, entry)
    _shows_the_service(window)
    assert window.windowTitle() == f"{entry} — SkillMatrix"


def _shows_the_service(window) -> None:  # type: ignore[no-untyped-def]
    """The server database the service names, as its login, no password anywhere."""
    db = window.ctx.db
    assert db.shared and db.identity == LOGIN and db.url.password is None
    assert {p.name for p in people.list_people(db)} == {"Ann", "Bo"}
    for shown in (window.windowTitle(), str(settings.recent_databases()), db.name):
        assert SECRET not in shown


def test_fields_typed_beside_a_service_override_its_entry(
    qtbot, window, server_db: str, libpq_env: Path, monkeypatch: pytest.MonkeyPatch, messages
) -> None:  # type: ignore[no-untyped-def]
    """What the user types beside the service wins over the file's entry (libpq's rule).

    A wrong database typed there is the one refused, named in one line.
    """
    u = make_url(server_db)
    services = libpq_env / "pg_service.conf"
    services.write_text(
        f"[skills]\nhost=127.0.0.1\nport={u.port}\ndbname={u.database}\n"
        f"user={LOGIN}\npassword={SECRET}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    dialog = db_actions.connect_dialog(window)
    dialog.service.setText("skills")
    dialog.database.setText("no_such_db")
    assert dialog.url() == "postgresql+psycopg:///no_such_db?service=skills"
    before = window.ctx.db
    try:
        assert not db_actions.connect_with(window, dialog)
    finally:
        dialog.deleteLater()
    assert window.ctx.db is before
    ((kind, text),) = messages.shown
    assert kind == "warning" and "no_such_db" in text and "\n" not in text
