"""Helpers for the robustness tests.

A second program on the same SQLite file, and a small organisation to edit (a uniquely named
module, importable from these tests).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import Seniority
from skillmatrix.services import cycles, frameworks, people
from skillmatrix.store.database import Database

#: Another program: takes SQLite's write lock, writes a team, holds the lock, commits.
HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO teams (name) VALUES (?)", (sys.argv[3],))
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
print("committed", flush=True)
"""


@contextmanager
def other_program_writing(
    path: Path, seconds: float, team: str = "Team of the other program"
) -> Iterator[subprocess.Popen[str]]:
    """A real second process holding the write lock on ``path`` for ``seconds``.

    The block starts once it holds the lock, and the process is waited for at the end.
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(seconds), team],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        proc.wait(timeout=60)


@dataclass(frozen=True)
class Org:
    cycle_id: int
    person_ids: list[int]
    competency_ids: list[int]


def small_org(db: Database, people_count: int = 3) -> Org:
    """One role of three competencies, ``people_count`` people in one team, one open cycle."""
    fw = Framework(
        name="Engineer",
        description="",
        competencies=tuple(
            CompetencySpec(
                name=n, category="Hard skills", description="", targets={Seniority.MID: 2}
            )
            for n in ("API design", "Testing", "Databases")
        ),
    )
    role = frameworks.install_framework(db, fw)
    ids = [
        people.add_person(db, name=f"Person {i}", team="Core", role=role.name).id
        for i in range(people_count)
    ]
    cycle = cycles.start_cycle(db, carry_forward=False)
    comps = [c.id for c in frameworks.list_competencies(db)]
    return Org(cycle.id, ids, comps)


def make_0001_database(path: Path, padding_mb: int = 0) -> None:
    """A database at schema 0001 (older than this build's head), with a person and a rating.

    Made by the migration itself; ``padding_mb`` of extra rows make its copy slow.
    """
    from alembic import command
    from sqlalchemy.engine import make_url

    from skillmatrix.store import migrate
    from skillmatrix.store.database import make_engine

    engine = make_engine(make_url(f"sqlite:///{path}"))
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0001")
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO teams (id, name) VALUES (1, 'Core')")
            conn.exec_driver_sql(
                "INSERT INTO people (id, name, email, team_id, role_id, seniority, active,"
                " created_at) VALUES (1, 'Ann', 'ann@x.org', 1, NULL, 'Mid', 1,"
                " '2026-01-01 00:00:00')"
            )
            if padding_mb:
                conn.exec_driver_sql("CREATE TABLE padding (data BLOB)")
                conn.exec_driver_sql(
                    f"INSERT INTO padding SELECT randomblob(1024 * 1024) "
                    f"FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    f"WHERE i < {padding_mb}) SELECT i FROM n)"
                )
    finally:
        engine.dispose()
