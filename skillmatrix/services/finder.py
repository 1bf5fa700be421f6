"""The expert finder: who holds a competency at a level, across teams, freshest first.

One read transaction over one competency's ratings in one cycle (the ratings' competency
index makes it cheap at 5,000 people).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Source
from skillmatrix.store import models, repo_cycles
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import find
from skillmatrix.store.repo_ratings import R


@dataclass(frozen=True, slots=True)
class Expert:
    """One person's manager rating in the competency looked for."""

    person: str
    team: str | None
    level: int
    interest: int | None
    confirmed: dt.date | None  # when the level was last set or confirmed unchanged
    carried: bool  # carried forward into this cycle and not confirmed in it
    person_id: int = 0  # where the finder's result opens the rating in Assess
    competency_id: int = 0


def find_experts(
    db: Database,
    competency: str,
    *,
    min_level: int | None = None,
    interest: bool = False,
    cycle: str | int | None = None,
) -> tuple[str, str, list[Expert]]:
    """Active people rated at ``min_level`` or above in ``competency``.

    ``min_level`` defaults to the scale's second-highest level. Highest level first, then
    the most recently confirmed, then by name.

    Args:
        db: the database.
        competency: the competency's name or id.
        min_level: the lowest level counted.
        interest: only people who want to grow here (interest 1 or more).
        cycle: name or id; default the latest cycle.

    Returns:
        (competency name as stored, cycle name, experts).

    Raises:
        NotFoundError: no such competency or cycle (the message lists the names).
        ValidationError: ``min_level`` is outside the database's scale.
    """
    scale = db.scale
    floor = min_level if min_level is not None else max(scale.max - 1, scale.min)
    if floor not in scale:
        raise ValidationError(f"--min-level {floor} is outside the scale {scale.min}-{scale.max}")
    with db.session() as s:
        comp = find(s, models.Competency, competency, "competency")
        row = repo_cycles.latest_cycle_row(s) if cycle is None else repo_cycles.cycle_row(s, cycle)
        if row is None:
            return comp.name, "", []
        P, T = models.Person, models.Team
        stmt = (
            select(
                P.id,
                P.name,
                T.name,
                R.level,
                R.interest,
                R.rated_on,
                R.confirmed_on,
                R.confirmed_cycle_id,
            )
            .join(P, P.id == R.person_id)
            .outerjoin(T, T.id == P.team_id)
            .where(
                R.cycle_id == row.id,
                R.competency_id == comp.id,
                R.source == Source.MANAGER.value,
                R.level >= floor,
                P.active.is_(True),
            )
        )
        if interest:
            stmt = stmt.where(R.interest >= 1)
        experts = [
            Expert(
                person=name,
                team=team,
                level=level,
                interest=wish,
                confirmed=confirmed_on or rated_on,
                carried=confirmed_cycle is not None and confirmed_cycle != row.id,
                person_id=pid,
                competency_id=comp.id,
            )
            for (
                pid,
                name,
                team,
                level,
                wish,
                rated_on,
                confirmed_on,
                confirmed_cycle,
            ) in s.execute(stmt)
        ]
        cycle_name = row.name
    experts.sort(key=lambda e: (-e.level, -(e.confirmed or dt.date.min).toordinal(), e.person))
    return comp.name, cycle_name, experts
