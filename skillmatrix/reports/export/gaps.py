"""The Gaps sheets: one row per person (total gap and the three largest), then the detail.

The detail sheet has every competency where someone is below their role target.
"""

from __future__ import annotations

import math
from typing import Any

from skillmatrix.reports.export.context import ReportData, Ticker
from skillmatrix.reports.export.sheet import (
    TABLE_HEADER_ROW,
    grid_borders,
    table_sheet,
    wrapped_height,
)

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
#: At most 150 characters (as every table sheet): printed at 70 % or more, 10 pt stays 7 pt.
WIDTHS = (20, 12, 18, 10, 26, 16, 8, 8, 7, 10, 11)
HEADER_ROW = TABLE_HEADER_ROW
DETAIL_SHEET = "Gap details"
SUMMARY_HEADERS = (
    "Person",
    "Team",
    "Role",
    "Seniority",
    "Below target",
    "Not rated",
    "Total gap",
    "Largest gaps (level → target)",
)
SUMMARY_WIDTHS = (20, 12, 18, 10, 9, 9, 9, 60)
TOP = 3


def write_gap_summary(ws: Any, data: ReportData, tick: Ticker) -> None:
    """Fill the (write-only) Gaps sheet: one row per person, largest total gap first."""
    w = table_sheet(
        ws,
        title=f"Gaps to role targets · {data.scope} · {data.cycle_name}",
        subtitle=f"One row per person: the sum of their gaps (target − current level; not "
        f"rated counts as the full target) and the {TOP} largest. Every gap is on the "
        f"{DETAIL_SHEET} sheet.",
        headers=SUMMARY_HEADERS,
        widths=SUMMARY_WIDTHS,
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name}",
        paper=data.paper,
    )
    total = max(1, len(data.person_gaps))
    for n, pg in enumerate(data.person_gaps):
        p = pg.person
        team, role, seniority = data.identity(p)
        top = "; ".join(_gap_text(item) for item in pg.items[:TOP]) or "Meets every target"
        if len(pg.items) > TOP:
            top += f"; + {len(pg.items) - TOP} more"
        w.append(
            [
                w.text(p.name, "sm_text"),
                w.text(team, "sm_text"),
                w.text(role, "sm_text"),
                w.text(seniority, "sm_text"),
                w.number(pg.below_target, "sm_int"),
                w.number(sum(1 for i in pg.items if math.isnan(i.level)), "sm_int"),
                w.number(_num(pg.total_gap), "sm_dec" if pg.total_gap % 1 else "sm_int"),
                w.text(top, "sm_wrap"),
            ],
            height=wrapped_height([(top, SUMMARY_WIDTHS[-1])]),
        )
        if n % 200 == 0:
            tick.step(n / total)
    if not data.person_gaps:
        w.append([w.text("Nobody in this report has a role target.", "sm_plain")])
    ws.auto_filter.ref = f"A{HEADER_ROW}:H{max(w.row, HEADER_ROW)}"


def _gap_text(item: Any) -> str:
    level = "not rated" if math.isnan(item.level) else f"{item.level:g}"
    return f"{item.competency.name} {level} → {item.target}"


def write_gaps(ws: Any, data: ReportData, tick: Ticker) -> None:
    """Fill the (write-only) Gap details sheet: largest total gap first, then largest gap."""
    w = table_sheet(
        ws,
        title=f"Gap details · {data.scope} · {data.cycle_name}",
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
        team, role, seniority = data.identity(p)
        total_gap = _num(pg.total_gap)
        for item in pg.items:
            unrated = math.isnan(item.level)
            w.append(
                [
                    # fresh cells each row: openpyxl reuses an unstyled cell object it was given
                    w.raw(p.name),
                    w.raw(team),
                    w.raw(role),
                    seniority,
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
