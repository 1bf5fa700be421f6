"""The Summary sheet tells the same story as `skillmatrix summary`.

For all teams each team is judged on its own people (core.by_team), and figures are rounded
by one rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import load_workbook
from report_factories import make_snapshot

from skillmatrix.commands.summary import render_text
from skillmatrix.core import analytics as an
from skillmatrix.core.by_team import judge_by_team
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating, Role, Seniority
from skillmatrix.core.snapshot import build_snapshot
from skillmatrix.core.summary import summary_data
from skillmatrix.reports import write_report


def summary_cells(path: Path) -> list[list[Any]]:
    return [[c.value for c in row] for row in load_workbook(path)["Summary"].iter_rows()]


def texts(cells: list[list[Any]]) -> list[str]:
    return [v for row in cells for v in row if isinstance(v, str)]


def card_values(cells: list[list[Any]]) -> list[Any]:
    """The four key-figure values (the row under the card labels)."""
    k = next(i for i, r in enumerate(cells) if r[1] and str(r[1]).startswith("Key figures"))
    return [v for v in cells[k + 2][1:] if v is not None]


def test_all_teams_key_figures_are_summed_over_teams(tmp_path: Path) -> None:
    snap = make_snapshot(12, 8, team=None)  # people alternate between teams Alpha and Beta
    teams = [snap.subset(np.array([p.team == t for p in snap.people])) for t in ("Alpha", "Beta")]
    below = sum(s.gaps + s.at_risk for s in map(an.summarize, teams))
    spofs = sum(len(an.single_points_of_failure(s)) for s in teams)
    pooled = an.summarize(snap)
    assert (below, spofs) != (pooled.gaps + pooled.at_risk, pooled.single_points_of_failure)
    cells = summary_cells(write_report(tmp_path / "all.xlsx", snap))
    share, n_below, n_spofs, _gap = card_values(cells)
    ok = sum(s.ok for s in map(an.summarize, teams))
    assert share == ok / (2 * len(snap.competencies))
    assert (n_below, n_spofs) == (below, spofs)
    words = texts(cells)
    assert "Team competencies meeting their rule" in words
    assert any(t.startswith("Pooled over all teams") for t in words)
    judged = judge_by_team(snap)
    assert judged is not None and judged.hiring is not None
    hire = judged.hiring
    assert any(
        t.startswith(f"For {hire.team}, hire a {hire.hire.seniority.value} {hire.hire.role}")
        for t in words
    )


def test_a_teams_own_report_keeps_its_figures(tmp_path: Path) -> None:
    snap = make_snapshot(6, 5, team="Alpha")
    s = an.summarize(snap)
    cells = summary_cells(write_report(tmp_path / "alpha.xlsx", snap))
    share, n_below, n_spofs, _gap = card_values(cells)
    assert (share, n_below, n_spofs) == (
        s.share_meeting_rule,
        s.gaps + s.at_risk,
        s.single_points_of_failure,
    )
    assert "Competencies meeting their coverage rule" in texts(cells)


def test_an_empty_scope_says_nothing_is_rated(tmp_path: Path) -> None:
    empty = build_snapshot([], [], [])
    words = texts(summary_cells(write_report(tmp_path / "empty.xlsx", empty)))
    assert "Nothing is rated yet: no hiring suggestion." in words
    assert not any("meets" in t and "rule" in t and "hire" in t.casefold() for t in words)


def test_mean_gap_reads_the_same_in_the_report_and_the_command_line(tmp_path: Path) -> None:
    """8 people with target 3, five of them at 2: mean gap 5/8 = 0.625 exactly."""
    role = Role(1, "Backend", targets={Seniority.MID: {1: 3}})
    comp = Competency(1, "Python", "Tech", rule=CoverageRule(2, 3), position=1)
    people = [
        Person(i, f"P{i}", team="T", role="Backend", seniority=Seniority.MID) for i in range(1, 9)
    ]
    ratings = [Rating(i, 1, level=2 if i <= 5 else 3) for i in range(1, 9)]
    snap = build_snapshot(people, [comp], ratings, [role], team="T")
    assert an.team_gaps(snap)[0].mean_gap == 0.625
    cells = summary_cells(write_report(tmp_path / "gap.xlsx", snap))
    k = next(i for i, r in enumerate(cells) if r[1] == "Largest gaps to role targets")
    row = cells[k + 2]
    assert row[1] == "Python"
    shown = next(v for v in row[2:] if isinstance(v, float))
    assert shown == 0.63  # the cell's 0.00 format shows it as is
    assert "mean gap 0.63" in render_text(summary_data(snap))


def test_all_teams_coverage_words_follow_the_teams(tmp_path: Path) -> None:
    """The gaps table's coverage column judges each team too, not the pooled status."""
    snap = make_snapshot(12, 8, team=None)
    judged = judge_by_team(snap)
    assert judged is not None
    cells = summary_cells(write_report(tmp_path / "all.xlsx", snap))
    k = next(i for i, r in enumerate(cells) if r[1] == "Largest gaps to role targets")
    assert "Coverage in teams" in cells[k + 1]
    by_name = {c.name: c.id for c in snap.competencies}
    for row in cells[k + 2 :]:
        if row[1] not in by_name:
            break
        below, _ = judged.teams_below(by_name[row[1]])
        words = [v for v in row if isinstance(v, str) and ("rule" in v)]
        expected = "Meets rule in every team" if not below else f"Below rule in {below} of 2 teams"
        assert words == [expected]


def test_all_teams_single_points_of_failure_name_their_team(tmp_path: Path) -> None:
    """Item 2 of issue 10 on the report: single points of failure judged within each team.

    Computed here from each team's own people; the list's Team column says which.
    """
    from skillmatrix.reports.export.summary import TOP_ROWS

    snap = make_snapshot(12, 8, team=None)
    expected = set()
    for team in ("Alpha", "Beta"):
        sub = snap.subset(np.array([p.team == team for p in snap.people]))
        for row in an.single_points_of_failure(sub):
            expected.add((row.competency.name, team, row.coverers[0].name))
    assert expected
    cells = summary_cells(write_report(tmp_path / "all.xlsx", snap))
    title = next(i for i, r in enumerate(cells) if "Single points of failure within teams" in r)
    header = [v for v in cells[title + 1] if v is not None]
    assert header[:3] == ["Competency", "Team", "Category"]
    listed = set()
    for row in cells[title + 2 : title + 2 + min(TOP_ROWS, len(expected))]:
        values = [v for v in row if v is not None]
        listed.add((values[0], values[1], values[3]))
    assert listed <= expected and len(listed) == min(TOP_ROWS, len(expected))


def test_all_teams_hiring_names_the_next_best_hire_per_team(tmp_path: Path) -> None:
    snap = make_snapshot(12, 8, team=None)
    judged = judge_by_team(snap)
    assert judged is not None and judged.runners_up
    words = texts(summary_cells(write_report(tmp_path / "all.xlsx", snap)))
    line = next(t for t in words if t.startswith("Next best, per team: "))
    for h in judged.runners_up:
        assert f"{h.team}: a {h.hire.seniority.value} {h.hire.role} (closes {h.closes} of" in line
    assert judged.hiring is not None and f"{judged.hiring.team}:" not in line
