"""Candidate what-if: what each finalist would close in the team they would join.

Judged from their interview scores against the framework (pure numpy).

A finalist *closes* a competency whose coverage rule the team misses today and would
meet with them; *narrows* one they cover whose shortfall stays (two more were needed);
and *relieves* a single point of failure (one it does not close) by being a second person
at the rule's level.
Finalists are compared by what they close (critical first), then narrow, then relieve.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from skillmatrix.core import _arrays as A
from skillmatrix.core import analytics
from skillmatrix.core.model import Competency
from skillmatrix.core.snapshot import Snapshot


@dataclass(frozen=True)
class Finalist:
    """A candidate's interview scores: competency id -> level (unscored: absent)."""

    name: str
    scores: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FinalistFit:
    """What one finalist would close, narrow or relieve in the team."""

    finalist: Finalist
    closes: tuple[Competency, ...]
    narrows: tuple[Competency, ...]
    relieves: tuple[Competency, ...]

    @property
    def rank_key(self) -> tuple[int, int, int, int, str]:
        """Sort key: most closed first, then most critical closed, then the rest, then by name."""
        critical = sum(c.critical for c in self.closes)
        return (
            -len(self.closes),
            -critical,
            -len(self.narrows),
            -len(self.relieves),
            self.finalist.name.casefold(),
        )


def gap_competencies(snap: Snapshot) -> list[Competency]:
    """What a scorecard for ``snap``'s team asks about.

    The competencies below their rule (worst first), then the single points of failure.
    """
    below = analytics.worst_first(r for r in analytics.coverage(snap) if r.status != "ok")
    spofs = analytics.single_points_of_failure(snap)
    seen: set[int] = set()
    out: list[Competency] = []
    for row in [*below, *spofs]:
        if row.competency.id not in seen:
            seen.add(row.competency.id)
            out.append(row.competency)
    return out


def fit(snap: Snapshot, finalist: Finalist) -> FinalistFit:
    """What ``finalist`` changes in the coverage of ``snap`` (one team) if they joined."""
    min_level, required = A.rules(snap.competencies)
    covered = A.covers(A.levels_of(snap), min_level).sum(axis=0)
    theirs = np.array([finalist.scores.get(c.id, np.nan) for c in snap.competencies], dtype=float)
    adds = A.covers(theirs[None, :], min_level)[0]
    after = covered + adds
    closes = adds & (covered < required) & (after >= required)
    narrows = adds & (after < required)
    relieves = adds & (covered == 1) & ~closes  # a gap it closes is counted once

    def pick(mask: np.ndarray) -> tuple[Competency, ...]:
        return tuple(in_order(snap, np.flatnonzero(mask).tolist()))

    return FinalistFit(finalist, pick(closes), pick(narrows), pick(relieves))


def in_order(snap: Snapshot, cols: Sequence[int]) -> list[Competency]:
    """The competencies at ``cols``, critical first, then framework order."""
    comps = [snap.competencies[j] for j in cols]
    return sorted(comps, key=lambda c: (not c.critical, c.position, c.name))


def compare(snap: Snapshot, finalists: Sequence[Finalist]) -> list[FinalistFit]:
    """Every finalist's fit, best first (see the module docstring)."""
    return sorted((fit(snap, f) for f in finalists), key=lambda x: x.rank_key)
