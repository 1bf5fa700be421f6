"""What the risk panel shows, computed from one snapshot with ``core.analytics`` (no Qt)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from skillmatrix.core import analytics, palette
from skillmatrix.core.analytics import CoverageRow, HiringSuggestion, MentorPair, worst_first
from skillmatrix.core.by_team import TeamCoverage, TeamJudgement, judge_by_team, team_coverages
from skillmatrix.core.model import Competency, Person
from skillmatrix.core.risk import Leave
from skillmatrix.core.risk_summary import calendar_data
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.core.trust import STALE_AFTER, TrustedCoverage, trusted_coverage, without_stale

STATUS_TEXT = palette.STATUS_LABELS


#: Coverage judged inside one team (kept under its old name for the panel).
TeamRisk = TeamCoverage


@dataclass(frozen=True)
class RiskFacts:
    """The analytics behind the risk panel, for one snapshot.

    Attributes:
        snapshot: the ratings they were computed from.
        below_rule: competencies below their coverage rule over everyone in the snapshot
            (pooled), worst first (nobody, then the largest shortfall, critical first).
        spofs: competencies covered by exactly one person of the snapshot (snapshot order).
        mentors: the best MENTORS_SHOWN expert -> keen learner pairs, best first.
        mentor_total: how many pairs there are in all.
        hiring: the hire that closes the most pooled shortfalls, or None.
        by_team: for the "All teams" scope over two or more teams, coverage judged inside
            each team and summed (what the panel leads with); None otherwise.
    """

    snapshot: Snapshot
    below_rule: list[CoverageRow]
    spofs: list[CoverageRow]
    mentors: list[MentorPair]
    hiring: HiringSuggestion | None
    by_team: TeamJudgement | None = None
    mentor_total: int = 0
    #: the stored leave calendar projected week by week (None: no calendar stored)
    calendar: list[dict[str, Any]] | None = None
    #: how much of the coverage rests on ratings not confirmed lately
    trusted: TrustedCoverage | None = None
    #: the lists count confirmed ratings only (stale ones left out: trusted coverage)
    trusted_only: bool = False

    @property
    def pooled(self) -> bool:
        """The scope spans several teams, so coverage is judged team by team.

        The pooled, org-wide view is then only a footnote.
        """
        return self.by_team is not None

    @property
    def teams(self) -> list[TeamCoverage]:
        """Each team's own coverage, worst first (empty unless :attr:`pooled`)."""
        return self.by_team.teams if self.by_team is not None else []

    @property
    def nothing_rated(self) -> bool:
        """No rating in scope yet: coverage figures say nothing."""
        return not np.isfinite(self.snapshot.levels).any()

    @property
    def rows_below(self) -> list[tuple[str | None, CoverageRow]]:
        """What the below-rule list shows.

        (team, row) per team when judged by team, else (None, row).
        """
        if self.by_team is not None:
            return [(x.team, x.row) for x in self.by_team.below_rule]
        return [(None, r) for r in self.below_rule]

    @property
    def rows_spof(self) -> list[tuple[str | None, CoverageRow]]:
        """What the single-points list shows, like :attr:`rows_below`."""
        if self.by_team is not None:
            return [(x.team, x.row) for x in self.by_team.spofs]
        return [(None, r) for r in self.spofs]

    @property
    def people_by_name(self) -> list[Person]:
        """Everyone in the snapshot, by name."""
        return sorted(self.snapshot.people, key=lambda p: p.name.casefold())

    def riskiest_person(self) -> Person | None:
        """Who is the only cover of the most competencies (else the first by name)."""
        counts = Counter(row.coverers[0].id for _, row in self.rows_spof)
        if counts:
            pid = counts.most_common(1)[0][0]
            return self.snapshot.people[self.snapshot.person_index(pid)]
        people = self.people_by_name
        return people[0] if people else None

    def team_of(self, person_id: int) -> str | None:
        """The team whose coverage the person counts in (None: pooled scope or no team)."""
        if self.by_team is None:
            return None
        return self.snapshot.people[self.snapshot.person_index(person_id)].team or None

    def if_left(self, person_id: int) -> list[CoverageRow]:
        """Competencies that fall below their rule if this person left (rows after).

        Judged in their own team when the scope is judged by team.
        """
        team = self.team_of(person_id)
        if team is None:
            return analytics.what_if_leaves(self.snapshot, person_id)
        names = np.array([p.team for p in self.snapshot.people], dtype=object)
        return analytics.what_if_leaves(self.snapshot.subset(names == team), person_id)


def team_risks(snapshot: Snapshot) -> list[TeamCoverage]:
    """Coverage judged inside each team, worst first.

    :func:`core.by_team.team_coverages`, the same as ``skillmatrix summary``. Empty for
    fewer than two teams.
    """
    return team_coverages(snapshot)


#: The mentor list shows the best this many pairs (analytics orders them best first).
MENTORS_SHOWN = 50


def compute(
    snapshot: Snapshot,
    leaves: Sequence[Leave] | None = None,
    stale_after: int = STALE_AFTER,
    trusted_only: bool = False,
) -> RiskFacts:
    """Every fact of the risk panel for ``snapshot``.

    Also the weeks ``leaves``, the stored leave calendar, breaks a rule; ratings not
    confirmed within ``stale_after`` cycles are stale (``trusted``). ``trusted_only``: every
    list counts confirmed ratings only (the stale share is still measured on all of them, or
    it would always read none).
    """
    trust = trusted_coverage(snapshot, stale_after)
    if trusted_only:
        snapshot = without_stale(snapshot, stale_after)
    rows = analytics.coverage(snapshot)
    mentors, mentor_total = analytics.top_mentor_pairs(snapshot, MENTORS_SHOWN)
    return RiskFacts(
        snapshot=snapshot,
        below_rule=worst_first([r for r in rows if r.status != "ok"]),
        spofs=analytics.single_points_of_failure(snapshot),
        mentors=mentors,
        mentor_total=mentor_total,
        hiring=analytics.hiring_suggestion(snapshot),
        by_team=judge_by_team(snapshot) if snapshot.team is None else None,
        calendar=None if not leaves else calendar_data(snapshot, leaves),
        trusted=trust,
        trusted_only=trusted_only,
    )


def rule_text(row: CoverageRow, snapshot: Snapshot) -> str:
    """A rule's cover as text: "1/2 at Proficient+" (covered / required at its level or above)."""
    level = row.competency.rule.min_level
    label = snapshot.scale.label(level) if level in snapshot.scale else str(level)
    return f"{row.covered}/{row.required} at {label}+"


def competency_text(competency: Competency) -> str:
    """Competency name, starred when critical."""
    return ("★ " if competency.critical else "") + competency.name
