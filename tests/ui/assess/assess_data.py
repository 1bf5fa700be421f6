"""Databases for the Assess view tests, the screenshot and the timing script.

A uniquely named module (importable from the tests next to it). Small databases go
through the services as a user would; big ones use the store's bulk inserts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from skillmatrix.core.demo import generate_demo
from skillmatrix.core.frameworks import (
    CompetencySpec,
    Framework,
    builtin_frameworks,
    find_framework,
)
from skillmatrix.core.model import Competency, Cycle, Person, Seniority
from skillmatrix.services import cycles, frameworks, people
from skillmatrix.services.database import open_database
from skillmatrix.store import models
from skillmatrix.store.bulk import (
    RatingRow,
    bulk_insert_people,
    bulk_insert_ratings,
    bulk_insert_teams,
)
from skillmatrix.store.database import Database

TEAM = [
    ("Ada Lovelace", "Senior"),
    ("Brian Kernighan", "Mid"),
    ("Claude Shannon", "Junior"),
    ("Dennis Ritchie", "Staff"),
]


@dataclass
class SmallOrg:
    """A Backend Engineer team of four in one open cycle, nobody rated yet."""

    db: Database
    cycle: Cycle
    people: list[Person]
    competencies: list[Competency]


def small_org(path: Path) -> SmallOrg:
    """Install the built-in Backend Engineer framework, add four people, start a cycle."""
    db = open_database(path)
    frameworks.install_framework(db, find_framework("Backend Engineer"))
    staff = [
        people.add_person(db, name=n, team="Payments", role="Backend Engineer", seniority=s)
        for n, s in TEAM
    ]
    cycle = cycles.start_cycle(db, name="2026-Q3", today=dt.date(2026, 7, 1))
    return SmallOrg(db, cycle, staff, frameworks.list_competencies(db))


def demo_org(path: Path, *, people_count: int = 40, seed: int = 7) -> Database:
    """The demo organisation (built-in frameworks, 3 teams, 4 quarters) written to ``path``."""
    db = open_database(path)
    org = generate_demo(builtin_frameworks(), people=people_count, teams=3, cycles=4, seed=seed)
    for fw in org.frameworks:
        frameworks.install_framework(db, fw)
    comp_of = {c.name.casefold(): c.id for c in frameworks.list_competencies(db)}
    comp_ids = [comp_of[n.casefold()] for n in org.competency_names]
    role_of = {r.name: r.id for r in frameworks.list_roles(db)}
    with db.session() as s:
        team_of = dict(zip(org.teams, bulk_insert_teams(s, org.teams), strict=True))
        pids = bulk_insert_people(
            s,
            [
                {
                    "name": p.name,
                    "email": p.email,
                    "team_id": team_of[p.team],
                    "role_id": role_of[p.role],
                    "seniority": p.seniority,
                }
                for p in org.people
            ],
        )
        for cyc, rows, notes in zip(org.cycles, org.ratings, org.notes, strict=True):
            row = models.Cycle(
                name=cyc.name, starts_on=cyc.starts_on, ends_on=cyc.ends_on, closed=cyc.closed
            )
            s.add(row)
            s.flush()
            bulk_insert_ratings(
                s,
                row.id,
                (
                    RatingRow(
                        pids[int(r["person"])],
                        comp_ids[int(r["competency"])],
                        int(r["level"]) if r["level"] >= 0 else None,
                        bool(r["na"]),
                        int(r["interest"]) if r["interest"] >= 0 else None,
                        notes.get((int(r["person"]), int(r["competency"])), ""),
                        "manager",
                        "demo",
                        cyc.ends_on,
                    )
                    for r in rows
                ),
            )
    return db


def big_org(path: Path, *, n_people: int = 500, n_comps: int = 200, seed: int = 1) -> Database:
    """``n_people`` x ``n_comps`` with ~80% of cells rated, in one open cycle."""
    db = open_database(path)
    cats = ["Languages", "Architecture", "Operations", "Data", "Security", "Delivery", "People"]
    specs = tuple(
        CompetencySpec(
            name=f"{cats[k % len(cats)]} skill {k:03d}",
            category=cats[k % len(cats)],
            description="Generated for the timing run.",
            targets={s: 1 + min(s.rank, 3) for s in Seniority},
        )
        for k in range(n_comps)
    )
    frameworks.install_framework(db, Framework(name="Engineer", description="", competencies=specs))
    comp_ids = [c.id for c in frameworks.list_competencies(db)]
    role_id = frameworks.get_role(db, "Engineer").id
    rng = np.random.default_rng(seed)
    with db.session() as s:
        teams = bulk_insert_teams(s, [f"Team {k}" for k in range(10)])
        pids = bulk_insert_people(
            s,
            [
                {
                    "name": f"Person {k:04d}",
                    "team_id": teams[k % 10],
                    "role_id": role_id,
                    "seniority": list(Seniority)[k % 5],
                }
                for k in range(n_people)
            ],
        )
        row = models.Cycle(name="2026-Q3", closed=False)
        s.add(row)
        s.flush()
        levels = rng.integers(0, 5, size=(n_people, n_comps))
        rated = rng.random((n_people, n_comps)) < 0.8
        bulk_insert_ratings(
            s,
            row.id,
            (
                RatingRow(pids[i], comp_ids[j], int(levels[i, j]), rated_by="bench")
                for i, j in zip(*np.nonzero(rated), strict=True)
            ),
        )
    return db
