"""The Risk sheet: true bus factors, worst pairs and leave-calendar breaks.

The true bus factor of each competency in each team and who breaks it, each team's worst
pair of departures, and the weeks a stored leave calendar breaks a rule that holds today.
"""

from __future__ import annotations

from typing import Any

from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import SheetWriter, setup_print, wrapped_height

HEADERS = ("Team", "Competency", "Critical", "Covered", "Needed", "Bus factor", "Breaking set")
#: At most 150 characters (as every table sheet): printed at 70 % or more.
WIDTHS = (16, 28, 8, 8, 8, 9, 60)
MAX_ROWS = 5_000
#: The pair and calendar sections put their long list over columns D:G.
LIST_WIDTH = sum(WIDTHS[3:])


def write_risk(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Risk sheet.

    The short sections first, then the long bus-factor table, whose header repeats on every
    page it runs over.
    """
    assert data.decisions is not None
    risk = data.decisions.risk
    w = SheetWriter(ws)
    w.widths(WIDTHS)
    ws.sheet_view.showGridLines = False
    setup_print(ws, landscape=True, footer=f"SkillMatrix · {data.scope}", paper=data.paper)
    w.append([w.text(f"Risk · {data.scope} · {data.cycle_name}", "sm_title")], height=28)
    w.append(
        [
            w.text(
                "Bus factor: how many departures a coverage rule survives (0: already below "
                "it). Breaking set: the people whose departure breaks it. Judged within each "
                "team.",
                "sm_subtitle",
            )
        ],
        height=18,
    )
    _section(w, "Worst pair of departures per team", ("Team", "Pair", "Rules broken", "Which"))
    pairs = risk.get("teams", [])
    if not pairs:
        _note(w, "No two departures break a rule that holds today.")
    for p in pairs:
        pair = data.named_in_team(p["people"], p["team"])
        _listed(w, p["team"] or data.scope, " and ".join(pair), p["breaks"])
    _section(w, "Leave calendar, week by week", ("Week of", "Away", "Rules broken", "Which"))
    weeks = risk.get("calendar")
    if weeks is None:
        _note(w, "No leave calendar is stored (enter one in the Team view).")
    for week in weeks or []:
        _listed(w, week["week_of"], ", ".join(week["away"]) or "nobody", week["broken"])
    w.blank(height=14)
    w.append([w.text("Bus factor per competency, most fragile first", "sm_section")], height=22)
    header = w.header(HEADERS)
    ws.print_title_rows = f"{header}:{header}"
    rows = risk["competencies"]
    if not any(r["covered"] for r in rows):
        w.append([w.text("Nothing is rated yet: no risk to show.", "sm_plain")])
        return
    for r in rows[:MAX_ROWS]:
        who = ", ".join(data.named_in_team(r["breaking_set"], r["team"])) or "—"
        w.append(
            [
                w.text(r["team"] or data.scope, "sm_text"),
                w.text(r["competency"], "sm_text"),
                w.text("yes" if r["critical"] else "", "sm_text"),
                w.number(r["covered"], "sm_int"),
                w.number(r["required"], "sm_int"),
                w.number(r["bus_factor"], "sm_int"),
                w.text(who, "sm_wrap"),
            ],
            height=wrapped_height([(who, WIDTHS[6])]),
        )
    if len(rows) > MAX_ROWS:
        w.append([w.text(f"… {len(rows) - MAX_ROWS:,} more rows not shown.", "sm_muted")])


def _section(w: Any, title: str, headers: tuple[str, str, str, str]) -> None:
    w.blank(height=14)
    w.append([w.text(title, "sm_section")], height=22)
    row = w.append(
        [
            w.text(headers[0], "sm_header_left"),
            w.text(headers[1], "sm_header"),
            w.text(headers[2], "sm_header"),
            w.text(headers[3], "sm_header"),
        ],
        height=30,
    )
    w.merge(row, 4, len(WIDTHS))


def _listed(w: Any, first: str, second: str, items: list[str]) -> None:
    """One row: a label, a second text, a count and the list over columns D:G."""
    listed = ", ".join(items) or "—"
    row = w.append(
        [
            w.text(first, "sm_text"),
            w.text(second, "sm_wrap"),
            w.number(len(items), "sm_int"),
            w.text(listed, "sm_wrap"),
        ],
        height=wrapped_height([(listed, LIST_WIDTH), (second, WIDTHS[1])]),
    )
    w.merge(row, 4, len(WIDTHS))


def _note(w: SheetWriter, text: str) -> None:
    """A one-line note across the sheet's width.

    In the first column alone it wraps into a row too low to show it.
    """
    row = w.append([w.text(text, "sm_plain")])
    w.merge(row, 1, len(WIDTHS))
