"""A server login refused for its password says so in one line (not "cannot reach").

No password found anywhere, or a wrong one, against the session's real PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_server import PgServer

from skillmatrix.core.errors import DatabaseError
from skillmatrix.services.database import open_database

LOGIN = "w27_pw_store"


@pytest.fixture
def needs_password(
    pg_server: PgServer, pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> str:
    pg_server.require_password(LOGIN, "right")
    for name in ("PGPASSWORD", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    return pg_server.login_url(pg_url, LOGIN)


def test_no_password_anywhere_names_where_one_can_come_from(needs_password: str) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(needs_password)
    message = str(refused.value)
    assert message.startswith(f"{LOGIN} needs a password for ")
    assert "~/.pgpass" in message and "PGSERVICE" in message and "cannot reach" not in message
    assert "\n" not in message


def test_a_wrong_password_says_the_server_refused_it(needs_password: str) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(needs_password, password="wrong")
    message = str(refused.value)
    assert message.startswith("the server refused the password of w27_pw_store for ")
    assert "wrong" not in message.replace("wrong one", "") and "\n" not in message
