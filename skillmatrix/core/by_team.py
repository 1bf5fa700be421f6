"""Coverage of several teams judged where the work happens: inside each team.

Pooled over a department, two people in different teams "cover" a competency although
neither team can rely on the other's person. For the "All teams" scope the key figures,
the single points of failure, the below-rule list and the hiring suggestion are
therefore the sum over teams, each row naming its team (:func:`judge_by_team`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from skillmatrix.core import analytics
from skillmatrix.core.analytics import CoverageRow, HiringSuggestion, Summary, worst_first
from skillmatrix.core.snapshot import Snapshot


@dataclass(frozen=True)
class TeamCoverage:
    """Coverage judged inside one team (its people only).

    Attributes:
        team: the team's name.
        people: how many people it has in the snapshot.
        ok: its competencies that meet their coverage rule.
        below_rule: its competencies below their coverage rule, worst first.
        spofs: its competencies covered by exactly one of its people (snapshot order).
        hiring: the hire that closes most of its shortfalls, or None.
    """

    team: str
    people: int
    ok: int
    below_rule: list[CoverageRow]
    spofs: list[CoverageRow]
    hiring: HiringSuggestion | None

    @property
    def gaps(self) -> int:
        """Competencies nobody in the team covers."""
        return sum(r.status == "gap" for r in self.below_rule)

    @property
    def at_risk(self) -> int:
        """Competencies the team covers, but with fewer people than the rule asks."""
        return len(self.below_rule) - self.gaps

    @property
    def critical(self) -> int:
        """Critical competencies below their rule in the team."""
        return sum(r.competency.critical for r in self.below_rule)


@dataclass(frozen=True)
class TeamRow:
    """One coverage row of one team (a below-rule competency or a single point of failure)."""

    team: str
    row: CoverageRow


@dataclass(frozen=True)
class TeamHire:
    """The best hire for one team and how many of its shortfalls it closes."""

    team: str
    hire: HiringSuggestion
    shortfalls: int  # the team's competencies below their rule

    @property
    def closes(self) -> int:
        """How many shortfalls the team's hire closes."""
        return len(self.hire.closes)


@dataclass(frozen=True)
class TeamJudgement:
    """Coverage of a snapshot spanning two or more teams, judged team by team.

    Attributes:
        teams: each team's coverage, worst first (most with nobody, then most below
            rule, then most single points of failure, then by name).
        figures: key figures summed over teams: ``ok``, ``at_risk``, ``gaps`` and
            ``single_points_of_failure`` count (team, competency) pairs, ``teams`` says
            how many teams and ``share_meeting_rule`` is ``ok`` over all pairs; people,
            average gap and rated share are those of everyone in the snapshot.
        below_rule: every team's below-rule rows, worst first across teams.
        spofs: every team's single points of failure, by team then snapshot order.
        hiring: the one hire (team, role, seniority) closing the most team shortfalls.
        runners_up: every other team's own best hire, most shortfalls closed first.
        unassigned: people without a team (not part of any team's coverage).
    """

    teams: list[TeamCoverage]
    figures: Summary
    below_rule: list[TeamRow]
    spofs: list[TeamRow]
    hiring: TeamHire | None
    runners_up: list[TeamHire]
    unassigned: int

    def teams_below(self, competency_id: int) -> tuple[int, str]:
        """How many teams have ``competency_id`` below its rule, and the worst status among them.

        The status is "gap", "at-risk", or "ok" when none.
        """
        statuses = [x.row.status for x in self.below_rule if x.row.competency.id == competency_id]
        worst = "gap" if "gap" in statuses else "at-risk" if statuses else "ok"
        return len(statuses), worst


def team_coverages(snap: Snapshot) -> list[TeamCoverage]:
    """Each team's own coverage, worst first (see :class:`TeamJudgement`).

    Empty for fewer than two teams; people without a team are left out.
    """
    names = np.array([p.team for p in snap.people], dtype=object)
    teams = sorted({p.team for p in snap.people if p.team})
    if len(teams) < 2:
        return []
    out = []
    for team in teams:
        sub = snap.subset(names == team)
        rows = analytics.coverage(sub)
        out.append(
            TeamCoverage(
                team=team,
                people=len(sub.people),
                ok=sum(r.status == "ok" for r in rows),
                below_rule=worst_first([r for r in rows if r.status != "ok"]),
                spofs=analytics.single_points_of_failure(sub),
                hiring=analytics.hiring_suggestion(sub),
            )
        )
    return sorted(out, key=lambda t: (-t.gaps, -len(t.below_rule), -len(t.spofs), t.team))


def _hire_rank(h: TeamHire) -> tuple[int, int, int, int, str]:
    critical = sum(c.critical for c in h.hire.closes)
    return (-h.closes, -len(h.hire.improves), -critical, h.hire.seniority.rank, h.team)


def judge_by_team(snap: Snapshot) -> TeamJudgement | None:
    """Coverage judged inside each team and summed.

    None when the snapshot has fewer than two teams (then its own figures already are the
    team's).
    """
    teams = team_coverages(snap)
    if not teams:
        return None
    pooled = analytics.summarize(snap)
    ok = sum(t.ok for t in teams)
    judged = pooled.competencies * len(teams)
    figures = replace(
        pooled,
        ok=ok,
        at_risk=sum(t.at_risk for t in teams),
        gaps=sum(t.gaps for t in teams),
        single_points_of_failure=sum(len(t.spofs) for t in teams),
        share_meeting_rule=ok / judged if judged else float("nan"),
        teams=len(teams),
    )
    below = [TeamRow(t.team, r) for t in teams for r in t.below_rule]
    below.sort(key=lambda x: (*analytics.severity(x.row), x.team))
    spofs = [TeamRow(t.team, r) for t in sorted(teams, key=lambda t: t.team) for r in t.spofs]
    hires = sorted(
        (TeamHire(t.team, t.hiring, len(t.below_rule)) for t in teams if t.hiring is not None),
        key=_hire_rank,
    )
    return TeamJudgement(
        teams=teams,
        figures=figures,
        below_rule=below,
        spofs=spofs,
        hiring=hires[0] if hires else None,
        runners_up=hires[1:],
        unassigned=sum(1 for p in snap.people if not p.team),
    )


def nothing_rated(figures: Summary) -> bool:
    """No rating at all in scope (an empty database, a new cycle before anyone rated).

    Coverage and hiring figures then say nothing yet.
    """
    return not figures.rated_share > 0  # NaN (nothing rateable) or 0
