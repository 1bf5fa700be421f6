"""Simulated managers for the concurrency suite.

Each one a separate process editing one shared database for a bounded time, recording what
it was told (acknowledged or refused).

A manager's own lane (its people) never conflicts with another's; the "hot" people are
edited by everyone. Every edit first reads the cell (what a window would show) and sends
that as ``expect``: a cell changed since must be refused, never overwritten. Every edit
writes a unique note token, so the check can find each acknowledged write in the history.

On PostgreSQL each manager logs in as its own team's manager (``server grant LOGIN --team
"Team NN" --team Hot``), so row-level security and the guard triggers are in the way of
every write, and now and then it tries to rate another team's person or to start a cycle:
both must be refused, never reported as saved. Cycle starts are an admin's, so two admin
logins start them (and edit the hot people meanwhile).
"""

from __future__ import annotations

import json
import random
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

COMPETENCIES = ("C1", "C2", "C3", "C4")
HOT_PEOPLE = ("Hot A", "Hot B")
LANE = 2  # people per manager
HOT_TEAM = "Hot"
#: Share of a manager's operations that try another team's person (must be refused).
FOREIGN_SHARE = 0.04


def lane(manager: int) -> list[str]:
    return [f"M{manager:02d} P{n}" for n in range(LANE)]


def team(manager: int) -> str:
    return f"Team {manager:02d}"


def login(manager: int) -> str:
    """A manager's database login (roles are the server's, so the names are fixed)."""
    return f"cc_mgr{manager:02d}"


def admin_login(n: int) -> str:
    return f"cc_admin{n}"


def setup(target: str, managers: int) -> dict[str, int]:
    """The organisation: the competencies, every lane and the hot people, one cycle.

    Returns every person's id by name (read by the owner, who sees them all).
    """
    from skillmatrix.core.frameworks import CompetencySpec, Framework
    from skillmatrix.core.model import CoverageRule, Seniority
    from skillmatrix.services import cycles, people
    from skillmatrix.services import frameworks as fw
    from skillmatrix.services.database import open_database

    specs = tuple(
        CompetencySpec(
            name=c,
            category="Core",
            description="",
            targets={Seniority.MID: 2},
            rule=CoverageRule(min_people=1, min_level=2),
        )
        for c in COMPETENCIES
    )
    db = open_database(target)
    try:
        fw.install_framework(
            db, Framework(name="Eng", description="", competencies=specs, source="t")
        )
        for name in HOT_PEOPLE:
            people.add_person(db, name=name, team=HOT_TEAM)
        for m in range(managers):
            for name in lane(m):
                people.add_person(db, name=name, team=team(m))
        cycles.start_cycle(db, name="2026-Q1")
        return {p.name: p.id for p in people.list_people(db)}
    finally:
        db.close()


def grant_logins(target: str, managers: int, admins: int) -> None:
    """``server grant``: one manager login per team, and ``admins`` admin logins.

    Each manager also manages the hot people, so the managers still collide there.
    """
    from skillmatrix.services.server import grant_login

    for m in range(managers):
        grant_login(target, login(m), teams=[team(m), HOT_TEAM])
    for n in range(admins):
        grant_login(target, admin_login(n), admin=True)


@dataclass
class Log:
    manager: int
    edits: list[dict[str, Any]] = field(default_factory=list)  # acknowledged edits
    undos: list[dict[str, Any]] = field(default_factory=list)  # acknowledged undos
    imports: list[dict[str, Any]] = field(default_factory=list)  # acknowledged imports
    starts: list[dict[str, Any]] = field(default_factory=list)  # acknowledged cycle starts
    refused: dict[str, int] = field(default_factory=dict)  # kind -> count
    denied: list[str] = field(default_factory=list)  # tokens of refused foreign edits
    login: str = ""  # the database login (current_user)
    errors: list[str] = field(default_factory=list)  # anything unexpected
    longest_call: float = 0.0


