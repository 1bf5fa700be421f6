"""Every chart builds at 40 and at 1,000 people (realistic synthetic data)."""

from __future__ import annotations

import numpy as np
import plots_data
import pytest

from skillmatrix import plots
from skillmatrix.plots.style import MAX_TICK_LABELS


@pytest.mark.parametrize("n", [40, 1000])
def test_every_chart_renders(tmp_path, n):
    snap = plots_data.snapshot(n, seed=3)
    figures = {
        "heatmap": plots.heatmap(snap, order="gap", competency_order="coverage"),
        "coverage": plots.coverage_chart(snap),
        "gaps": plots.gap_heatmap(snap),
        "profile": plots.person_profile(snap, snap.people[1].id),
        "trend": plots.trend_chart(plots_data.cycles(n, 3, seed=3)),
        "teams": plots.team_comparison(snap),
        "self": plots.self_vs_manager(snap, plots_data.self_assessment(snap)),
    }
    for name, fig in figures.items():
        path = plots.save_figure(fig, tmp_path / f"{name}.png", dpi=60)
        assert path.stat().st_size > 5_000, name
        for ax in fig.axes:
            labels = [t for t in ax.get_yticklabels() if t.get_text()]
            assert len(labels) <= max(MAX_TICK_LABELS, 80), name


def test_label_counts_scale_down_not_up():
    snap = plots_data.snapshot(500, 200, seed=2)
    hm = plots.HeatmapFigure(snap)
    n_x, n_y = hm.plot.tick_label_counts()
    assert n_x <= MAX_TICK_LABELS and n_y <= MAX_TICK_LABELS
    assert np.isfinite(hm.figure.get_size_inches()).all()
