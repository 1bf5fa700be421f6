"""Build or hire: how fast people really move up a level.

And whether a team's coverage gap closes from within before the horizon the user sets (pure
numpy).

Growth is read from the cycle history: every (person, competency) rated in two consecutive
cycles is one observation, "moved up at least one level" or not, grouped by starting level,
interest ("wants to grow": interest 2 or more) and whether a mentor pair existed. The rate
of a group is the share that moved up, with a Beta(1, 1) prior; a sparse group borrows from
coarser ones (drop the mentor, then interest, then the competency) until it has
:data:`MIN_OBSERVATIONS`. The interval is the Wilson score interval (80 %).

A gap closes when ``required - covered`` more people reach the rule's level; each candidate
needs ``sum(1 / rate)`` cycles over the levels still to climb (geometric waiting times).
The best-placed candidates are the fastest; the gap's estimate is the slowest of those.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from skillmatrix.core import _matching, analytics
from skillmatrix.core.model import Competency, Person
from skillmatrix.core.snapshot import Snapshot

MIN_OBSERVATIONS = 8
HORIZON = 2  # cycles: grow from within when a gap closes by then, else hire
KEEN = 2  # interest at which someone "wants to grow"
_Z80 = 1.2816  # two-sided 80 % normal quantile
#: An estimate beyond this many cycles is reported as "not within sight".
NEVER = 99.0


@dataclass(frozen=True, slots=True)
class Rate:
    """The chance per cycle of moving up one level, with its 80 % interval."""

    p: float
    low: float
    high: float
    observations: int
    basis: str  # which grouping it came from ("competency, level, interest, mentor", ...)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person who could reach a rule's level, and in how many cycles."""

    person: Person
    level: float  # NaN: not rated (starts from the bottom of the scale)
    cycles: float  # expected cycles to reach the rule's level
    cycles_low: float  # optimistic (upper rate bound)
    cycles_high: float  # pessimistic (lower rate bound)


@dataclass(frozen=True, slots=True)
class GapPlan:
    """One team-level shortfall and how it is best closed."""

    team: str | None
    competency: Competency
    needed: int  # more people at the rule's level
    candidates: tuple[Candidate, ...]  # the best placed, fastest first (``needed`` of them)
    cycles: float  # likely cycles to close from within (NEVER when not within sight)
    cycles_low: float
    cycles_high: float
    verdict: str  # "grow" or "hire"


#: From the finest grouping to the coarsest: a sparse group borrows from the next.
_GROUPINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("competency, level, interest, mentor", ("cid", "level", "keen", "mentor")),
    ("competency, level, interest", ("cid", "level", "keen")),
    ("competency, level", ("cid", "level")),
    ("level, interest, mentor", ("level", "keen", "mentor")),
    ("level, interest", ("level", "keen")),
    ("level", ("level",)),
    ("everyone", ()),
)


def _typed(parts: tuple[str, ...], key: list[int]) -> tuple[object, ...]:
    """A grouping key with booleans back as booleans, so lookups match."""
    return tuple(
        bool(v) if f in ("keen", "mentor") else int(v) for f, v in zip(parts, key, strict=False)
    )


