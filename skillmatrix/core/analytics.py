"""Team analytics as pure functions over a Snapshot (no I/O, no Qt, no SQLAlchemy).

INTERFACE STUB: signatures and result types are fixed; bodies are being written.
Everything is vectorised with numpy so 5,000 people x 300 competencies stays well under 1 s.
NaN levels (not rated, n/a) never count: not as 0 in means, not as covering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from skillmatrix.core.model import Competency, Person, Seniority
from skillmatrix.core.snapshot import Snapshot

CoverageStatus = Literal["gap", "at-risk", "ok"]


@dataclass(frozen=True, slots=True)
class CoverageRow:
    competency: Competency
    covered: int  # people at or above competency.rule.min_level
    required: int  # competency.rule.min_people
    status: CoverageStatus  # "gap" if covered == 0, "at-risk" if covered < required, else "ok"
    coverers: tuple[Person, ...]  # who covers it
    rated: int  # people with a level (not NaN)
    mean_level: float  # mean over rated people; NaN when nobody is rated


@dataclass(frozen=True, slots=True)
class GapItem:
    competency: Competency
    level: float  # NaN when not rated (counted as a gap of the full target)
    target: int
    gap: float  # target - level (> 0), or target when not rated


@dataclass(frozen=True, slots=True)
class PersonGap:
    person: Person
    total_gap: float  # sum of positive gaps over competencies with a target (n/a excluded)
    below_target: int  # number of competencies below target
    items: tuple[GapItem, ...]  # sorted by gap, largest first


@dataclass(frozen=True, slots=True)
class TeamGap:
    competency: Competency
    people_below: int  # people with a target here who are below it
    people_with_target: int
    mean_gap: float  # mean positive gap over people with a target (NaN if none)
    total_gap: float


@dataclass(frozen=True, slots=True)
class CompetencyChange:
    competency: Competency
    mean_before: float
    mean_after: float
    covered_before: int
    covered_after: int
    status_before: CoverageStatus
    status_after: CoverageStatus

    @property
    def mean_delta(self) -> float:
        return self.mean_after - self.mean_before

    @property
    def covered_delta(self) -> int:
        return self.covered_after - self.covered_before


@dataclass(frozen=True, slots=True)
class MentorPair:
    mentor: Person
    mentee: Person
    competency: Competency
    mentor_level: int
    mentee_level: float  # NaN when not rated
    mentee_interest: int


@dataclass(frozen=True, slots=True)
class HiringSuggestion:
    role: str
    seniority: Seniority
    closes: tuple[Competency, ...]  # competencies that would move to "ok"
    improves: tuple[Competency, ...]  # below rule that move closer but stay below


@dataclass(frozen=True, slots=True)
class Summary:
    people: int
    competencies: int
    ok: int
    at_risk: int
    gaps: int
    single_points_of_failure: int
    share_meeting_rule: float  # ok / competencies (0..1); NaN when no competencies
    average_gap: float  # mean total gap per person with any target
    rated_share: float  # rated cells / (cells not n/a)


def coverage(snap: Snapshot) -> list[CoverageRow]:
    """One row per competency, in snapshot order."""
    raise NotImplementedError


def single_points_of_failure(snap: Snapshot) -> list[CoverageRow]:
    """Competencies covered by exactly one person."""
    raise NotImplementedError


def person_gaps(snap: Snapshot) -> list[PersonGap]:
    """Each person's gap to their role target, largest total first."""
    raise NotImplementedError


def team_gaps(snap: Snapshot) -> list[TeamGap]:
    """Per competency, how far the team is below its targets, largest total first."""
    raise NotImplementedError


def cycle_change(before: Snapshot, after: Snapshot) -> list[CompetencyChange]:
    """Per competency present in ``after``, matched to ``before`` by competency id."""
    raise NotImplementedError


def what_if_leaves(snap: Snapshot, person_id: int) -> list[CoverageRow]:
    """Coverage rows (recomputed without the person) of competencies that would fall
    below their rule because of this departure (they were meeting it, or were at-risk
    and would become a gap)."""
    raise NotImplementedError


def mentor_pairs(snap: Snapshot, *, min_interest: int = 2) -> list[MentorPair]:
    """Experts (top of the scale) paired with people below target or below Proficient in
    the same competency whose interest is >= min_interest; best matches first."""
    raise NotImplementedError


def hiring_suggestion(snap: Snapshot) -> HiringSuggestion | None:
    """The role x seniority whose target profile, added as one person, closes the most
    coverage shortfalls (ties: most improved, then critical, then lower seniority).
    None when nothing is below its rule or no role targets exist."""
    raise NotImplementedError


def summarize(snap: Snapshot) -> Summary:
    raise NotImplementedError
