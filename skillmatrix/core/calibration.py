"""Calibration between raters: who rates high or low, against what, and what to discuss.

Raters are compared on the same competencies: a rater's *shift* is the mean of (their level
minus the mean level other raters gave in that competency) over the cells they rated, so a
manager of a strong team is not called lenient for rating strong people well. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skillmatrix.core.model import Competency, Person
from skillmatrix.core.snapshot import Snapshot

#: A rater is an outlier in a competency when their mean there differs from the other
#: raters' mean by at least this many levels (both sides with enough ratings).
OUTLIER_LEVELS = 1.0
MIN_RATINGS = 2
#: Self and manager differ by at least this much: a rating to discuss.
DISAGREEMENT = 2


@dataclass(frozen=True, slots=True)
class RaterOutlier:
    """A competency where a rater's mean differs from the other raters'."""

    competency: Competency
    rater_mean: float
    others_mean: float
    ratings: int


@dataclass(frozen=True, slots=True)
class RaterStats:
    """One rater's ratings: how many, their mean and their distribution over the levels."""

    rater: str
    ratings: int
    mean: float
    distribution: tuple[int, ...]  # count per scale level, lowest first
    shift: float  # NaN when no other rater rated the same competencies
    self_gap: float  # mean(self - manager) where both exist; NaN when none
    outliers: tuple[RaterOutlier, ...]


@dataclass(frozen=True, slots=True)
class Discussion:
    """One rating worth a calibration conversation, and why."""

    person: Person
    competency: Competency
    rater: str
    level: int
    self_level: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Calibration:
    """One cycle's rater calibration: the raters, the department's distribution, what to discuss."""

    raters: tuple[RaterStats, ...]  # most shifted first
    department_distribution: tuple[int, ...]
    discuss: tuple[Discussion, ...]


def calibrate(
    snap: Snapshot, raters: np.ndarray, names: Sequence[str], self_levels: np.ndarray
) -> Calibration:
    """Compare raters over a manager snapshot.

    Args:
        snap: manager ratings.
        raters: (P, C) int array: index into ``names`` of who gave each rating, -1 where
            no rating or unknown.
        names: rater names.
        self_levels: (P, C) self ratings laid out like ``snap`` (NaN where none).

    Every figure is a bincount over the rated cells grouped by rater (a department has
    1.5 million cells and dozens of raters: a pass over the whole grid per rater took
    seconds).
    """
    levels = np.where(snap.not_applicable, np.nan, snap.levels)
    rated = ~np.isnan(levels) & (raters >= 0)
    values = [lv.value for lv in snap.scale.levels]
    n_raters, n_comp = len(names), snap.shape[1]
    rows, cols = np.nonzero(rated)  # row-major: the order discussions are found in
    who = raters[rows, cols].astype(np.int64)
    lvl = levels[rows, cols]
    own = self_levels[rows, cols]
    flat = who * n_comp + cols
    grid = (n_raters, n_comp)
    own_sum = np.bincount(flat, weights=lvl, minlength=n_raters * n_comp).reshape(grid)
    own_count = np.bincount(flat, minlength=n_raters * n_comp).reshape(grid)
    other_count = own_count.sum(axis=0)[None, :] - own_count
    with np.errstate(invalid="ignore", divide="ignore"):
        others_mean = (own_sum.sum(axis=0)[None, :] - own_sum) / other_count
        own_mean = own_sum / own_count
    comparable = other_count[who, cols] > 0
    shift_sum = np.bincount(
        who[comparable], weights=(lvl - others_mean[who, cols])[comparable], minlength=n_raters
    )
    shift_n = np.bincount(who[comparable], minlength=n_raters)
    both = ~np.isnan(own)
    gap_sum = np.bincount(who[both], weights=(own - lvl)[both], minlength=n_raters)
    gap_n = np.bincount(who[both], minlength=n_raters)
    count = np.bincount(who, minlength=n_raters)
    total = np.bincount(who, weights=lvl, minlength=n_raters)
    step = np.searchsorted(values, lvl)  # levels are scale values
    dist = np.bincount(who * len(values) + step, minlength=n_raters * len(values))
    dist = dist.reshape(n_raters, len(values))
    outlier = (
        (own_count >= MIN_RATINGS)
        & (other_count >= MIN_RATINGS)
        & (np.abs(own_mean - others_mean) >= OUTLIER_LEVELS)
    )
    far = both & (np.abs(own - lvl) >= DISAGREEMENT) & ~outlier[who, cols]
    by_rater = np.argsort(who, kind="stable")  # each rater's cells, still row-major
    starts = np.concatenate([[0], np.cumsum(count)])
    stats: list[RaterStats] = []
    discuss: list[Discussion] = []
    for k, name in enumerate(names):
        if count[k] == 0:
            continue
        outlier_cols = np.flatnonzero(outlier[k]).tolist()
        stats.append(
            RaterStats(
                rater=name,
                ratings=int(count[k]),
                mean=float(total[k] / count[k]),
                distribution=tuple(int(x) for x in dist[k]),
                shift=float(shift_sum[k] / shift_n[k]) if shift_n[k] else float("nan"),
                self_gap=float(gap_sum[k] / gap_n[k]) if gap_n[k] else float("nan"),
                outliers=tuple(
                    RaterOutlier(
                        snap.competencies[j],
                        float(own_mean[k, j]),
                        float(others_mean[k, j]),
                        int(own_count[k, j]),
                    )
                    for j in outlier_cols
                ),
            )
        )
        mine = by_rater[starts[k] : starts[k + 1]]
        for j in outlier_cols:
            direction = "higher" if own_mean[k, j] > others_mean[k, j] else "lower"
            reason = (
                f"{name} rates {snap.competencies[j].name} {direction} than the other "
                f"raters ({own_mean[k, j]:.1f} vs {others_mean[k, j]:.1f})"
            )
            for c in mine[cols[mine] == j].tolist():
                discuss.append(_talk(snap, rows[c], j, name, levels, self_levels, reason))
        for c in mine[far[mine]].tolist():
            discuss.append(
                _talk(
                    snap,
                    rows[c],
                    cols[c],
                    name,
                    levels,
                    self_levels,
                    "self and manager differ by 2 or more",
                )
            )
    stats.sort(key=lambda r: (-abs(r.shift) if r.shift == r.shift else 0.0, r.rater))
    discuss.sort(key=lambda d: (d.competency.position, d.competency.name, d.person.name))
    department = tuple(int(x) for x in dist.sum(axis=0)) if n_raters else (0,) * len(values)
    return Calibration(tuple(stats), department, tuple(discuss))


def _talk(
    snap: Snapshot,
    i: int,
    j: int,
    rater: str,
    levels: np.ndarray,
    self_levels: np.ndarray,
    reason: str,
) -> Discussion:
    own = self_levels[i, j]
    return Discussion(
        person=snap.people[i],
        competency=snap.competencies[j],
        rater=rater,
        level=int(levels[i, j]),
        self_level=None if own != own else int(own),
        reason=reason,
    )
