"""Migration 0003: ratings learn when they were last confirmed; old carries are found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy.engine import make_url

from skillmatrix.services import snapshots
from skillmatrix.store import migrate
from skillmatrix.store.database import Database, make_engine


def _make_0002_database(path: Path) -> None:
    """Two quarters at revision 0002: Q2 was carried from Q1, then one cell was changed."""
    engine = make_engine(make_url(f"sqlite:///{path}"))
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0002")
    with engine.begin() as conn:
        for sql in (
            "INSERT INTO teams (id, name) VALUES (1, 'Core')",
            "INSERT INTO categories (id, name, position) VALUES (1, 'Skills', 0)",
            "INSERT INTO competencies (id, name, category_id, description, critical, position)"
            " VALUES (1, 'SQL', 1, '', 0, 0), (2, 'Go', 1, '', 0, 1)",
            "INSERT INTO people (id, name, email, team_id, role_id, seniority, active,"
            " created_at) VALUES (1, 'Ann', '', 1, NULL, 'Mid', 1, '2026-01-01 00:00:00')",
            "INSERT INTO cycles (id, name, starts_on, ends_on, closed, created_at) VALUES"
            " (1, '2026-Q1', '2026-01-01', '2026-03-31', 1, '2026-01-01 00:00:00'),"
            " (2, '2026-Q2', '2026-04-01', '2026-06-30', 0, '2026-04-01 00:00:00'),"
            " (3, '2026-Q3', '2026-07-01', '2026-09-30', 0, '2026-07-01 00:00:00')",
            # Q1: two ratings. Q2: SQL copied as it was, Go changed. Q3: both copied from Q2.
            "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level,"
            " not_applicable, interest, note, rated_by, rated_on) VALUES"
            " (1, 1, 1, 'manager', 3, 0, NULL, 'ok', 'Mia', '2026-03-02'),"
            " (1, 1, 2, 'manager', 1, 0, 2, '', 'Mia', '2026-03-02'),"
            " (2, 1, 1, 'manager', 3, 0, NULL, 'ok', 'Mia', '2026-03-02'),"
            " (2, 1, 2, 'manager', 2, 0, 2, '', 'Mia', '2026-05-20'),"
            " (3, 1, 1, 'manager', 3, 0, NULL, 'ok', 'Mia', '2026-03-02'),"
            " (3, 1, 2, 'manager', 2, 0, 2, '', 'Mia', '2026-05-20')",
        ):
            conn.exec_driver_sql(sql)
    engine.dispose()


def test_upgrade_finds_carried_ratings_and_keeps_their_origin(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_0002_database(path)
    with Database(path) as db:
        assert db.backup_path is not None  # backed up before the upgrade
        carried = {
            cycle: snapshots.load_snapshot(db, cycle=cycle).carried
            for cycle in ("2026-Q1", "2026-Q2", "2026-Q3")
        }
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT cycle_id, competency_id, confirmed_cycle_id FROM ratings"
            " ORDER BY cycle_id, competency_id"
        ).fetchall()
    finally:
        con.close()
    # SQL was never touched after Q1; Go was changed in Q2 and carried into Q3.
    assert rows == [(1, 1, None), (1, 2, None), (2, 1, 1), (2, 2, None), (3, 1, 1), (3, 2, 2)]
    assert {k: v.tolist() for k, v in carried.items() if v is not None} == {
        "2026-Q1": [[False, False]],
        "2026-Q2": [[True, False]],
        "2026-Q3": [[True, True]],
    }
