"""The summary of one cycle as plain, JSON-ready data (``skillmatrix summary --json``).

The keys are a public interface: scripts outside this repo read them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from skillmatrix.core import analytics
from skillmatrix.core.snapshot import Snapshot


def _num(value: float) -> float | None:
    """JSON has no NaN: unknown numbers become null."""
    return None if value is None or math.isnan(value) else round(float(value), 2)


def summary_data(snap: Snapshot, previous: Snapshot | None = None) -> dict[str, Any]:
    rows = analytics.coverage(snap)
    figures = analytics.summarize(snap)
    hiring = analytics.hiring_suggestion(snap)
    data: dict[str, Any] = {
        "cycle": snap.cycle.name if snap.cycle else None,
        "team": snap.team,
        "people": len(snap.people),
        "competencies": len(snap.competencies),
        "key_figures": {
            "share_meeting_rule": _num(figures.share_meeting_rule),
            "ok": figures.ok,
            "at_risk": figures.at_risk,
            "gaps": figures.gaps,
            "single_points_of_failure": figures.single_points_of_failure,
            "average_gap": _num(figures.average_gap),
            "rated_share": _num(figures.rated_share),
        },
        "coverage": [
            {
                "competency": r.competency.name,
                "category": r.competency.category,
                "covered": r.covered,
                "required": r.required,
                "min_level": r.competency.rule.min_level,
                "status": r.status,
                "critical": r.competency.critical,
                "covered_by": [p.name for p in r.coverers],
            }
            for r in rows
        ],
        "single_points_of_failure": [
            r.competency.name for r in analytics.single_points_of_failure(snap)
        ],
        "gaps": [
            {
                "person": g.person.name,
                "team": g.person.team,
                "role": g.person.role,
                "seniority": g.person.seniority.value,
                "total_gap": _num(g.total_gap),
                "below_target": g.below_target,
                "items": [
                    {
                        "competency": i.competency.name,
                        "level": _num(i.level),
                        "target": i.target,
                        "gap": _num(i.gap),
                    }
                    for i in g.items
                ],
            }
            for g in analytics.person_gaps(snap)
            if g.below_target
        ],
        "team_gaps": [
            {
                "competency": t.competency.name,
                "people_below": t.people_below,
                "people_with_target": t.people_with_target,
                "mean_gap": _num(t.mean_gap),
            }
            for t in analytics.team_gaps(snap)
            if t.people_below
        ],
        "hiring": None
        if hiring is None
        else {
            "role": hiring.role,
            "seniority": hiring.seniority.value,
            "closes": [c.name for c in hiring.closes],
            "improves": [c.name for c in hiring.improves],
        },
        "compared_to": previous.cycle.name if previous is not None and previous.cycle else None,
        "changes": [],
    }
    data["teams"] = team_breakdown(snap) if snap.team is None else []
    if previous is not None:
        data["changes"] = [
            {
                "competency": ch.competency.name,
                "mean_before": _num(ch.mean_before),
                "mean_after": _num(ch.mean_after),
                "covered_before": ch.covered_before,
                "covered_after": ch.covered_after,
                "status_before": ch.status_before,
                "status_after": ch.status_after,
            }
            for ch in analytics.cycle_change(previous, snap)
            if ch.status_before != ch.status_after or ch.covered_delta != 0
        ]
    return data


def team_breakdown(snap: Snapshot) -> list[dict[str, Any]]:
    """Coverage judged inside each team: where the organisation looks covered, a team
    can still depend on one person."""
    teams = sorted({p.team for p in snap.people if p.team})
    if len(teams) < 2:
        return []
    names = np.array([p.team for p in snap.people], dtype=object)
    out: list[dict[str, Any]] = []
    for team in teams:
        sub = snap.subset(names == team)
        rows = analytics.coverage(sub)
        out.append(
            {
                "team": team,
                "people": len(sub.people),
                "ok": sum(r.status == "ok" for r in rows),
                "at_risk": [r.competency.name for r in rows if r.status == "at-risk"],
                "gaps": [r.competency.name for r in rows if r.status == "gap"],
                "critical_below_rule": [
                    r.competency.name for r in rows if r.status != "ok" and r.competency.critical
                ],
                "single_points_of_failure": [
                    {"competency": r.competency.name, "person": r.coverers[0].name}
                    for r in analytics.single_points_of_failure(sub)
                ],
            }
        )
    return out
