"""Fixtures for the store tests: real SQLite files in tmp_path.

And ``any_db``: each test once on SQLite, once on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skillmatrix.store.database import Database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "skills.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path, busy_timeout=0.5)
    yield database
    database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, db: Database) -> Iterator[Database]:
    """The SQLite ``db``, then a PostgreSQL database of the tests' own server."""
    if request.param == "sqlite":
        yield db
        return
    pg = Database(request.getfixturevalue("pg_url"))
    yield pg
    pg.close()
