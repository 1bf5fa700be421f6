"""Twenty managers at once on one real PostgreSQL (and six on one SQLite file), each a
separate process, for a bounded time: conflicting and non-conflicting edits, undo, imports
and cycle starts. Afterwards the database must prove that nothing was lost:

* every acknowledged write (edit, undo, import) is in the history;
* no acknowledged write replaced a value its writer had not loaded (a conflict is
  reported instead), so each cell's history is one unbroken chain, old = previous new,
  from the carried-forward value to what is stored now;
* two managers starting the next cycle from the same one get one cycle;
* no deadlock, and every process finishes in bounded time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from managers import setup
from sqlalchemy import text

from skillmatrix.store.database import Database

HERE = Path(__file__).parent
#: Seconds each manager works (CI: well inside a minute for the whole test).
PG_SECONDS = float(os.environ.get("SKILLMATRIX_CONCURRENCY_SECONDS", "20"))
SQLITE_SECONDS = 8.0
#: Longest one call may take: the lock timeout (8 s) plus a margin. Longer is a hang.
LONGEST_CALL = 20.0

Values = tuple[Any, bool, Any, str]
EMPTY: Values = (None, False, None, "")


def _drive(target: str, managers: int, seconds: float, folder: Path) -> list[dict[str, Any]]:
    """Start every manager, wait for all (bounded), return their logs."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), *sys.path])}
    procs = []
    for m in range(managers):
        out = folder / f"manager{m:02d}.json"
        code = (
            "import managers; managers.run("
            f"{target!r}, {m}, {seconds}, {str(out)!r}, seed={1000 + m}, starts={m < 2})"
        )
        procs.append(
            (subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE), out)
        )
    bound = time.monotonic() + seconds + 120  # start-up of 20 interpreters on a busy machine
    hung = []
    for proc, _ in procs:
        try:
            proc.wait(timeout=max(1.0, bound - time.monotonic()))
        except subprocess.TimeoutExpired:
            hung.append(proc.pid)
            proc.kill()
            proc.wait()
    assert not hung, f"managers did not finish in time (deadlock or hang): {hung}"
    logs = []
    for proc, out in procs:
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.returncode == 0 and out.exists(), stderr[-2000:]
        logs.append(json.loads(out.read_text(encoding="utf-8")))
    return logs


def _history(db: Database) -> list[Any]:
    with db.reading() as s:
        return list(
            s.execute(
                text(
                    "SELECT id, cycle_id, person_id, competency_id, source, action, "
                    "old_level, old_na, old_interest, old_note, "
                    "new_level, new_na, new_interest, new_note FROM rating_history ORDER BY id"
                )
            )
        )


