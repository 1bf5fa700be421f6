"""Team analytics as pure functions over a Snapshot (no I/O, no Qt, no SQLAlchemy).

Everything is vectorised with numpy so 5,000 people x 300 competencies stays well under 1 s;
the array work lives in :mod:`skillmatrix.core._arrays`, this module builds the results.

Conventions shared by every function:

* The snapshot's people are the population: filter inactive people or teams before.
* NaN levels (not rated, n/a) never count: not as 0 in means, not as covering.
* Gaps: a cell marked N/A has no gap at all. A not-rated cell with a target counts as
  the bottom of the scale (unknown = not demonstrated), so its gap is ``target - scale.min``,
  i.e. the full target on the default 0-4 scale.
* "Expert" is ``snap.scale.max``; no level is hard-coded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from skillmatrix.core import _arrays as A
from skillmatrix.core import _matching
from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.model import Competency, Person, Seniority
from skillmatrix.core.snapshot import Snapshot

CoverageStatus = Literal["gap", "at-risk", "ok"]


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """How well one competency is covered against its rule."""

    competency: Competency
    covered: int  # people at or above competency.rule.min_level
    required: int  # competency.rule.min_people
    status: CoverageStatus  # "gap" if covered == 0, "at-risk" if covered < required, else "ok"
    coverers: tuple[Person, ...]  # who covers it
    rated: int  # people with a level (not NaN)
    mean_level: float  # mean over rated people; NaN when nobody is rated


@dataclass(frozen=True, slots=True)
class GapItem:
    """One competency where a person is below their target."""

    competency: Competency
    level: float  # NaN when not rated (counted as a gap of the full target)
    target: int
    gap: float  # target - level (> 0), or target when not rated


@dataclass(frozen=True, slots=True)
class PersonGap:
    """A person's gaps against their role targets, largest first."""

    person: Person
    total_gap: float  # sum of positive gaps over competencies with a target (n/a excluded)
    below_target: int  # number of competencies below target
    items: tuple[GapItem, ...]  # sorted by gap, largest first


@dataclass(frozen=True, slots=True)
class TeamGap:
    """How far a team falls short of its targets in one competency."""

    competency: Competency
    people_below: int  # people with a target here who are below it
    people_with_target: int
    mean_gap: float  # mean positive gap over people with a target (NaN if none)
    total_gap: float


@dataclass(frozen=True, slots=True)
class CompetencyChange:
    """One competency's mean level and coverage in two cycles."""

    competency: Competency
    mean_before: float
    mean_after: float
    covered_before: int
    covered_after: int
    status_before: CoverageStatus
    status_after: CoverageStatus

    @property
    def mean_delta(self) -> float:
        """Change of the mean level between the two cycles."""
        return self.mean_after - self.mean_before

    @property
    def covered_delta(self) -> int:
        """Change of the number of people covering the competency."""
        return self.covered_after - self.covered_before


@dataclass(frozen=True, slots=True)
class MentorPair:
    """An expert and a person who wants to grow in the same competency."""

    mentor: Person
    mentee: Person
    competency: Competency
    mentor_level: int
    mentee_level: float  # NaN when not rated
    mentee_interest: int


@dataclass(frozen=True, slots=True)
class HiringSuggestion:
    """The role x seniority to hire and what that hire would close or improve."""

    role: str
    seniority: Seniority
    closes: tuple[Competency, ...]  # competencies that would move to "ok"
    improves: tuple[Competency, ...]  # below rule that move closer but stay below


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline counts of a snapshot's coverage."""

    people: int
    competencies: int
    ok: int
    at_risk: int
    gaps: int
    single_points_of_failure: int
    share_meeting_rule: float  # ok / competencies (0..1); NaN when no competencies
    average_gap: float  # mean total gap per person with any target
    rated_share: float  # rated cells / (cells not n/a)
    #: 0: coverage judged over the snapshot's people as one group; N: ``ok``, ``at_risk``,
    #: ``gaps`` and ``single_points_of_failure`` are summed over N teams, each judged
    #: alone, and ``share_meeting_rule`` is over competencies x N (core.by_team).
    teams: int = 0

    @property
    def judged(self) -> int:
        """How many coverage judgements the figures count: competencies (x teams)."""
        return self.competencies * max(self.teams, 1)


#: At most this many mentees per mentor in one competency, so one expert is not swamped.
MENTEES_PER_MENTOR = 3

