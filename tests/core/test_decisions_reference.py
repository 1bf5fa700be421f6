"""The vectorised growth counts and rater calibration equal plain per-cell loops.

Checked on small random organisations (hypothesis): the bincount kernels that make them fast
at 5,000 x 300 change no figure.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatrix.core import analytics
from skillmatrix.core.calibration import DISAGREEMENT, MIN_RATINGS, OUTLIER_LEVELS, calibrate
from skillmatrix.core.growth import _GROUPINGS, KEEN, GrowthModel
from skillmatrix.core.model import Competency, CoverageRule, Cycle, Person, Rating
from skillmatrix.core.snapshot import build_snapshot

COMPS = [Competency(10 + j, f"C{j}", "Tech", rule=CoverageRule(1, 3), position=j) for j in range(3)]


@st.composite
def orgs(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 6))
    people = [Person(i + 1, f"P{i}", team="T") for i in range(n)]
    cell = st.one_of(st.none(), st.just("na"), st.integers(0, 4))

    def snap(cycle: int):  # type: ignore[no-untyped-def]
        rows = []
        for p in people:
            for c in COMPS:
                v = draw(cell)
                interest = draw(st.one_of(st.none(), st.integers(0, 3)))
                if v is None and interest is None:
                    continue
                rows.append(
                    Rating(
                        p.id,
                        c.id,
                        level=None if v in (None, "na") else v,
                        not_applicable=v == "na",
                        interest=interest,
                    )
                )
        return build_snapshot(people, COMPS, rows, cycle=Cycle(cycle, f"C{cycle}"))

    return [snap(1), snap(2)]


def reference_counts(before, after) -> dict:  # type: ignore[no-untyped-def]
    """Level-ups counted cell by cell, as the docstring of core.growth says."""
    mentored = {(m.mentee.id, m.competency.id) for m in analytics.mentor_pairs(before)}
    counts: dict = defaultdict(lambda: [0, 0])
    for i, p in enumerate(before.people):
        for j, c in enumerate(before.competencies):
            a = before.levels[i, j]
            b = after.levels[after.person_index(p.id), after.competency_index(c.id)]
            if math.isnan(a) or math.isnan(b) or a >= before.scale.max:
                continue
            wish = before.interest[i, j]
            values = {
                "cid": c.id,
                "level": int(a),
                "keen": bool(wish == wish and wish >= KEEN),
                "mentor": (p.id, c.id) in mentored,
            }
            for name, parts in _GROUPINGS:
                slot = counts[(name, *(values[f] for f in parts))]
                slot[0] += int(b > a)
                slot[1] += 1
    return dict(counts)


@settings(max_examples=60, deadline=None)
@given(orgs())
def test_growth_counts_equal_a_cell_by_cell_count(history) -> None:  # type: ignore[no-untyped-def]
    assert GrowthModel(history)._counts == reference_counts(*history)


def reference_calibration(snap, raters, names, own):  # type: ignore[no-untyped-def]
    levels = np.where(snap.not_applicable, np.nan, snap.levels)
    out = {}
    for k, name in enumerate(names):
        mine = [
            (i, j)
            for i in range(snap.shape[0])
            for j in range(snap.shape[1])
            if raters[i, j] == k and not math.isnan(levels[i, j])
        ]
        if not mine:
            continue

        def others(j, k=k):  # type: ignore[no-untyped-def]
            return [
                levels[i, j]
                for i in range(snap.shape[0])
                if raters[i, j] >= 0 and raters[i, j] != k and not math.isnan(levels[i, j])
            ]

        diffs = [levels[i, j] - np.mean(others(j)) for i, j in mine if others(j)]
        gaps = [own[i, j] - levels[i, j] for i, j in mine if not math.isnan(own[i, j])]
        outliers = []
        for j in range(snap.shape[1]):
            own_j = [levels[i, jj] for i, jj in mine if jj == j]
            if (
                len(own_j) >= MIN_RATINGS
                and len(others(j)) >= MIN_RATINGS
                and abs(np.mean(own_j) - np.mean(others(j))) >= OUTLIER_LEVELS
            ):
                outliers.append(snap.competencies[j].id)
        far = sorted(
            (i, j)
            for i, j in mine
            if not math.isnan(own[i, j])
            and abs(own[i, j] - levels[i, j]) >= DISAGREEMENT
            and snap.competencies[j].id not in outliers
        )
        out[name] = (
            len(mine),
            np.mean([levels[c] for c in mine]),
            np.mean(diffs) if diffs else math.nan,
            np.mean(gaps) if gaps else math.nan,
            outliers,
            far,
        )
    return out


@settings(max_examples=60, deadline=None)
@given(orgs(), st.data())
def test_calibration_equals_a_rater_by_rater_loop(history, data) -> None:  # type: ignore[no-untyped-def]
    snap = history[1]
    names = ["A", "B", "C"]
    raters = np.array(
        data.draw(
            st.lists(
                st.lists(st.integers(-1, 2), min_size=3, max_size=3),
                min_size=snap.shape[0],
                max_size=snap.shape[0],
            )
        )
    )
    own = np.where(np.isnan(history[0].levels), np.nan, history[0].levels)
    cal = calibrate(snap, raters, names, own)
    expected = reference_calibration(snap, raters, names, own)
    assert {r.rater for r in cal.raters} == set(expected)

    def same(a: float, b: float) -> bool:
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, abs_tol=1e-9)

    talked = {(d.person.id, d.competency.id, d.rater) for d in cal.discuss}
    for r in cal.raters:
        count, mean, shift, gap, outliers, far = expected[r.rater]
        assert r.ratings == count and same(r.mean, mean)
        assert same(r.shift, shift) and same(r.self_gap, gap)
        assert [o.competency.id for o in r.outliers] == outliers
        for i, j in far:
            assert (snap.people[i].id, snap.competencies[j].id, r.rater) in talked
