"""The per-database secret that keys report pseudonyms (``skillmatrix_meta.report_secret``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store import repo_meta
from skillmatrix.store.database import Database


def _secret(db: Database) -> bytes:
    with db.session() as s:
        return repo_meta.report_secret(s)


def _stored(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT report_secret FROM skillmatrix_meta").fetchone()[0]
    finally:
        con.close()


def _set_stored(path: Path, value: str | None) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE skillmatrix_meta SET report_secret = ?", (value,))
        con.commit()
    finally:
        con.close()


def test_new_database_is_seeded_with_32_random_bytes(db: Database, db_path: Path) -> None:
    key = _secret(db)
    assert len(key) == 32 and key != bytes(32)
    db.close()
    assert _stored(db_path) == key.hex()


def test_two_databases_get_different_secrets(tmp_path: Path) -> None:
    with Database(tmp_path / "a.db") as a, Database(tmp_path / "b.db") as b:
        assert _secret(a) != _secret(b)


def test_secret_survives_reopening(db_path: Path) -> None:
    with Database(db_path) as db:
        first = _secret(db)
    with Database(db_path) as db:
        assert _secret(db) == first
        assert _secret(db) == first  # reading it changes nothing


def test_missing_secret_is_filled_once_and_kept(db_path: Path) -> None:
    Database(db_path).close()
    _set_stored(db_path, None)
    with Database(db_path) as db:
        key = _secret(db)
        assert len(key) == 32
    assert _stored(db_path) == key.hex()
    with Database(db_path) as db:
        assert _secret(db) == key


@pytest.mark.parametrize("value", ["not hex", "abcd"])
def test_damaged_secret_is_refused(db_path: Path, value: str) -> None:
    Database(db_path).close()
    _set_stored(db_path, value)
    with Database(db_path) as db, pytest.raises(DatabaseError, match="report secret"):
        _secret(db)
