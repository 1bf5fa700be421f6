"""``skillmatrix risk``: bus factors, the worst pair of departures, a leave calendar."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.risk_summary import risk_data
from skillmatrix.services.snapshots import load_snapshot


def run_risk(args: argparse.Namespace) -> int:
    """``skillmatrix risk``: bus factors, worst pairs and the leave calendar's broken weeks."""
    db = open_db(args, create=False)
    snap = load_snapshot(db, cycle=args.cycle, team=args.team)
    leaves = None
    if args.calendar:
        from skillmatrix.reports.leave_calendar import read_leave_calendar

        leaves = read_leave_calendar(Path(args.calendar), snap.people)
    else:  # the calendar stored in the Team view, when there is one
        from skillmatrix.services.leaves import list_leaves

        leaves = list_leaves(db, ending_after=dt.date.today()) or None
    data = risk_data(snap, pairs=args.pairs, leaves=leaves, weeks=args.weeks)
    if args.json:
        print_json(data)
    else:
        sys.stdout.write(render_text(data, top=args.top))
    return 0


def _who(row: dict[str, Any]) -> str:
    names = ", ".join(row["breaking_set"])
    if row["bus_factor"] == 0:
        return f"already below its rule ({row['covered']}/{row['required']})"
    return f"breaks if {names} {'leaves' if row['bus_factor'] == 1 else 'leave'}"


def render_text(data: dict[str, Any], *, top: int = 15) -> str:
    """The departure risk as the terminal shows it, at most ``top`` competencies."""
    scope = data["team"] or "all teams (judged within each team)"
    lines = [f"Departure risk: {scope}, cycle {data['cycle'] or '(none)'}", ""]
    rows = data["competencies"]
    if not data["people"] or all(r["covered"] == 0 for r in rows):
        return "\n".join([*lines, "Nothing is rated yet: no risk to show.", ""])
    lines.append("Bus factor (departures a coverage rule survives before it breaks):")
    for r in rows[:top]:
        team = f" [{r['team']}]" if r["team"] and not data["team"] else ""
        star = "*" if r["critical"] else ""
        lines.append(f"  {r['bus_factor']}  {r['competency']}{star}{team}: {_who(r)}")
    if len(rows) > top:
        lines.append(f"  ... and {len(rows) - top} more (--top N shows more, --json all)")
    if "worst_pair" in data:
        pair = data["worst_pair"]
        lines.append("")
        if pair is None:
            lines.append("No two departures break a rule that holds today.")
        else:
            team = f" ({pair['team']})" if pair["team"] and not data["team"] else ""
            lines.append(
                f"Worst pair of departures{team}: {' and '.join(pair['people'])} "
                f"break {len(pair['breaks'])}: {', '.join(pair['breaks'])}"
            )
    if "calendar" in data:
        lines += ["", "Leave calendar, week by week:"]
        for week in data["calendar"]:
            away = ", ".join(week["away"]) or "nobody away"
            broken = "; breaks " + ", ".join(week["broken"]) if week["broken"] else ""
            lines.append(f"  week of {week['week_of']}: {away}{broken}")
    lines.append("")
    return "\n".join(lines)
