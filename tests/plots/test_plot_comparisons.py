"""Trend, team comparison and self vs manager: the numbers drawn equal the data."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from skillmatrix.core import analytics
from skillmatrix.core.model import Cycle
from skillmatrix.plots import self_vs_manager, team_comparison, trend_chart


def category_means(snap) -> dict[str, tuple[float, float]]:
    """Independent reference: (% of competencies meeting rule, mean rated level)."""
    rows = analytics.coverage(snap)
    out = {}
    for cat in snap.categories:
        cols = [j for j, c in enumerate(snap.competencies) if c.category == cat]
        share = 100 * np.mean([rows[j].status == "ok" for j in cols])
        cells = snap.levels[:, cols][~snap.not_applicable[:, cols]]
        out[cat] = (share, float(np.nanmean(cells)))
    return out


@pytest.fixture
def history(small):
    later = small.levels.copy()
    later[1, 0] = 3  # Ben gets Proficient in Python: Python now covered by 3 people
    later[2, 2] = 3  # Cleo API design 1 -> 3
    return [small, dataclasses.replace(small, levels=later, cycle=Cycle(8, "2025 Q2"))]


# -- trend -------------------------------------------------------------------------------------
def test_trend_points_are_the_per_cycle_category_figures(history):
    fig = trend_chart(history)
    coverage_ax, level_ax = fig.axes[:2]
    expected = [category_means(s) for s in history]
    for line_c, line_l in zip(coverage_ax.get_lines(), level_ax.get_lines(), strict=True):
        cat = line_c.get_label()
        assert line_l.get_label() == cat
        np.testing.assert_allclose(line_c.get_ydata(), [e[cat][0] for e in expected])
        np.testing.assert_allclose(line_l.get_ydata(), [e[cat][1] for e in expected])
    assert [t.get_text() for t in level_ax.get_xticklabels()] == ["2025 Q1", "2025 Q2"]
    assert [ln.get_label() for ln in coverage_ax.get_lines()] == history[0].categories
    assert "2025 Q1 to 2025 Q2" in fig.texts[0].get_text()


def test_trend_of_nothing_is_refused():
    with pytest.raises(ValueError, match="at least one cycle"):
        trend_chart([])


# -- teams -------------------------------------------------------------------------------------
def test_team_comparison_shares(small):
    fig = team_comparison(small)
    ax = fig.axes[0]
    arr = ax.images[0].get_array()
    # Payments (Ana, Cleo) has targets in Python, API design, Databases and covers none
    # of them twice; Search (Ben, Dan) has targets in Go and Kubernetes, each covered once,
    # which is what their rules need. Backend means nothing to Search, Operations nothing
    # to Payments: those cells are NaN (drawn grey with a dash).
    expected = np.array([[0, 0, np.nan], [100, np.nan, 100]])
    np.testing.assert_array_equal(arr.filled(np.nan), expected)
    assert np.array_equal(np.ma.getmaskarray(arr), np.isnan(expected))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Payments (2)", "Search (2)"]
    assert [t.get_text() for t in ax.get_xticklabels()] == small.categories
    assert sorted(texts := [t.get_text() for t in ax.texts]) == sorted(
        ["0%", "0%", "—", "100%", "—", "100%"]
    ), texts


def test_team_comparison_keeps_the_largest_teams(small):
    fig = team_comparison(small, max_teams=1)
    assert len(fig.axes[0].get_yticklabels()) == 1
    assert any("1 largest of 2 teams" in t.get_text() for t in fig.texts)


# -- self vs manager ---------------------------------------------------------------------------
def test_self_vs_manager_draws_self_minus_manager_matched_by_id(small):
    levels = small.levels.copy()
    levels[0, 1] = 4  # Ana rates Go 4, manager 2: +2
    levels[1, 0] = 0  # Ben Python 0 vs 1: -1
    levels[3, 4] = 1  # Dan Kubernetes 1 vs 4: -3
    self_ = dataclasses.replace(small, levels=levels)
    keep = np.array([True, True, False, True])  # Cleo did not self-assess
    reordered = self_.subset(keep)
    reordered = dataclasses.replace(
        reordered,
        people=reordered.people[::-1],
        levels=reordered.levels[::-1],
        not_applicable=reordered.not_applicable[::-1],
    )
    fig = self_vs_manager(small, reordered, order="input", competency_order="input")
    arr = fig.axes[0].images[0].get_array()
    assert arr.shape == (3, 5)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Ana", "Ben", "Dan"]
    assert arr[0, 1] == 2 and arr[1, 0] == -1 and arr[2, 4] == -3
    assert arr[0, 0] == 0 and arr[2, 0] == 0
    rows = [0, 1, 3]
    na = small.not_applicable[rows]
    unpaired = np.isnan(small.levels[rows]) & ~na
    assert np.array_equal(np.ma.getmaskarray(arr), unpaired)
    assert (arr.data[na] < -4).all()  # N/A: the colormap's "under" colour
    marks = sorted(map(tuple, fig.axes[0].collections[1].get_offsets().tolist()))
    assert marks == [(1.0, 0.0), (4.0, 2.0)]  # |diff| >= 2: Ana Go, Dan Kubernetes
    assert "2 of 10 paired ratings differ by 2+" in fig.texts[1].get_text()
