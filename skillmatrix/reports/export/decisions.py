"""What the report's Risk, Build or hire and Calibration sheets show.

Computed from the report's own (possibly anonymised) current snapshot, so every name on them
is the name the rest of the report uses.

The service passes what a snapshot does not hold: the stored leave calendar, the growth
model learnt from the department's history, and who gave each rating with the self
ratings (laid out by person id, since an anonymised snapshot reorders its rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from skillmatrix.core.calibration import Calibration, calibrate
from skillmatrix.core.growth import HORIZON, GapPlan, GrowthModel, HirePlan, hires_for, plan_gaps
from skillmatrix.core.risk import Leave
from skillmatrix.core.risk_summary import risk_data
from skillmatrix.core.snapshot import Snapshot


@dataclass(frozen=True)
class RaterInputs:
    """Who gave each manager rating, and the self ratings, by person id.

    Attributes:
        person_ids: the row order of ``raters`` and ``self_levels``.
        raters: (P, C) index into ``names`` (-1: no rating), C in the snapshot's order.
        names: rater names.
        self_levels: (P, C) self ratings (NaN where none).
    """

    person_ids: tuple[int, ...]
    raters: np.ndarray
    names: tuple[str, ...]
    self_levels: np.ndarray


@dataclass(frozen=True)
class DecisionInputs:
    """What the decision sheets need beyond the snapshots (see :func:`decisions`)."""

    leaves: Sequence[Leave] | None = None
    growth: GrowthModel | None = None
    horizon: int = HORIZON
    raters: RaterInputs | None = None
    today: dt.date | None = None


@dataclass
class Decisions:
    """The Risk, Build or hire and Calibration sheets' figures."""

    risk: dict[str, Any]
    horizon: int
    plans: list[GapPlan] = field(default_factory=list)
    hires: list[HirePlan] = field(default_factory=list)
    calibration: Calibration | None = None


def _rows_for(snap: Snapshot, raters: RaterInputs) -> np.ndarray:
    """Row of ``raters`` for each person of ``snap`` (-1: not there)."""
    where = {pid: k for k, pid in enumerate(raters.person_ids)}
    return np.array([where.get(p.id, -1) for p in snap.people], dtype=np.int64)


def _calibration(snap: Snapshot, inputs: RaterInputs, anonymized: bool) -> Calibration:
    rows = _rows_for(snap, inputs)
    raters = np.full(snap.shape, -1, dtype=np.int64)
    own = np.full(snap.shape, np.nan)
    present = rows >= 0
    raters[present] = inputs.raters[rows[present]]
    own[present] = inputs.self_levels[rows[present]]
    names = inputs.names
    if anonymized:  # a rater is a person too: numbered, in the order they appear
        names = tuple(f"Rater {k + 1}" for k in range(len(names)))
    return calibrate(snap, raters, list(names), own)


def compute_decisions(
    current: Snapshot,
    history: Sequence[Snapshot],
    inputs: DecisionInputs | None,
    *,
    anonymized: bool,
) -> Decisions:
    """The three sheets' figures for ``current``.

    ``history``: earlier cycles, oldest first, for a growth model when the service did not
    give one.
    """
    inputs = inputs or DecisionInputs()
    risk = risk_data(
        current, pairs=True, leaves=inputs.leaves, start=inputs.today or dt.date.today()
    )
    model = inputs.growth or GrowthModel([*history, current])
    plans = plan_gaps(current, model, horizon=inputs.horizon)
    return Decisions(
        risk=risk,
        horizon=inputs.horizon,
        plans=plans,
        hires=hires_for(current, plans),
        calibration=None
        if inputs.raters is None
        else _calibration(current, inputs.raters, anonymized),
    )
