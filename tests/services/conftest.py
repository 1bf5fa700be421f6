"""Fixtures for the service tests: a real SQLite file and small frameworks built in code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from svc_helpers import framework

from skillmatrix.core.frameworks import Framework
from skillmatrix.services.database import open_database
from skillmatrix.store.database import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Every service test runs on a SQLite file and on a real PostgreSQL database."""
    if request.param == "postgresql":
        target: str | Path = request.getfixturevalue("pg_url")
    else:
        target = tmp_path / "skills.db"
    database = open_database(target)
    yield database
    database.close()


@pytest.fixture(params=[True, False], ids=["direct-reads", "orm-reads"])
def db_both_reads(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database read once through ``store.direct`` and once through the ORM only.

    The modules whose reads have both paths run their tests on each.
    """
    database = open_database(tmp_path / "skills.db")
    database.direct_reads = request.param
    yield database
    database.close()


@pytest.fixture
def engineer() -> Framework:
    return framework(
        "Engineer",
        [
            ("API design", "Hard skills", 2, True),
            ("Testing", "Hard skills", 2, False),
            ("Communication", "Soft skills", 3, False),
        ],
    )


@pytest.fixture
def backend() -> Framework:
    return framework(
        "Backend Engineer",
        [
            ("api DESIGN", "Hard skills", 3, True),  # the same competency, other case
            ("Databases", "Hard skills", 3, False),
        ],
    )
