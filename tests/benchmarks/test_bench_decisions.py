"""Issue 17's analytics at 5,000 people x 300 competencies.

One team < 200 ms, the department < 2 s, each against a bare numpy floor of the same
counting.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import floor_time, organisation_db, record

from skillmatrix.core import _arrays as A
from skillmatrix.core.calibration import calibrate
from skillmatrix.core.candidates import Finalist, compare
from skillmatrix.core.growth import GrowthModel, hires_for, plan_gaps
from skillmatrix.core.reorg import simulate
from skillmatrix.core.risk_summary import risk_data

TEAM_BUDGET, DEPARTMENT_BUDGET = 0.2, 2.0


@pytest.fixture(scope="module")
def org(bench_dir: Path):
    from skillmatrix.services.calibration import rater_inputs
    from skillmatrix.services.database import open_database
    from skillmatrix.services.reads import list_cycles
    from skillmatrix.services.snapshots import load_snapshot

    db = open_database(organisation_db(bench_dir, 5_000))
    history = [load_snapshot(db, cycle=c.id) for c in list_cycles(db)]
    snap = history[-1]
    raters = rater_inputs(db, snap)
    db.dispose()
    teams = np.array([p.team for p in snap.people], dtype=object)
    team = snap.subset(teams == sorted(set(teams))[0])
    return snap, team, history, raters


def _cover_floor(snaps):  # type: ignore[no-untyped-def]
    """Per snapshot: the covers mask, its column counts and the pair products.

    The counting every bus factor and worst pair needs, on prepared dense arrays.
    """
    prepared = []
    for s in snaps:
        min_level, _ = A.rules(s.competencies)
        prepared.append((np.nan_to_num(s.levels, nan=-1), min_level))

    def floor() -> None:
        for levels, min_level in prepared:
            cov = (levels >= min_level).astype(np.float32)
            cov.sum(axis=0)
            cov @ cov.T

    return floor


def _teams(snap):  # type: ignore[no-untyped-def]
    teams = np.array([p.team for p in snap.people], dtype=object)
    return [snap.subset(teams == t) for t in sorted(set(teams))]


def _check(benchmark, budget: float, floor_s: float, floor: str) -> None:  # type: ignore[no-untyped-def]
    met = benchmark.stats.stats.median < budget
    label = f"< {budget * 1000:.0f} ms" if budget < 1 else f"< {budget:g} s"
    record(benchmark, floor_s=floor_s, budget=label, floor=floor, met=met)
    assert met


def test_risk_one_team(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    _snap, team, _h, _r = org
    benchmark.pedantic(lambda: risk_data(team, pairs=True), rounds=7, iterations=1)
    _check(benchmark, TEAM_BUDGET, floor_time(_cover_floor([team])), "covers + pair matmul")


def test_risk_department(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    snap, _t, _h, _r = org
    benchmark.pedantic(lambda: risk_data(snap, pairs=True), rounds=3, iterations=1)
    floor = floor_time(_cover_floor(_teams(snap)))
    _check(benchmark, DEPARTMENT_BUDGET, floor, "covers + pair matmul per team")


def test_build_or_hire_one_team(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    _snap, team, history, _r = org
    model = GrowthModel(history)  # learnt once from the department (cached by the page)

    def plan() -> None:
        hires_for(team, plan_gaps(team, model))

    benchmark.pedantic(plan, rounds=7, iterations=1)
    _check(benchmark, TEAM_BUDGET, floor_time(_cover_floor([team])), "covers + pair matmul")


def test_build_or_hire_department(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    snap, _t, history, _r = org
    before, after = history[-2], history[-1]
    start, end = np.nan_to_num(before.levels, nan=-1), np.nan_to_num(after.levels, nan=-1)

    def plan() -> None:  # the model from the whole history, then every team's plan
        hires_for(snap, plan_gaps(snap, GrowthModel(history)))

    def floor() -> None:  # count level-ups per (competency, level): the model's core
        up = (end > start) & (start >= 0)
        key = np.where(start >= 0, start, 0).astype(np.int64) * start.shape[1] + np.arange(
            start.shape[1]
        )
        np.bincount(key.ravel(), weights=up.ravel())

    benchmark.pedantic(plan, rounds=3, iterations=1)
    _check(benchmark, DEPARTMENT_BUDGET, floor_time(floor), "level-up bincount, two cycles")


def test_reorg_one_team_move(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    snap, team, _h, _r = org
    other = next(p.team for p in snap.people if p.team != team.people[0].team)
    moves = {p.id: other for p in team.people[:5]}
    benchmark.pedantic(lambda: simulate(snap, moves), rounds=7, iterations=1)
    _check(benchmark, TEAM_BUDGET, floor_time(_cover_floor([team])), "covers + pair matmul")


def test_reorg_department_no_moves(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    snap, _t, _h, _r = org
    benchmark.pedantic(lambda: simulate(snap, {}), rounds=3, iterations=1)
    floor = floor_time(_cover_floor(_teams(snap)))
    _check(benchmark, DEPARTMENT_BUDGET, floor, "covers + pair matmul per team")


def test_calibration_department(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    snap, _t, _h, (raters, names, own) = org
    levels = np.nan_to_num(snap.levels, nan=-1.0)
    size = len(names) * snap.shape[1]

    def floor() -> None:  # each rater's sum and count per competency: two bincounts
        rows, cols = np.nonzero((levels >= 0) & (raters >= 0))
        flat = raters[rows, cols] * snap.shape[1] + cols
        np.bincount(flat, weights=levels[rows, cols], minlength=size)
        np.bincount(flat, minlength=size)

    benchmark.pedantic(lambda: calibrate(snap, raters, names, own), rounds=3, iterations=1)
    _check(benchmark, DEPARTMENT_BUDGET, floor_time(floor), "bincount of sums and counts per rater")


def test_candidates_one_team(benchmark, org) -> None:  # type: ignore[no-untyped-def]
    _snap, team, _h, _r = org
    finalists = [
        Finalist(f"Finalist {k}", {c.id: (k + j) % 5 for j, c in enumerate(team.competencies)})
        for k in range(5)
    ]
    benchmark.pedantic(lambda: compare(team, finalists), rounds=7, iterations=1)
    _check(benchmark, TEAM_BUDGET, floor_time(_cover_floor([team])), "covers + pair matmul")
