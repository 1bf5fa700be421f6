"""Carried-forward ratings in the grid, "Reviewed X of Y", and cells that stay readable.

Painting is checked on real pixels: each cell is painted into an image by the grid's own
``CellPainter`` and colours are read back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from assess_data import SmallOrg
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from skillmatrix.core import palette as colours
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.services import cycles, ratings
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.assess.colors import level_colors
from skillmatrix.ui.assess.model import Cell
from skillmatrix.ui.assess.painter import CellPainter
from skillmatrix.ui.assess.roles import CellState, Role
from skillmatrix.ui.context import AppContext

W, H = 40, 30
LEVELS = [lv.value for lv in DEFAULT_SCALE.levels]


def _cell(level: int, *, note: bool = False, carried: bool = False) -> Cell:
    return (CellState.RATED, level, -1, note, False, False, False, carried)


def _paint(painter: CellPainter, cell: Cell, *, selected: bool = False) -> QImage:
    img = QImage(W, H, QImage.Format.Format_RGB32)
    img.fill(QColor("#808080"))
    p = QPainter(img)
    painter.paint(p, QRect(0, 0, W, H), cell, selected=selected)
    p.end()
    return img


def _painter(dark: bool = False) -> CellPainter:
    pal = QPalette(QApplication.palette())
    if dark:
        pal.setColor(QPalette.ColorRole.Base, QColor("#1E1E1E"))
        pal.setColor(QPalette.ColorRole.Text, QColor("#EEEEEE"))
    return CellPainter(pal, DEFAULT_SCALE, QFont())


def _contrast(a: QColor, b: QColor) -> float:
    return colours.contrast(a.name(), b.name())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_selected_cell_keeps_its_level_colour(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    painter = _painter(dark)
    for level, expected in zip(LEVELS, level_colors(5), strict=True):
        img = _paint(painter, _cell(level), selected=True)
        # Away from the outline, the glyph and the marks: the level's own colour.
        assert img.pixelColor(8, H // 2) == expected, level
        # The outline is the highlight colour, drawn inside the cell.
        assert img.pixelColor(2, H // 2) == QApplication.palette().color(
            QPalette.ColorRole.Highlight
        )


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_note_corner_shows_on_every_level(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    painter = _painter(dark)
    for level, fill in zip(LEVELS, level_colors(5), strict=True):
        corner = _paint(painter, _cell(level, note=True)).pixelColor(W - 2, 1)
        assert _contrast(corner, fill) >= 4.5, (level, corner.name(), fill.name())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_carried_cells_keep_the_exact_level_colour_inside_a_dotted_frame(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    painter = _painter(dark)
    empty = painter.style.empty.color()
    for level, colour in zip(LEVELS, level_colors(5), strict=True):
        fresh = _paint(painter, _cell(level))
        img = _paint(painter, _cell(level, carried=True))
        assert img.pixelColor(8, H // 2) == colour  # the level's own colour, never faded
        assert fresh.pixelColor(2, H // 2) == colour  # a fresh cell is colour to the edge
        assert img.pixelColor(2, H // 2) != colour  # a carried one is framed by background
        ring = [img.pixelColor(x, 1) for x in range(4, W - 10)]
        assert empty in ring and any(c != empty for c in ring)  # dotted, not solid


def _progress(view: AssessView) -> str:
    """The count, without the overdue part (that follows today's date)."""
    return view.toolbar.review.text().split(" · ")[0]


def _start_next_quarter(org: SmallOrg, ctx: AppContext, view: AssessView) -> int:
    q4 = cycles.start_cycle(org.db, name="2026-Q4", today=dt.date(2026, 10, 1))
    ctx.set_cycle(q4)
    view.reload()
    return q4.id


def test_carry_forward_marks_cells_until_confirmed_by_key(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    m = view.model
    pids = [p.id for p in org.people]
    cid = org.competencies[0].id
    for pid in pids[:3]:
        ratings.rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=2)
    view.reload()
    assert _progress(view) == "Reviewed 3 of 4"  # rated in their own cycle
    q4 = _start_next_quarter(org, ctx, view)
    assert _progress(view) == "Reviewed 0 of 4"
    idx = m.index_of(pids[0], cid)
    assert m.data(idx, Role.CARRIED) is True and m.data(idx) == "2"
    assert "carried forward" in m.data(idx, Qt.ItemDataRole.AccessibleTextRole)
    view.grid.setCurrentIndex(idx)
    qtbot.keyClick(view.grid, "c")
    assert m.data(idx, Role.CARRIED) is False and m.data(idx) == "2"
    stored = ratings.get_rating(org.db, cycle_id=q4, person_id=pids[0], competency_id=cid)
    assert stored is not None and stored.confirmed_cycle_id == q4 and stored.level == 2
    assert _progress(view) == "Reviewed 1 of 4"
    assert ctx.undo_stack.undoText().endswith("confirmed unchanged")
    # Changing a carried rating also reviews it; Undo brings the carried mark back.
    view.grid.setCurrentIndex(m.index_of(pids[1], cid))
    qtbot.keyClick(view.grid, "3")
    assert _progress(view) == "Reviewed 2 of 4"
    ctx.undo_stack.undo()
    assert m.data(m.index_of(pids[1], cid), Role.CARRIED) is True
    assert _progress(view) == "Reviewed 1 of 4"


def test_confirm_on_a_fresh_cell_says_there_is_nothing_to_confirm(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    failures: list[str] = []
    ctx.failed.connect(failures.append)
    pid, cid = org.people[0].id, org.competencies[0].id
    ratings.rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=2)
    view.reload()
    view.grid.setCurrentIndex(view.model.index_of(pid, cid))
    qtbot.keyClick(view.grid, "c")
    assert failures and failures[-1].startswith("Nothing to confirm")
    assert ctx.undo_stack.count() == 0


def test_legend_explains_the_carried_mark(view: AssessView) -> None:
    labels = [label for _cell, label in view.legend._items]
    assert any(label.startswith("carried forward") for label in labels)
    carried = [cell for cell, label in view.legend._items if label.startswith("carried")]
    assert carried[0][7] is True
