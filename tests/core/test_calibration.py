"""Rater calibration on a hand-computed example.

Manager ratings (rater in brackets), competency API and SQL::

             API        SQL       self API
    Ann      4 [M]      2 [M]     2
    Bob      4 [M]      -         -
    Cy       2 [L]      2 [L]     4
    Dee      2 [L]      n/a       -

API: M's mean 4, L's mean 2 -> each is an outlier (2 levels apart, 2 ratings each).
Shift of M: API cells (4 - 2) twice, SQL cell (2 - 2) -> mean 4/3. Of L: -4/3.
Self minus manager: M on Ann/API: 2 - 4 = -2; L on Cy/API: 4 - 2 = +2.
"""

from __future__ import annotations

import math

import numpy as np

from skillmatrix.core.calibration import calibrate
from skillmatrix.core.model import Competency, Person, Rating
from skillmatrix.core.snapshot import build_snapshot

API, SQL = Competency(1, "API", "Tech", position=1), Competency(2, "SQL", "Tech", position=2)
PEOPLE = [Person(i, n) for i, n in enumerate(("Ann", "Bob", "Cy", "Dee"), start=1)]


def _case():  # type: ignore[no-untyped-def]
    snap = build_snapshot(
        PEOPLE,
        [API, SQL],
        [
            Rating(1, 1, 4),
            Rating(1, 2, 2),
            Rating(2, 1, 4),
            Rating(3, 1, 2),
            Rating(3, 2, 2),
            Rating(4, 1, 2),
            Rating(4, 2, None, not_applicable=True),
        ],
    )
    M, L, _ = 0, 1, -1
    raters = np.array([[M, M], [M, _], [L, L], [L, L]])
    self_levels = np.full((4, 2), np.nan)
    self_levels[0, 0], self_levels[2, 0] = 2, 4
    return snap, raters, ["Mia", "Leo"], self_levels


def test_shift_self_gap_and_outliers_by_hand() -> None:
    cal = calibrate(*_case())
    by = {r.rater: r for r in cal.raters}
    assert math.isclose(by["Mia"].shift, 4 / 3) and math.isclose(by["Leo"].shift, -4 / 3)
    assert by["Mia"].self_gap == -2 and by["Leo"].self_gap == 2
    assert (by["Mia"].ratings, by["Leo"].ratings) == (3, 3)  # n/a is not a rating
    assert by["Mia"].distribution == (0, 0, 1, 0, 2) and by["Leo"].distribution == (0, 0, 3, 0, 0)
    assert cal.department_distribution == (0, 0, 4, 0, 2)
    assert [(o.competency.name, o.rater_mean, o.others_mean) for o in by["Mia"].outliers] == [
        ("API", 4.0, 2.0)
    ]
    # Every API rating is up for discussion; SQL agrees across raters.
    talked = {(d.person.name, d.competency.name) for d in cal.discuss}
    assert talked == {("Ann", "API"), ("Bob", "API"), ("Cy", "API"), ("Dee", "API")}


def test_one_rater_has_nothing_to_compare_with() -> None:
    snap, raters, names, _self_levels = _case()
    raters = np.where(raters >= 0, 0, -1)
    cal = calibrate(snap, raters, names[:1], np.full((4, 2), np.nan))
    assert len(cal.raters) == 1 and math.isnan(cal.raters[0].shift)
    assert math.isnan(cal.raters[0].self_gap) and cal.raters[0].outliers == ()
    assert cal.discuss == ()


def test_large_self_manager_gaps_are_listed_without_an_outlier() -> None:
    snap, raters, _names, self_levels = _case()
    raters = np.where(raters >= 0, 0, -1)  # one rater: no outliers
    cal = calibrate(snap, raters, ["Mia"], self_levels)
    assert [(d.person.name, d.level, d.self_level) for d in cal.discuss] == [
        ("Ann", 4, 2),
        ("Cy", 2, 4),
    ]


def test_nothing_rated() -> None:
    snap = build_snapshot(PEOPLE, [API], [])
    cal = calibrate(snap, np.full((4, 1), -1), [], np.full((4, 1), np.nan))
    assert cal.raters == () and cal.discuss == ()
