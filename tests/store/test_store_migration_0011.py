"""Migration 0011: the change history table, added to a file with data, backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url

from skillmatrix.services import people
from skillmatrix.services.history import history
from skillmatrix.store import migrate
from skillmatrix.store.database import Database, make_engine
from skillmatrix.store.revision import HEAD_REVISION

ROWS = (
    "INSERT INTO teams (id, name) VALUES (1, 'Core')",
    "INSERT INTO people (id, name, email, team_id, role_id, seniority, active, created_at)"
    " VALUES (1, 'Ann', 'ann@x.org', 1, NULL, NULL, true, '2026-01-01 00:00:00')",
)
COLUMNS = {
    "id",
    "at",
    "who",
    "action",
    "entity_kind",
    "entity_id",
    "entity_name",
    "old_value",
    "new_value",
    "cycle_id",
}


def _at_0010(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0010")
    with engine.begin() as conn:
        for sql in ROWS:
            conn.exec_driver_sql(sql)


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _check_upgraded(engine: Engine) -> None:
    """The table is there and empty (nothing is made up for the past), data kept."""
    assert {c["name"] for c in inspect(engine).get_columns("change_history")} == COLUMNS
    nullable = {c["name"] for c in inspect(engine).get_columns("change_history") if c["nullable"]}
    assert nullable == {"cycle_id"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM change_history")).scalar() == 0
        assert conn.execute(text("SELECT name, seniority FROM people")).all() == [("Ann", None)]


def test_sqlite_0010_file_is_backed_up_then_records_changes(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    old = make_engine(make_url(f"sqlite:///{path}"))
    _at_0010(old)
    assert "change_history" not in _tables(old)
    old.dispose()
    with Database(path) as db:
        assert db.backup_path is not None and "rev0010" in db.backup_path.name
        backup = sqlite3.connect(db.backup_path)
        try:  # the backup is the 0010 file with its data
            assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0010",)
            ]
            assert backup.execute("SELECT name FROM people").fetchall() == [("Ann",)]
        finally:
            backup.close()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                HEAD_REVISION  # 0011 or a later head
            )
        _check_upgraded(db.engine)
        people.update_person(db, 1, team="Web")
        assert [(e.action, e.person) for e in history(db)] == [("person.move", "Ann")]


def test_downgrade_drops_the_change_history(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    engine = make_engine(make_url(f"sqlite:///{path}"))
    _at_0010(engine)
    with engine.begin() as conn:
        migrate.upgrade_head(conn)
    assert "change_history" in _tables(engine)
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0010")
    assert "change_history" not in _tables(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM people").scalar() == "Ann"
    engine.dispose()


def test_postgresql_0010_database_upgrades_with_a_change_history(pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    try:
        _at_0010(engine)
        assert "change_history" not in _tables(engine)
        with engine.begin() as conn:
            migrate.upgrade_head(conn)
        _check_upgraded(engine)
    finally:
        engine.dispose()
