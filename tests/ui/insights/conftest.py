"""Fixtures for the Insights view tests: offscreen Qt, real SQLite databases, the view."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # insights_data

import insights_data
import pytest

from skillmatrix.store.database import Database


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Database]:
    db = insights_data.small_db(tmp_path / "small.db")
    yield db
    db.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("insights") / "demo.db"
    insights_data.demo_db(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo database (tests may write to it)."""
    from skillmatrix.services.database import open_database

    copy = tmp_path / "demo.db"
    for src in demo_file.parent.glob(demo_file.name + "*"):  # the file and any WAL
        (tmp_path / src.name).write_bytes(src.read_bytes())
    db = open_database(copy)
    yield db
    db.close()
