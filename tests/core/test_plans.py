"""Growth-goal checks and progress (pure)."""

from __future__ import annotations

import pytest

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.plans import (
    check_action,
    check_action_status,
    check_status,
    default_target,
    goal_progress,
)


def test_progress_states() -> None:
    assert goal_progress(3, []).state == "not rated"
    assert goal_progress(3, [("Q1", None), ("Q2", 2)]).text(3) == "from unrated to 3, now 2 (Q2)"
    met = goal_progress(3, [("Q1", 2), ("Q2", 3), ("Q3", 2)])
    assert (met.state, met.met_in, met.level) == ("met", "Q2", 2)  # met once, then fell back
    assert goal_progress(3, [("Q1", 2), ("Q2", 2)], by_cycle="Q1").state == "missed"
    assert goal_progress(3, [("Q1", 2), ("Q2", 2)], by_cycle="Q2").state == "not yet"
    assert goal_progress(3, [("Q1", 2)], by_cycle="Q7").state == "not yet"  # not reached


def test_progress_is_measured_from_the_first_cycle_of_the_trail() -> None:
    """The trail starts with the cycle the goal was set in: its level is the baseline."""
    p = goal_progress(3, [("Q2", 1), ("Q3", None), ("Q4", 2)], by_cycle="Q3")
    assert (p.set_in, p.baseline, p.level, p.latest, p.state) == ("Q2", 1, 2, "Q4", "missed")
    assert p.span(3) == "from 1 to 3, now 2"
    assert p.text(3) == "missed: from 1 to 3, now 2 (Q4)"
    assert goal_progress(3, [("Q2", 1), ("Q3", 3)]).text(3) == "met in Q3 (from 1 to 3)"
    assert goal_progress(3, [("Q2", None), ("Q3", 3)]).text(3) == "met in Q3"
    assert goal_progress(3, [("Q2", None)]).text(3) == "not rated yet"


def test_default_target() -> None:
    assert default_target(1.0, 3.0, bottom=0, top=4) == 3  # below target: the target
    assert default_target(3.0, 3.0, bottom=0, top=4) == 4  # meets it: one up
    assert default_target(4.0, None, bottom=0, top=4) == 4  # capped at the top
    assert default_target(float("nan"), float("nan"), bottom=1, top=5) == 2


def test_checks() -> None:
    assert check_status(" In_Progress ") == "in progress"
    assert check_action(" Mentor", "  mentoring  by  Bo ", 7) == ("mentor", "mentoring by Bo")
    assert check_action("mentor", "", 7) == ("mentor", "")  # the mentor is the action
    assert check_action("course", " SRE ", None) == ("course", "SRE")
    assert check_action_status(" Done ") == "done"
    with pytest.raises(ValidationError, match="goal status 'won'"):
        check_status("won")
    with pytest.raises(ValidationError, match="a mentor goes with the action mentor"):
        check_action("project", "", 7)
    with pytest.raises(ValidationError, match="use mentor, course or project"):
        check_action("", "no kind", None)  # every action has a kind now (migration 0012)
    with pytest.raises(ValidationError, match="a project action says which project"):
        check_action("project", "  ", None)
    with pytest.raises(ValidationError, match="use open or done"):
        check_action_status("half")
