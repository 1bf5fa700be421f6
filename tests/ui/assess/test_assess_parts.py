"""The Assess view's small parts: key mapping, row order, runs, colours, find."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from skillmatrix.core.model import Person, Seniority
from skillmatrix.ui.assess.colors import level_colors, text_color
from skillmatrix.ui.assess.find import Kind, find_matches
from skillmatrix.ui.assess.keys import Action, action_for
from skillmatrix.ui.assess.patch import runs
from skillmatrix.ui.assess.rows import SortOrder, group_starts, order_rows

K, M = Qt.Key, Qt.KeyboardModifier


def test_keys_map_to_actions() -> None:
    none = M.NoModifier
    assert action_for(K.Key_3, "3", none).level == 3
    assert action_for(K.Key_3, "3", M.KeypadModifier).level == 3
    assert action_for(K.Key_Delete, "", none).action is Action.CLEAR
    assert action_for(K.Key_Backspace, "\b", none).action is Action.CLEAR
    assert action_for(K.Key_N, "n", none).action is Action.NOT_APPLICABLE
    assert action_for(K.Key_I, "I", M.ShiftModifier).action is Action.CYCLE_INTEREST
    for key in (K.Key_Return, K.Key_Enter, K.Key_F2):
        assert action_for(key, "", none).action is Action.EDIT_NOTE
    assert action_for(K.Key_Z, "z", M.ControlModifier) is None  # Undo stays a shortcut
    assert action_for(K.Key_3, "3", M.ControlModifier) is None
    assert action_for(K.Key_Right, "", none) is None


def test_rows_group_by_team_then_role_then_seniority() -> None:
    people = [
        Person(1, "Zoe", team="Payments", role="Engineer", seniority=Seniority.JUNIOR),
        Person(2, "Amir", team="Growth", role="Engineer", seniority=Seniority.MID),
        Person(3, "Bea", team="Payments", role="Engineer", seniority=Seniority.STAFF),
        Person(4, "Cy", team="", role="", seniority=Seniority.MID),
        Person(5, "Dee", team="Payments", role="Backend Engineer", seniority=Seniority.MID),
    ]
    rows = order_rows(people)
    assert [people[i].name for i in rows] == ["Amir", "Dee", "Bea", "Zoe", "Cy"]
    assert group_starts(people, rows, SortOrder.GROUPED) == {
        0: "Growth",
        1: "Payments",
        4: "No team",
    }
    assert group_starts(people, rows, SortOrder.NAME) == {}
    assert [people[i].name for i in order_rows(people, sort=SortOrder.NAME)][:2] == ["Amir", "Bea"]
    by_gap = order_rows(people, sort=SortOrder.GAP, gaps={4: 9.0, 1: 3.0})
    assert [people[i].name for i in by_gap][:2] == ["Cy", "Zoe"]
    assert [people[i].name for i in order_rows(people, role="")] == ["Cy"]


def test_runs_merge_neighbouring_columns() -> None:
    assert runs([7, 1, 3, 2, 2]) == [(1, 3), (7, 7)]
    assert runs([]) == []


def test_level_colours_are_distinct_ordered_and_readable() -> None:
    colors = level_colors(5)
    assert len({c.name() for c in colors}) == 5
    lightness = [c.lightnessF() for c in colors]
    assert lightness[0] < lightness[-1]  # dark (low) to light (high), like viridis
    for c in colors:
        fg = text_color(c)
        assert fg.name() in ("#000000", "#ffffff")
    assert text_color(QColor("#FDE725")).name() == "#000000"
    assert text_color(QColor("#440154")).name() == "#ffffff"


def test_find_lists_people_before_competencies() -> None:
    got = find_matches(["Ann Rust", "Bob"], ["Rust", "Go"], "  rust ")
    assert got == [(Kind.PERSON, 0), (Kind.COMPETENCY, 0)]
    assert find_matches(["Ann"], ["Go"], "") == []
