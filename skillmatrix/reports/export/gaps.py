"""The Gaps sheet: per person, the competencies where they are below their role target."""

from __future__ import annotations

import math
from typing import Any

from skillmatrix.reports.export.context import ReportData, Ticker
from skillmatrix.reports.export.sheet import TABLE_HEADER_ROW, grid_borders, table_sheet

HEADERS = (
    "Person",
    "Team",
    "Role",
    "Seniority",
    "Competency",
    "Category",
    "Current",
    "Target",
    "Gap",
    "Remark",
    "Person's total gap",
)
WIDTHS = (24, 14, 20, 11, 28, 20, 9, 9, 9, 12, 12)
HEADER_ROW = TABLE_HEADER_ROW


def write_gaps(ws: Any, data: ReportData, tick: Ticker) -> None:
    """Fill the (write-only) Gaps sheet: largest total gap first, then largest gap."""
    w = table_sheet(
        ws,
        title=f"Gaps to role targets · {data.scope} · {data.cycle_name}",
        subtitle="Gap = target − current level. A competency that is not rated counts as "
        "a gap of the full target until someone rates it.",
        headers=HEADERS,
        widths=WIDTHS,
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name}",
        paper=data.paper,
    )
    people = [g for g in data.person_gaps if g.items]
    total = max(1, len(people))
    for n, pg in enumerate(people):
        p = pg.person
        total_gap = _num(pg.total_gap)
        for item in pg.items:
            unrated = math.isnan(item.level)
            w.append(
                [
                    # fresh cells each row: openpyxl reuses an unstyled cell object it was given
                    w.raw(p.name),
                    w.raw(p.team),
                    w.raw(p.role),
                    p.seniority.value,
                    w.raw(item.competency.name),
                    w.raw(item.competency.category),
                    None if unrated else int(item.level),
                    item.target,
                    _num(item.gap),
                    "not rated" if unrated else None,
                    total_gap,
                ]
            )
        if n % 200 == 0:
            tick.step(n / total)
    if not people:
        w.append([w.text("Everyone with a role target meets it.", "sm_plain")])
    ws.auto_filter.ref = f"A{HEADER_ROW}:K{max(w.row, HEADER_ROW)}"
    if w.row > HEADER_ROW:
        grid_borders(ws, f"A{HEADER_ROW + 1}:K{w.row}")


def _num(value: float) -> int | float:
    """Whole numbers as int (shown without decimals), others rounded to 2 places."""
    return int(value) if float(value).is_integer() else round(float(value), 2)
