"""Insights text and charts fit.

Risk-table headers, person combos, the coverage and profile scales on screen, the team
comparison filling its page, team labels whole.
"""

from __future__ import annotations

import numpy as np
from insights_data import open_view
from matplotlib.text import Text
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

from skillmatrix.plots import matrix_plot_of
from skillmatrix.ui.insights.view import PANEL_MIN


def _drawn_texts(fig) -> list[Text]:  # type: ignore[no-untyped-def]
    """Texts the figure draws (tick labels only where their tick is in view)."""
    fig.canvas.draw()
    hidden = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = sorted((lo, hi))
            for tick in axis.get_major_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


def _x_tick_labels(ax) -> list[Text]:  # type: ignore[no-untyped-def]
    """Every x tick label of ``ax``, below and above."""
    return [lab for tick in ax.xaxis.get_major_ticks() for lab in (tick.label1, tick.label2)]


def _inside_figure(fig) -> None:  # type: ignore[no-untyped-def]
    box = fig.bbox
    for t in _drawn_texts(fig):
        e = t.get_window_extent()
        assert e.x0 >= box.x0 - 1 and e.x1 <= box.x1 + 1, t.get_text()
        assert e.y0 >= box.y0 - 1 and e.y1 <= box.y1 + 1, t.get_text()


def test_risk_table_headers_fit_at_the_narrowest_panel(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo, team="Payments", size=(1100, 800))
    view.splitter.setSizes([view.splitter.width() - PANEL_MIN, PANEL_MIN])
    view._user_split = True
    qtbot.wait(50)
    tables = [view.risk.below, view.risk.spof, view.risk.left, view.risk.mentors]
    for table in tables:
        header = table.header()
        widths = [header.sectionSize(k) for k in range(table.columnCount())]
        for k, width in enumerate(widths):  # was "Who c…", "Cove…"
            assert width >= header.sectionSizeHint(k), (table.objectName(), k, width)
        assert sum(widths) <= table.viewport().width() + 1, table.objectName()


def _text_room(combo: QComboBox) -> int:
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def test_person_combos_show_a_whole_name(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo)
    view.set_chart("profile")
    qtbot.waitUntil(lambda: view.charts["profile"].page.figure is not None, timeout=5000)
    combo = view.options["profile"].person
    longest = max((combo.itemText(k) for k in range(combo.count())), key=len)
    combo.setCurrentIndex(combo.findText(longest))
    assert "—" in longest and len(longest) > 22  # "Name — Seniority Role"
    assert _text_room(combo) >= combo.fontMetrics().horizontalAdvance(longest)
    panel_combo = view.risk.person
    box = panel_combo.parentWidget()
    assert panel_combo.width() >= box.contentsRect().width() - 20  # the box's width


def _top_of_page_shows_the_scale(view, kind: str) -> None:  # type: ignore[no-untyped-def]
    page = view.charts[kind].page
    fig = page.figure
    ax = fig.axes[0]
    fig.canvas.draw()
    visible_px = page.viewport().height()
    tops = [
        fig.bbox.height - t.get_window_extent().y0  # pixels from the top of the canvas
        for t in _drawn_texts(fig)
        if any(t is lab for lab in _x_tick_labels(ax))
    ]
    assert len(tops) >= 3
    # some of the scale is on screen before any scrolling (it was only at the bottom)
    assert min(tops) < visible_px, (kind, min(tops), visible_px)
    assert fig.bbox.height > visible_px  # the chart itself is taller than the page


def test_coverage_and_profile_scales_are_on_screen_without_scrolling(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo, size=(1280, 800))
    for kind in ("coverage", "profile"):
        view.set_chart(kind)
        qtbot.waitUntil(lambda k=kind: view.charts[k].page.figure is not None, timeout=5000)
        _top_of_page_shows_the_scale(view, kind)
        _inside_figure(view.charts[kind].page.figure)


def test_team_comparison_fills_its_page(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo, size=(1280, 800))
    view.set_chart("teams")
    qtbot.waitUntil(lambda: view.charts["teams"].page.figure is not None, timeout=5000)
    page = view.charts["teams"].page
    fig = page.figure
    ax = fig.axes[0]
    fig.canvas.draw()
    area = ax.get_window_extent()
    # three teams used to take about a third of the page's height
    assert area.height >= 0.55 * page.viewport().height()
    assert area.width >= 0.55 * page.viewport().width()
    assert abs(fig.bbox.height - page.viewport().height()) <= 2  # no scrolling for 3 teams
    _inside_figure(fig)


def test_heatmap_team_labels_start_at_their_band_and_stay_inside(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo, size=(1280, 800))
    hm = view.charts["heatmap"].heatmap
    plot = matrix_plot_of(hm.figure)
    fig = hm.figure
    fig.canvas.draw()
    bands = {b.label: b for b in plot.rows.bands}
    labels = [t for t in plot._band_texts if t.get_text() in bands]
    assert {t.get_text() for t in labels} == set(bands) == {"Growth", "Payments", "Platform"}
    row_px = plot.ax.get_window_extent().height / plot.shape[0]
    for t in labels:
        band = bands[t.get_text()]
        top_px = plot.ax.transData.transform((0, band.start - 0.5))[1]
        e = t.get_window_extent()
        # the label begins at the band's first row: a band that starts on screen shows
        # its whole name (centred, "Payments" was cut by the bottom of the page)
        assert abs(e.y1 - top_px) <= row_px, (t.get_text(), e.y1, top_px)
        assert e.y0 >= plot.ax.transData.transform((0, band.stop - 0.5))[1] - 1
    page = view.charts["heatmap"].page
    visible = page.viewport().height()
    shown = [t.get_text() for t in labels if fig.bbox.height - t.get_window_extent().y0 < visible]
    assert shown == ["Growth", "Payments"]  # both bands that start on the first screen
    _inside_figure(fig)
    assert np.isfinite(row_px)
