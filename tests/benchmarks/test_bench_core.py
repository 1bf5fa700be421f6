"""Summary analytics and demo creation against their bare floors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
    """``create_demo`` beside executemany of the same rating rows into a table with the
    ratings table's unique index (cycle, source, person, competency), in WAL mode.
    Checked: the floor inserts exactly as many rows as the demo stores ratings."""
    from skillmatrix.services.database import open_database
    from skillmatrix.services.demo import create_demo

    frameworks = synthetic_frameworks()
    counter = iter(range(100))
    teams = max(3, people // 100)
    stored: list[int] = []

    def create() -> None:
        db = open_database(bench_dir / f"demo{people}-{next(counter)}.db")
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
    record(
        benchmark,
        floor_s=floor_s,
        budget="<= 2x floor",
        floor="sqlite3 executemany of the same rows, same unique index, WAL",
        met=benchmark.stats.stats.median <= 2 * floor_s,
        ratings=stored[-1],
    )


SUMMARY_SCRIPT = """
import argparse, json, os, sys, time
from skillmatrix.commands.summary import run_summary
from skillmatrix.commands.common import open_db, previous_snapshot
from skillmatrix.core.summary import summary_data
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.services.review import agreed_people
from skillmatrix.core.model import Source
args = argparse.Namespace(db=sys.argv[1], cycle=None, team=None, json=True)
out = open(sys.argv[2], "w")
real, sys.stdout = sys.stdout, out  # a file: not a terminal, as in `summary --json > f`
start = time.perf_counter()
run_summary(args)
app = time.perf_counter() - start
out.close()
# The floor: the same reads and figures, then the C encoder (compact) and one write.
start = time.perf_counter()
db = open_db(args, create=False)
snap = load_snapshot(db)
own = load_snapshot(db, cycle=snap.cycle.id, source=Source.SELF)
data = summary_data(snap, previous_snapshot(db, snap), self_ratings=own,
                    settled=agreed_people(db, snap.cycle.id))
computed = time.perf_counter() - start
with open(sys.argv[2] + ".floor", "w") as fh:
    fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\\n")
floor = time.perf_counter() - start
sys.stdout = real
same = json.load(open(sys.argv[2])) == json.loads(json.dumps(data))
print(json.dumps({"app": app, "floor": floor, "encode": floor - computed, "same": same,
                  "bytes": os.path.getsize(sys.argv[2])}))
"""


@pytest.mark.parametrize("people", SIZES)
def test_summary_json(benchmark, bench_dir: Path, people: int) -> None:
    """``summary --json`` into a file beside its floor in the same process: the same reads
    and figures, then ``json.dumps`` compact (the C encoder) and one write. Checked: the
    command's output parses to exactly the floor's data (the same keys, every list whole)."""
    import json
    import subprocess
    import sys

    from conftest import child_env, measured

    db = organisation_db(bench_dir, people)
    env = child_env(bench_dir)
    runs: list[dict] = []

    def run() -> float:
        out = subprocess.run(
            [sys.executable, "-c", SUMMARY_SCRIPT, str(db), str(bench_dir / "summary.json")],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        assert runs[-1]["same"]
        return runs[-1]["app"]

    measured(benchmark, run, rounds=3)
    floor_s = sorted(r["floor"] for r in runs)[1]
    record(
        benchmark,
        floor_s=floor_s,
        budget="<= 1.3x floor",
        floor="the same reads and figures, json.dumps compact (C encoder), one write",
        met=benchmark.stats.stats.median <= 1.3 * floor_s,
        encode_s=sorted(r["encode"] for r in runs)[1],
        json_bytes=runs[-1]["bytes"],
    )
