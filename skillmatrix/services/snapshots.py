"""Load the dense picture of one cycle that the grid, analytics and reports read."""

from __future__ import annotations

from skillmatrix.core.model import Source
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.store import repo_cycles
from skillmatrix.store.database import Database
from skillmatrix.store.repo_snapshot import load_snapshot as _load


def load_snapshot(
    db: Database,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    source: Source | str = Source.MANAGER,
    include_inactive: bool = False,
) -> Snapshot:
    """Ratings of a cycle as (people x competencies) arrays, plus targets and notes.

    Args:
        db: the database.
        cycle: name or id; None = the latest cycle (no cycle yet gives an all-NaN snapshot
            with ``cycle=None``).
        team: only this team's people (name or id); None = everyone.
        source: manager ratings or self-assessments.
        include_inactive: also people marked as left.

    Raises:
        NotFoundError: unknown cycle or team.
    """
    scale = db.scale
    with db.session() as s:
        row = repo_cycles.latest_cycle_row(s) if cycle is None else repo_cycles.cycle_row(s, cycle)
        return _load(
            s,
            cycle=row,
            team=team,
            source=Source(source),
            include_inactive=include_inactive,
            scale=scale,
        )
