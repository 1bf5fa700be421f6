"""Databases for the Insights view tests, built through the services (uniquely named)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from skillmatrix.core.frameworks import CompetencySpec, Framework, find_framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services.database import open_database
from skillmatrix.services.frameworks import install_framework, list_competencies
from skillmatrix.store.database import Database

SMALL_PEOPLE = (
    ("Ana Silva", "Payments", Seniority.SENIOR),
    ("Ben Okafor", "Payments", Seniority.MID),
    ("Cleo Park", "Search", Seniority.MID),
    ("Dan Weber", "Search", Seniority.JUNIOR),
)


def small_db(path: Path) -> Database:
    """Backend Engineer, four people in two teams, one cycle with a few ratings.

    Ana is the only one at Proficient+ in the first two competencies (single points
    of failure); Ben is keen (interest 3) and behind in the first one.
    """
    db = open_database(path)
    install_framework(db, find_framework("Backend Engineer"))
    who = [
        people.add_person(db, name=n, team=t, role="Backend Engineer", seniority=s)
        for n, t, s in SMALL_PEOPLE
    ]
    cycle = cycles.start_cycle(db, name="2026-Q3")
    comps = list_competencies(db)
    ana, ben, cleo, dan = (p.id for p in who)
    c0, c1, c2, c3 = (c.id for c in comps[:4])
    ratings.rate_many(db, cycle_id=cycle.id, cells=[(ana, c0), (ana, c1), (ana, c2)], level=4)
    ratings.rate_many(db, cycle_id=cycle.id, cells=[(ben, c0), (cleo, c1)], level=1, interest=3)
    ratings.rate_many(db, cycle_id=cycle.id, cells=[(cleo, c2), (dan, c3)], level=3)
    ratings.rate(db, cycle_id=cycle.id, person_id=dan, competency_id=c2, not_applicable=True)
    return db


def demo_db(path: Path, *, people_count: int = 40) -> Database:
    """The demo organisation (three teams, four cycles) through services.demo."""
    from skillmatrix.services.demo import create_demo

    db = open_database(path)
    create_demo(db, people=people_count, teams=3, cycles=4, seed=0)
    return db


def grid_framework(n_competencies: int) -> Framework:
    """One role with ``n_competencies`` competencies in five categories."""
    specs = tuple(
        CompetencySpec(
            name=f"Skill {k:03d}",
            category=f"Area {k % 5 + 1}",
            description="",
            targets={s: min(1 + s.rank, 4) for s in Seniority},
            critical=k % 11 == 0,
            rule=CoverageRule(min_people=2, min_level=3),
        )
        for k in range(n_competencies)
    )
    return Framework(name="Grid Engineer", description="", competencies=specs, source="tests")


def grid_db(path: Path, n_people: int, n_competencies: int, *, seed: int = 1) -> Database:
    """``n_people`` x ``n_competencies`` fully rated with random levels, in five teams."""
    db = open_database(path)
    install_framework(db, grid_framework(n_competencies))
    seniorities = list(Seniority)
    who = [
        people.add_person(
            db,
            name=f"Person {k:03d}",
            team=f"Team {k % 5 + 1}",
            role="Grid Engineer",
            seniority=seniorities[k % len(seniorities)],
        ).id
        for k in range(n_people)
    ]
    cycle = cycles.start_cycle(db, name="2026-Q3")
    comps = [c.id for c in list_competencies(db)]
    levels = np.random.default_rng(seed).integers(0, 5, size=(n_people, n_competencies))
    for level in range(5):
        cells = [(who[i], comps[j]) for i, j in zip(*np.nonzero(levels == level), strict=True)]
        ratings.rate_many(db, cycle_id=cycle.id, cells=cells, level=level)
    return db


def carried_twice(path: Path) -> Database:
    """Core: Ann 4, Bob 3, Cy 4 in API design (rule: 2 people at 3+), rated in Q1.

    Carried forward into Q3; in Q3 only Ann's is confirmed (Bob's and Cy's are stale).
    """
    db = open_database(path)
    install_framework(db, find_framework("Backend Engineer"))
    api = next(c.id for c in list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1")
    ids = {n: people.add_person(db, name=n, team="Core").id for n in ("Ann", "Bob", "Cy")}
    for name, level in (("Ann", 4), ("Bob", 3), ("Cy", 4)):
        ratings.rate(db, cycle_id=q1.id, person_id=ids[name], competency_id=api, level=level)
    cycles.start_cycle(db, name="2026-Q2")
    q3 = cycles.start_cycle(db, name="2026-Q3")
    ratings.confirm_many(db, cycle_id=q3.id, cells=[(ids["Ann"], api)])
    return db


def open_view(
    qtbot: Any, db: Database, *, team: str | None = None, size: tuple[int, int] = (1300, 820)
) -> tuple[Any, Any]:
    """An AppContext on ``db`` and a shown InsightsView, its first chart drawn."""
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.insights import InsightsView

    ctx = AppContext(db)
    ctx.team = team
    view = InsightsView(ctx)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.charts.get("heatmap") is not None, timeout=5000)
    chart = view.charts["heatmap"]
    qtbot.waitUntil(
        lambda: chart.heatmap is None or chart.heatmap._drawn_size is not None, timeout=5000
    )
    return ctx, view
