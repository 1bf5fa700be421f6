"""The Coverage sheet: per competency, how many people cover it against its rule.

Rows are sorted worst first (gap, then at risk, by shortfall, critical first) so the native
bar chart on the Coverage chart sheet can show the top shortfalls from one contiguous range.
"""

from __future__ import annotations

import math
from typing import Any

from skillmatrix.core.analytics import worst_first
from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.paper import MIN_PRINTED_PT, PT_PER_CHAR, Paper
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
#: Column widths; "Covered by" takes what the page leaves (see :func:`widths_for`).
WIDTHS = (26, 16, 8, 8, 9, 8, 10, 9, 6, 8, 40)
HEADER_ROW = TABLE_HEADER_ROW
MAX_NAMES = 10
#: The smallest text of the table (points).
TABLE_FONT_PT = 10


def widths_for(paper: Paper) -> tuple[float, ...]:
    """:data:`WIDTHS` with the "Covered by" column as wide as a landscape page allows.

    As wide as 10 pt text still prints at 7 pt or more (a wider table prints smaller, so
    more rows fit a page).
    """
    scale = MIN_PRINTED_PT / TABLE_FONT_PT
    budget = math.floor(paper.printable(True)[0] / scale / PT_PER_CHAR)
    return (*WIDTHS[:-1], max(WIDTHS[-1], budget - sum(WIDTHS[:-1]) - 2))


def names(people: tuple[Any, ...], limit: int = MAX_NAMES) -> str:
    """Up to ``limit`` names, then "+ N more"."""
    shown = ", ".join(p.name for p in people[:limit])
    return shown + (f" + {len(people) - limit} more" if len(people) > limit else "")


def names_fitting(people: tuple[Any, ...], chars: int) -> str:
    """As many names as fit in ``chars`` characters (at least one), then "+ N more"."""
    best = names(people, 1) if people else ""
    for limit in range(2, len(people) + 1):
        text = names(people, limit)
        if len(text) > chars:
            break
        best = text
    return best


def write_coverage(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Coverage sheet (its chart is on the Coverage chart sheet)."""
    widths = widths_for(data.paper)
    names_chars = round(widths[-1] * 1.2)  # one line, as wrapped_height counts it
    w = table_sheet(
        ws,
        title=f"Coverage · {data.scope} · {data.cycle_name}",
        subtitle="Meets rule: at least 'Required' people are at 'Min level' "
        f"({data.current.scale.min}-{data.current.scale.max}) or above. Below rule: fewer. "
        "Nobody: no one is.",
        headers=HEADERS,
        widths=widths,
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name}",
        paper=data.paper,
    )
    rows = worst_first(data.coverage)
    for r in rows:
        c = r.competency
        # One printed line: the names matter where coverage is thin, and those fit in
        # full; the full list of a well-covered competency is the Matrix's column.
        who = names_fitting(r.coverers, names_chars)
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
            height=wrapped_height([(who, widths[-1]), (c.name, widths[0])]),
        )
    last = w.row
    ws.auto_filter.ref = f"A{HEADER_ROW}:K{max(last, HEADER_ROW)}"
