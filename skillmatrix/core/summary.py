"""The summary of one cycle as plain, JSON-ready data (``skillmatrix summary --json``).

The keys are a public interface: scripts outside this repo read them. For all teams
(two or more), ``key_figures`` and ``hiring`` judge coverage inside each team and sum
(:mod:`skillmatrix.core.by_team`); ``coverage`` and ``single_points_of_failure`` keep
their pooled, org-wide meaning.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from skillmatrix.core import analytics
from skillmatrix.core.analytics import HiringSuggestion
from skillmatrix.core.by_team import TeamCoverage, TeamHire, judge_by_team, nothing_rated
from skillmatrix.core.numbers import AVERAGE_GAP_PLACES, rounded
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.core.trust import STALE_AFTER, open_disagreements, trusted_coverage


def _num(value: float, places: int = 2) -> float | None:
    """JSON has no NaN: unknown numbers become null."""
    return None if value is None or math.isnan(value) else rounded(float(value), places)


def _hire(hire: HiringSuggestion, team: str | None) -> dict[str, Any]:
    return {
        "team": team,
        "role": hire.role,
        "seniority": hire.seniority.value,
        "closes": [c.name for c in hire.closes],
        "improves": [c.name for c in hire.improves],
    }


def _team_hire(h: TeamHire) -> dict[str, Any]:
    return {**_hire(h.hire, h.team), "shortfalls": h.shortfalls}


def _only_team(snap: Snapshot) -> str | None:
    teams = {p.team for p in snap.people}
    return snap.team or (next(iter(teams)) if len(teams) == 1 else None)


def _trust(
    snap: Snapshot,
    self_ratings: Snapshot | None,
    settled: Collection[int],
    stale_after: int,
) -> dict[str, Any]:
    """``trusted_coverage`` and ``open_disagreements`` of the summary."""
    trusted = trusted_coverage(snap, stale_after)
    open_by_team = open_disagreements(snap, self_ratings, settled) if self_ratings else {}
    return {
        "trusted_coverage": {
            "stale_after_cycles": trusted.stale_after,
            "ratings": trusted.ratings,
            "stale_ratings": trusted.stale,
            "coverers": trusted.coverers,
            "stale_coverers": trusted.stale_coverers,
            "rests_on_stale": [
                {"team": team, "competency": name} for team, name in trusted.rests_on_stale
            ],
        },
        "open_disagreements": {
            "total": sum(open_by_team.values()),
            "teams": [
                {"team": team, "open": n}
                for team, n in sorted(
                    open_by_team.items(), key=lambda kv: (kv[0] is None, kv[0] or "")
                )
            ],
        },
    }


def summary_data(
    snap: Snapshot,
    previous: Snapshot | None = None,
    *,
    self_ratings: Snapshot | None = None,
    settled: Collection[int] = (),
    stale_after: int = STALE_AFTER,
) -> dict[str, Any]:
    """The summary of ``snap`` as JSON-ready data.

    Args:
        snap: the cycle (and scope) summarised.
        previous: the cycle to compare with (``changes``).
        self_ratings: the same cycle's self-assessments (``open_disagreements``).
        settled: ids of people whose ratings are agreed (their differences are closed).
        stale_after: ratings not confirmed within this many cycles are stale
            (``trusted_coverage``).
    """
    rows = analytics.coverage(snap)
    judged = judge_by_team(snap) if snap.team is None else None
    figures = judged.figures if judged is not None else analytics.summarize(snap)
    hiring: dict[str, Any] | None
    if judged is not None:
        hiring = None if judged.hiring is None else _team_hire(judged.hiring)
        if hiring is not None:
            hiring["runners_up"] = [_team_hire(h) for h in judged.runners_up]
    else:
        pooled_hire = analytics.hiring_suggestion(snap)
        hiring = None if pooled_hire is None else _hire(pooled_hire, _only_team(snap))
    data: dict[str, Any] = {
        "cycle": snap.cycle.name if snap.cycle else None,
        "team": snap.team,
        "people": len(snap.people),
        "competencies": len(snap.competencies),
        "nothing_rated": nothing_rated(figures),
        "key_figures": {
            "judged_by": "team" if judged is not None else "scope",
            "teams": figures.teams,
            "judged": figures.judged,
            "share_meeting_rule": _num(figures.share_meeting_rule),
            "ok": figures.ok,
            "at_risk": figures.at_risk,
            "gaps": figures.gaps,
            "single_points_of_failure": figures.single_points_of_failure,
            "average_gap": _num(figures.average_gap, AVERAGE_GAP_PLACES),
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
                "seniority": None if g.person.seniority is None else g.person.seniority.value,
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
        # Not judged against any seniority target until someone sets it (never taken as Mid).
        "unknown_seniority": [p.name for p in snap.people if p.seniority is None],
        "hiring": hiring,
        "compared_to": previous.cycle.name if previous is not None and previous.cycle else None,
        "changes": [],
    }
    # by name, as before; readers that want the worst first sort (render_text does)
    teams = sorted(judged.teams, key=lambda t: t.team) if judged is not None else []
    data["teams"] = [_team_dict(t) for t in teams]
    data["unassigned"] = judged.unassigned if judged is not None else 0
    data.update(_trust(snap, self_ratings, settled, stale_after))
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
    """Coverage judged inside each team (by name).

    Where the organisation looks covered, a team can still depend on one person. Empty for
    fewer than two teams.
    """
    judged = judge_by_team(snap)
    return (
        []
        if judged is None
        else [_team_dict(t) for t in sorted(judged.teams, key=lambda t: t.team)]
    )


def _team_dict(t: TeamCoverage) -> dict[str, Any]:
    rows = t.below_rule
    return {
        "team": t.team,
        "people": t.people,
        "ok": t.ok,
        "at_risk": [r.competency.name for r in rows if r.status == "at-risk"],
        "gaps": [r.competency.name for r in rows if r.status == "gap"],
        "critical_below_rule": [r.competency.name for r in rows if r.competency.critical],
        "single_points_of_failure": [
            {"competency": r.competency.name, "person": r.coverers[0].name} for r in t.spofs
        ],
        "hiring": None if t.hiring is None else _hire(t.hiring, t.team),
    }