def run(
    target: str,
    manager: int,
    seconds: float,
    out: str,
    seed: int,
    starts: bool,
    foreign: tuple[int, ...] = (),
    own_lane: bool = True,
) -> None:
    """One manager's session; writes its :class:`Log` as JSON to ``out``.

    Args:
        target: the database, as this manager's login on PostgreSQL.
        manager: this manager's number (its team and lane).
        seconds: how long it keeps editing.
        out: the file its log is written to.
        seed: the seed of its random choices.
        starts: this one starts cycles (an admin on PostgreSQL).
        foreign: ids of other teams' people this login may not change; now and then it
            tries, and each attempt must be refused (``PermissionDeniedError``).
        own_lane: it has a lane of its own (the admins edit only the hot people).
    """
    from skillmatrix.core.errors import (
        BusyError,
        ChangedMeanwhileError,
        PermissionDeniedError,
        ReadOnlyError,
        SkillMatrixError,
    )
    from skillmatrix.services import cycles, people, ratings
    from skillmatrix.services import frameworks as fw
    from skillmatrix.services.excel_import import import_file
    from skillmatrix.services.rating_changes import Restore
    from skillmatrix.store.database import Database

    rng = random.Random(seed)
    log = Log(manager)
    db = Database(target, busy_timeout=8.0)
    try:
        log.login = db.identity
        ids = {p.name: p.id for p in people.list_people(db)}
        if foreign and set(foreign) & set(ids.values()):
            log.errors.append(f"{log.login} sees people of other teams: {sorted(ids)}")
        comps = {c.name: c.id for c in fw.list_competencies(db)}
        hot = [ids[n] for n in HOT_PEOPLE]
        mine = [ids[n] for n in lane(manager)] if own_lane else hot
        undoable: list[Any] = []  # this manager's acknowledged changes, newest last
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            roll = rng.random()
            started = time.monotonic()
            try:
                latest = cycles.latest_cycle(db)
                assert latest is not None
                if starts and (n == 5 or roll < 0.04):  # op 5: the starters collide
                    cycle = cycles.start_cycle(db, after=latest.id, close_previous=True)
                    log.starts.append({"after": latest.id, "cycle": cycle.id, "name": cycle.name})
                    undoable.clear()
                elif foreign and (n in (3, 7, 11) or roll < FOREIGN_SHARE):
                    _try_foreign(db, log, latest.id, rng, n, foreign, list(comps.values()))
                elif roll < 0.10:
                    folder = Path(out).parent
                    name = f"m{manager:02d}-{n}.csv"
                    path = folder / name
                    who = rng.sample(sorted({*mine, hot[0]}), 2)
                    names = {v: k for k, v in ids.items()}
                    rows = ["name," + ",".join(COMPETENCIES)] + [
                        names[p] + "," + ",".join(str(rng.randint(0, 4)) for _ in COMPETENCIES)
                        for p in who
                    ]
                    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
                    result = import_file(db, path, cycle=latest.id)
                    if result.applied:
                        log.imports.append(
                            {
                                "file": name,
                                "cycle": latest.id,
                                "cells": result.created + result.changed,
                            }
                        )
                    elif any("is closed" in p for p in result.problems):
                        log.refused["closed"] = log.refused.get("closed", 0) + 1
                    else:
                        log.errors.append(f"import {name} not applied: {result.problems[:2]}")
                elif roll < 0.25 and undoable:
                    change = undoable.pop()
                    undo = Restore(
                        change.cycle_id,
                        change.source,
                        change.person_id,
                        change.competency_id,
                        change.before,
                        expect=change.after,
                    )
                    ratings.restore_many(db, [undo])
                    log.undos.append(
                        {
                            "cycle": change.cycle_id,
                            "cell": [change.person_id, change.competency_id],
                            "undone": change.after.note if change.after else None,
                            "back_to": change.before.note if change.before else None,
                        }
                    )
                else:
                    person = rng.choice(hot if roll < 0.55 else mine)
                    cell = (person, comps[rng.choice(COMPETENCIES)])
                    shown = ratings.get_rating(
                        db, cycle_id=latest.id, person_id=cell[0], competency_id=cell[1]
                    )
                    token = f"m{manager:02d}-{n}"
                    change = ratings.rate_many(
                        db,
                        cycle_id=latest.id,
                        cells=[cell],
                        level=rng.randint(0, 4),
                        note=token,
                        expect={cell: shown},
                    )[0]
                    log.edits.append(
                        {
                            "cycle": latest.id,
                            "cell": list(cell),
                            "token": token,
                            "loaded": shown.note if shown else None,
                            "replaced": change.before.note if change.before else None,
                        }
                    )
                    undoable.append(change)
            except PermissionDeniedError as exc:
                log.errors.append(f"own lane refused: {exc}")  # never for one's own teams
            except ChangedMeanwhileError:
                log.refused["conflict"] = log.refused.get("conflict", 0) + 1
            except ReadOnlyError:
                log.refused["closed"] = log.refused.get("closed", 0) + 1
                undoable.clear()
            except BusyError:
                log.refused["busy"] = log.refused.get("busy", 0) + 1
            except SkillMatrixError as exc:
                kind = "deadlock" if "deadlock" in str(exc).lower() else "other"
                log.refused[kind] = log.refused.get(kind, 0) + 1
                log.errors.append(f"{type(exc).__name__}: {exc}")
            log.longest_call = max(log.longest_call, time.monotonic() - started)
    except Exception:
        log.errors.append(traceback.format_exc())
    finally:
        db.close()
        Path(out).write_text(json.dumps(asdict(log)), encoding="utf-8")


def _try_foreign(
    db: Any, log: Log, cycle_id: int, rng: random.Random, n: int, foreign: Any, comps: list[int]
) -> None:
    """Try what this login may not do, each of which must be refused.

    Rate another team's person through the service (op 3 and now and then; the person is
    invisible, so "no such person" is a refusal too), start a cycle (op 7), or insert that
    person's rating with plain SQL as any client could (op 11: the database's own guard must
    stop it).
    """
    from sqlalchemy import text

    from skillmatrix.core.errors import NotFoundError, PermissionDeniedError
    from skillmatrix.services import cycles, ratings

    token = f"{log.login}-foreign-{n}"
    cell = (rng.choice(foreign), rng.choice(comps))
    try:
        if n == 7:
            cycles.start_cycle(db, after=cycle_id, close_previous=True)
        elif n == 11:
            with db.session() as s:
                s.execute(
                    text(
                        "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level,"
                        " not_applicable, note, rated_by, rated_on, version) VALUES (:c, :p, :k,"
                        " 'manager', 3, false, :t, '', current_date, 1)"
                    ),
                    {"c": cycle_id, "p": cell[0], "k": cell[1], "t": token},
                )
        else:
            ratings.rate_many(
                db, cycle_id=cycle_id, cells=[cell], level=rng.randint(0, 4), note=token
            )
    except (PermissionDeniedError, NotFoundError) as exc:
        kind = "denied" if isinstance(exc, PermissionDeniedError) else "hidden"
        log.refused[kind] = log.refused.get(kind, 0) + 1
        log.denied.append(token)
        return
    log.errors.append(f"{log.login} was told {token} was saved (op {n})")
