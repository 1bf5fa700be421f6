"""Build or hire: the growth model from the cycle history and the plan for each gap."""

from __future__ import annotations

from skillmatrix.core.growth import HORIZON, GapPlan, GrowthModel, HirePlan, hires_for, plan_gaps
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.reads import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database


def build_or_hire(
    db: Database,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    horizon: int = HORIZON,
) -> tuple[Snapshot, GrowthModel, list[GapPlan], list[HirePlan]]:
    """Each team-level gap of ``cycle`` (default latest) with its internal route and verdict.

    And the hires for the gaps that miss ``horizon`` cycles.

    The growth model learns from every cycle up to this one, across the whole department
    (more history than one team has).

    Raises:
        NotFoundError: unknown cycle or team.
    """
    snap = load_snapshot(db, cycle=cycle, team=team)
    history: list[Snapshot] = []
    if snap.cycle is not None:
        for c in list_cycles(db):
            history.append(
                snap if (c.id == snap.cycle.id and team is None) else load_snapshot(db, cycle=c.id)
            )
            if c.id == snap.cycle.id:
                break
    model = GrowthModel(history)
    plans = plan_gaps(snap, model, horizon=horizon)
    return snap, model, plans, hires_for(snap, plans)
