"""Layout of the figures at the sizes a manager sees them.

Readable names, nothing clipped or overlapping, the matrix using the canvas (40 x 45, one
team, 1,000 people).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import plots_data
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.figure import Figure
from matplotlib.text import Text

from skillmatrix.plots import (
    HeatmapFigure,
    coverage_chart,
    gap_heatmap,
    matrix_plot_of,
    person_profile,
    self_vs_manager,
    team_comparison,
)
from skillmatrix.plots._matrix import MAX_CELL_RATIO, MatrixPlot

#: Long names as in the built-in frameworks (the longest is 30 characters).
LONG = ("Cross-functional collaboration", "Technical debt management", "Tools & platforms")


def demo_like(n_people: int, *, team: str | None = None) -> plots_data.Snapshot:
    """``n_people`` x 45 competencies with some long competency and category names."""
    snap = plots_data.snapshot(n_people, 45, seed=3)
    comps = list(snap.competencies)
    comps[3] = dataclasses.replace(comps[3], name=LONG[0], critical=True)
    comps[20] = dataclasses.replace(comps[20], name=LONG[1])
    comps = [
        dataclasses.replace(c, category=LONG[2]) if c.category == "Frontend" else c for c in comps
    ]
    snap = dataclasses.replace(snap, competencies=tuple(comps))
    if team is not None:
        first = snap.people[0].team
        snap = snap.subset(np.array([p.team == first for p in snap.people]))
    return snap


def boxes(fig: Figure, texts: list[Text]):
    r = fig.canvas.get_renderer()
    return [t.get_window_extent(r) for t in texts if t.get_visible() and t.get_text()]


def overlapping(boxes_a, boxes_b=None) -> bool:
    shrink = [b.shrunk(0.97, 0.97) for b in boxes_a]
    if boxes_b is None:
        return any(a.overlaps(b) for k, a in enumerate(shrink) for b in shrink[k + 1 :])
    other = [b.shrunk(0.97, 0.97) for b in boxes_b]
    return any(a.overlaps(b) for a in shrink for b in other)


def undrawn_tick_labels(fig: Figure) -> set[int]:
    """Ids of tick labels matplotlib keeps but does not draw (ticks outside the view)."""
    out = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    out |= {id(tick.label1), id(tick.label2)}
    return out


def assert_all_text_inside(fig: Figure) -> None:
    """Every visible text lies on the canvas (nothing runs off an edge)."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    bbox = fig.bbox
    skip = undrawn_tick_labels(fig)
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip() or id(t) in skip:
            continue
        e = t.get_window_extent(r)
        assert e.x0 >= bbox.x0 - 1 and e.x1 <= bbox.x1 + 1, t.get_text()
        assert e.y0 >= bbox.y0 - 1 and e.y1 <= bbox.y1 + 1, t.get_text()


def header_boxes(plot: MatrixPlot):
    """Title, subtitle, legend, colour scale, band labels, column names: top to bottom."""
    fig = plot.fig
    r = fig.canvas.get_renderer()
    return {
        "title": plot.title.get_window_extent(r),
        "subtitle": plot.subtitle_text.get_window_extent(r),
        "legend": plot.legend.get_window_extent(r),
        "scale": plot.cax.get_tightbbox(r),
        "bands": boxes(fig, [t for t in plot._band_texts if t.get_rotation() == 0]),
        "columns": boxes(fig, plot.ax.get_xticklabels()),
    }


def check_matrix_layout(plot: MatrixPlot) -> None:
    fig = plot.fig
    assert_all_text_inside(fig)
    h = header_boxes(plot)
    assert not overlapping(h["columns"]), "column names overlap"
    assert not overlapping(boxes(fig, plot.ax.get_yticklabels())), "row names overlap"
    assert not overlapping(h["bands"]), "band labels overlap"
    assert not overlapping(h["columns"], h["bands"]), "column names run into band labels"
    top_of_columns = max(b.y1 for b in h["columns"])
    assert plot.col_brackets.get_segments()  # brackets sit between names and band labels
    assert all(b.y0 >= top_of_columns - 1 for b in h["bands"])
    key = [h["legend"], h["scale"]]
    assert not overlapping(key, [h["subtitle"], h["title"], *h["bands"], *h["columns"]])
    # the matrix starts below the header and fills the width the labels leave
    ax = plot.ax.get_window_extent()
    assert ax.y1 <= min(b.y0 for b in h["columns"]) + 1


def cell_inches(plot: MatrixPlot) -> tuple[float, float]:
    """(width, height) of one cell in inches."""
    ax = plot.ax.get_window_extent()
    dpi = plot.fig.dpi
    n_rows, n_cols = plot.shape
    return ax.width / dpi / n_cols, ax.height / dpi / n_rows


