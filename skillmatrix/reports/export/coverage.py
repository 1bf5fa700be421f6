"""The Coverage sheet: per competency, how many people cover it against its rule.

Rows are sorted worst first (gap, then at risk, by shortfall, critical first) so the native
bar chart next to the table can show the top shortfalls from one contiguous range.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference

from skillmatrix.core.analytics import CoverageRow, worst_first
from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import TABLE_HEADER_ROW, table_sheet, wrapped_height
from skillmatrix.reports.styles import STATUS_WORDS

HEADERS = (
    "Competency",
    "Category",
    "Critical",
    "Covered",
    "Required",
    "Min level",
    "Status",
    "Shortfall",
    "Rated",
    "Mean level",
    "Covered by",
)
WIDTHS = (30, 20, 9, 10, 10, 10, 10, 10, 8, 10, 48)
HEADER_ROW = TABLE_HEADER_ROW
CHART_ROWS = 20
MAX_NAMES = 10


def names(people: tuple[Any, ...], limit: int = MAX_NAMES) -> str:
    """Up to ``limit`` names, then "+ N more"."""
    shown = ", ".join(p.name for p in people[:limit])
    return shown + (f" + {len(people) - limit} more" if len(people) > limit else "")


def write_coverage(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Coverage sheet and add its bar chart."""
    w = table_sheet(
        ws,
        title=f"Coverage · {data.scope} · {data.cycle_name}",
        subtitle="Meets rule: at least 'Required' people are at 'Min level' (0-4) or "
        "above. Below rule: fewer. Nobody: no one is.",
        headers=HEADERS,
        widths=WIDTHS,
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name}",
        paper=data.paper,
    )
    rows = worst_first(data.coverage)
    for r in rows:
        c = r.competency
        who = names(r.coverers)
        w.append(
            [
                w.text(c.name, "sm_text"),
                w.text(c.category, "sm_text"),
                w.text("Yes" if c.critical else "", "sm_int"),
                w.number(r.covered, "sm_int"),
                w.number(r.required, "sm_int"),
                w.number(c.rule.min_level, "sm_int"),
                w.text(STATUS_WORDS[r.status], f"sm_status_{r.status}"),
                w.number(max(0, r.required - r.covered), "sm_int"),
                w.number(r.rated, "sm_int"),
                w.number(r.mean_level, "sm_dec"),
                w.text(who, "sm_wrap"),
            ],
            height=wrapped_height([(who, WIDTHS[-1]), (c.name, WIDTHS[0])]),
        )
    last = w.row
    ws.auto_filter.ref = f"A{HEADER_ROW}:K{max(last, HEADER_ROW)}"
    if rows:
        ws.add_chart(coverage_chart(ws, rows), "M3")


def coverage_chart(ws: Any, rows: list[CoverageRow]) -> BarChart:
    """Horizontal bars of covered vs required for the first (worst) rows."""
    shown = min(len(rows), CHART_ROWS)
    first_data = HEADER_ROW + 1
    end = first_data + shown - 1
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.grouping = "clustered"
    below = sum(1 for r in rows if r.status != "ok")
    title = f"Covered vs required: {below} of {len(rows)} below their rule"
    if shown < len(rows):
        title += f" (the {shown} least covered shown)"
    chart.title = title
    data = Reference(ws, min_col=4, max_col=5, min_row=HEADER_ROW, max_row=end)
    cats = Reference(ws, min_col=1, min_row=first_data, max_row=end)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.series[0].graphicalProperties.solidFill = "2F6DB5"
    chart.series[1].graphicalProperties.solidFill = "E69F00"
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.y_axis.title = "people"
    chart.legend.position = "b"
    chart.gapWidth = 60
    chart.width = 18
    chart.height = max(8.0, 0.45 * shown + 3)  # cm: stays on the first printed page
    return chart
