"""Migration 0010: a person's seniority may be unknown (NULL), data kept, backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from skillmatrix.store import migrate
from skillmatrix.store.database import Database, make_engine
from skillmatrix.store.revision import HEAD_REVISION

ROWS = (
    "INSERT INTO teams (id, name) VALUES (1, 'Core')",
    "INSERT INTO categories (id, name, position) VALUES (1, 'Skills', 0)",
    "INSERT INTO competencies (id, name, category_id, description, critical, position)"
    " VALUES (1, 'SQL', 1, '', false, 0)",
    "INSERT INTO people (id, name, email, team_id, role_id, seniority, active, created_at)"
    " VALUES (1, 'Ann', 'ann@x.org', 1, NULL, 'Senior', true, '2026-01-01 00:00:00'),"
    " (2, 'Bob', '', 1, NULL, 'Junior', true, '2026-01-01 00:00:00')",
    "INSERT INTO cycles (id, name, starts_on, ends_on, closed, created_at)"
    " VALUES (1, '2026-Q1', NULL, NULL, false, '2026-01-01 00:00:00')",
    "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level,"
    " not_applicable, interest, note, rated_by, rated_on)"
    " VALUES (1, 1, 1, 'manager', 3, false, NULL, '', '', NULL)",
)


def _at_0009(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0009")
    with engine.begin() as conn:
        for sql in ROWS:
            conn.exec_driver_sql(sql)


def _nullable(engine: Engine) -> bool:
    cols = {c["name"]: c for c in inspect(engine).get_columns("people")}
    return bool(cols["seniority"]["nullable"])


def _check_upgraded(engine: Engine) -> None:
    """Data kept, NULL allowed, the check still refuses a made-up seniority."""
    assert _nullable(engine)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id, name, seniority, version FROM people ORDER BY id"))
        assert rows.all() == [(1, "Ann", "Senior", 1), (2, "Bob", "Junior", 1)]
        assert conn.execute(text("SELECT level FROM ratings")).scalar() == 3
        conn.execute(text("UPDATE people SET seniority = NULL WHERE id = 2"))
        assert conn.execute(text("SELECT seniority FROM people WHERE id = 2")).scalar() is None
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE people SET seniority = 'Boss' WHERE id = 1"))


def test_sqlite_0009_file_is_backed_up_then_allows_unknown_seniority(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    old = make_engine(make_url(f"sqlite:///{path}"))
    _at_0009(old)
    assert not _nullable(old)
    old.dispose()
    with Database(path) as db:
        assert db.backup_path is not None and "rev0009" in db.backup_path.name
        backup = sqlite3.connect(db.backup_path)
        try:  # the backup is the 0009 file with its data
            assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0009",)
            ]
            assert backup.execute("SELECT name FROM people ORDER BY id").fetchall() == [
                ("Ann",),
                ("Bob",),
            ]
        finally:
            backup.close()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                HEAD_REVISION  # 0010 or a later head
            )
        _check_upgraded(db.engine)


def test_downgrade_makes_unknown_mid_and_not_null_again(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    engine = make_engine(make_url(f"sqlite:///{path}"))
    _at_0009(engine)
    with engine.begin() as conn:
        migrate.upgrade_head(conn)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE people SET seniority = NULL WHERE id = 2")
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0009")
    assert not _nullable(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT seniority FROM people WHERE id = 2").scalar() == "Mid"
    engine.dispose()


def test_postgresql_0009_database_upgrades_to_nullable_seniority(pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    try:
        _at_0009(engine)
        assert not _nullable(engine)
        with engine.begin() as conn:
            migrate.upgrade_head(conn)
        _check_upgraded(engine)
    finally:
        engine.dispose()
