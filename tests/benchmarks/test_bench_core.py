"""Summary analytics and demo creation against their bare floors."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from conftest import SIZES, floor_time, organisation_db, record, synthetic_frameworks

from skillmatrix.core import analytics
from skillmatrix.core.demo import generate_demo


@pytest.fixture(scope="module")
def snapshot_5000(bench_dir: Path):
    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import load_snapshot

    db = open_database(organisation_db(bench_dir, 5_000))
    snap = load_snapshot(db)
    db.dispose()
    return snap


def test_summary_analytics_5000x300(benchmark, snapshot_5000) -> None:
    snap = snapshot_5000
    assert snap.shape == (5_000, 300)

    def summary() -> None:
        analytics.coverage(snap)
        analytics.single_points_of_failure(snap)
        analytics.person_gaps(snap)
        analytics.team_gaps(snap)
        analytics.summarize(snap)
        analytics.hiring_suggestion(snap)

    levels, targets = np.nan_to_num(snap.levels, nan=-1), np.nan_to_num(snap.targets, nan=-1)
    min_level = np.array([c.rule.min_level for c in snap.competencies])

    def floor() -> None:  # the same counts on a dense array, nothing else
        covered = (levels >= min_level).sum(axis=0)
        _ = (covered == 0).sum(), (covered == 1).sum()
        _ = np.clip(targets - np.maximum(levels, 0), 0, None).sum(axis=1)

    benchmark.pedantic(summary, rounds=5, iterations=1)
    record(
        benchmark,
        floor_s=floor_time(floor),
        budget="< 1 s",
        floor="numpy counts on a dense array",
        met=benchmark.stats.stats.median < 1.0,
    )
    assert benchmark.stats.stats.median < 1.0


def test_load_snapshot_5000x300(benchmark, bench_dir: Path) -> None:
    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import load_snapshot

    path = organisation_db(bench_dir, 5_000)
    db = open_database(path)
    benchmark.pedantic(lambda: load_snapshot(db), rounds=3, iterations=1)
    db.dispose()

    def floor() -> None:
        con = sqlite3.connect(path)
        con.execute(
            "SELECT person_id, competency_id, level FROM ratings WHERE cycle_id = "
            "(SELECT max(id) FROM cycles) AND source = 'manager'"
        ).fetchall()
        con.close()

    record(
        benchmark,
        floor_s=floor_time(floor, rounds=3),
        budget="< 3 s",
        floor="raw sqlite3 fetchall of the same rows",
        met=benchmark.stats.stats.median < 3.0,
    )


@pytest.mark.parametrize("people", SIZES)
def test_demo_creation(benchmark, bench_dir: Path, people: int) -> None:
    """``create_demo`` beside executemany of the same rating rows.

    The floor inserts into a table with the ratings table's unique index (cycle, source,
    person, competency), in WAL mode. Checked: the floor inserts exactly as many rows as the
    demo stores ratings.
    """
    from skillmatrix.services.database import open_database
    from skillmatrix.services.demo import create_demo

    frameworks = synthetic_frameworks()
    counter = iter(range(100))
    teams = max(3, people // 100)
    stored: list[int] = []
    paths: list[Path] = []

    def create() -> None:
        path = bench_dir / f"demo{people}-{next(counter)}.db"
        paths.append(path)
        db = open_database(path)
        result = create_demo(db, people=people, teams=teams, cycles=4, frameworks=frameworks)
        assert result is not None
        stored.append(result.ratings)
        db.dispose()

    benchmark.pedantic(create, rounds=2 if people >= 5_000 else 3, iterations=1)
    org = generate_demo(frameworks, people=people, teams=teams, cycles=4)
    rows = [
        (i + 1, "manager", int(p), int(c), int(lv))
        for i, arr in enumerate(org.ratings)
        for p, c, lv in zip(arr["person"], arr["competency"], arr["level"], strict=True)
    ]
    assert len(rows) == stored[-1]  # the same rows

    def floor() -> None:
        target = bench_dir / f"floor{people}-{next(counter)}.db"
        con = sqlite3.connect(target)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute(
            "CREATE TABLE r (cycle INT, source TEXT, person INT, competency INT, level INT)"
        )
        con.execute("CREATE UNIQUE INDEX ux ON r (cycle, source, person, competency)")
        con.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)", rows)
        con.commit()
        con.close()

    floor_s = floor_time(floor, rounds=2)
    # The floor above writes 5 of the 14 columns of one table that the demo stores. This
    # one writes the very database the demo stored: its whole schema (read back from
    # sqlite_master) and every row of every table, indexes built after the rows as the
    # demo does. The same bytes, so the ratio is what the app adds.
    schema, contents = _database_contents(paths[-1])
    assert len(contents["ratings"]) == stored[-1]

    def same_table_floor() -> None:
        con = sqlite3.connect(bench_dir / f"same{people}-{next(counter)}.db")
        con.execute("PRAGMA journal_mode=WAL")
        for statement in schema.tables:
            con.execute(statement)
        for table, rows in contents.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        for statement in schema.rest:
            con.execute(statement)
        con.commit()
        con.close()

    same_s = floor_time(same_table_floor, rounds=2)
    record(
        benchmark,
        floor_s=same_s,
        budget="<= 2x floor",
        floor="raw sqlite3 writing the same database: the demo's schema read back, every row "
        "of every table by executemany, indexes after the rows, WAL",
        met=benchmark.stats.stats.median <= 2 * same_s,
        ratings=stored[-1],
        narrow_floor="executemany of (cycle, source, person, competency, level), same unique index",
        narrow_floor_s=floor_s,
        narrow_ratio=benchmark.stats.stats.median / floor_s,
    )


class _Schema(NamedTuple):
    tables: list[str]  # CREATE TABLE statements, in the order SQLite holds them
    rest: list[str]  # indexes, views and triggers: made after the rows


def _database_contents(path: Path) -> tuple[_Schema, dict[str, list[tuple[object, ...]]]]:
    """A database's schema and every row of its own tables, by rowid."""
    con = sqlite3.connect(path)
    try:
        entries = con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        ).fetchall()
        tables = [name for kind, name, _ in entries if kind == "table"]
        contents = {
            t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables
        }
    finally:
        con.close()
    schema = _Schema(
        tables=[sql for kind, _, sql in entries if kind == "table"],
        rest=[sql for kind, _, sql in entries if kind != "table"],
    )
    return schema, contents
