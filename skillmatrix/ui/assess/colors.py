"""Colours of the rating grid: a colour-blind-safe sequential scale and the marks.

Levels use a viridis-like ramp (dark violet -> teal -> yellow): perceptually uniform,
readable with red-green colour blindness and in grey scale. "Not rated" is the empty
background and "n/a" is hatched grey, so neither can be mistaken for level 0 (dark violet).
Everything is built once per palette into a :class:`CellStyle` so painting allocates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QPen

#: Viridis at 0, 1/8, ..., 1 (sRGB); levels are interpolated along it.
_VIRIDIS = (
    (0x44, 0x01, 0x54),
    (0x47, 0x2D, 0x7B),
    (0x3B, 0x52, 0x8B),
    (0x2C, 0x72, 0x8E),
    (0x21, 0x91, 0x8C),
    (0x28, 0xAE, 0x80),
    (0x5E, 0xC9, 0x62),
    (0xAD, 0xDC, 0x30),
    (0xFD, 0xE7, 0x25),
)
#: Start a little above the darkest violet so level 0 is not a black hole in a big grid.
_RAMP_START = 0.06

BELOW_TARGET = QColor("#F03E0F")  # red-orange: a warm mark that no level colour uses
DIFFERS = QColor("#FFFFFF")
DIFFERS_EDGE = QColor("#1A1A1A")


def ramp(fraction: float) -> QColor:
    """The viridis-like colour at ``fraction`` (0..1)."""
    f = min(max(fraction, 0.0), 1.0) * (len(_VIRIDIS) - 1)
    i = min(int(f), len(_VIRIDIS) - 2)
    t = f - i
    a, b = _VIRIDIS[i], _VIRIDIS[i + 1]
    return QColor(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))


def level_colors(count: int) -> list[QColor]:
    """``count`` colours, lowest level first, evenly spread along the ramp."""
    if count <= 1:
        return [ramp(0.5)]
    span = 1.0 - _RAMP_START
    return [ramp(_RAMP_START + span * i / (count - 1)) for i in range(count)]


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def text_color(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background`` (WCAG ratio)."""
    lum = _luminance(background)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return QColor("#000000") if on_black >= on_white else QColor("#FFFFFF")


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
    """

    level_brushes: list[QBrush]
    level_pens: list[QPen]
    empty: QBrush
    outside_role: QBrush
    na_fill: QBrush
    na_hatch: QBrush
    na_pen: QPen
    below: QBrush
    fold: QBrush
    fold_pen: QPen
    differs: QBrush
    differs_pen: QPen
    selection: QBrush
    focus_pen: QPen
    group_pen: QPen
    font: QFont

    @classmethod
    def build(cls, palette: QPalette, levels: int, font: QFont) -> CellStyle:
        """The style for ``palette`` and a scale of ``levels`` levels."""
        dark = _is_dark(palette)
        colors = level_colors(levels)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(110)
        outside = QColor(base).darker(106) if not dark else QColor(base).lighter(125)
        na_bg = QColor("#3B3B3B") if dark else QColor("#E2E2E2")
        na_line = QColor("#6E6E6E") if dark else QColor("#A8A8A8")
        bold = QFont(font)
        bold.setBold(True)
        return cls(
            level_brushes=[QBrush(c) for c in colors],
            level_pens=[QPen(text_color(c)) for c in colors],
            empty=QBrush(base),
            outside_role=QBrush(outside),
            na_fill=QBrush(na_bg),
            na_hatch=QBrush(na_line, Qt.BrushStyle.BDiagPattern),
            na_pen=QPen(QColor("#C8C8C8") if dark else QColor("#505050")),
            below=QBrush(BELOW_TARGET),
            fold=QBrush(base),
            fold_pen=QPen(text, 1),
            differs=QBrush(DIFFERS),
            differs_pen=QPen(DIFFERS_EDGE, 1),
            selection=QBrush(highlight),
            focus_pen=QPen(text, 2),
            group_pen=QPen(text, 2),
            font=bold,
        )
