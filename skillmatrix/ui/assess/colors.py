"""Colours of the rating grid, from :mod:`skillmatrix.core.palette` as Qt brushes and pens.

Levels use viridis (dark violet -> teal -> yellow), the same colours as the charts and the
report, starting a little above level 0's violet (``GRID_LEVEL_START``). "Not rated" is the
empty background and "n/a" is hatched grey, so neither can be mistaken for level 0.
Everything is built once per palette into a :class:`CellStyle` so painting allocates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QPen

from skillmatrix.core import palette as colours

BELOW_TARGET = QColor(colours.GRID_BELOW_TARGET)
DIFFERS = QColor("#FFFFFF")
DIFFERS_EDGE = QColor("#1A1A1A")


def level_colors(count: int) -> list[QColor]:
    """``count`` colours, lowest level first, evenly spread along the grid's ramp."""
    return [QColor(c) for c in colours.level_colors(count, start=colours.GRID_LEVEL_START)]


def text_color(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background`` (WCAG ratio)."""
    return QColor(colours.text_on(background.name()))


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(eq=False)
class CellStyle:
    """Brushes, pens and fonts for one palette and scale, made once and reused by paint().

    Attributes:
        level_brushes: one fill per level, lowest first.
        level_pens: the text pen on each level's fill.
        empty: fill of a not-rated cell; outside_role: not rated and no target for the role.
        na_fill, na_hatch, na_pen: the n/a cell (grey, hatched, a dash).
        carried_edge: the dotted frame around a carried-forward, unconfirmed rating.
        stale_edge: the solid amber frame of a rating not confirmed within N cycles.
        selection_pen: the outline of a selected cell (its fill keeps the level colour).
    """

    level_brushes: list[QBrush]
    level_pens: list[QPen]
    empty: QBrush
    outside_role: QBrush
    na_fill: QBrush
    na_hatch: QBrush
    na_pen: QPen
    below: QBrush
    fold_pen: QPen
    differs: QBrush
    differs_pen: QPen
    selection: QBrush
    selection_pen: QPen
    carried_edge: QPen
    stale_edge: QPen
    focus_pen: QPen
    group_pen: QPen
    font: QFont
    #: A cell whose ratings are still being read (a sparse dot pattern on the empty fill).
    loading: QBrush = field(default_factory=QBrush)

    @classmethod
    def build(cls, palette: QPalette, levels: int, font: QFont) -> CellStyle:
        """The style for ``palette`` and a scale of ``levels`` levels."""
        dark = _is_dark(palette)
        colors = level_colors(levels)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        solid_highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight = QColor(solid_highlight)
        highlight.setAlpha(110)
        edge = QPen(text, 1, Qt.PenStyle.DotLine)
        # "not in role" stays apart from "not rated" (the base) in both themes
        outside = QColor(colours.DARK_NOT_IN_ROLE if dark else colours.GRID_NOT_IN_ROLE)
        na_bg = QColor("#3B3B3B") if dark else QColor("#E2E2E2")
        na_line = QColor("#6E6E6E") if dark else QColor("#A8A8A8")
        bold = QFont(font)
        bold.setBold(True)
        return cls(
            level_brushes=[QBrush(c) for c in colors],
            level_pens=[QPen(text_color(c)) for c in colors],
            empty=QBrush(base if dark else QColor(colours.GRID_NOT_RATED)),
            outside_role=QBrush(outside),
            na_fill=QBrush(na_bg),
            na_hatch=QBrush(na_line, Qt.BrushStyle.BDiagPattern),
            na_pen=QPen(QColor("#C8C8C8") if dark else QColor("#505050")),
            below=QBrush(BELOW_TARGET),
            fold_pen=QPen(text, 1),
            differs=QBrush(DIFFERS),
            differs_pen=QPen(DIFFERS_EDGE, 1),
            selection=QBrush(highlight),
            selection_pen=QPen(solid_highlight, 3),
            carried_edge=edge,
            stale_edge=QPen(QColor(colours.DARK_STALE if dark else colours.GRID_STALE), 2),
            focus_pen=QPen(text, 2),
            group_pen=QPen(text, 2),
            font=bold,
            loading=QBrush(na_line, Qt.BrushStyle.Dense7Pattern),
        )
