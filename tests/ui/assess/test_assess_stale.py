"""Stale ratings (not confirmed within N cycles, a setting): a solid amber frame."""

from __future__ import annotations

import datetime as dt

import pytest
from assess_data import SmallOrg
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from skillmatrix.core import palette as colours
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.services import cycles, ratings
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.assess.painter import CellPainter
from skillmatrix.ui.assess.roles import CellState
from skillmatrix.ui.assess.view import STALE_KEY
from skillmatrix.ui.context import AppContext

W, H = 40, 30


def _paint(painter: CellPainter, stale: bool) -> QImage:
    img = QImage(W, H, QImage.Format.Format_RGB32)
    img.fill(QColor("#808080"))
    p = QPainter(img)
    painter.paint(
        p, QRect(0, 0, W, H), (CellState.RATED, 2, -1, False, False, False, False, True, stale)
    )
    p.end()
    return img


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_stale_frame_is_solid_and_stands_out_from_the_background(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    pal = QPalette(QApplication.palette())
    if dark:
        pal.setColor(QPalette.ColorRole.Base, QColor("#1E1E1E"))
        pal.setColor(QPalette.ColorRole.Text, QColor("#EEEEEE"))
    painter = CellPainter(pal, DEFAULT_SCALE, QFont())
    empty = painter.style.empty.color()
    img = _paint(painter, stale=True)
    ring = {img.pixelColor(x, 1).name() for x in range(4, W - 10)}
    assert len(ring) == 1  # solid, not the carried mark's dots
    frame = QColor(ring.pop())
    assert colours.contrast(frame.name(), empty.name()) >= 3.0, (frame.name(), empty.name())
    dotted = _paint(painter, stale=False)
    assert dotted.pixelColor(5, 1) != frame


def test_ratings_carried_n_cycles_are_marked_and_the_setting_moves_the_line(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg, settings: QSettings
) -> None:
    pid, cid = org.people[0].id, org.competencies[0].id
    ratings.rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=2)
    q4 = cycles.start_cycle(org.db, name="2026-Q4", today=dt.date(2026, 10, 1))
    ctx.set_cycle(q4)
    view.reload()
    idx = view.model.index_of(pid, cid)
    assert view.model.cell(idx.row(), idx.column())[7:] == (True, False)  # 1 cycle: carried
    q1 = cycles.start_cycle(org.db, name="2027-Q1", today=dt.date(2027, 1, 1))
    ctx.set_cycle(q1)
    view.reload()
    idx = view.model.index_of(pid, cid)
    assert view.model.cell(idx.row(), idx.column())[7:] == (True, True)  # 2 cycles: stale
    text = view.model.data(idx, Qt.ItemDataRole.AccessibleTextRole)
    assert "not confirmed in 2 cycles" in text
    assert any("stale: not confirmed in 2+" in label for _c, label in view.legend._items)
    settings.setValue(STALE_KEY, 3)
    assert view.apply_stale_setting() == 3
    assert view.model.cell(idx.row(), idx.column())[7:] == (True, False)
    assert any("stale: not confirmed in 3+" in label for _c, label in view.legend._items)
