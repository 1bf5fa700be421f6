"""Fixtures shared by every test folder: a real PostgreSQL server and two exit guards.

The server is for the shared-database tests (started once per session from the installed
binaries, on 127.0.0.1 only). The guards make a test run end only by finishing: ``os._exit``
on the main thread fails the test instead of ending the run with code 0, and
``SKILLMATRIX_TESTS_DONE`` (set by ``.ci/run``) names a file written only when the session
has finished.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from pg_server import PgServer, find_bindir, start_server

_real_exit = os._exit


def _guarded_exit(code: int) -> NoReturn:
    """``os._exit`` for the tests: on the main thread it fails the test instead.

    The app ends its process itself in a few places (ui.run with a thread left, the platform
    guard). Inside the test process that would end the whole run silently (CI once reported
    a pass with the last 300 tests never run). Other threads keep the real one
    (pytest-timeout ends a hung run from its timer thread).
    """
    if threading.current_thread() is threading.main_thread():
        raise AssertionError(f"os._exit({code}) called in the test process: it ends the run")
    _real_exit(code)


os._exit = _guarded_exit


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    done = os.environ.get("SKILLMATRIX_TESTS_DONE")
    if done and not hasattr(session.config, "workerinput"):
        Path(done).write_text(f"{exitstatus} {session.testscollected}\n")


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
    """The URL of a new database with a fresh SkillMatrix schema.

    A copy of the template: creating the schema for every test would cost seconds each.
    """
    return pg_server.new_database(template=pg_template)
