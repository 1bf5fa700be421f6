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
    competency: Competency
    rater_mean: float
    others_mean: float
    ratings: int


@dataclass(frozen=True, slots=True)
class RaterStats:
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
    raters: tuple[RaterStats, ...]  # most shifted first
    department_distribution: tuple[int, ...]
    discuss: tuple[Discussion, ...]


def _distribution(levels: np.ndarray, values: Sequence[int]) -> tuple[int, ...]:
    return tuple(int((levels == v).sum()) for v in values)


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
    """
    levels = np.where(snap.not_applicable, np.nan, snap.levels)
    rated = ~np.isnan(levels) & (raters >= 0)
    values = [lv.value for lv in snap.scale.levels]
    sums = np.where(rated, levels, 0.0).sum(axis=0)
    counts = rated.sum(axis=0)
    stats: list[RaterStats] = []
    discuss: list[Discussion] = []
    for k, name in enumerate(names):
        mine = rated & (raters == k)
        n = int(mine.sum())
        if n == 0:
            continue
        own_sum = np.where(mine, levels, 0.0).sum(axis=0)
        own_count = mine.sum(axis=0)
        other_count = counts - own_count
        with np.errstate(invalid="ignore", divide="ignore"):
            others_mean = (sums - own_sum) / other_count
            own_mean = own_sum / own_count
        comparable = mine & (other_count > 0)[None, :]
        shift = (
            float(np.mean((levels - others_mean[None, :])[comparable]))
            if comparable.any()
            else float("nan")
        )
        both = mine & ~np.isnan(self_levels)
        gap = float(np.mean((self_levels - levels)[both])) if both.any() else float("nan")
        outlier_cols = np.flatnonzero(
            (own_count >= MIN_RATINGS)
            & (other_count >= MIN_RATINGS)
            & (np.abs(own_mean - others_mean) >= OUTLIER_LEVELS)
        )
        outliers = tuple(
            RaterOutlier(
                snap.competencies[j], float(own_mean[j]), float(others_mean[j]), int(own_count[j])
            )
            for j in outlier_cols.tolist()
        )
        stats.append(
            RaterStats(
                rater=name,
                ratings=n,
                mean=float(levels[mine].mean()),
                distribution=_distribution(levels[mine], values),
                shift=shift,
                self_gap=gap,
                outliers=outliers,
            )
        )
        for j in outlier_cols.tolist():
            direction = "higher" if own_mean[j] > others_mean[j] else "lower"
            for i in np.flatnonzero(mine[:, j]).tolist():
                discuss.append(
                    _talk(
                        snap,
                        i,
                        j,
                        name,
                        levels,
                        self_levels,
                        f"{name} rates {snap.competencies[j].name} {direction} "
                        f"than the other raters ({own_mean[j]:.1f} vs "
                        f"{others_mean[j]:.1f})",
                    )
                )
        far = both & (np.abs(self_levels - levels) >= DISAGREEMENT)
        for i, j in np.argwhere(far).tolist():
            if j not in outlier_cols:
                discuss.append(
                    _talk(
                        snap,
                        i,
                        j,
                        name,
                        levels,
                        self_levels,
                        "self and manager differ by 2 or more",
                    )
                )
    stats.sort(key=lambda r: (-abs(r.shift) if r.shift == r.shift else 0.0, r.rater))
    discuss.sort(key=lambda d: (d.competency.position, d.competency.name, d.person.name))
    return Calibration(tuple(stats), _distribution(levels[rated], values), tuple(discuss))


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
