"""What the risk panel shows, computed from one snapshot with ``core.analytics`` (no Qt)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from skillmatrix.core import analytics, palette
from skillmatrix.core.analytics import CoverageRow, HiringSuggestion, MentorPair, worst_first
from skillmatrix.core.model import Competency, Person
from skillmatrix.core.snapshot import Snapshot

STATUS_TEXT = palette.STATUS_LABELS


@dataclass(frozen=True)
class TeamRisk:
    """Coverage judged inside one team (its people only), as the panel's "By team" shows
    it when the scope is every team: pooled, the organisation can look covered while
    each team depends on one person.

    Attributes:
        team: the team's name.
        people: how many people it has in the snapshot.
        below_rule: its competencies below their coverage rule, worst first.
        spofs: its competencies covered by exactly one of its people.
        hiring: the hire that closes most of its shortfalls, or None.
    """

    team: str
    people: int
    below_rule: list[CoverageRow]
    spofs: list[CoverageRow]
    hiring: HiringSuggestion | None

    @property
    def gaps(self) -> int:
        """Competencies nobody in the team covers."""
        return sum(r.status == "gap" for r in self.below_rule)

    @property
    def critical(self) -> int:
        """Critical competencies below their rule in the team."""
        return sum(r.competency.critical for r in self.below_rule)


@dataclass(frozen=True)
class RiskFacts:
    """The analytics behind the risk panel, for one snapshot.

    Attributes:
        snapshot: the ratings they were computed from.
        below_rule: competencies below their coverage rule, worst first (nobody, then
            the largest shortfall, critical first).
        spofs: competencies covered by exactly one person (snapshot order).
        mentors: the best MENTORS_SHOWN expert -> keen learner pairs, best first.
        mentor_total: how many pairs there are in all.
        hiring: the hire that closes the most shortfalls, or None.
        teams: coverage inside each team, worst first, when the snapshot spans two or
            more teams (the "All teams" scope); empty otherwise.
    """

    snapshot: Snapshot
    below_rule: list[CoverageRow]
    spofs: list[CoverageRow]
    mentors: list[MentorPair]
    hiring: HiringSuggestion | None
    teams: list[TeamRisk] = field(default_factory=list)
    mentor_total: int = 0

    @property
    def pooled(self) -> bool:
        """Coverage was judged over several teams pooled (org-wide)."""
        return bool(self.teams)

    @property
    def people_by_name(self) -> list[Person]:
        return sorted(self.snapshot.people, key=lambda p: p.name.casefold())

    def riskiest_person(self) -> Person | None:
        """Who is the only cover of the most competencies (else the first by name)."""
        counts = Counter(row.coverers[0].id for row in self.spofs)
        if counts:
            pid = counts.most_common(1)[0][0]
            return self.snapshot.people[self.snapshot.person_index(pid)]
        people = self.people_by_name
        return people[0] if people else None

    def if_left(self, person_id: int) -> list[CoverageRow]:
        """Competencies that fall below their rule if this person left (rows after)."""
        return analytics.what_if_leaves(self.snapshot, person_id)


def team_risks(snapshot: Snapshot) -> list[TeamRisk]:
    """Coverage judged inside each team (``Snapshot.subset`` and the same analytics as
    :func:`skillmatrix.core.summary.team_breakdown`), worst first: most competencies
    with nobody, then below rule, then single points of failure. Empty for fewer than
    two teams; people without a team are left out.
    """
    names = np.array([p.team for p in snapshot.people], dtype=object)
    teams = sorted({p.team for p in snapshot.people if p.team})
    if len(teams) < 2:
        return []
    out = []
    for team in teams:
        sub = snapshot.subset(names == team)
        rows = analytics.coverage(sub)
        out.append(
            TeamRisk(
                team=team,
                people=len(sub.people),
                below_rule=worst_first([r for r in rows if r.status != "ok"]),
                spofs=analytics.single_points_of_failure(sub),
                hiring=analytics.hiring_suggestion(sub),
            )
        )
    return sorted(out, key=lambda t: (-t.gaps, -len(t.below_rule), -len(t.spofs), t.team))


#: The mentor list shows the best this many pairs (analytics orders them best first).
MENTORS_SHOWN = 50


def compute(snapshot: Snapshot) -> RiskFacts:
    """Every fact of the risk panel for ``snapshot``."""
    rows = analytics.coverage(snapshot)
    mentors, mentor_total = analytics.top_mentor_pairs(snapshot, MENTORS_SHOWN)
    return RiskFacts(
        snapshot=snapshot,
        below_rule=worst_first([r for r in rows if r.status != "ok"]),
        spofs=analytics.single_points_of_failure(snapshot),
        mentors=mentors,
        mentor_total=mentor_total,
        hiring=analytics.hiring_suggestion(snapshot),
        teams=team_risks(snapshot) if snapshot.team is None else [],
    )


def rule_text(row: CoverageRow, snapshot: Snapshot) -> str:
    """ "1/2 at Proficient+" (covered / required at the rule's level or above)."""
    level = row.competency.rule.min_level
    label = snapshot.scale.label(level) if level in snapshot.scale else str(level)
    return f"{row.covered}/{row.required} at {label}+"


def competency_text(competency: Competency) -> str:
    """Competency name, starred when critical."""
    return ("★ " if competency.critical else "") + competency.name
