"""The Coverage chart sheet: covered vs required per competency, one printed page.

The native bar chart reads the Coverage sheet's table (worst first), so it stays live when
someone edits the table. It used to float beside the table, which pushed the table's print
scale down and printed the chart twice (clipped) across the table's page break; on a sheet
of its own it prints once, sized to the page, with a label on every bar.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter

from skillmatrix.core.analytics import worst_first
from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.coverage import HEADER_ROW
from skillmatrix.reports.export.paper import SLACK
from skillmatrix.reports.export.sheet import SheetWriter, setup_print

SHEET = "Coverage chart"
#: Text sizes (points) inside the chart; the sheet prints at 100 %.
LABEL_PT = 9
TITLE_PT = 12
#: Points each bar's row needs for its 9 pt label, and the chart's own furniture
#: (title, legend, value axis) that is not bars.
BAR_ROW_PT = 12.0
FURNITURE_PT = 90.0
TITLE_ROW_PT = 26.0
CM_PER_PT = 2.54 / 72
#: Columns the chart spans (their widths add up to the printable width).
COLUMNS = 10


def _props(size: int, bold: bool = False) -> CharacterProperties:
    return CharacterProperties(sz=size * 100, b=bold)


def _rich(size: int) -> RichText:
    """Text properties that set every label of an axis or legend to ``size`` points."""
    props = _props(size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str, size: int) -> Title:
    props = _props(size, bold=True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def bars_per_page(height_pt: float) -> int:
    """How many labelled bars fit in a chart ``height_pt`` tall."""
    return max(1, math.floor((height_pt - FURNITURE_PT) / BAR_ROW_PT))


def write_coverage_chart(ws: Any, coverage_ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Coverage chart sheet from the Coverage sheet's table."""
    w = SheetWriter(ws)
    ws.sheet_view.showGridLines = False
    footer = f"SkillMatrix · {data.scope} · {data.cycle_name}"
    setup_print(ws, landscape=False, fit_height=True, footer=footer, paper=data.paper)
    width_pt, height_pt = (v * SLACK for v in data.paper.printable(False))
    w.widths([width_pt / 7.0 / COLUMNS] * COLUMNS)  # the chart's width, in 7 pt characters
    w.append(
        [w.text(f"Coverage · {data.scope} · {data.cycle_name}", "sm_title")],
        height=TITLE_ROW_PT,
    )
    rows = worst_first(data.coverage)
    if not rows:
        w.append([w.text("No competencies in this report.", "sm_plain")])
        return
    chart_h = height_pt - TITLE_ROW_PT - 26  # a row of room below it
    shown = min(len(rows), bars_per_page(chart_h))
    chart_h = min(chart_h, FURNITURE_PT + BAR_ROW_PT * max(shown, 8))
    chart = _chart(coverage_ws, rows, shown)
    chart.width = width_pt * CM_PER_PT
    chart.height = chart_h * CM_PER_PT
    ws.add_chart(chart, "A2")
    # Rows under the chart, so every program's print range reaches its bottom edge.
    for _ in range(math.ceil(chart_h / 20) + 1):
        w.blank(height=20)
    ws.print_area = f"A1:{get_column_letter(COLUMNS)}{w.row}"


def _chart(coverage_ws: Any, rows: list[Any], shown: int) -> BarChart:
    """Horizontal bars of covered vs required for the first (worst) ``shown`` rows."""
    first = HEADER_ROW + 1
    end = first + shown - 1
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.grouping = "clustered"
    below = sum(1 for r in rows if r.status != "ok")
    title = f"Covered vs required: {below} of {len(rows)} competencies below their rule"
    if shown < len(rows):
        title += f" (the {shown} least covered shown)"
    chart.title = _title(title, TITLE_PT)
    values = Reference(coverage_ws, min_col=4, max_col=5, min_row=HEADER_ROW, max_row=end)
    cats = Reference(coverage_ws, min_col=1, min_row=first, max_row=end)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(cats)
    chart.series[0].graphicalProperties.solidFill = "2F6DB5"
    chart.series[1].graphicalProperties.solidFill = "E69F00"
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top
    chart.x_axis.delete = False
    chart.x_axis.tickLblSkip = 1  # a label on every bar
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = _rich(LABEL_PT)
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.y_axis.title = _title("people", LABEL_PT)
    chart.y_axis.txPr = _rich(LABEL_PT)
    chart.legend.position = "b"
    chart.legend.txPr = _rich(LABEL_PT)
    chart.gapWidth = 60
    return chart
