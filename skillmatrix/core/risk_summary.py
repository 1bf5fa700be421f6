"""Departure risk as plain data for ``skillmatrix risk --json``, its text and the report.

For all teams, risk is judged inside each team (where the work happens): every
competency row names its team, and the worst pair is the worst of the teams' worst pairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from skillmatrix.core import risk
from skillmatrix.core.snapshot import Snapshot


def _rows(snap: Snapshot, team: str | None) -> list[dict[str, Any]]:
    rows = [
        {
            "competency": b.competency.name,
            "category": b.competency.category,
            "critical": b.competency.critical,
            "team": team,
            "covered": b.covered,
            "required": b.required,
            "bus_factor": b.bus_factor,
            "breaking_set": [p.name for p in b.breaking_set],
        }
        for b in risk.bus_factors(snap)
    ]
    # Most fragile first: broken rules, then one departure away, ...; critical first.
    rows.sort(key=lambda r: (r["bus_factor"], not r["critical"], r["competency"]))
    return rows


def _pair(snap: Snapshot, team: str | None) -> dict[str, Any] | None:
    pair = risk.worst_pair(snap)
    if pair is None:
        return None
    return {
        "team": team,
        "people": [p.name for p in pair.people],
        "breaks": [c.name for c in pair.breaks],
    }


def _teams(snap: Snapshot) -> list[tuple[str | None, Snapshot]]:
    if snap.team is not None:
        return [(snap.team, snap)]
    names = sorted({p.team for p in snap.people if p.team})
    if not names:
        return [(None, snap)]
    teams = np.array([p.team for p in snap.people], dtype=object)
    return [(t, snap.subset(teams == t)) for t in names]


def risk_data(
    snap: Snapshot,
    *,
    pairs: bool = False,
    leaves: Sequence[risk.Leave] | None = None,
    start: dt.date | None = None,
    weeks: int = 13,
) -> dict[str, Any]:
    """Bus factors (and optionally the worst pair and a leave projection) per team.

    Keys: ``cycle``, ``team`` (None for all teams), ``people``, ``competencies`` (one row
    per competency and team, most fragile first); with ``pairs``, ``worst_pair`` (or None)
    and ``teams`` (each team's worst pair); with ``leaves``, ``calendar`` (one object per
    week: ``week_of``, ``away``, ``broken`` with team names when judging all teams).
    """
    scopes = _teams(snap)
    data: dict[str, Any] = {
        "cycle": snap.cycle.name if snap.cycle else None,
        "team": snap.team,
        "people": len(snap.people),
        "competencies": sorted(
            (row for team, sub in scopes for row in _rows(sub, team)),
            key=lambda r: (r["bus_factor"], not r["critical"], r["competency"], r["team"] or ""),
        ),
    }
    if pairs:
        per_team = [p for team, sub in scopes if (p := _pair(sub, team)) is not None]
        data["teams"] = per_team
        data["worst_pair"] = max(per_team, key=lambda p: len(p["breaks"]), default=None)
    if leaves is not None:
        data["calendar"] = calendar_data(snap, leaves, start=start, weeks=weeks)
    return data


def calendar_data(
    snap: Snapshot,
    leaves: Sequence[risk.Leave],
    *,
    start: dt.date | None = None,
    weeks: int = 13,
) -> list[dict[str, Any]]:
    """One object per week from ``start``'s Monday.

    Each holds ``week_of``, ``away`` (names) and ``broken`` (competencies, with their team
    when judging all teams), each team judged on its own.
    """
    day = start or dt.date.today()
    weekly: dict[dt.date, dict[str, Any]] = {}
    for team, sub in _teams(snap):
        for week in risk.leave_projection(sub, leaves, start=day, weeks=weeks):
            entry = weekly.setdefault(
                week.week_of, {"week_of": week.week_of.isoformat(), "away": [], "broken": []}
            )
            entry["away"] += [p.name for p in week.away]
            entry["broken"] += [
                c.name if team is None or snap.team else f"{c.name} ({team})" for c in week.broken
            ]
    return [weekly[k] for k in sorted(weekly)]
