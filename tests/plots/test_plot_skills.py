"""Skills heatmap: the data drawn, the live updates, hit tests and label thinning."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from matplotlib.image import AxesImage

from skillmatrix.core import analytics
from skillmatrix.plots import HeatmapFigure, heatmap
from skillmatrix.plots.ordering import competency_order, person_order


def drawn(hm: HeatmapFigure) -> np.ma.MaskedArray:
    return hm.plot.image.get_array()


def expected_levels(snap, hm: HeatmapFigure) -> np.ndarray:
    return snap.levels[np.ix_(hm.row_order, hm.col_order)]


def test_image_holds_the_levels_in_display_order(small):
    hm = HeatmapFigure(small)
    arr = drawn(hm)
    levels = expected_levels(small, hm)
    na = small.not_applicable[np.ix_(hm.row_order, hm.col_order)]
    targets = small.targets[np.ix_(hm.row_order, hm.col_order)]
    rated = ~np.isnan(levels)
    assert np.array_equal(arr.data[rated], levels[rated])
    # not rated where the role sets a target: masked (mid grey); N/A: below the scale
    # (white, slashed); not rated and no target (not in role): above it (light tint)
    in_role = ~np.isnan(targets)
    assert np.array_equal(np.ma.getmaskarray(arr), ~rated & ~na & in_role)
    assert np.all(arr.data[na] == hm.plot.under) and hm.plot.under < small.scale.min
    outside = ~rated & ~na & ~in_role
    assert outside.any() and np.all(arr.data[outside] == hm.plot.over)
    cmap = hm.plot.image.cmap
    states = {tuple(cmap.get_under()), tuple(cmap.get_bad()), tuple(cmap.get_over())}
    assert len(states) == 3  # n/a, not rated and not in role never share a colour
    assert len(hm.plot.na_marks.get_offsets()) == na.sum()


def pixel(hm: HeatmapFigure, r: int, c: int) -> tuple[int, ...]:
    """The RGB drawn at the centre of display cell (r, c)."""
    canvas = hm.figure.canvas
    buf = np.asarray(canvas.buffer_rgba())
    x, y = hm.plot.ax.transData.transform((c, r))
    return tuple(int(v) for v in buf[buf.shape[0] - round(float(y)), round(float(x)), :3])


def test_not_rated_not_in_role_and_na_are_drawn_in_their_legend_colours(small):
    from matplotlib.colors import to_rgb

    from skillmatrix.plots import style

    hm = HeatmapFigure(small, figsize=(6, 5))
    hm.figure.canvas.draw()
    levels = expected_levels(small, hm)
    targets = small.targets[np.ix_(hm.row_order, hm.col_order)]
    na = small.not_applicable[np.ix_(hm.row_order, hm.col_order)]
    where = {
        "not rated": np.isnan(levels) & ~np.isnan(targets) & ~na,
        "not in role": np.isnan(levels) & np.isnan(targets) & ~na,
    }
    expected = {"not rated": style.NOT_RATED, "not in role": style.NOT_IN_ROLE}
    for state, mask in where.items():
        r, c = np.argwhere(mask)[0]
        want = tuple(round(v * 255) for v in to_rgb(expected[state]))
        got = pixel(hm, int(r), int(c))
        assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 2, state
    legend = {
        t.get_text(): h
        for t, h in zip(hm.plot.legend.get_texts(), hm.plot.legend.legend_handles, strict=True)
    }
    assert to_rgb(legend["Not rated"].get_facecolor()) == to_rgb(style.NOT_RATED)
    assert to_rgb(legend["Not in role (no target)"].get_facecolor()) == to_rgb(style.NOT_IN_ROLE)
    assert legend["Not applicable"].get_hatch() == "//"


def test_an_edit_moves_a_cell_out_of_not_in_role_and_back(small):
    hm = HeatmapFigure(small)
    i, j = 1, 2  # Ben, API design: SRE sets no target there, not rated
    r, c = int(np.flatnonzero(hm.row_order == i)[0]), int(np.flatnonzero(hm.col_order == j)[0])
    assert drawn(hm).data[r, c] == hm.plot.over
    hm.update_cell(i, j, 3)
    assert drawn(hm)[r, c] == 3
    hm.update_cell(i, j, None)
    assert drawn(hm).data[r, c] == hm.plot.over and not drawn(hm).mask[r, c]


def test_team_order_and_category_grouping(small):
    hm = HeatmapFigure(small, order="team")
    names = [small.people[i].name for i in hm.row_order]
    assert names == ["Ana", "Cleo", "Dan", "Ben"]  # team, then role, then senior first
    cats = [small.competencies[j].category for j in hm.col_order]
    assert cats == sorted(cats, key=["Languages", "Backend", "Operations"].index)
    bands = [b.label for b in hm.plot.rows.bands]
    assert bands == ["Payments", "Search"]


@pytest.mark.parametrize(
    ("order", "first"), [("seniority", "Ana"), ("name", "Ana"), ("role", "Ana")]
)
def test_person_orders(small, order, first):
    hm = HeatmapFigure(small, order=order)
    assert small.people[hm.row_order[0]].name == first
    assert sorted(hm.row_order) == [0, 1, 2, 3]


def test_gap_order_puts_the_largest_total_gap_first(small):
    gaps = {g.person.id: g.total_gap for g in analytics.person_gaps(small)}
    order = person_order(small, "gap")
    totals = [gaps.get(small.people[i].id, 0.0) for i in order]
    assert totals == sorted(totals, reverse=True)


def test_coverage_order_keeps_categories_least_covered_first(small):
    order = competency_order(small, "coverage")
    rows = analytics.coverage(small)
    cats = [small.competencies[j].category for j in order]
    assert cats == ["Languages", "Languages", "Backend", "Backend", "Operations"]
    for a, b in itertools.pairwise(order):
        if small.competencies[a].category == small.competencies[b].category:
            ra, rb = rows[a], rows[b]
            assert ra.covered - ra.required <= rb.covered - rb.required


def test_unknown_orders_are_refused(small):
    with pytest.raises(ValueError, match="bogus"):
        HeatmapFigure(small, order="bogus")
    with pytest.raises(ValueError, match="bogus"):
        HeatmapFigure(small, competency_order="bogus")


def test_below_target_marks_are_exactly_the_cells_below_target(small):
    hm = HeatmapFigure(small)
    levels = expected_levels(small, hm)
    targets = small.targets[np.ix_(hm.row_order, hm.col_order)]
    with np.errstate(invalid="ignore"):
        rows, cols = np.nonzero(levels < targets)
    marks = {tuple(p) for p in hm.plot.marks.get_offsets().tolist()}
    assert marks == {(float(c), float(r)) for r, c in zip(rows, cols, strict=True)}
    assert marks  # Ana databases, Ben kubernetes, Cleo API design


def test_update_cell_changes_one_element_in_the_same_image(small):
    hm = HeatmapFigure(small)
    hm.figure.canvas.draw()
    image, n_images = hm.plot.image, len(hm.plot.ax.images)
    before = drawn(hm).filled(np.nan).copy()
    i, j = 2, 3  # Cleo, Databases: not rated with target 2
    hm.update_cell(i, j, 1)
    after = drawn(hm).filled(np.nan)
    r, c = int(np.flatnonzero(hm.row_order == i)[0]), int(np.flatnonzero(hm.col_order == j)[0])
    changed = ~((before == after) | (np.isnan(before) & np.isnan(after)))
    assert np.argwhere(changed).tolist() == [[r, c]]
    assert after[r, c] == 1
    assert hm.plot.image is image and len(hm.plot.ax.images) == n_images
    assert [float(c), float(r)] in hm.plot.marks.get_offsets().tolist()  # 1 < target 2


def test_update_cell_to_na_and_back_to_not_rated(small):
    hm = HeatmapFigure(small)
    hm.update_cell(0, 0, None, not_applicable=True)
    r, c = int(np.flatnonzero(hm.row_order == 0)[0]), int(np.flatnonzero(hm.col_order == 0)[0])
    arr = drawn(hm)
    assert arr.data[r, c] == hm.plot.under and not arr.mask[r, c]
    assert [float(c), float(r)] in hm.plot.na_marks.get_offsets().tolist()
    hm.update_cell(0, 0, None)
    arr = drawn(hm)
    assert arr.mask[r, c]
    assert [float(c), float(r)] not in hm.plot.na_marks.get_offsets().tolist()


def test_blit_redraw_paints_what_a_full_redraw_paints(small):
    hm = HeatmapFigure(small)
    canvas = hm.figure.canvas
    canvas.draw()
    before = np.asarray(canvas.buffer_rgba()).copy()
    hm.update_cell(1, 0, 4, blit=True)
    blitted = np.asarray(canvas.buffer_rgba()).copy()
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba())
    assert not np.array_equal(blitted, before)  # the blit painted the change
    # identical except where tick marks touch the image's outermost pixels
    x0, y0, x1, y1 = (round(v) for v in hm.plot.ax.bbox.extents)
    height = full.shape[0]
    edge = np.zeros(full.shape[:2], dtype=bool)
    edge[height - y1 - 1 : height - y0 + 1, x0 - 1 : x1 + 1] = True
    edge[height - y1 + 1 : height - y0 - 1, x0 + 1 : x1 - 1] = False
    assert np.array_equal(blitted[~edge], full[~edge])


def test_deferred_draw_merges_redraws(small):
    hm = HeatmapFigure(small)
    draws = []
    hm.figure.canvas.mpl_connect("draw_event", lambda e: draws.append(e))
    with hm.deferred_draw():
        for j in range(5):
            hm.update_cell(0, j, 2, blit=False)
        assert draws == []
    assert len(draws) == 1


def test_update_in_place_or_rebuild(small):
    hm = HeatmapFigure(small)
    image = hm.plot.image
    levels = small.levels.copy()
    levels[0, 0] = 0
    assert hm.update(dataclasses.replace(small, levels=levels)) is False
    assert hm.plot.image is image
    assert (
        np.array_equal(
            drawn(hm).filled(np.nan), levels[np.ix_(hm.row_order, hm.col_order)], equal_nan=True
        )
        is False
    )  # N/A cells hold the under value
    r = int(np.flatnonzero(hm.row_order == 0)[0])
    c = int(np.flatnonzero(hm.col_order == 0)[0])
    assert drawn(hm)[r, c] == 0
    fewer = small.subset(np.array([True, True, False, True]))
    assert hm.update(fewer) is True
    assert drawn(hm).shape == (3, 5)
    assert len(hm.figure.axes) == 2  # heatmap and colorbar, nothing left over


def test_cell_at_maps_data_coordinates_to_snapshot_indices(small):
    hm = HeatmapFigure(small)
    for r, i in enumerate(hm.row_order):
        for c, j in enumerate(hm.col_order):
            assert hm.cell_at(c + 0.3, r - 0.4) == (i, j)
    assert hm.cell_at(-0.6, 0) is None
    assert hm.cell_at(0, 3.6) is None
    assert hm.cell_at(None, 1) is None
    assert hm.cell_at(float("nan"), 1) is None


def test_cell_text(small):
    hm = HeatmapFigure(small)
    assert hm.cell_text(0, 3) == "Ana (Payments) — Databases (Backend): 2 Working (target 3)"
    assert hm.cell_text(0, 4) == "Ana (Payments) — Kubernetes (Operations): not applicable"
    assert hm.cell_text(2, 3) == "Cleo (Payments) — Databases (Backend): not rated (target 2)"
    assert hm.cell_text(1, 2) == "Ben (Search) — API design (Backend): not in role (no target)"


def test_title_colorbar_and_legend_say_what_is_shown(small):
    hm = HeatmapFigure(small)
    assert "Platform" in hm.plot.title.get_text() and "2025 Q1" in hm.plot.title.get_text()
    labels = [t.get_text() for t in hm.plot.cax.get_xticklabels()]
    assert labels == ["0 None", "1 Awareness", "2 Working", "3 Proficient", "4 Expert"]
    legend = [t.get_text() for t in hm.plot.legend.get_texts()]
    assert legend == [
        "Not rated",
        "Not in role (no target)",
        "Not applicable",
        "Below role target",
    ]


def overlaps(boxes) -> bool:
    boxes = sorted(boxes, key=lambda b: (b.y0, b.x0))
    return any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1 :])


def label_boxes(hm: HeatmapFigure, axis: str):
    ax = hm.plot.ax
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    r = hm.figure.canvas.get_renderer()
    return [t.get_window_extent(r).shrunk(0.98, 0.98) for t in labels if t.get_text()]


def test_60_by_60_labels_every_row_and_column_without_overlap():
    import plots_data

    snap = plots_data.snapshot(60, 60, seed=4)
    hm = HeatmapFigure(snap)
    hm.figure.canvas.draw()
    assert hm.plot.tick_label_counts() == (60, 60)
    assert not overlaps(label_boxes(hm, "x"))
    assert not overlaps(label_boxes(hm, "y"))


def test_500_by_200_is_thinned_to_at_most_60_labels_per_axis(big):
    hm = HeatmapFigure(big)
    hm.figure.canvas.draw()
    n_x, n_y = hm.plot.tick_label_counts()
    assert 5 <= n_x <= 60 and 5 <= n_y <= 60
    assert not overlaps(label_boxes(hm, "x"))
    assert not overlaps(label_boxes(hm, "y"))
    assert not hm.plot.marks.get_visible()  # too small to mark: the subtitle says so
    assert "hidden" in hm.plot.subtitle_text.get_text()
    texts = [t.get_window_extent(hm.figure.canvas.get_renderer()) for t in hm.plot._band_texts]
    assert not overlaps(texts)


def test_relayout_after_resize_rethins_labels(big):
    hm = HeatmapFigure(big, figsize=(10, 7))
    small_counts = hm.plot.tick_label_counts()
    hm.figure.set_size_inches(16, 12)
    hm.relayout()
    assert hm.plot.tick_label_counts()[1] >= small_counts[1]


def test_heatmap_function_returns_a_figure(small):
    fig = heatmap(small, order="name", competency_order="input")
    assert fig.axes[0].images[0].get_array().shape == (4, 5)


def test_level_colours_are_matplotlibs_viridis():
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    from skillmatrix.core import palette

    for n in range(2, 40):
        want = [to_hex(c) for c in colormaps["viridis"](np.linspace(0.0, 1.0, n))]
        assert palette.level_colors(n) == want, n


def _ring(full: np.ndarray, hm: HeatmapFigure) -> np.ndarray:
    """The pixels on the matrix's border, where tick marks touch the image."""
    x0, y0, x1, y1 = (round(v) for v in hm.plot.ax.bbox.extents)
    height = full.shape[0]
    edge = np.zeros(full.shape[:2], dtype=bool)
    edge[height - y1 - 1 : height - y0 + 1, x0 - 1 : x1 + 1] = True
    edge[height - y1 + 1 : height - y0 - 1, x0 + 1 : x1 - 1] = False
    return edge


