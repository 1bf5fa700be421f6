"""Opening databases: creation, engine settings, the unit of work, error translation."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from skillmatrix.core.errors import DatabaseError, ValidationError
from skillmatrix.core.scale import DEFAULT_SCALE, Level, Scale
from skillmatrix.store import database as database_module
from skillmatrix.store import migrate, models
from skillmatrix.store.bulk import bulk_insert_teams
from skillmatrix.store.database import Database

FIVE = Scale(tuple(Level(v, f"L{v}", f"level {v}") for v in range(1, 6)))


def test_new_file_gets_schema_scale_marker_and_head(db: Database, db_path: Path) -> None:
    assert db.created and db.path == db_path and db.backup_path is None
    assert db.scale == DEFAULT_SCALE
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT app FROM skillmatrix_meta").fetchall() == [("skillmatrix",)]
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.head_revision(),)
        ]
        assert con.execute("SELECT count(*) FROM scale_levels").fetchone() == (5,)
    finally:
        con.close()


def test_connection_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 500


def test_reopen_keeps_data_and_ignores_scale_argument(db_path: Path) -> None:
    with Database(db_path, scale=FIVE) as first:
        assert first.scale == FIVE
        with first.session() as s:
            s.add(models.Team(name="Core"))
    with Database(db_path) as again:
        assert not again.created and again.backup_path is None
        assert again.scale == FIVE
        with again.session() as s:
            assert s.scalars(select(models.Team.name)).all() == ["Core"]


def test_empty_existing_file_is_initialised(db_path: Path) -> None:
    db_path.touch()
    with Database(db_path) as db:
        assert db.created


def test_sqlite_without_tables_is_initialised(db_path: Path) -> None:
    sqlite3.connect(db_path).execute("PRAGMA user_version = 0")
    with Database(db_path) as db:
        assert db.created


def test_url_targets(tmp_path: Path) -> None:
    with Database(f"sqlite:///{tmp_path / 'u.db'}") as db:
        assert db.path == tmp_path / "u.db" and db.created
    with Database("sqlite://") as mem:
        assert mem.path is None and mem.created and mem.scale == DEFAULT_SCALE


def test_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder does not exist"):
        Database(tmp_path / "missing" / "x.db")
    with pytest.raises(DatabaseError, match="unknown database type"):
        Database("nope://somewhere/db")
    with pytest.raises(DatabaseError, match="not a valid database address"):
        Database("://")


def test_session_commits_or_rolls_back(db: Database) -> None:
    with db.session() as s:
        s.add(models.Team(name="A"))
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(models.Team(name="B"))
        s.flush()
        raise RuntimeError("boom")
    with db.session() as s:
        assert s.scalars(select(models.Team.name)).all() == ["A"]


def test_integrity_error_becomes_one_line_validation_error(db: Database) -> None:
    with db.session() as s:
        s.add(models.Team(name="A"))
    with pytest.raises(ValidationError) as info, db.session() as s:
        s.add(models.Team(name="A"))
    assert "\n" not in str(info.value) and "refused" in str(info.value)


def test_locked_database_for_write(db: Database, db_path: Path) -> None:
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match="locked") as info, db.session() as s:
            s.add(models.Team(name="A"))
        assert str(db_path) in str(info.value) and "\n" not in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_locked_database_at_open(db_path: Path) -> None:
    Database(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO teams (name) VALUES ('x')")
    try:
        with pytest.raises(DatabaseError, match="locked"):
            Database(db_path, busy_timeout=0.1)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_disk_full(db: Database) -> None:
    # max_page_count makes SQLite report SQLITE_FULL exactly as a full disk does.
    @event.listens_for(db.engine, "connect")
    def _limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    db.engine.dispose()
    with pytest.raises(DatabaseError, match="disk is full"), db.session() as s:
        bulk_insert_teams(s, [f"team {i} " * 20 for i in range(3000)])
    event.remove(db.engine, "connect", _limit)
    db.engine.dispose()
    with db.session() as s:  # nothing half-written
        assert s.scalar(text("SELECT count(*) FROM teams")) == 0


def test_close_leaves_a_single_self_contained_file(db_path: Path) -> None:
    db = Database(db_path)
    with db.session() as s:
        s.add(models.Team(name="Core"))
    db.dispose()
    # The last connection checkpointed the WAL: the .db file alone holds everything.
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_current_file_opens_without_an_engine_and_makes_one_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Database(db_path).close()
    db = Database(db_path)
    assert db._engine is None and db.scale == DEFAULT_SCALE  # read directly, no engine yet
    slow = database_module.make_engine

    def slow_make_engine(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.05)  # a window in which other threads ask too
        return slow(*args, **kwargs)

    monkeypatch.setattr(database_module, "make_engine", slow_make_engine)
    barrier = threading.Barrier(8)

    def engine_id(_: int) -> int:
        barrier.wait()  # all ask at the same moment
        return id(db.engine)

    with ThreadPoolExecutor(8) as pool:
        assert len(set(pool.map(engine_id, range(8)))) == 1
    with db.session() as s:
        assert s.scalar(text("SELECT count(*) FROM scale_levels")) == 5
    db.close()
