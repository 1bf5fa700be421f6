"""Growth-goal checks and progress (pure)."""

from __future__ import annotations

import pytest

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.plans import check_action, check_status, default_target, goal_progress


def test_progress_states() -> None:
    assert goal_progress(3, []).state == "not rated"
    assert goal_progress(3, [("Q1", None), ("Q2", 2)]).text(3) == "not yet: 2 of 3 (Q2)"
    met = goal_progress(3, [("Q1", 2), ("Q2", 3), ("Q3", 2)])
    assert (met.state, met.met_in, met.level) == ("met", "Q2", 2)  # met once, then fell back
    assert goal_progress(3, [("Q1", 2), ("Q2", 2)], by_cycle="Q1").state == "missed"
    assert goal_progress(3, [("Q1", 2), ("Q2", 2)], by_cycle="Q2").state == "not yet"
    assert goal_progress(3, [("Q1", 2)], by_cycle="Q7").state == "not yet"  # not reached


def test_default_target() -> None:
    assert default_target(1.0, 3.0, bottom=0, top=4) == 3  # below target: the target
    assert default_target(3.0, 3.0, bottom=0, top=4) == 4  # meets it: one up
    assert default_target(4.0, None, bottom=0, top=4) == 4  # capped at the top
    assert default_target(float("nan"), float("nan"), bottom=1, top=5) == 2


def test_checks() -> None:
    assert check_status(" In_Progress ") == "in progress"
    assert check_action("", "  mentoring  by  Bo ", 7) == ("mentor", "mentoring by Bo")
    with pytest.raises(ValidationError, match="goal status 'won'"):
        check_status("won")
    with pytest.raises(ValidationError, match="a mentor goes with the action mentor"):
        check_action("project", "", 7)