@pytest.mark.parametrize("shape", [(30, 20), (500, 200)], ids=["marks shown", "marks hidden"])
def test_cell_blits_paint_only_the_cell_and_what_a_full_redraw_paints(shape):
    import plots_data

    snap = plots_data.snapshot(*shape, seed=1)
    hm = HeatmapFigure(snap, figsize=(10, 7))
    canvas = hm.figure.canvas
    canvas.draw()
    assert hm.plot.marks.get_visible() is (shape == (30, 20))
    rng = np.random.default_rng(5)
    for k in range(12):
        i, j = int(rng.integers(shape[0])), int(rng.integers(shape[1]))
        before = np.asarray(canvas.buffer_rgba()).copy()
        if k % 3 == 0:
            hm.update_cell(i, j, None, not_applicable=True)
        else:
            hm.update_cell(i, j, None if k % 3 == 1 else int(rng.integers(0, 5)))
        blitted = np.asarray(canvas.buffer_rgba()).copy()
        # only pixels of that cell (and its one-pixel rim) changed
        r, c = int(hm._row_pos[i]), int(hm._col_pos[j])
        box = hm.plot.cells_bbox([(r, c)])
        height = blitted.shape[0]
        changed = np.argwhere((blitted != before).any(axis=2))
        assert all(box.x0 <= x < box.x1 and box.y0 <= height - 1 - y < box.y1 for y, x in changed)
        canvas.draw()
        full = np.asarray(canvas.buffer_rgba())
        edge = _ring(full, hm)
        assert np.array_equal(blitted[~edge], full[~edge]), k
    assert len(hm.plot.ax.images) == 1 and len(hm.figure.findobj(AxesImage)) == 1


