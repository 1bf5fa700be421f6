"""Index-level kernels for mentor pairing and the hiring suggestion (private).

They return indices into the snapshot; :mod:`skillmatrix.core.analytics` turns them into
result objects and documents the behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skillmatrix.core import _arrays as A
from skillmatrix.core.model import Seniority
from skillmatrix.core.snapshot import Snapshot


def mentor_matches(
    snap: Snapshot, *, min_interest: int, cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mentor, mentee, competency) index arrays, best matches first."""
    levels = A.levels_of(snap)
    top = snap.scale.max
    rated = ~np.isnan(levels)
    is_mentor = levels == top
    targets = snap.targets
    # Below the goal (the target; one under the top where there is none). Only boolean
    # (P, C) arrays here: at 20,000 x 300 each float one is 48 MB, and the goal, gap and
    # interest arrays this used to build were a third of the Insights view's peak memory.
    below = (levels < targets) | (np.isnan(targets) & (levels < top - 1))
    below |= ~rated  # not rated counts as below: unknown = not demonstrated
    is_mentee = below & ~snap.not_applicable & ~is_mentor & (snap.interest >= min_interest)
    wanted = np.flatnonzero(is_mentor.any(axis=0) & is_mentee.any(axis=0))

    def gap(i: np.ndarray, j: np.ndarray | int) -> np.ndarray:
        """Distance to the goal of cells (i, j); not rated counts from the scale's bottom."""
        t = targets[i, j]
        lv = levels[i, j]
        distance: np.ndarray = np.where(np.isnan(t), top - 1, t) - np.where(
            np.isnan(lv), snap.scale.min, lv
        )
        return distance

    def interest(i: np.ndarray, j: np.ndarray | int) -> np.ndarray:
        wish: np.ndarray = np.nan_to_num(snap.interest[i, j])
        return wish

    critical = np.array([c.critical for c in snap.competencies], dtype=bool)
    rank = A.position_rank(snap.competencies)
    load = np.zeros(len(snap.people), dtype=np.int64)  # mentees per mentor, all competencies
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    # Critical competencies claim the experts' capacity first.
    for j in wanted[np.lexsort((rank[wanted], ~critical[wanted]))].tolist():
        mentors = np.flatnonzero(is_mentor[:, j])
        mentors = mentors[np.argsort(load[mentors], kind="stable")]  # least loaded first
        mentees = np.flatnonzero(is_mentee[:, j])
        mentees = mentees[np.lexsort((mentees, -gap(mentees, j), -interest(mentees, j)))]
        mentees = mentees[: cap * len(mentors)]
        # Deal the best mentees out round-robin, so each expert gets at most ``cap``.
        chosen = mentors[np.arange(len(mentees)) % len(mentors)]
        load += np.bincount(chosen, minlength=len(load))  # repeats count, unlike load[i] += 1
        parts.append((chosen, mentees, np.full(len(mentees), j, dtype=np.int64)))
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    m, e, c = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((m, e, rank[c], ~critical[c], -gap(e, c), -interest(e, c)))
    return m[order], e[order], c[order]


@dataclass(frozen=True, slots=True)
class Hire:
    role: str
    seniority: Seniority
    closes: np.ndarray  # competency indices, snapshot order
    improves: np.ndarray


def best_hire(snap: Snapshot) -> Hire | None:
    """The role x seniority profile that helps coverage most, or None (see analytics)."""
    min_level, required = A.rules(snap.competencies)
    covered = A.covers(A.levels_of(snap), min_level).sum(axis=0)
    short = covered < required
    if not short.any():
        return None
    keys, targets = A.role_target_rows(snap)
    if not keys:
        return None
    gain = (targets >= min_level) & short  # NaN targets compare False
    closes = gain & (covered + 1 >= required)
    improves = gain & ~closes
    n_close = closes.sum(axis=1)
    n_improve = improves.sum(axis=1)
    critical = np.array([c.critical for c in snap.competencies], dtype=bool)
    n_critical = (closes & critical).sum(axis=1)
    seniority = np.array([s.rank for _, s in keys], dtype=np.int64)
    # lexsort: last key is primary; the final tie-break is role order in the snapshot.
    k = int(np.lexsort((np.arange(len(keys)), seniority, -n_critical, -n_improve, -n_close))[0])
    if n_close[k] == 0 and n_improve[k] == 0:
        return None
    role, sen = keys[k]
    return Hire(role, sen, np.flatnonzero(closes[k]), np.flatnonzero(improves[k]))
