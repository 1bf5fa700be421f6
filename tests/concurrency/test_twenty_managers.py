"""Twenty managers at once on one real PostgreSQL (and six on one SQLite file).

Each a separate process, for a bounded time: conflicting and non-conflicting edits, undo,
imports and cycle starts. On PostgreSQL the database is set up as an admin would (``server
init``, one ``server grant`` per team) and every manager logs in as its team's manager, so
row-level security and the guard triggers are in play; two admin logins start the cycles.
Afterwards the database must prove that nothing was lost:

* every acknowledged write (edit, undo, import) is in the history;
* no acknowledged write replaced a value its writer had not loaded (a conflict is
  reported instead), so each cell's history is one unbroken chain, old = previous new,
  from the carried-forward value to what is stored now;
* two managers starting the next cycle from the same one get one cycle;
* a manager's attempts on another team's people (and at starting a cycle) were refused,
  never acknowledged, and left nothing behind; each acknowledged write names its login;
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

from managers import admin_login, grant_logins, lane, login, setup
from pg_server import PgServer
from sqlalchemy import text

from skillmatrix.services.server import init_server
from skillmatrix.store.database import Database

HERE = Path(__file__).parent
#: Seconds each manager works (CI: well inside a minute for the whole test).
PG_SECONDS = float(os.environ.get("SKILLMATRIX_CONCURRENCY_SECONDS", "20"))
SQLITE_SECONDS = 8.0
#: Longest one call may take: the lock timeout (8 s) plus a margin. Longer is a hang.
LONGEST_CALL = 20.0

Values = tuple[Any, bool, Any, str]
EMPTY: Values = (None, False, None, "")


#: One process: its database URL (as its login), its number, and run()'s keyword arguments.
Session = tuple[str, int, dict[str, Any]]


def _drive(sessions: list[Session], seconds: float, folder: Path) -> list[dict[str, Any]]:
    """Start every session, wait for all (bounded), return their logs."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), *sys.path])}
    procs = []
    for n, (target, m, options) in enumerate(sessions):
        out = folder / f"session{n:02d}.json"
        extra = "".join(f", {k}={v!r}" for k, v in options.items())
        code = (
            "import managers; managers.run("
            f"{target!r}, {m}, {seconds}, {str(out)!r}, seed={1000 + n}{extra})"
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
                    "SELECT id, who, cycle_id, person_id, competency_id, source, action, "
                    "old_level, old_na, old_interest, old_note, "
                    "new_level, new_na, new_interest, new_note FROM rating_history ORDER BY id"
                )
            )
        )


def _check(db: Database, logs: list[dict[str, Any]], *, logins: bool) -> dict[str, int]:
    """The assertions of the module docstring.

    ``logins``: each session is a database login, which the history must name.
    """
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
    edits = [{**e, "login": log["login"]} for log in logs for e in log["edits"]]
    for e in edits:
        row = by_token.get((e["cycle"], *e["cell"], e["token"]))
        assert row is not None, f"acknowledged edit {e['token']} is not in the history"
        if logins:
            assert row.who == e["login"], f"{e['token']} by {e['login']} recorded as {row.who}"
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
    # 6. A refused attempt on another team left no trace (no rating, no history row).
    denied = {t for log in logs for t in log["denied"]}
    notes = {h.new_note for h in history} | {v[3] for v in stored.values()}
    assert not denied & notes, f"refused writes were stored: {sorted(denied & notes)[:3]}"
    conflicts = sum(log["refused"].get("conflict", 0) for log in logs)
    return {
        "denied": len(denied),
        "edits": len(edits),
        "undos": len(undos),
        "imports": len(imports),
        "starts": len(starts),
        "conflicts": conflicts,
        "closed": sum(log["refused"].get("closed", 0) for log in logs),
        "busy": sum(log["refused"].get("busy", 0) for log in logs),
    }


def test_twenty_managers_on_postgresql_lose_nothing(
    pg_server: PgServer, pg_empty_url: str, tmp_path: Path
) -> None:
    managers, admins = 20, 2
    url = pg_empty_url
    init_server(url)  # as the admin would: schema, roles, policies
    ids = setup(url, managers)
    grant_logins(url, managers, admins)
    sessions: list[Session] = []
    for m in range(managers):
        own = set(lane(m))
        # Other teams' people (the next two managers' lanes): invisible and not writable.
        foreign = tuple(ids[n] for k in (1, 2) for n in lane((m + k) % managers) if n not in own)
        sessions.append(
            (pg_server.login_url(url, login(m)), m, {"starts": False, "foreign": foreign})
        )
    for n in range(admins):  # cycle starts are an admin's
        target = pg_server.login_url(url, admin_login(n))
        sessions.append((target, managers + n, {"starts": True, "own_lane": False}))
    logs = _drive(sessions, PG_SECONDS, tmp_path)
    assert {log["login"] for log in logs[:managers]} == {login(m) for m in range(managers)}
    with Database(url) as db:
        counts = _check(db, logs, logins=True)
    print("postgresql:", counts)
    assert counts["edits"] > 100 and counts["undos"] > 0 and counts["imports"] > 0
    assert counts["conflicts"] > 0  # the hot cells did collide, and were reported
    assert counts["starts"] >= 1
    # Every manager tried another team's people (and a cycle start) and was refused, as
    # an invisible person by the service and by the database's guard for plain SQL (any
    # acknowledged attempt is in the log's errors, checked above).
    # (An attempt the cycle's closing refused first counts as closed.)
    for log in logs[:managers]:
        assert log["refused"].get("denied", 0) >= 1, log["refused"]
        assert f"{log['login']}-foreign-11" in log["denied"]
    assert sum(log["refused"].get("hidden", 0) for log in logs) >= managers // 2


def test_six_managers_on_one_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    managers = 6
    setup(str(path), managers)
    sessions: list[Session] = [(str(path), m, {"starts": m < 2}) for m in range(managers)]
    logs = _drive(sessions, SQLITE_SECONDS, tmp_path)
    with Database(path) as db:
        counts = _check(db, logs, logins=False)
    print("sqlite:", counts)
    assert counts["edits"] > 20 and counts["undos"] > 0 and counts["imports"] > 0