class GrowthModel:
    """Observed level-ups from a history of snapshots (oldest first, same people or not)."""

    def __init__(self, history: Sequence[Snapshot]) -> None:
        self._counts: dict[tuple[object, ...], list[int]] = {}
        self._memo: dict[tuple[int, int, bool, bool], Rate] = {}
        for before, after in pairwise(history):
            self._observe(before, after)

    def _observe(self, before: Snapshot, after: Snapshot) -> None:
        """Count the level-ups from ``before`` to ``after``.

        Vectorised: a department's history is millions of cells.
        """
        rows_after = {p.id: i for i, p in enumerate(after.people)}
        cols_after = {c.id: j for j, c in enumerate(after.competencies)}
        ri = np.array([rows_after.get(p.id, -1) for p in before.people], dtype=np.int64)
        cj = np.array([cols_after.get(c.id, -1) for c in before.competencies], dtype=np.int64)
        rows, cols = np.flatnonzero(ri >= 0), np.flatnonzero(cj >= 0)
        if not len(rows) or not len(cols):
            return
        start = before.levels[np.ix_(rows, cols)]
        end = after.levels[np.ix_(ri[rows], cj[cols])]
        wish = before.interest[np.ix_(rows, cols)]
        mentor = np.zeros(before.shape, dtype=bool)
        _mentors, mentees, comps = _mentor_cells(before)
        mentor[mentees, comps] = True
        mentor = mentor[np.ix_(rows, cols)]
        with np.errstate(invalid="ignore"):
            valid = ~np.isnan(start) & ~np.isnan(end) & (start < before.scale.max)
            keen = wish >= KEEN
        ids = np.array([c.id for c in before.competencies], dtype=np.int64)[cols]
        # Each grouping's key as one integer (mixed radix over its fields), counted with
        # bincount: no sort of millions of rows (np.unique over rows took seconds).
        fields = {
            "cid": np.broadcast_to(np.arange(len(cols)), start.shape)[valid],
            "level": start[valid].astype(np.int64),
            "keen": keen[valid].astype(np.int64),
            "mentor": mentor[valid].astype(np.int64),
        }
        radix = {"cid": len(cols), "level": int(before.scale.max) + 1, "keen": 2, "mentor": 2}
        up = (end[valid] > start[valid]).astype(np.int64)
        if not len(up):
            return
        for name, parts in _GROUPINGS:
            key = np.zeros(len(up), dtype=np.int64)
            for f in parts:
                key = key * radix[f] + fields[f]
            size = int(np.prod([radix[f] for f in parts])) if parts else 1
            totals = np.bincount(key, minlength=size)
            ups = np.bincount(key, weights=up, minlength=size)
            for code in np.flatnonzero(totals).tolist():
                digits: list[int] = []
                rest = code
                for f in reversed(parts):
                    rest, digit = divmod(rest, radix[f])
                    digits.append(int(ids[digit]) if f == "cid" else digit)
                slot = self._counts.setdefault((name, *_typed(parts, digits[::-1])), [0, 0])
                slot[0] += int(ups[code])
                slot[1] += int(totals[code])

    @staticmethod
    def _keys(cid: int, level: int, keen: bool, mentor: bool) -> list[tuple[object, ...]]:
        values: dict[str, object] = {"cid": cid, "level": level, "keen": keen, "mentor": mentor}
        return [(name, *(values[f] for f in parts)) for name, parts in _GROUPINGS]

    def rate(self, cid: int, level: int, keen: bool, mentor: bool) -> Rate:
        """The rate for one situation, from the finest grouping with enough history."""
        situation = (cid, level, keen, mentor)
        known = self._memo.get(situation)
        if known is None:  # a department's plan asks the same few thousand situations
            known = self._memo[situation] = self._rate(cid, level, keen, mentor)
        return known

    def _rate(self, cid: int, level: int, keen: bool, mentor: bool) -> Rate:
        keys = self._keys(cid, level, keen, mentor)
        chosen = next(
            (k for k in keys if self._counts.get(k, [0, 0])[1] >= MIN_OBSERVATIONS), keys[-1]
        )
        ups, total = self._counts.get(chosen, [0, 0])
        p = (ups + 1) / (total + 2)
        low, high = _wilson(ups, total)
        return Rate(p, low, high, total, str(chosen[0]))


