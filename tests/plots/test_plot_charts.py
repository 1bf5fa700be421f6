"""Coverage chart, gap heatmap and person profile: the numbers drawn equal the data."""

from __future__ import annotations

import dataclasses

import numpy as np

from skillmatrix.core import analytics
from skillmatrix.core.model import Competency
from skillmatrix.plots import coverage_chart, gap_heatmap, person_profile
from skillmatrix.plots.coverage import worst_first
from skillmatrix.plots.gaps import gap_values


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


# -- coverage --------------------------------------------------------------------------------
def test_coverage_bars_are_the_analytics_counts_worst_first(small):
    fig = coverage_chart(small)
    ax = fig.axes[0]
    rows = worst_first(analytics.coverage(small))
    bars = ax.containers[0]
    assert [b.get_width() for b in bars] == [r.covered for r in rows]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [lbl.removeprefix("★ ") for lbl in labels] == [r.competency.name for r in rows]
    required = ax.collections[0].get_offsets()
    assert required[:, 0].tolist() == [r.competency.rule.min_people for r in rows]
    assert required[:, 1].tolist() == list(range(len(rows)))
    statuses = [r.status for r in rows]
    assert statuses == sorted(statuses, key=["gap", "at-risk", "ok"].index)


def test_coverage_marks_gaps_spofs_and_critical(small):
    fig = coverage_chart(small)
    ax = fig.axes[0]
    rows = worst_first(analytics.coverage(small))
    ends = texts(ax)
    for r, text in zip(rows, ends, strict=True):
        assert text.startswith(f"{r.covered}/{r.required}")
        assert ("GAP" in text) == (r.covered == 0)
        assert ("SPOF" in text) == (r.covered == 1)
    bars = ax.containers[0]
    colors = {r.status: bars[k].get_facecolor() for k, r in enumerate(rows)}
    assert len(set(colors.values())) == len(colors)  # one colour per status
    api = next(t for t in ax.get_yticklabels() if "API design" in t.get_text())
    assert api.get_text() == "★ API design" and api.get_fontweight() == "bold"


def test_coverage_shows_the_worst_n_with_a_note(small):
    comps = tuple(Competency(k + 1, f"Skill {k}", "Cat", position=k) for k in range(100))
    levels = np.tile(np.arange(100) % 5, (4, 1)).astype(float)
    snap = dataclasses.replace(
        small,
        competencies=comps,
        levels=levels,
        not_applicable=np.zeros((4, 100), bool),
        interest=np.full((4, 100), np.nan),
        targets=np.full((4, 100), np.nan),
    )
    fig = coverage_chart(snap, max_rows=80)
    assert len(fig.axes[0].containers[0]) == 80
    assert any("80 worst of 100" in t.get_text() for t in fig.texts)


# -- gaps --------------------------------------------------------------------------------------
def test_gap_heatmap_values_are_target_minus_level_clipped_at_zero(small):
    fig = gap_heatmap(small, order="input", competency_order="input")
    arr = fig.axes[0].images[0].get_array()
    targets, levels, na = small.targets, small.levels, small.not_applicable
    valued = ~np.isnan(targets) & ~np.isnan(levels) & ~na
    assert np.array_equal(arr.data[valued], np.maximum(targets - levels, 0)[valued])
    assert arr.data[0, 3] == 1 and arr.data[2, 2] == 1 and arr.data[0, 0] == 0
    # not rated with a target: masked (grey); N/A: under; no target: over (white)
    assert np.array_equal(np.ma.getmaskarray(arr), ~np.isnan(targets) & np.isnan(levels) & ~na)
    assert (arr.data[na] < 0).all()
    no_target = np.isnan(targets) & ~na
    assert (arr.data[no_target] > small.scale.max).all()


def test_gap_heatmap_drops_untargeted_competencies_and_orders_by_gap(small):
    comps = list(small.competencies)
    targets = small.targets.copy()
    targets[:, 1] = np.nan  # nobody has a target for Go
    snap = dataclasses.replace(small, targets=targets)
    fig = gap_heatmap(snap)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert comps[1].name not in labels and len(labels) == 4
    worst = analytics.person_gaps(snap)[0].person.name  # not rated counts as a full gap
    assert fig.axes[0].get_yticklabels()[0].get_text() == worst == "Cleo"
    assert np.nansum(gap_values(snap)[2]) == 1  # but the chart shows her unrated cell grey


# -- profile ----------------------------------------------------------------------------------
def test_profile_bars_are_the_levels_and_ticks_the_targets(small):
    fig = person_profile(small, 1, only_targeted=False)  # Ana
    ax = fig.axes[0]
    names = [t.get_text().removeprefix("★ ") for t in ax.get_yticklabels()]
    cols = [next(j for j, c in enumerate(small.competencies) if c.name == n) for n in names]
    widths = [b.get_width() for b in ax.containers[0]]
    assert widths == np.nan_to_num(small.levels[0, cols]).tolist()
    assert widths == [4, 2, 3, 2, 0]  # python, go, api, databases, kubernetes (n/a)
    targeted = person_profile(small, 1)  # leaves out kubernetes: n/a and no target
    assert len(targeted.axes[0].containers[0]) == 4
    targets = sorted(ax.collections[0].get_offsets()[:, 0].tolist())
    assert targets == sorted(t for t in small.targets[0] if not np.isnan(t))
    shown = texts(ax)
    assert "n/a" in shown and "●●●" in shown  # kubernetes n/a, python keen to grow
    assert "Ana" in fig.texts[0].get_text()


def test_profile_colours_below_target_and_says_not_rated(small):
    fig = person_profile(small, 3)  # Cleo: API 1 < 2, databases not rated (target 2)
    ax = fig.axes[0]
    names = [t.get_text().removeprefix("★ ") for t in ax.get_yticklabels()]
    bars = dict(zip(names, ax.containers[0], strict=True))
    assert bars["API design"].get_facecolor() != bars["Python"].get_facecolor()
    assert "not rated" in texts(ax) and "0 None" in texts(ax)  # databases; Go at 0
    assert "1 of 3 targets not met, 1 not rated" in fig.texts[1].get_text()
