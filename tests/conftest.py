"""Fixtures shared by every test folder: a real PostgreSQL server for the shared-database
tests (started once per session from the installed binaries, on 127.0.0.1 only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_server import PgServer, find_bindir, start_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server; skipped only where no server binaries exist."""
    if find_bindir() is None:
        pytest.skip("no PostgreSQL server binaries installed (apt-get install postgresql)")
    try:
        server = start_server()
    except RuntimeError as exc:  # binaries but no server: a real failure, not a skip
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_empty_url(pg_server: PgServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return pg_server.new_database()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A database holding a freshly created SkillMatrix schema, to copy from."""
    from sqlalchemy.engine import make_url

    from skillmatrix.services.server import init_server

    # A client never creates a shared schema: the administrator's command does.
    url = pg_server.new_database()
    init_server(url)
    name = make_url(url).database
    assert name is not None
    return name


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> str:
    """The URL of a new database with a fresh SkillMatrix schema (a copy of the template:
    creating the schema for every test would cost seconds each)."""
    return pg_server.new_database(template=pg_template)
