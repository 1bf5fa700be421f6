"""Helpers shared by the store tests (a uniquely named module, importable from tests)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from pathlib import Path

from sqlalchemy import select

from skillmatrix.core.model import Seniority
from skillmatrix.store import models
from skillmatrix.store.bulk import (
    RatingRow,
    bulk_insert_people,
    bulk_insert_ratings,
    bulk_insert_teams,
)
from skillmatrix.store.database import Database
from skillmatrix.store.repo_roles import replace_targets


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """Content hash, mtime and sibling files: what "left untouched" must preserve."""
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns, siblings


def populate_org(db: Database, *, people: int, comps: int, seed: int = 7) -> int:
    """Random organisation; returns the cycle id. Some people inactive, two teams."""
    rnd = random.Random(seed)
    scale = db.scale
    with db.session() as s:
        cats = [models.Category(name=f"Cat {i}", position=2 - i) for i in range(3)]
        s.add_all(cats)
        s.flush()
        s.add_all(
            models.Competency(name=f"C{j}", category_id=cats[j % 3].id, position=comps - j)
            for j in range(comps)
        )
        role = models.Role(name="Engineer")
        s.add(role)
        s.flush()
        comp_ids = list(s.scalars(select(models.Competency.id)))
        replace_targets(
            s,
            role.id,
            {cid: {Seniority.MID: scale.max, Seniority.SENIOR: scale.min} for cid in comp_ids[::2]},
        )
        teams = bulk_insert_teams(s, ["Red", "Blue"])
        ids = bulk_insert_people(
            s,
            [
                {
                    "name": f"P{i:03d}",
                    "team_id": teams[i % 2],
                    "active": i % 5 != 0,
                    "role_id": role.id if i % 3 else None,
                    "seniority": Seniority.SENIOR if i % 4 == 0 else "Mid",
                }
                for i in range(people)
            ],
        )
        cycle = models.Cycle(name="2026-Q1")
        s.add(cycle)
        s.flush()
        rows = []
        for pid in ids:
            for cid in comp_ids:
                kind = rnd.random()
                for source in ("manager", "self"):
                    if kind < 0.2:
                        continue  # no row at all
                    if kind < 0.3:
                        rows.append(RatingRow(pid, cid, None, True, None, "", source))
                    elif kind < 0.35:
                        rows.append(
                            RatingRow(
                                pid, cid, None, False, rnd.randint(0, 3), "just a note", source
                            )
                        )
                    else:
                        level = rnd.randint(scale.min, scale.max)
                        interest = rnd.choice([None, 0, 1, 2, 3])
                        note = "n" if rnd.random() < 0.05 else ""
                        rows.append(
                            RatingRow(
                                pid,
                                cid,
                                level,
                                False,
                                interest,
                                note,
                                source,
                                "boss",
                                dt.date(2026, 1, 5),
                            )
                        )
        assert bulk_insert_ratings(s, cycle.id, iter(rows), chunk_size=97) == len(rows)
        return cycle.id
