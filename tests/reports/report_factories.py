"""Synthetic snapshots for the report tests (pure data, seeded)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from skillmatrix.core.model import Competency, CoverageRule, Cycle, Person, Role, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.core.snapshot import Snapshot, target_matrix

CATEGORIES = ("Languages", "Delivery", "Architecture", "People")
#: A fixed pseudonym key for anonymised reports (a database holds a random one).
PSEUDONYM_KEY = bytes(range(32))


def make_snapshot(
    people: int = 12,
    competencies: int = 10,
    *,
    seed: int = 0,
    cycle: str = "2024 Q3",
    cycle_id: int = 2,
    team: str | None = "Platform",
    roles: int = 2,
    names: list[str] | None = None,
    comp_names: list[str] | None = None,
    drift: float = 0.0,
) -> Snapshot:
    """A snapshot with every kind of cell: levels, n/a, not rated, targets, interest, notes."""
    rng = np.random.default_rng(seed)
    comps = tuple(
        Competency(
            id=100 + j,
            name=comp_names[j] if comp_names else f"Skill {j:03d}",
            category=CATEGORIES[j % len(CATEGORIES)],
            description=f"Description of skill {j}",
            critical=j % 7 == 0,
            rule=CoverageRule(min_people=2, min_level=3),
            level_descriptions={1: "Knows it", 3: "Does it alone", 4: "Teaches it"},
            position=j,
        )
        for j in range(competencies)
    )
    role_objs = []
    for r in range(roles):
        targets = {
            s: {
                c.id: min(4, 1 + s.rank // 2 + (j % 2))
                for j, c in enumerate(comps)
                if j % roles == r or j < 3
            }
            for s in Seniority
        }
        role_objs.append(Role(id=r + 1, name=f"Role {r}", framework=f"Role {r}", targets=targets))
    seniorities = list(Seniority)
    persons = tuple(
        Person(
            id=i + 1,
            name=names[i] if names else f"Person {i:04d}",
            email=f"p{i}@example.com",
            team=team or ("Alpha", "Beta")[i % 2],
            role=role_objs[i % roles].name,
            seniority=seniorities[i % len(seniorities)],
        )
        for i in range(people)
    )
    shape = (people, competencies)
    levels = rng.integers(0, 5, size=shape).astype(float)
    levels = np.clip(levels + drift, 0, 4)
    na = rng.random(shape) < 0.05
    unrated = rng.random(shape) < 0.1
    levels[na | unrated] = np.nan
    interest = rng.integers(0, 4, size=shape).astype(float)
    interest[rng.random(shape) < 0.3] = np.nan
    notes = {(0, 0): "Led the migration", (1, 1): '=HYPERLINK("http://evil")'} if people > 1 else {}
    return Snapshot(
        people=persons,
        competencies=comps,
        levels=levels,
        not_applicable=na,
        interest=interest,
        targets=target_matrix(persons, comps, role_objs),
        roles=tuple(role_objs),
        cycle=Cycle(id=cycle_id, name=cycle, starts_on=dt.date(2024, 7, 1)),
        team=team,
        scale=DEFAULT_SCALE,
        notes=notes,
    )
