"""Departure risk of a scope with the stored leave calendar.

What the Insights view's bus-factor page, the report's Risk sheet and ``skillmatrix risk``
show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from skillmatrix.core.risk import Leave
from skillmatrix.core.risk_summary import risk_data
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.leaves import list_leaves
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database


def stored_calendar(db: Database, *, today: dt.date | None = None) -> list[Leave] | None:
    """The stored leaves not over yet, or None when the calendar is empty."""
    return list_leaves(db, ending_after=today or dt.date.today()) or None


def departure_risk(
    db: Database,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    leaves: Sequence[Leave] | None = None,
    today: dt.date | None = None,
    weeks: int = 13,
) -> tuple[Snapshot, dict[str, Any]]:
    """Bus factors, worst pairs and (with a calendar) the weeks a rule breaks.

    The calendar is the stored or given one; as :func:`core.risk_summary.risk_data` gives
    them (``pairs`` on).

    Raises:
        NotFoundError: unknown cycle or team.
    """
    snap = load_snapshot(db, cycle=cycle, team=team)
    calendar = leaves if leaves is not None else stored_calendar(db, today=today)
    return snap, risk_data(snap, pairs=True, leaves=calendar, start=today, weeks=weeks)