def _check(db: Database, logs: list[dict[str, Any]], managers: int) -> dict[str, int]:
    for log in logs:
        assert not log["errors"], f"manager {log['manager']}: {log['errors'][:3]}"
        assert log["refused"].get("deadlock", 0) == 0
        assert log["longest_call"] < LONGEST_CALL, f"a call took {log['longest_call']:.1f} s"
    history = _history(db)
    by_token = {
        (h.cycle_id, h.person_id, h.competency_id, h.new_note): h
        for h in history
        if h.action == "rate"
    }
    # 1. Every acknowledged edit is in the history, and replaced what its writer loaded.
    edits = [e for log in logs for e in log["edits"]]
    for e in edits:
        row = by_token.get((e["cycle"], *e["cell"], e["token"]))
        assert row is not None, f"acknowledged edit {e['token']} is not in the history"
        assert (row.old_note or None) == (e["loaded"] or None) == (e["replaced"] or None), (
            f"{e['token']} overwrote {row.old_note!r}, but its writer had loaded {e['loaded']!r}"
        )
    # 2. Every acknowledged undo is in the history.
    undos = [u for log in logs for u in log["undos"]]
    undo_rows = {
        (h.cycle_id, h.person_id, h.competency_id, h.old_note, h.new_note)
        for h in history
        if h.action == "undo"
    }
    for u in undos:
        key = (u["cycle"], *u["cell"], u["undone"] or "", u["back_to"] or "")
        assert key in undo_rows, f"acknowledged undo of {u['undone']} is not in the history"
    # 3. Every acknowledged import wrote its cells' history.
    imports = [i for log in logs for i in log["imports"]]
    for i in imports:
        rows = [h for h in history if h.action.endswith(i["file"])]
        assert len(rows) == i["cells"], (
            f"import {i['file']}: {len(rows)} of {i['cells']} in history"
        )
    # 4. One cycle per start, each from a distinct previous cycle; all but the last closed.
    starts = [s for log in logs for s in log["starts"]]
    with db.reading() as s:
        cycles = list(s.execute(text("SELECT id, closed FROM cycles ORDER BY id")))
        stored = {
            (r.cycle_id, r.person_id, r.competency_id): (
                r.level,
                bool(r.not_applicable),
                r.interest,
                r.note,
            )
            for r in s.execute(
                text(
                    "SELECT cycle_id, person_id, competency_id, level, not_applicable, "
                    "interest, note FROM ratings WHERE source = 'manager'"
                )
            )
        }
    assert len(cycles) == 1 + len(starts)
    assert len({s["after"] for s in starts}) == len(starts), "two starts from one cycle"
    assert [bool(c.closed) for c in cycles] == [True] * len(starts) + [False]
    # 5. Each cell's history is one chain (old = previous new), from what the cycle
    # started with (carried from the previous cycle's final value) to what is stored.
    order = [c.id for c in cycles]
    chains: dict[tuple[int, int, int], list[Any]] = defaultdict(list)
    for h in history:
        chains[(h.cycle_id, h.person_id, h.competency_id)].append(h)
    final: dict[tuple[int, int, int], Values] = {}
    cells = {(p, c) for _, p, c in chains} | {(p, c) for _, p, c in stored}
    for n, cycle_id in enumerate(order):
        for cell in cells:
            key = (cycle_id, *cell)
            start = final.get((order[n - 1], *cell), EMPTY) if n else EMPTY
            value = start
            for h in chains.get(key, []):
                old = (h.old_level, bool(h.old_na), h.old_interest, h.old_note or "")
                assert old == value, (
                    f"cycle {cycle_id} cell {cell}: history row {h.id} replaced {old}, "
                    f"but the cell held {value} (a write lost or left behind)"
                )
                value = (h.new_level, bool(h.new_na), h.new_interest, h.new_note or "")
            assert stored.get(key, EMPTY) == value, f"cycle {cycle_id} cell {cell}"
            final[key] = value
    conflicts = sum(log["refused"].get("conflict", 0) for log in logs)
    return {
        "edits": len(edits),
        "undos": len(undos),
        "imports": len(imports),
        "starts": len(starts),
        "conflicts": conflicts,
        "closed": sum(log["refused"].get("closed", 0) for log in logs),
        "busy": sum(log["refused"].get("busy", 0) for log in logs),
    }


def test_twenty_managers_on_postgresql_lose_nothing(pg_url: str, tmp_path: Path) -> None:
    managers = 20
    setup(pg_url, managers)
    logs = _drive(pg_url, managers, PG_SECONDS, tmp_path)
    with Database(pg_url) as db:
        counts = _check(db, logs, managers)
    print("postgresql:", counts)
    assert counts["edits"] > 100 and counts["undos"] > 0 and counts["imports"] > 0
    assert counts["conflicts"] > 0  # the hot cells did collide, and were reported
    assert counts["starts"] >= 1


def test_six_managers_on_one_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    managers = 6
    setup(str(path), managers)
    logs = _drive(str(path), managers, SQLITE_SECONDS, tmp_path)
    with Database(path) as db:
        counts = _check(db, logs, managers)
    print("sqlite:", counts)
    assert counts["edits"] > 20 and counts["undos"] > 0 and counts["imports"] > 0