def test_40_by_45_names_every_person_and_competency_at_the_app_size():
    snap = demo_like(40)
    hm = HeatmapFigure(snap, figsize=(7.3, 6.4))
    w, h = hm.plot.min_size(7.3)
    assert w <= 7.3  # fits the chart column of a 1280 x 800 window without scrolling sideways
    hm.figure.set_size_inches(7.3, h)  # the page scrolls down to this height
    hm.relayout()
    hm.figure.canvas.draw()
    assert hm.plot.tick_label_counts() == (45, 40)
    shown = [t.get_text() for t in hm.plot.ax.get_xticklabels()]
    assert "★ " + LONG[0] in shown and LONG[1] in shown  # never truncated
    bands = {t.get_text() for t in hm.plot._band_texts}
    assert {b.label for b in hm.plot.cols.bands} <= bands  # categories in full
    check_matrix_layout(hm.plot)
    cw, ch = cell_inches(hm.plot)
    assert max(cw / ch, ch / cw) <= MAX_CELL_RATIO + 0.01
    ax = hm.plot.ax.get_window_extent()
    assert ax.width / hm.figure.bbox.width > 0.75  # no half-empty canvas


def test_one_team_fills_the_width_without_tall_thin_cells():
    snap = demo_like(120, team="first")
    assert 4 <= snap.shape[0] <= 13
    hm = HeatmapFigure(snap, figsize=(9.5, 7.0))
    hm.figure.canvas.draw()
    assert hm.plot.tick_label_counts() == (45, snap.shape[0])
    check_matrix_layout(hm.plot)
    cw, ch = cell_inches(hm.plot)
    assert ch <= MAX_CELL_RATIO * cw + 1e-6  # not stretched to the canvas height
    assert hm.plot.ax.get_window_extent().width / hm.figure.bbox.width > 0.75


def test_1000_people_label_teams_and_stay_readable():
    snap = plots_data.snapshot(1000, 45, seed=3)
    hm = HeatmapFigure(snap, figsize=(7.5, 6.4))
    hm.figure.canvas.draw()
    n_x, n_y = hm.plot.tick_label_counts()
    assert n_x == 45 and 5 <= n_y <= 60
    teams = {p.team for p in snap.people}
    assert {t.get_text() for t in hm.plot.ax.get_yticklabels() if t.get_text()} <= teams
    check_matrix_layout(hm.plot)
    assert "hidden" in hm.plot.subtitle_text.get_text()


@pytest.mark.parametrize("width", [4.8, 6.0])
def test_a_narrow_canvas_wraps_the_key_and_shortens_names_it_can_say_on_hover(width):
    hm = HeatmapFigure(demo_like(40), figsize=(width, 8.0))
    hm.figure.canvas.draw()
    check_matrix_layout(hm.plot)
    short = [(t, full) for t, full in hm.plot.shortened if t.get_text() != full]
    assert short  # something had to give at this width...
    text, full = short[0]
    e = text.get_window_extent(hm.figure.canvas.get_renderer())
    x, y = (e.x0 + e.x1) / 2, (e.y0 + e.y1) / 2
    event = MouseEvent("motion_notify_event", hm.figure.canvas, x, y)
    assert hm.plot.label_at(event) == full  # ...and the hover text says it in full


def test_gap_and_self_vs_manager_heatmaps_share_the_layout():
    snap = demo_like(40)
    for fig in (
        gap_heatmap(snap, figsize=(7.3, 9.5)),
        self_vs_manager(snap, plots_data.self_assessment(snap), figsize=(7.3, 9.5)),
    ):
        plot = matrix_plot_of(fig)
        assert plot is not None
        check_matrix_layout(plot)


def test_default_sizes_fit_the_labels():
    snap = demo_like(40)
    for fig in (HeatmapFigure(snap).figure, gap_heatmap(snap)):
        plot = matrix_plot_of(fig)
        w, h = fig.get_size_inches()
        assert (w, h) >= plot.min_size(w)
        fig.canvas.draw()
        assert plot.tick_label_counts()[1] == 40
        check_matrix_layout(plot)


@pytest.mark.parametrize("width", [4.8, 7.3])
def test_bar_charts_keep_subtitle_and_legend_on_the_canvas(width):
    snap = demo_like(40)
    for fig in (
        coverage_chart(snap, figsize=(width, 11.0)),
        person_profile(snap, snap.people[1].id, figsize=(width, 9.0)),
        team_comparison(snap, figsize=(width, 4.0)),
    ):
        assert_all_text_inside(fig)
        r = fig.canvas.get_renderer()
        header = [t.get_window_extent(r) for t in fig.texts if t.get_text()]
        legends = [lg.get_window_extent(r) for lg in fig.legends]
        assert not overlapping(header, legends)
        ax = fig.axes[0].get_tightbbox(r)
        assert all(ax.y1 <= b.y0 + 1 for b in header + legends)  # the plot starts below


def test_profile_subtitle_wraps_instead_of_running_off():
    snap = demo_like(40)
    fig = person_profile(snap, snap.people[1].id, figsize=(5.0, 9.0))
    subtitle = fig.texts[1].get_text()
    assert "\n" in subtitle and "Keen to grow" in subtitle
    assert_all_text_inside(fig)


def test_all_teams_coverage_says_it_is_pooled():
    snap = demo_like(40)
    assert "all teams pooled" in coverage_chart(snap).texts[1].get_text()
    one = snap.subset(np.array([p.team == snap.people[0].team for p in snap.people]))
    one = dataclasses.replace(one, team=snap.people[0].team)
    assert "pooled" not in coverage_chart(one).texts[1].get_text()
