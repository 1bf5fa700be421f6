"""The reorg simulator: move people between teams (or split a team) in a scratch copy.

It shows each team's rules, single points of failure, gaps and hire before and after (pure).

Nothing is written: the caller applies the moves (one transaction) only when the user
says so. A simulation with no moves equals today's figures exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from skillmatrix.core import analytics
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class TeamPicture:
    """One team's coverage as a reorg shows it."""

    team: str
    people: int
    ok: int
    below_rule: tuple[str, ...]  # competency names, worst first
    single_points: tuple[str, ...]
    gap_to_target: float  # summed over the team's people
    hire: str | None  # "Senior Backend Engineer closes 3", or None


@dataclass(frozen=True, slots=True)
class TeamChange:
    """One team before and after a reorg."""

    team: str
    before: TeamPicture | None  # None: the team does not exist today (a split)
    after: TeamPicture | None  # None: the team is left empty


def moved(snap: Snapshot, moves: Mapping[int, str]) -> Snapshot:
    """``snap`` with each person id in ``moves`` in their new team (a scratch copy).

    Raises:
        ValidationError: a person id that is not in the snapshot, or an empty team name.
    """
    known = {p.id for p in snap.people}
    for pid, team in moves.items():
        if pid not in known:
            raise ValidationError(f"person #{pid} is not in this scope")
        if not team.strip():
            raise ValidationError("a person needs a team to move to")
    people = tuple(
        dataclasses.replace(p, team=moves[p.id].strip()) if p.id in moves else p
        for p in snap.people
    )
    return dataclasses.replace(snap, people=people)


def picture(snap: Snapshot, team: str) -> TeamPicture | None:
    """How ``team`` stands in ``snap`` (None when nobody is in it)."""
    mask = np.array([p.team == team for p in snap.people], dtype=bool)
    if not mask.any():
        return None
    sub = snap.subset(mask)
    rows = analytics.coverage(sub)
    below = analytics.worst_first([r for r in rows if r.status != "ok"])
    hire = analytics.hiring_suggestion(sub)
    gaps = analytics.person_gaps(sub)
    return TeamPicture(
        team=team,
        people=len(sub.people),
        ok=sum(r.status == "ok" for r in rows),
        below_rule=tuple(r.competency.name for r in below),
        single_points=tuple(r.competency.name for r in analytics.single_points_of_failure(sub)),
        gap_to_target=float(sum(g.total_gap for g in gaps)),
        hire=None
        if hire is None
        else f"{hire.seniority.value} {hire.role} closes {len(hire.closes)}",
    )


def simulate(snap: Snapshot, moves: Mapping[int, str]) -> list[TeamChange]:
    """Every team touched by ``moves`` (as sources or destinations), before and after.

    With no moves, every team as it is (before == after).
    """
    after = moved(snap, moves)
    today = {p.id: p.team for p in snap.people}
    if moves:
        teams = {today[pid] for pid in moves if today[pid]} | {t.strip() for t in moves.values()}
    else:
        teams = {p.team for p in snap.people if p.team}
    return [TeamChange(team, picture(snap, team), picture(after, team)) for team in sorted(teams)]