_STATUS: tuple[CoverageStatus, ...] = ("gap", "at-risk", "ok")  # indexed by A.GAP/AT_RISK/OK
_SEVERITY: dict[str, int] = {status: k for k, status in enumerate(_STATUS)}  # worst first


def _coverage_rows(
    snap: Snapshot, cols: np.ndarray | None = None, *, without: int | None = None
) -> list[CoverageRow]:
    """Coverage rows for competency indices ``cols`` (all by default), in that order.

    ``without`` leaves one person index out of every figure (for what-if questions).
    Only the requested columns are turned into objects: coverer tuples are the costly part.
    """
    comps = snap.competencies
    levels = A.levels_of(snap)
    if cols is None:  # every column: no (P, C) copy (48 MB at 20,000 x 300 in float64)
        cols = np.arange(len(comps))
    else:
        cols = np.asarray(cols, dtype=np.int64)
        levels = levels[:, cols]
    people = A.people_array(snap.people)
    if without is not None:
        levels = np.delete(levels, without, axis=0)
        people = np.delete(people, without)
    min_level, required = A.rules([comps[j] for j in cols.tolist()])
    cov = A.covers(levels, min_level)
    covered = cov.sum(axis=0)
    status = A.status_codes(covered, required)
    rated, mean = A.column_stats(levels)
    return [
        CoverageRow(
            competency=comps[j],
            covered=n,
            required=req,
            status=_STATUS[st],
            coverers=tuple(people[cov[:, k]].tolist()),
            rated=r,
            mean_level=m,
        )
        for k, (j, n, req, st, r, m) in enumerate(
            zip(
                cols.tolist(),
                covered.tolist(),
                required.tolist(),
                status.tolist(),
                rated.tolist(),
                mean.tolist(),
                strict=True,
            )
        )
    ]


