"""The Build or hire sheet: for each team-level gap, whether growth closes it in time.

Growth from within is judged by the horizon (default two cycles); the hire is shown only
where it does not close.
"""

from __future__ import annotations

from typing import Any

from skillmatrix.core.growth import NEVER
from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import table_sheet, wrapped_height

HEADERS = (
    "Verdict",
    "Team",
    "Competency",
    "Needs",
    "Likely cycles",
    "80 % from",
    "80 % to",
    "Best placed to grow",
)
WIDTHS = (9, 16, 28, 7, 9, 9, 9, 53)
MAX_ROWS = 5_000


def _cycles(value: float) -> float | None:
    return None if value >= NEVER else round(value, 1)


def write_build_or_hire(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Build or hire sheet."""
    assert data.decisions is not None
    d = data.decisions
    w = table_sheet(
        ws,
        title=f"Build or hire · {data.scope} · {data.cycle_name}",
        subtitle=f"Grow: the best-placed people likely close the gap within {d.horizon} "
        "cycles (learnt from how fast people moved up in earlier cycles); hire: they do not. "
        "An empty cycles cell: not within sight.",
        headers=HEADERS,
        widths=WIDTHS,
        footer=f"SkillMatrix · {data.scope}",
        paper=data.paper,
        freeze=None,
    )
    if not d.plans:
        w.append([w.text("No coverage gaps: nothing to build or hire for.", "sm_plain")])
    for p in d.plans[:MAX_ROWS]:
        names = [c.person.name for c in p.candidates]
        who = ", ".join(data.named_in_team(names, p.team)) or "nobody to develop"
        w.append(
            [
                w.text(p.verdict.upper(), "sm_text"),
                w.text(p.team or data.scope, "sm_text"),
                w.text(p.competency.name, "sm_text"),
                w.number(p.needed, "sm_int"),
                w.number(_cycles(p.cycles), "sm_dec"),
                w.number(_cycles(p.cycles_low), "sm_dec"),
                w.number(_cycles(p.cycles_high), "sm_dec"),
                w.text(who, "sm_wrap"),
            ],
            height=wrapped_height([(who, WIDTHS[7])]),
        )
    w.blank(height=14)
    w.append([w.text("Hiring suggestion", "sm_section")], height=22)
    if not d.hires:
        w.append(
            [
                w.text(
                    "No hire needed: growth from within closes every gap by the horizon.",
                    "sm_plain",
                )
            ]
        )
    for h in d.hires:
        where = f"for {h.team}, " if h.team else ""
        closes = ", ".join(c.name for c in h.hire.closes) or "none outright"
        text = (
            f"Hire {where}a {h.hire.seniority.value} {h.hire.role}: growth from within "
            f"misses the {d.horizon}-cycle horizon for {len(h.misses)} gap(s); this hire "
            f"closes {closes}."
        )
        row = w.append([w.text(text, "sm_plain")], height=wrapped_height([(text, sum(WIDTHS))]))
        w.merge(row, 1, len(WIDTHS))
