"""Numpy kernels behind :mod:`skillmatrix.core.analytics` (private).

Everything here works on whole (P, C) arrays and returns arrays, never result objects, so
the public module only turns the few indices it needs into Python objects. Nothing here
takes a mean of a possibly empty array: divisions go through :func:`safe_divide` so an
empty snapshot yields NaN without a RuntimeWarning.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from skillmatrix.core.model import Competency, Person, Seniority
from skillmatrix.core.snapshot import Snapshot

#: Status codes, ordered worst to best so "fell below its rule" is ``after < before``.
GAP, AT_RISK, OK = 0, 1, 2
STATUS_NAMES = ("gap", "at-risk", "ok")


def safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` element-wise, NaN where ``den`` is 0 (no warning)."""
    num = np.asarray(num, dtype=float)
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=np.asarray(den) != 0)
    return out


def levels_of(snap: Snapshot) -> np.ndarray:
    """Levels with N/A cells forced to NaN.

    ``build_snapshot`` already leaves N/A cells NaN; this guards hand-made snapshots so an
    N/A cell can never cover a competency or enter a mean.
    """
    if snap.not_applicable.any():
        return np.where(snap.not_applicable, np.nan, snap.levels)
    return snap.levels


def rules(competencies: Sequence[Competency]) -> tuple[np.ndarray, np.ndarray]:
    """(min_level, min_people) per competency as float and int vectors."""
    min_level = np.array([c.rule.min_level for c in competencies], dtype=float)
    min_people = np.array([c.rule.min_people for c in competencies], dtype=np.int64)
    return min_level, min_people


def position_rank(competencies: Sequence[Competency]) -> np.ndarray:
    """Rank of each competency by (position, snapshot index): the display order."""
    pos = np.array([c.position for c in competencies], dtype=np.int64)
    order = np.lexsort((np.arange(len(pos)), pos))
    rank = np.empty(len(pos), dtype=np.int64)
    rank[order] = np.arange(len(pos))
    return rank


def status_codes(covered: np.ndarray, required: np.ndarray) -> np.ndarray:
    """GAP when nobody covers, AT_RISK when fewer than required, else OK."""
    return np.where(covered == 0, GAP, np.where(covered < required, AT_RISK, OK))


def covers(levels: np.ndarray, min_level: np.ndarray) -> np.ndarray:
    """(P, C) bool: level at or above the rule's minimum (NaN compares False)."""
    return levels >= min_level


def column_stats(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rated count, mean over rated) per column; the mean is NaN when nobody is rated."""
    rated = ~np.isnan(levels)
    count = rated.sum(axis=0)
    total = np.where(rated, levels, 0.0).sum(axis=0)
    return count, safe_divide(total, count)


def gap_matrix(snap: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    """(gaps, applicable) as (P, C) arrays.

    ``applicable`` marks cells with a target that are not N/A. There the gap is
    ``max(0, target - level)``, a not-rated cell counting as the bottom of the scale
    (unknown = not demonstrated); elsewhere it is 0.
    """
    targets = snap.targets
    applicable = ~np.isnan(targets) & ~snap.not_applicable
    level = np.where(np.isnan(snap.levels), float(snap.scale.min), snap.levels)
    gaps = np.zeros(targets.shape)
    np.subtract(targets, level, out=gaps, where=applicable)
    np.maximum(gaps, 0.0, out=gaps)
    return gaps, applicable


def distinct_cells(
    cols: np.ndarray, levels: np.ndarray, targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Group cells by (column, level, target); levels and targets are whole numbers or NaN.

    Returns:
        The index of one cell per group, and each cell's group number.
    """
    if not len(cols):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    rated = ~np.isnan(levels)
    lo_l = levels[rated].min() if rated.any() else 0.0
    lo_t = targets.min()  # cells with a gap always have a target
    # Level code 0 is "not rated"; the codes are small, so one int64 key holds all three.
    l_code = np.where(rated, levels - lo_l + 1, 0).astype(np.int64)
    t_code = (targets - lo_t).astype(np.int64)
    key = (cols.astype(np.int64) * (l_code.max() + 1) + l_code) * (t_code.max() + 1) + t_code
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def people_array(people: Sequence[Person]) -> np.ndarray:
    """People as a 1-D object array, so a boolean mask picks them without a Python loop."""
    arr = np.empty(len(people), dtype=object)
    arr[:] = list(people)
    return arr


#: The last (roles, competencies, result) of :func:`role_target_rows`: judging every team
#: of a snapshot asks again for each team's subset, which shares both objects.
_last_target_rows: tuple[object, object, tuple[list[tuple[str, Seniority]], np.ndarray]] | None
_last_target_rows = None


def role_target_rows(snap: Snapshot) -> tuple[list[tuple[str, Seniority]], np.ndarray]:
    """Every (role name, seniority) with at least one target here, and its (K, C) targets.

    Target ids not among the snapshot's competencies are ignored; a profile left with no
    target at all is dropped. Rows are in role order, then seniority order. The result
    depends on the roles and competencies only and is shared: do not modify it.
    """
    global _last_target_rows
    last = _last_target_rows
    if last is not None and last[0] is snap.roles and last[1] is snap.competencies:
        return last[2]
    result = _role_target_rows(snap)
    result[1].flags.writeable = False
    _last_target_rows = (snap.roles, snap.competencies, result)
    return result


def _role_target_rows(snap: Snapshot) -> tuple[list[tuple[str, Seniority]], np.ndarray]:
    col = {c.id: j for j, c in enumerate(snap.competencies)}
    keys: list[tuple[str, Seniority]] = []
    rows: list[np.ndarray] = []
    for role in snap.roles:
        for seniority in Seniority:
            row = np.full(len(snap.competencies), np.nan)
            for cid, level in role.targets.get(seniority, {}).items():
                j = col.get(cid)
                if j is not None:
                    row[j] = level
            if not np.isnan(row).all():
                keys.append((role.name, seniority))
                rows.append(row)
    matrix = np.array(rows) if rows else np.empty((0, len(snap.competencies)))
    return keys, matrix
