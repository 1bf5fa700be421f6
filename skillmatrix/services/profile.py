"""A person's one-page profile: the data from the database, the page from ``reports``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Person, seniority_text
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services import growth_plans as gp
from skillmatrix.services.people import find_person, get_person
from skillmatrix.services.reads import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database

if TYPE_CHECKING:  # matplotlib comes with them: imported when a profile is made
    from skillmatrix.reports.profile import ProfileData, TrendPoint

#: Cycles the trend shows (the chosen one and those before it).
TREND_CYCLES = 6


def _trend_point(snap: Snapshot, person_id: int) -> TrendPoint:
    from skillmatrix.reports.profile import TrendPoint

    i = snap.person_index(person_id)
    targets, levels = snap.targets[i], snap.levels[i]
    has = ~np.isnan(targets)
    rated = has & ~np.isnan(levels)
    with np.errstate(invalid="ignore"):
        met = int((rated & (levels >= targets)).sum())
    mean = float(levels[rated].mean()) if rated.any() else math.nan
    mean_target = float(targets[rated].mean()) if rated.any() else math.nan
    name = snap.cycle.name if snap.cycle else "now"
    return TrendPoint(name, mean, mean_target, met, int(has.sum()))


def profile_data(db: Database, person: int | str, *, cycle: str | int | None = None) -> ProfileData:
    """The profile of ``person`` (id, name or email) in ``cycle`` (default the latest).

    Raises:
        NotFoundError: unknown person or cycle.
        ValidationError: there is no cycle yet.
    """
    from skillmatrix.reports.profile import GoalRow, ProfileData, Skill

    who: Person = get_person(db, person) if isinstance(person, int) else find_person(db, person)
    scope = who.team or None
    snap = load_snapshot(db, cycle=cycle, team=scope, include_inactive=True)
    if snap.cycle is None:
        raise ValidationError("there is no assessment cycle yet: start one for a profile")
    i = snap.person_index(who.id)
    skills = [
        Skill(c.name, c.category, float(snap.levels[i, j]), float(snap.targets[i, j]),
              float(snap.interest[i, j]))
        for j, c in enumerate(snap.competencies)
    ]  # fmt: skip
    ids = [c.id for c in list_cycles(db)]
    upto = ids[: ids.index(snap.cycle.id) + 1][-TREND_CYCLES:]
    trend = []
    for cid in upto:
        s = (
            snap
            if cid == snap.cycle.id
            else load_snapshot(db, cycle=cid, team=scope, include_inactive=True)
        )
        if any(p.id == who.id for p in s.people):
            trend.append(_trend_point(s, who.id))
    goals = [
        GoalRow(g.goal.competency, g.goal.target_level, g.goal.by_cycle or "–",
                g.goal.action() or "–", g.goal.status, g.progress.text(g.goal.target_level),
                tuple(a.line() for a in g.goal.actions))
        for g in gp.with_progress(db, gp.list_goals(db, person_id=who.id))
    ]  # fmt: skip
    return ProfileData(
        name=who.name, team=who.team, role=who.role, seniority=seniority_text(who.seniority),
        cycle=snap.cycle.name, scale=snap.scale, skills=skills, trend=trend,
        goals=goals,
    )  # fmt: skip


def write_profile(
    db: Database,
    person: int | str,
    path: str | Path,
    *,
    cycle: str | int | None = None,
    paper: str = "A4",
) -> Path:
    """Write ``person``'s one-page profile to ``path`` (.pdf)."""
    from skillmatrix.reports.profile import write_profile_pdf

    return write_profile_pdf(path, profile_data(db, person, cycle=cycle), paper=paper)
