"""Paint one rating cell (shared by the grid delegate and the legend).

Everything heavy (brushes, pens, glyph layouts, mark shapes) is made once in
:class:`CellPainter`; :meth:`CellPainter.paint` only issues draw calls.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPen, QPolygonF, QStaticText

from skillmatrix.core.scale import Scale
from skillmatrix.ui.assess.colors import CellStyle
from skillmatrix.ui.assess.model import Cell
from skillmatrix.ui.assess.roles import CellState

MARK = 7  # size of the corner marks, px
DOT = 3.5  # interest dot diameter, px
CARRIED_INSET = 4  # how far a carried-forward rating's tile sits inside its cell, px


def _static(text: str, font: QFont) -> QStaticText:
    st = QStaticText(text)
    st.setTextFormat(Qt.TextFormat.PlainText)
    st.prepare(font=font)
    return st


class CellPainter:
    """Draws cells for one palette, scale and font.

    Args:
        palette: the widget palette (light or dark).
        scale: the database's scale (its levels pick the colours and glyphs).
        font: the grid font; levels are drawn in its bold variant.
    """

    def __init__(self, palette: QPalette, scale: Scale, font: QFont) -> None:
        self.scale = scale
        self.style = CellStyle.build(palette, len(scale.levels), font)
        f = self.style.font
        self._glyphs = [_static(str(lv.value), f) for lv in scale.levels]
        self._dash = _static("–", f)
        self._plain_pen = self.style.fold_pen
        self._triangle = QPolygonF([QPointF(0, 0), QPointF(MARK, 0), QPointF(0, MARK)])
        self._fold = QPolygonF([QPointF(-MARK, 0), QPointF(0, 0), QPointF(0, MARK)])
        d = 4.5
        self._diamond = QPolygonF([QPointF(0, -d), QPointF(d, 0), QPointF(0, d), QPointF(-d, 0)])

    def paint(
        self,
        p: QPainter,
        rect: QRect,
        cell: Cell,
        *,
        selected: bool = False,
        focused: bool = False,
        group_top: bool = False,
        category_left: bool = False,
    ) -> None:
        """Paint ``cell`` into ``rect`` (the painter's state is restored afterwards)."""
        s = self.style
        state, level, interest, note, below, differs, outside, carried, *rest = cell
        stale = bool(rest and rest[0])
        p.save()
        text_pen = self._plain_pen
        glyph: QStaticText | None = None
        # A carried-forward rating keeps its exact level colour on a smaller tile inside a
        # dotted frame: "not looked at this cycle" without making one level look like another.
        fill = rect
        if carried and state != CellState.NOT_RATED:
            p.fillRect(rect, s.empty)
            p.setBrush(Qt.BrushStyle.NoBrush)
            if stale:  # not confirmed for N cycles: a solid amber frame, not dots
                p.setPen(s.stale_edge)
                p.drawRect(rect.adjusted(1, 1, -1, -1))
            else:
                p.setPen(s.carried_edge)
                p.drawRect(rect.adjusted(1, 1, -2, -2))
            fill = rect.adjusted(CARRIED_INSET, CARRIED_INSET, -CARRIED_INSET, -CARRIED_INSET)
        if state == CellState.RATED:
            k = level - self.scale.min
            p.fillRect(fill, s.level_brushes[k])
            text_pen, glyph = s.level_pens[k], self._glyphs[k]
        elif state == CellState.NOT_APPLICABLE:
            p.fillRect(fill, s.na_fill)
            p.fillRect(fill, s.na_hatch)
            text_pen, glyph = s.na_pen, self._dash
        elif state == CellState.LOADING:
            p.fillRect(rect, s.empty)
            p.fillRect(rect, s.loading)
        else:
            p.fillRect(rect, s.outside_role if outside else s.empty)
            if selected:  # nothing to keep readable: tint the whole cell
                p.fillRect(rect, s.selection)
        p.setPen(Qt.PenStyle.NoPen)
        if below:
            p.translate(rect.topLeft())
            p.setBrush(s.below)
            p.drawPolygon(self._triangle)
            p.translate(-rect.topLeft())
        if note:
            # Filled in the cell's text colour: black on light fills, white on dark ones,
            # so the corner shows on every level (a background-coloured fold did not).
            tr = QPointF(rect.right() + 1, rect.top())
            p.translate(tr)
            p.setBrush(text_pen.color())
            p.drawPolygon(self._fold)
            p.setPen(Qt.PenStyle.NoPen)
            p.translate(-tr)
        dots = interest >= 0
        if glyph is not None:
            size = glyph.size()
            x = rect.x() + (rect.width() - size.width()) / 2
            y = rect.y() + (rect.height() - size.height()) / 2
            p.setPen(text_pen)
            p.drawStaticText(QPointF(x, y), glyph)
        if dots:
            self._dots(p, rect, interest, text_pen)
        if differs:
            p.setPen(s.differs_pen)
            p.setBrush(s.differs)
            c = QPointF(rect.left() + 6, rect.bottom() - 5)
            p.translate(c)
            p.drawPolygon(self._diamond)
            p.translate(-c)
        if selected and state != CellState.NOT_RATED:
            # An outline, not a tint: a tinted fill turns one level into another's colour.
            p.setPen(s.selection_pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -2, -2))
        if group_top:
            p.setPen(s.group_pen)
            p.drawLine(rect.left(), rect.top(), rect.right() + 1, rect.top())
        if category_left:
            p.setPen(s.group_pen)
            p.drawLine(rect.left(), rect.top(), rect.left(), rect.bottom() + 1)
        if focused:
            p.setPen(s.focus_pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -1, -1))
        p.restore()

    def _dots(self, p: QPainter, rect: QRect, interest: int, pen: QPen) -> None:
        """A column of dots up the right edge: 1-3 filled, or one ring for 0 (not interested)."""
        r = DOT / 2
        x = rect.right() - r - 1.5
        color = pen.color()
        p.setPen(color if interest == 0 else Qt.PenStyle.NoPen)
        p.setBrush(Qt.BrushStyle.NoBrush if interest == 0 else color)
        for k in range(max(interest, 1)):
            p.drawEllipse(QPointF(x, rect.bottom() - r - 2 - k * (DOT + 1.5)), r, r)