def test_marks_changed_while_hidden_are_right_once_shown(big):
    hm = HeatmapFigure(big, figsize=(10, 7))
    assert not hm.plot.marks.get_visible()
    for i in range(0, 60, 3):
        hm.update_cell(i, i % 7, None, not_applicable=i % 2 == 0)
        hm.update_cell(i + 1, i % 5, 0)
    hm.figure.set_size_inches(60, 40)  # cells big enough for marks
    hm.relayout()
    assert hm.plot.marks.get_visible()
    levels = hm._levels
    with np.errstate(invalid="ignore"):
        rows, cols = np.nonzero(levels < hm._targets)
    marks = {tuple(p) for p in hm.plot.marks.get_offsets().tolist()}
    assert marks == {(float(c), float(r)) for r, c in zip(rows, cols, strict=True)}
    rows, cols = np.nonzero(hm._na)
    slashes = {tuple(p) for p in hm.plot.na_marks.get_offsets().tolist()}
    assert slashes == {(float(c), float(r)) for r, c in zip(rows, cols, strict=True)}


def test_heatmap_keeps_float32_levels_and_no_copy_of_the_targets(big):
    """The heatmap keeps float32 levels and no display-order copy of the targets.

    At 20,000 x 300 each float64 copy is 48 MB: the levels are float32 (exact for the
    scale's small integers and NaN), the N/A mask booleans, and the targets are not copied
    (edits never change them).
    """
    hm = HeatmapFigure(big)
    assert hm._levels.dtype == np.float32 and hm._na.dtype == np.bool_
    kept = [v for v in vars(hm).values() if isinstance(v, np.ndarray) and v.size == big.levels.size]
    assert sorted(id(v) for v in kept) == sorted({id(hm._levels), id(hm._na)})
    assert not np.shares_memory(hm._levels, big.levels)
    levels = expected_levels(big, hm)
    assert np.array_equal(hm._levels, levels, equal_nan=True)  # exact, NaN included
    targets = big.targets[np.ix_(hm.row_order, hm.col_order)]
    assert np.array_equal(hm._targets, targets, equal_nan=True)
    # what is drawn is unchanged: the image's values, marks and "outside role" cells
    with np.errstate(invalid="ignore"):
        below = levels < targets
    assert np.array_equal(hm._below(), below)
    na = big.not_applicable[np.ix_(hm.row_order, hm.col_order)]
    assert np.array_equal(hm._outside_role(), np.isnan(levels) & np.isnan(targets) & ~na)
    rated = ~np.isnan(levels)
    assert np.array_equal(drawn(hm).data[rated], levels[rated])


