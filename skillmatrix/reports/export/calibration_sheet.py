"""The Calibration sheet: each rater's level distribution against the department's.

Also their shift against the other raters and mean self-minus-manager difference, the
competencies where they are an outlier, and the ratings to discuss (with an empty Agreed
column to fill in the meeting).
"""

from __future__ import annotations

from typing import Any

from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import SheetWriter, setup_print, wrapped_height

HEADERS = ("Rater", "Share per level", "Ratings", "Mean", "Shift", "Self − manager", "Outlier in")
#: The discussion section reuses the same columns under its own headings.
DISCUSS = ("Person", "Competency", "Rater", "Level", "Self", "Agreed", "Why")
WIDTHS = (22, 26, 16, 8, 8, 9, 55)
MAX_ROWS = 5_000


def shares(counts: tuple[int, ...]) -> str:
    """Each level's share of the ratings, lowest first, e.g. "9 / 22 / 27 / 30 / 13 %"."""
    total = sum(counts)
    if not total:
        return "—"
    return " / ".join(str(round(100 * c / total)) for c in counts) + " %"


def write_calibration(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Calibration sheet."""
    assert data.decisions is not None
    cal = data.decisions.calibration
    levels = " / ".join(str(lv.value) for lv in data.current.scale.levels)
    # No repeated header: the raters table is short and the discussion below has its
    # own, so the raters' header over the discussion's pages would mislabel them.
    w = SheetWriter(ws)
    w.widths(WIDTHS)
    ws.sheet_view.showGridLines = False
    setup_print(ws, landscape=True, footer=f"SkillMatrix · {data.scope}", paper=data.paper)
    w.append([w.text(f"Calibration · {data.scope} · {data.cycle_name}", "sm_title")], height=28)
    subtitle = (
        f"Share per level: levels {levels}, lowest first. Shift: the rater's level minus the "
        "other raters' mean on the same competencies. Self − manager: mean self-assessment "
        "minus the rating."
    )
    w.append([w.text(subtitle, "sm_subtitle")], height=18)
    w.header(HEADERS)
    if cal is None:
        w.append([w.text("Who gave each rating was not given to this export.", "sm_plain")])
        return
    if not cal.raters:
        w.append([w.text("Nothing is rated yet: nobody to calibrate.", "sm_plain")])
        return
    dept = cal.department_distribution
    w.append(
        [
            w.text("Department" if data.current.team is None else data.scope, "sm_header_left"),
            w.text(shares(dept), "sm_text"),
            w.number(sum(dept), "sm_int"),
        ]
    )
    for r in cal.raters:
        outliers = "; ".join(
            f"{o.competency.name} ({o.rater_mean:.1f} vs {o.others_mean:.1f})" for o in r.outliers
        )
        w.append(
            [
                w.text(r.rater, "sm_text"),
                w.text(shares(r.distribution), "sm_text"),
                w.number(r.ratings, "sm_int"),
                w.number(r.mean, "sm_dec"),
                w.number(r.shift, "sm_dec"),
                w.number(r.self_gap, "sm_dec"),
                w.text(outliers or "—", "sm_wrap"),
            ],
            height=wrapped_height([(outliers, WIDTHS[-1])]),
        )
    w.blank(height=14)
    w.append([w.text(f"Ratings to discuss ({len(cal.discuss)})", "sm_section")], height=22)
    w.header(DISCUSS)
    if not cal.discuss:
        w.append([w.text("No rating to discuss: the raters agree.", "sm_plain")])
    for d in cal.discuss[:MAX_ROWS]:
        w.append(
            [
                w.text(d.person.name, "sm_text"),
                w.text(d.competency.name, "sm_wrap"),
                w.text(d.rater, "sm_text"),
                w.number(d.level, "sm_int"),
                w.number(d.self_level, "sm_int"),
                w.text("", "sm_input"),
                w.text(d.reason, "sm_wrap"),
            ],
            height=wrapped_height([(d.reason, WIDTHS[-1]), (d.competency.name, WIDTHS[1])]),
        )
    if len(cal.discuss) > MAX_ROWS:
        w.append([w.text(f"… {len(cal.discuss) - MAX_ROWS:,} more not shown.", "sm_muted")])
