"""A small row cursor over a write-only worksheet.

Write-only sheets are streamed: rows go out in order, and column widths, row heights and
merges must be decided before (or while) the rows are written. :class:`SheetWriter` keeps
the current row number so builders can lay out sections and remember where tables start.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from skillmatrix.reports.export.paper import (
    SIDE_MARGIN_IN,
    TOP_MARGIN_IN,
    Paper,
    locale_paper,
)
from skillmatrix.reports.safe import safe_value, text_cell

Tick = Callable[[], None]
#: Footer text size (points); footers do not scale with the page.
FOOTER_PT = 8


class SheetWriter:
    """Appends rows to a write-only worksheet and tracks the row number.

    Args:
        ws: a worksheet of a ``Workbook(write_only=True)``.
    """

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.row = 0  # the last row written (1-based); 0 before the first

    @property
    def next_row(self) -> int:
        """The row the next append writes."""
        return self.row + 1

    def widths(self, widths: Sequence[float], start: int = 1) -> None:
        """Set column widths (in characters) from column ``start``; call before any row."""
        for offset, width in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(start + offset)].width = width

    def append(self, cells: Iterable[Any], height: float | None = None) -> int:
        """Write one row of values or cells; returns its row number."""
        row = self.next_row
        if height is not None:
            self.ws.row_dimensions[row].height = height
        self.ws.append(list(cells))
        self.row = row
        return row

    def header(self, titles: Sequence[str], height: float = 30) -> int:
        """A table header row: the first title left-aligned, the others centred."""
        return self.append(
            [
                self.text(t, "sm_header_left" if k == 0 else "sm_header")
                for k, t in enumerate(titles)
            ],
            height=height,
        )

    def blank(self, height: float | None = None) -> int:
        """Append an empty row (of ``height`` points, if given); returns its number."""
        return self.append([], height)

    def merge(self, row: int, first_col: int, last_col: int, last_row: int | None = None) -> None:
        """Merge a block; the value must sit in its top-left cell."""
        if last_col <= first_col and (last_row is None or last_row == row):
            return
        ref = f"{get_column_letter(first_col)}{row}:{get_column_letter(last_col)}{last_row or row}"
        self.ws.merged_cells.add(ref)

    def cell(self, value: Any, style: str | None = None) -> WriteOnlyCell | None:
        """A styled cell for a number, date or app-made text (None stays None unless styled).

        User-typed text must go through :meth:`text` instead.
        """
        if value is None and style is None:
            return None
        cell = WriteOnlyCell(self.ws, value=value)
        if style:
            cell.style = style
        return cell

    def text(self, value: object, style: str | None = None) -> WriteOnlyCell:
        """A plain-text cell that can never become a formula (for anything users typed)."""
        return text_cell(self.ws, value, style)

    def raw(self, value: object) -> str | WriteOnlyCell:
        """Unstyled text for big tables (fast); still never a formula."""
        return safe_value(self.ws, value)

    def number(self, value: float | int | None, style: str) -> WriteOnlyCell:
        """A numeric cell; NaN and None become an empty cell with the same style."""
        if value is None or value != value:  # NaN
            return self.cell(None, style) or WriteOnlyCell(self.ws)
        return self.cell(value, style) or WriteOnlyCell(self.ws)


def wrapped_height(texts: Sequence[tuple[str, float]], line: float = 13.0) -> float | None:
    """Row height (points) that shows every (text, column width) wrapped in full.

    Spreadsheet programs do not grow rows for wrapped text in files they did not lay out
    themselves, so rows holding long text get an explicit height. None when one line fits.
    """
    lines = 1
    for text, width in texts:
        per_line = max(1.0, width * 1.2)
        lines = max(
            lines, sum(math.ceil(max(1, len(part)) / per_line) for part in text.split("\n"))
        )
    return None if lines == 1 else lines * line + 3


def grid_borders(ws: Any, area: str) -> None:
    """Thin grey borders on every cell of ``area`` by one conditional format.

    Styling each cell of a big table would cost minutes; one always-true rule draws the
    same grid on screen and on paper (added last, so value colours keep priority).
    """
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import Border, Side
    from openpyxl.styles.differential import DifferentialStyle

    side = Side(style="thin", color="D0D5DB")
    border = Border(left=side, right=side, top=side, bottom=side)
    ws.conditional_formatting.add(
        area, Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(border=border))
    )


def signed(ws: Any, area: str) -> None:
    """Colour changes in ``area``: gains blue, losses vermillion (as the app's statuses)."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font

    from skillmatrix.reports.styles import GAIN, LOSS

    ws.conditional_formatting.add(
        area, CellIsRule(operator="greaterThan", formula=["0"], font=Font(color=GAIN, bold=True))
    )
    ws.conditional_formatting.add(
        area, CellIsRule(operator="lessThan", formula=["0"], font=Font(color=LOSS, bold=True))
    )


def ref(col: int, row: int) -> str:
    """``ref(3, 7) == "C7"``."""
    return f"{get_column_letter(col)}{row}"


#: Row of the column headers on a table sheet (after the title and the subtitle).
TABLE_HEADER_ROW = 3


def table_sheet(
    ws: Any,
    *,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    widths: Sequence[float],
    footer: str,
    freeze: str | None = "B",
    header_height: float = 30,
    paper: Paper | None = None,
) -> SheetWriter:
    """Start a landscape table sheet: title, subtitle, then ``headers``.

    The headers are on :data:`TABLE_HEADER_ROW`, repeated on every printed page. Panes
    freeze below the headers, left of column ``freeze`` (not at all when None).

    Returns:
        The writer, positioned below the headers.
    """
    w = SheetWriter(ws)
    w.widths(widths)
    ws.sheet_view.showGridLines = False
    row = TABLE_HEADER_ROW
    setup_print(ws, landscape=True, title_rows=f"{row}:{row}", footer=footer, paper=paper)
    if freeze:
        ws.freeze_panes = f"{freeze}{row + 1}"
    w.append([w.text(title, "sm_title")], height=28)
    w.append([w.text(subtitle, "sm_subtitle")], height=18)
    w.header(headers, height=header_height)
    return w


def setup_print(
    ws: Any,
    *,
    landscape: bool,
    title_rows: str | None = None,
    title_cols: str | None = None,
    fit_height: bool = False,
    footer: str = "",
    paper: Paper | None = None,
    scale: float | None = None,
) -> None:
    """Paper, narrow margins, repeated titles and a page-number footer.

    Fit to one page wide unless an explicit ``scale`` (0..1, with the caller's own page
    breaks) is given.
    """
    paper = paper or locale_paper()
    ws.page_setup.paperSize = paper.code
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1 if fit_height else 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = max(10, min(100, math.floor(scale * 100)))
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = TOP_MARGIN_IN
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = False
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.oddFooter.left.text = footer.replace("&", "&&")
    ws.oddFooter.left.size = FOOTER_PT
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = FOOTER_PT
    ws.HeaderFooter.scaleWithDoc = False  # the footer keeps its size on a scaled page