def test_display_order_is_built_in_blocks_exactly(big, monkeypatch):
    """Row blocks smaller than the matrix give the same arrays as one fancy index."""
    from skillmatrix.plots import skills

    monkeypatch.setattr(skills, "_ROW_BLOCK", 7)
    hm = HeatmapFigure(big)
    assert np.array_equal(hm._levels, expected_levels(big, hm), equal_nan=True)
    assert np.array_equal(hm._na, big.not_applicable[np.ix_(hm.row_order, hm.col_order)])
    targets = big.targets[np.ix_(hm.row_order, hm.col_order)]
    with np.errstate(invalid="ignore"):
        assert np.array_equal(hm._below(), hm._levels < targets)


def test_float32_image_draws_the_same_pixels_as_float64(big):
    """The float32 image draws pixel for pixel what the float64 array drew.

    The levels are exact in float32, matplotlib resamples in the data's precision and the
    norm bins whole numbers.
    """
    hm = HeatmapFigure(big, figsize=(12, 9))
    assert drawn(hm).dtype == np.float32
    canvas = hm.figure.canvas
    canvas.draw()
    as32 = np.asarray(canvas.buffer_rgba()).copy()
    hm.plot.image.set_data(drawn(hm).astype(np.float64))
    canvas.draw()
    assert np.array_equal(np.asarray(canvas.buffer_rgba()), as32)
