"""Simulated managers for the concurrency suite: each one a separate process editing one
shared database for a bounded time, recording what it was told (acknowledged or refused).

A manager's own lane (its people) never conflicts with another's; the "hot" people are
edited by everyone. Every edit first reads the cell (what a window would show) and sends
that as ``expect``: a cell changed since must be refused, never overwritten. Every edit
writes a unique note token, so the check can find each acknowledged write in the history.
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


def lane(manager: int) -> list[str]:
    return [f"M{manager:02d} P{n}" for n in range(LANE)]


def setup(target: str, managers: int) -> None:
    """The organisation: the competencies, every lane and the hot people, one cycle."""
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
            people.add_person(db, name=name, team="Hot")
        for m in range(managers):
            for name in lane(m):
                people.add_person(db, name=name, team=f"Team {m:02d}")
        cycles.start_cycle(db, name="2026-Q1")
    finally:
        db.close()


@dataclass
class Log:
    manager: int
    edits: list[dict[str, Any]] = field(default_factory=list)  # acknowledged edits
    undos: list[dict[str, Any]] = field(default_factory=list)  # acknowledged undos
    imports: list[dict[str, Any]] = field(default_factory=list)  # acknowledged imports
    starts: list[dict[str, Any]] = field(default_factory=list)  # acknowledged cycle starts
    refused: dict[str, int] = field(default_factory=dict)  # kind -> count
    errors: list[str] = field(default_factory=list)  # anything unexpected
    longest_call: float = 0.0


def run(target: str, manager: int, seconds: float, out: str, seed: int, starts: bool) -> None:
    """One manager's session; writes its :class:`Log` as JSON to ``out``."""
    from skillmatrix.core.errors import (
        BusyError,
        ChangedMeanwhileError,
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
        ids = {p.name: p.id for p in people.list_people(db)}
        comps = {c.name: c.id for c in fw.list_competencies(db)}
        mine = [ids[n] for n in lane(manager)]
        hot = [ids[n] for n in HOT_PEOPLE]
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
                elif roll < 0.10:
                    folder = Path(out).parent
                    name = f"m{manager:02d}-{n}.csv"
                    path = folder / name
                    who = rng.sample([*mine, hot[0]], 2)
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
