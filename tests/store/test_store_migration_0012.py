"""Migration 0012: each goal's single action moves into ``goal_actions``, backup first.

The old columns go; going back keeps one action per goal.
"""

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
    " VALUES (1, 'SQL', 1, '', false, 0), (2, 'Go', 1, '', false, 1),"
    " (3, 'Rust', 1, '', false, 2), (4, 'K8s', 1, '', false, 3), (5, 'CSS', 1, '', false, 4)",
    "INSERT INTO people (id, name, email, team_id, role_id, seniority, active, created_at)"
    " VALUES (1, 'Ann', '', 1, NULL, 'Senior', true, '2026-01-01 00:00:00'),"
    " (2, 'Bob', '', 1, NULL, 'Junior', true, '2026-01-01 00:00:00')",
    # 1: a course; 2: Bob as mentor; 3: text without a kind; 4: no action; 5: done course
    "INSERT INTO growth_goals (id, person_id, competency_id, target_level, by_cycle_id,"
    " action_kind, action_text, mentor_id, status, created_by, created_at) VALUES"
    " (1, 2, 1, 3, NULL, 'course', '=1+1 SQL course', NULL, 'in progress', '',"
    " '2026-02-01 00:00:00'),"
    " (2, 2, 2, 3, NULL, 'mentor', 'weekly', 1, 'planned', '', '2026-02-02 00:00:00'),"
    " (3, 2, 3, 3, NULL, '', 'read the book', NULL, 'planned', '', '2026-02-03 00:00:00'),"
    " (4, 2, 4, 3, NULL, '', '', NULL, 'planned', '', '2026-02-04 00:00:00'),"
    " (5, 1, 5, 4, NULL, 'course', 'CSS grid', NULL, 'done', '', '2026-02-05 00:00:00')",
)
#: (goal, person, kind, text, mentor, status) as 0012 stores them.
MOVED = [
    (1, 2, "course", "=1+1 SQL course", None, "open"),
    (2, 2, "mentor", "weekly", 1, "open"),
    (3, 2, "project", "read the book", None, "open"),
    (5, 1, "course", "CSS grid", None, "done"),
]


def _at_0011(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0011")
    with engine.begin() as conn:
        for sql in ROWS:
            conn.exec_driver_sql(sql)


def _goal_columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("growth_goals")}


def _check_upgraded(engine: Engine) -> None:
    assert {"action_kind", "action_text", "mentor_id"}.isdisjoint(_goal_columns(engine))
    with engine.begin() as conn:
        moved = conn.execute(text(
            "SELECT goal_id, person_id, kind, text, mentor_id, status FROM goal_actions"
            " ORDER BY goal_id"
        ))  # fmt: skip
        assert [tuple(r) for r in moved] == MOVED
        assert conn.execute(text("SELECT count(*) FROM growth_goals")).scalar() == 5
        assert set(conn.execute(text("SELECT version FROM goal_actions")).scalars()) == {1}
    with pytest.raises(IntegrityError), engine.begin() as conn:  # the kinds are checked
        conn.execute(text("UPDATE goal_actions SET kind = 'book' WHERE goal_id = 1"))
    with pytest.raises(IntegrityError), engine.begin() as conn:  # a mentor only as mentor
        conn.execute(text("UPDATE goal_actions SET mentor_id = 2 WHERE goal_id = 1"))


def test_sqlite_0011_file_is_backed_up_then_moves_each_action(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    old = make_engine(make_url(f"sqlite:///{path}"))
    _at_0011(old)
    assert "action_kind" in _goal_columns(old)
    old.dispose()
    with Database(path) as db:
        assert db.backup_path is not None and "rev0011" in db.backup_path.name
        backup = sqlite3.connect(db.backup_path)
        try:  # the backup is the 0011 file with its goals' actions
            assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0011",)
            ]
            assert backup.execute(
                "SELECT action_kind, mentor_id FROM growth_goals WHERE id = 2"
            ).fetchall() == [("mentor", 1)]
        finally:
            backup.close()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                HEAD_REVISION  # 0012 or a later head
            )
        _check_upgraded(db.engine)
        from skillmatrix.services import growth_plans as gp

        by_goal = {g.id: g.action() for g in gp.list_goals(db)}
        assert by_goal == {
            1: "course: =1+1 SQL course", 2: "mentor: Ann, weekly",
            3: "project: read the book", 4: "", 5: "course: CSS grid (done)",
        }  # fmt: skip


def test_downgrade_keeps_one_action_per_goal(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    engine = make_engine(make_url(f"sqlite:///{path}"), foreign_keys=False)
    _at_0011(engine)
    with engine.begin() as conn:
        migrate.upgrade_head(conn)
    with engine.begin() as conn:  # a second action on goal 2: the mentor one is kept
        conn.exec_driver_sql(
            "INSERT INTO goal_actions (goal_id, person_id, kind, text, mentor_id, status,"
            " created_at, version) VALUES (2, 2, 'course', 'Go course', NULL, 'open',"
            " '2026-03-01 00:00:00', 1)"
        )
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0011")
    assert "goal_actions" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, action_kind, action_text, mentor_id FROM growth_goals ORDER BY id"
        ).fetchall()
    assert rows == [
        (1, "course", "=1+1 SQL course", None), (2, "mentor", "weekly", 1),
        (3, "project", "read the book", None), (4, "", "", None), (5, "course", "CSS grid", None),
    ]  # fmt: skip
    engine.dispose()


def test_postgresql_0011_database_moves_each_action(pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    try:
        _at_0011(engine)
        with engine.begin() as conn:
            migrate.upgrade_head(conn)
        _check_upgraded(engine)
    finally:
        engine.dispose()
