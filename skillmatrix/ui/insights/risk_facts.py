"""What the risk panel shows, computed from one snapshot with ``core.analytics`` (no Qt)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from skillmatrix.core import analytics
from skillmatrix.core.analytics import CoverageRow, HiringSuggestion, MentorPair
from skillmatrix.core.model import Competency, Person
from skillmatrix.core.snapshot import Snapshot

_RANK = {"gap": 0, "at-risk": 1, "ok": 2}
STATUS_TEXT = {"gap": "Nobody", "at-risk": "Below rule", "ok": "Meets rule"}


@dataclass(frozen=True)
class RiskFacts:
    """The analytics behind the risk panel, for one snapshot.

    Attributes:
        snapshot: the ratings they were computed from.
        below_rule: competencies below their coverage rule, worst first (nobody, then
            the largest shortfall, critical first).
        spofs: competencies covered by exactly one person (snapshot order).
        mentors: expert -> keen learner pairs, best first.
        hiring: the hire that closes the most shortfalls, or None.
    """

    snapshot: Snapshot
    below_rule: list[CoverageRow]
    spofs: list[CoverageRow]
    mentors: list[MentorPair]
    hiring: HiringSuggestion | None

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


def worst_first(rows: list[CoverageRow]) -> list[CoverageRow]:
    """Nobody first, then the biggest shortfall, critical first, then framework order."""
    return sorted(
        rows,
        key=lambda r: (
            _RANK[r.status],
            r.covered - r.required,
            not r.competency.critical,
            r.competency.position,
        ),
    )


def compute(snapshot: Snapshot) -> RiskFacts:
    """Every fact of the risk panel for ``snapshot``."""
    rows = analytics.coverage(snapshot)
    return RiskFacts(
        snapshot=snapshot,
        below_rule=worst_first([r for r in rows if r.status != "ok"]),
        spofs=analytics.single_points_of_failure(snapshot),
        mentors=analytics.mentor_pairs(snapshot),
        hiring=analytics.hiring_suggestion(snapshot),
    )


def rule_text(row: CoverageRow, snapshot: Snapshot) -> str:
    """ "1/2 at Proficient+" (covered / required at the rule's level or above)."""
    level = row.competency.rule.min_level
    label = snapshot.scale.label(level) if level in snapshot.scale else str(level)
    return f"{row.covered}/{row.required} at {label}+"


def competency_text(competency: Competency) -> str:
    """Competency name, starred when critical."""
    return ("★ " if competency.critical else "") + competency.name