def _covered(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(P, C) covers mask, covered count and status code per competency."""
    min_level, required = A.rules(snap.competencies)
    cov = A.covers(A.levels_of(snap), min_level)
    covered = cov.sum(axis=0)
    return cov, covered, A.status_codes(covered, required)


def coverage(snap: Snapshot) -> list[CoverageRow]:
    """One row per competency, in snapshot order.

    A person covers a competency when their level is at least ``rule.min_level``; not-rated
    and N/A cells never cover and are left out of ``rated`` and ``mean_level``.
    """
    return _coverage_rows(snap)


def worst_first(rows: Iterable[CoverageRow]) -> list[CoverageRow]:
    """``rows`` sorted nobody first, then at risk, then ok.

    Inside each status the largest shortfall comes first, critical first, then framework
    order.
    """
    return sorted(rows, key=severity)


def severity(row: CoverageRow) -> tuple[int, int, bool, int]:
    """The sort key of :func:`worst_first` (smaller is worse)."""
    return (
        _SEVERITY[row.status],
        row.covered - row.required,  # most negative = largest shortfall
        not row.competency.critical,
        row.competency.position,
    )


def single_points_of_failure(snap: Snapshot) -> list[CoverageRow]:
    """Competencies covered by exactly one person, in snapshot order.

    This is about the bus factor, not the rule: a competency whose rule asks for one person
    and has exactly one is listed too (its status is "ok").
    """
    _, covered, _ = _covered(snap)
    return _coverage_rows(snap, np.flatnonzero(covered == 1))


def person_gaps(snap: Snapshot) -> list[PersonGap]:
    """Each person's gap to their role target, largest total first.

    For every competency where the person has a target and the cell is not N/A, the gap is
    ``max(0, target - level)``; a not-rated cell counts as the bottom of the scale
    (``target - scale.min``: unknown means not demonstrated). Everyone in the snapshot gets
    a row, people without targets with a total of 0; ties keep snapshot order. ``items``
    holds only the competencies with a positive gap, largest first, then by position.
    """
    gaps, _ = A.gap_matrix(snap)
    totals = gaps.sum(axis=1)
    rows, cols = np.nonzero(gaps > 0)  # row-major, so each person's cells are contiguous
    vals = gaps[rows, cols]
    order = np.lexsort((A.position_rank(snap.competencies)[cols], -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    levels, targets = snap.levels[rows, cols], snap.targets[rows, cols]
    # GapItem is frozen, so equal cells may share one instance: build one per distinct
    # (competency, level, target) - a few thousand at most - instead of one per cell.
    first, inverse = A.distinct_cells(cols, levels, targets)
    comps = snap.competencies
    distinct = np.empty(len(first), dtype=object)
    distinct[:] = [
        GapItem(competency=comps[j], level=lv, target=int(t), gap=g)
        for j, lv, t, g in zip(
            cols[first].tolist(),
            levels[first].tolist(),
            targets[first].tolist(),
            vals[first].tolist(),
            strict=True,
        )
    ]
    items = distinct[inverse].tolist()
    counts = np.bincount(rows, minlength=len(snap.people))
    ends = np.cumsum(counts)
    starts = (ends - counts).tolist()
    ends = ends.tolist()
    return [
        PersonGap(
            person=snap.people[i],
            total_gap=float(totals[i]),
            below_target=ends[i] - starts[i],
            items=tuple(items[starts[i] : ends[i]]),
        )
        for i in np.argsort(-totals, kind="stable").tolist()
    ]


def team_gaps(snap: Snapshot) -> list[TeamGap]:
    """Per competency, how far the team is below its targets, largest total first.

    Gaps are counted as in :func:`person_gaps` (a not-rated cell with a target is a gap),
    so the team totals add up to the people's totals. ``mean_gap`` is ``total_gap`` over
    ``people_with_target`` (NaN when nobody has a target). Every competency is listed;
    ties by position.
    """
    gaps, applicable = A.gap_matrix(snap)
    with_target = applicable.sum(axis=0)
    below = (gaps > 0).sum(axis=0)
    total = gaps.sum(axis=0)
    mean = A.safe_divide(total, with_target)
    order = np.lexsort((A.position_rank(snap.competencies), -total))
    return [
        TeamGap(
            competency=snap.competencies[j],
            people_below=int(below[j]),
            people_with_target=int(with_target[j]),
            mean_gap=float(mean[j]),
            total_gap=float(total[j]),
        )
        for j in order.tolist()
    ]


def cycle_change(before: Snapshot, after: Snapshot) -> list[CompetencyChange]:
    """Per competency present in ``after``, matched to ``before`` by competency id.

    Each side is computed over its own people (they may differ), with ``after``'s rule for
    both so that a change reflects the team, not an edited rule. A competency missing from
    ``before`` gets ``mean_before`` NaN, ``covered_before`` 0 and ``status_before`` "gap".
    Rows are in ``after``'s order.
    """
    comps = after.competencies
    min_level, required = A.rules(comps)
    index = {c.id: j for j, c in enumerate(before.competencies)}
    bcols = np.array([index.get(c.id, -1) for c in comps], dtype=np.int64)
    present = bcols >= 0
    mean_b = np.full(len(comps), np.nan)
    cov_b = np.zeros(len(comps), dtype=np.int64)
    lv_b = A.levels_of(before)[:, bcols[present]]
    cov_b[present] = A.covers(lv_b, min_level[present]).sum(axis=0)
    mean_b[present] = A.column_stats(lv_b)[1]
    lv_a = A.levels_of(after)
    cov_a = A.covers(lv_a, min_level).sum(axis=0)
    mean_a = A.column_stats(lv_a)[1]
    st_b = A.status_codes(cov_b, required)
    st_a = A.status_codes(cov_a, required)
    return [
        CompetencyChange(
            competency=c,
            mean_before=float(mean_b[j]),
            mean_after=float(mean_a[j]),
            covered_before=int(cov_b[j]),
            covered_after=int(cov_a[j]),
            status_before=_STATUS[st_b[j]],
            status_after=_STATUS[st_a[j]],
        )
        for j, c in enumerate(comps)
    ]


def what_if_leaves(snap: Snapshot, person_id: int) -> list[CoverageRow]:
    """Coverage rows of competencies that this departure would drop below their rule.

    The rows are recomputed without the person; they were meeting their rule, or were
    at-risk and would become a gap.

    Rows are in snapshot order; ``rated`` and ``mean_level`` also leave the person out.

    Raises:
        NotFoundError: the person is not in the snapshot.
    """
    try:
        i = snap.person_index(person_id)
    except KeyError:
        raise NotFoundError(f"person {person_id} is not in this snapshot") from None
    cov, covered, before = _covered(snap)
    _, required = A.rules(snap.competencies)
    after = A.status_codes(covered - cov[i], required)
    return _coverage_rows(snap, np.flatnonzero(after < before), without=i)


def mentor_pairs(snap: Snapshot, *, min_interest: int = 2) -> list[MentorPair]:
    """Experts (top of the scale) paired with people to grow in the same competency.

    The mentees are below target or below Proficient, with an interest >= min_interest; best
    matches first.

    A mentor is at ``scale.max``. A mentee is not N/A, has interest >= ``min_interest`` and
    is below their target, or below ``scale.max - 1`` when they have no target; not rated
    counts as below. Each (mentee, competency) gets at most one mentor. Per competency
    (critical ones first, so they claim the experts' time), the best mentees are dealt
    round-robin to its experts, least loaded so far first, at most
    :data:`MENTEES_PER_MENTOR` each; mentees beyond that capacity get no pair. Order:
    mentee interest desc, then gap desc (distance to the mentee's goal; not rated counts
    from the bottom of the scale), then critical first, then position.
    """
    return top_mentor_pairs(snap, None, min_interest=min_interest)[0]


def top_mentor_pairs(
    snap: Snapshot, limit: int | None, *, min_interest: int = 2
) -> tuple[list[MentorPair], int]:
    """The best ``limit`` pairs of :func:`mentor_pairs` (all when None) and how many there are.

    Only the pairs returned become objects: at 5,000 people there are tens of thousands, and
    building them all for a panel that shows 50 costs GC pauses.
    """
    m, e, j = _matching.mentor_matches(snap, min_interest=min_interest, cap=MENTEES_PER_MENTOR)
    total = len(m)
    if limit is not None:
        m, e, j = m[:limit], e[:limit], j[:limit]
    people = A.people_array(snap.people)
    comps = np.empty(len(snap.competencies), dtype=object)
    comps[:] = list(snap.competencies)
    pairs = [
        MentorPair(
            mentor=mentor,
            mentee=mentee,
            competency=comp,
            mentor_level=snap.scale.max,
            mentee_level=level,
            mentee_interest=int(interest),
        )
        for mentor, mentee, comp, level, interest in zip(
            people[m].tolist(),
            people[e].tolist(),
            comps[j].tolist(),
            snap.levels[e, j].tolist(),
            snap.interest[e, j].tolist(),
            strict=True,
        )
    ]
    return pairs, total


def hiring_suggestion(snap: Snapshot) -> HiringSuggestion | None:
    """The role x seniority whose target profile, added as one person, closes most shortfalls.

    Ties go to the most improved, then critical, then lower seniority. None when nothing is
    below its rule or no role targets exist.

    The new person covers a competency where their target is >= ``rule.min_level``. Among
    competencies below their rule (gap or at-risk), ``closes`` lists those that would
    reach "ok", ``improves`` those that gain but stay short, both in snapshot order. "Critical"
    counts critical competencies closed; a remaining tie goes to the role listed first.
    Also None when no profile would close or improve anything.
    """
    hire = _matching.best_hire(snap)
    if hire is None:
        return None
    comps = snap.competencies
    return HiringSuggestion(
        role=hire.role,
        seniority=hire.seniority,
        closes=tuple(comps[j] for j in hire.closes.tolist()),
        improves=tuple(comps[j] for j in hire.improves.tolist()),
    )


def summarize(snap: Snapshot) -> Summary:
    """Key figures for a dashboard; every ratio is NaN when its denominator is 0.

    ``average_gap`` averages :func:`person_gaps` totals over people with at least one
    target outside N/A cells; ``rated_share`` is rated cells over cells not marked N/A.
    """
    _, covered, status = _covered(snap)
    n_comp = len(snap.competencies)
    ok = int((status == A.OK).sum())
    gaps, applicable = A.gap_matrix(snap)
    with_target = applicable.any(axis=1)
    n_with = int(with_target.sum())
    total_gap = float(gaps.sum(axis=1)[with_target].sum())
    rateable = int(snap.not_applicable.size - snap.not_applicable.sum())
    rated = int((~np.isnan(A.levels_of(snap))).sum())
    return Summary(
        people=len(snap.people),
        competencies=n_comp,
        ok=ok,
        at_risk=int((status == A.AT_RISK).sum()),
        gaps=int((status == A.GAP).sum()),
        single_points_of_failure=int((covered == 1).sum()),
        share_meeting_rule=ok / n_comp if n_comp else float("nan"),
        average_gap=total_gap / n_with if n_with else float("nan"),
        rated_share=rated / rateable if rateable else float("nan"),
    )