def _mentor_cells(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mentor, mentee, competency) indices of :func:`analytics.mentor_pairs`.

    No pair object is built for each of a department's tens of thousands.
    """
    return _matching.mentor_matches(snap, min_interest=KEEN, cap=analytics.MENTEES_PER_MENTOR)


def _wilson(ups: int, total: int) -> tuple[float, float]:
    """80 % Wilson score interval of a share (the whole 0-1 range without data)."""
    if total == 0:
        return 0.0, 1.0
    share = ups / total
    z2 = _Z80 * _Z80
    centre = (share + z2 / (2 * total)) / (1 + z2 / total)
    half = _Z80 * math.sqrt(share * (1 - share) / total + z2 / (4 * total * total))
    half /= 1 + z2 / total
    return max(centre - half, 0.0), min(centre + half, 1.0)


def _climb(rates: Sequence[float]) -> float:
    """Expected cycles to climb steps with these per-cycle chances (NEVER if one is 0)."""
    if any(r <= 0 for r in rates):
        return NEVER
    return min(sum(1 / r for r in rates), NEVER)


def plan_gaps(snap: Snapshot, model: GrowthModel, *, horizon: int = HORIZON) -> list[GapPlan]:
    """Every team-level shortfall of ``snap`` with the internal route and the verdict.

    Judged inside each team when ``snap`` holds several (a department's work happens in
    teams). Candidates are team members not yet at the rule's level and not n/a.
    """
    _mentors, mentees, comps = _mentor_cells(snap)
    pids = np.array([p.id for p in snap.people], dtype=np.int64)
    cids = np.array([c.id for c in snap.competencies], dtype=np.int64)
    mentored = set(zip(pids[mentees].tolist(), cids[comps].tolist(), strict=True))
    plans: list[GapPlan] = []
    for team, sub in _teams(snap):
        for row in analytics.coverage(sub):
            needed = row.required - row.covered
            if needed <= 0:
                continue
            plans.append(_plan(team, sub, row.competency, needed, model, mentored, horizon))
    plans.sort(key=lambda g: (g.verdict != "hire", -g.cycles, g.competency.name, g.team or ""))
    return plans


def _plan(
    team: str | None,
    snap: Snapshot,
    comp: Competency,
    needed: int,
    model: GrowthModel,
    mentored: set[tuple[int, int]],
    horizon: int,
) -> GapPlan:
    j = snap.competency_index(comp.id)
    goal = comp.rule.min_level
    bottom = snap.scale.min
    candidates: list[Candidate] = []
    for i, person in enumerate(snap.people):
        level = snap.levels[i, j]
        if snap.not_applicable[i, j] or (level == level and level >= goal):
            continue
        start = bottom if level != level else int(level)
        wish = snap.interest[i, j]
        keen = wish == wish and wish >= KEEN
        rates = [
            model.rate(comp.id, step, keen, (person.id, comp.id) in mentored)
            for step in range(start, goal)
        ]
        candidates.append(
            Candidate(
                person=person,
                level=level,
                cycles=_climb([r.p for r in rates]),
                cycles_low=_climb([r.high for r in rates]),
                cycles_high=_climb([r.low for r in rates]),
            )
        )
    candidates.sort(key=lambda c: (c.cycles, c.person.name))
    best = candidates[:needed]
    if len(best) < needed:
        cycles = low = high = NEVER
    else:
        cycles = max(c.cycles for c in best)
        low = max(c.cycles_low for c in best)
        high = max(c.cycles_high for c in best)
    return GapPlan(
        team=team,
        competency=comp,
        needed=needed,
        candidates=tuple(best),
        cycles=cycles,
        cycles_low=low,
        cycles_high=high,
        verdict="grow" if cycles <= horizon else "hire",
    )


def _teams(snap: Snapshot) -> list[tuple[str | None, Snapshot]]:
    if snap.team is not None:
        return [(snap.team, snap)]
    names = sorted({p.team for p in snap.people if p.team})
    if len(names) < 2:
        return [(names[0] if names else None, snap)]
    teams = np.array([p.team for p in snap.people], dtype=object)
    return [(t, snap.subset(teams == t)) for t in names]


@dataclass(frozen=True, slots=True)
class HirePlan:
    """The one hire for a team, aimed only at the gaps growth from within cannot close."""

    team: str | None
    hire: analytics.HiringSuggestion
    misses: tuple[Competency, ...]  # the gaps that miss the horizon


def only_competencies(snap: Snapshot, ids: set[int]) -> Snapshot:
    """``snap`` restricted to the competencies with ``ids`` (same people)."""
    cols = [j for j, c in enumerate(snap.competencies) if c.id in ids]
    remap = {old: new for new, old in enumerate(cols)}
    return dataclasses.replace(
        snap,
        competencies=tuple(snap.competencies[j] for j in cols),
        levels=snap.levels[:, cols],
        not_applicable=snap.not_applicable[:, cols],
        interest=snap.interest[:, cols],
        targets=snap.targets[:, cols],
        notes={(i, remap[j]): n for (i, j), n in snap.notes.items() if j in remap},
        confirmed_age=None if snap.confirmed_age is None else snap.confirmed_age[:, cols],
    )


def hires_for(snap: Snapshot, plans: Sequence[GapPlan]) -> list[HirePlan]:
    """Per team, the hiring suggestion over the gaps whose verdict is "hire" only."""
    out: list[HirePlan] = []
    for team, sub in _teams(snap):
        misses = [p.competency for p in plans if p.team == team and p.verdict == "hire"]
        if not misses:
            continue
        hire = analytics.hiring_suggestion(only_competencies(sub, {c.id for c in misses}))
        if hire is not None:
            out.append(HirePlan(team, hire, tuple(misses)))
    out.sort(key=lambda h: (-len(h.hire.closes), h.team or ""))
    return out
