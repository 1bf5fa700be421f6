"""Create the demo organisation in a database (``skillmatrix demo``, the welcome page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from skillmatrix.core.demo import DemoOrganisation, generate_demo
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import builtin_frameworks
from skillmatrix.services.frameworks import install_framework
from skillmatrix.store import bulk, models
from skillmatrix.store.database import Database

Progress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class DemoResult:
    people: int
    teams: int
    cycles: tuple[str, ...]
    ratings: int


class DemoCancelled(Exception):
    """Raised inside the transaction so a cancelled demo leaves nothing behind."""


def create_demo(
    db: Database,
    *,
    people: int = 40,
    teams: int = 3,
    cycles: int = 4,
    seed: int = 0,
    force: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoResult | None:
    """Fill ``db`` with a generated organisation rated over ``cycles`` quarters.

    The people, cycles and ratings are written in one transaction: a failure or a cancel
    leaves the database as it was (the built-in frameworks, installed first, stay).

    Raises:
        ValidationError: the database already holds people or cycles and ``force`` is off,
            or a count is out of range.

    Returns:
        What was created, or None when ``cancelled()`` became true.
    """
    report = progress or (lambda _f, _t: None)
    stop = cancelled or (lambda: False)
    if people > 100_000 or teams > people or cycles > 40:
        raise ValidationError("demo size out of range (at most 100,000 people and 40 cycles)")
    with db.session() as s:
        held = s.scalar(select(func.count()).select_from(models.Person)) or 0
        held_cycles = s.scalar(select(func.count()).select_from(models.Cycle)) or 0
    if (held or held_cycles) and not force:
        raise ValidationError(
            f"{db.name} already holds {held} people and {held_cycles} cycles; "
            "use --force to replace them with the demo"
        )
    report(0.02, "Installing the built-in role frameworks…")
    frameworks = builtin_frameworks()
    for fw in frameworks:
        install_framework(db, fw)
    report(0.08, f"Generating {people:,} people…")
    org = generate_demo(
        frameworks, people=people, teams=teams, cycles=cycles, seed=seed, today=today
    )
    try:
        with db.session() as s:
            if force:
                for table in (models.Rating, models.Cycle, models.Person, models.Team):
                    s.execute(delete(table))
            total = _write(s, org, report, stop, today or dt.date.today())
    except DemoCancelled:
        return None
    report(1.0, "Done")
    return DemoResult(len(org.people), len(org.teams), tuple(c.name for c in org.cycles), total)


def _write(
    s: Session, org: DemoOrganisation, report: Progress, stop: Callable[[], bool], today: dt.date
) -> int:
    comp_ids = dict(s.execute(select(models.Competency.name, models.Competency.id)).all())
    role_ids = dict(s.execute(select(models.Role.name, models.Role.id)).all())
    team_ids = dict(zip(org.teams, bulk.bulk_insert_teams(s, org.teams), strict=True))
    person_ids = bulk.bulk_insert_people(
        s,
        (
            {
                "name": p.name,
                "email": p.email,
                "team_id": team_ids[p.team],
                "role_id": role_ids[p.role],
                "seniority": p.seniority,
            }
            for p in org.people
        ),
    )
    columns = np.array([comp_ids[name] for name in org.competency_names], dtype=np.int64)
    pids = np.array(person_ids, dtype=np.int64)
    total = 0
    for n, (cycle, rows, notes) in enumerate(zip(org.cycles, org.ratings, org.notes, strict=True)):
        if stop():
            raise DemoCancelled
        report(0.1 + 0.9 * n / len(org.cycles), f"Writing {cycle.name}: {len(rows):,} ratings…")
        row = models.Cycle(
            name=cycle.name, starts_on=cycle.starts_on, ends_on=cycle.ends_on, closed=cycle.closed
        )
        s.add(row)
        s.flush()
        total += bulk.bulk_insert_ratings(
            s, row.id, _rating_rows(rows, notes, pids, columns, min(cycle.ends_on, today))
        )
    return total


def _rating_rows(
    rows: np.ndarray,
    notes: dict[tuple[int, int], str],
    person_ids: np.ndarray,
    competency_ids: np.ndarray,
    rated_on: dt.date,
) -> Iterator[tuple]:
    """Plain tuples in ``bulk.RatingRow`` order, converted from numpy in bulk."""
    people = person_ids[rows["person"]].tolist()
    comps = competency_ids[rows["competency"]].tolist()
    levels = rows["level"].tolist()
    na = rows["na"].tolist()
    interest = rows["interest"].tolist()
    pidx = rows["person"].tolist()
    cidx = rows["competency"].tolist()
    for i in range(len(people)):
        yield (
            people[i],
            comps[i],
            None if levels[i] < 0 else levels[i],
            na[i],
            None if interest[i] < 0 else interest[i],
            notes.get((pidx[i], cidx[i]), ""),
            "manager",
            "Demo manager",
            rated_on,
        )
