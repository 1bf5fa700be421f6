"""``skillmatrix cycle status`` and ``cycle due``: review progress and its due date."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from skillmatrix.commands.common import print_json
from skillmatrix.core.errors import ValidationError
from skillmatrix.services.review import CycleStatus, cycle_status, set_due


def status_json(status: CycleStatus) -> dict[str, Any]:
    """The documented shape: ``cycle``, ``due``, ``teams`` and ``people``."""
    cycle = status.cycle
    return {
        "cycle": cycle.name if cycle else None,
        "due": cycle.due.isoformat() if cycle and cycle.due else None,
        "teams": [
            {"team": t.team, "people": t.people, "reviewed": t.reviewed, "overdue": t.overdue}
            for t in status.teams
        ],
        "people": [
            {
                "person": r.person.name,
                "team": r.person.team or None,
                "state": r.state.value,
                "overdue": r.overdue,
            }
            for r in status.people
        ],
    }


def run_status(db: Any, args: argparse.Namespace) -> int:
    """``skillmatrix cycle status``: the review progress of a cycle, as text or JSON."""
    status = cycle_status(db, cycle=args.name, team=args.team)
    if args.json:
        print_json(status_json(status))
        return 0
    if status.cycle is None:
        print("No cycles yet: start one with 'skillmatrix cycle start'.")
        return 0
    cycle = status.cycle
    due = f", due {cycle.due:%d %b %Y}" if cycle.due else ""
    print(f"{cycle.name}{due}: reviewed {status.reviewed} of {len(status.people)}")
    for t in status.teams:
        late = f", {t.overdue} overdue" if t.overdue else ""
        print(f"  {t.team or '(no team)'}: reviewed {t.reviewed} of {t.people}{late}")
    waiting = [r for r in status.people if not r.state.done]
    if waiting:
        print("Still to review:")
        width = max(len(r.person.name) for r in waiting)
        for r in waiting:
            late = "  OVERDUE" if r.overdue else ""
            team = r.person.team or "(no team)"
            print(f"  {r.person.name:<{width}}  {team:<14} {r.state.value}{late}")
    return 0


def run_due(db: Any, args: argparse.Namespace) -> int:
    """``skillmatrix cycle due``: set a cycle's due date, or clear it with "none"."""
    text = args.date.strip().casefold()
    if text == "none":
        day = None
    else:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                f"{args.date!r} is not a date (use 2027-03-31 or 'none')"
            ) from None
    cycle = set_due(db, args.name, day)
    print(
        f"{cycle.name}: reviews due {cycle.due:%d %b %Y}."
        if cycle.due
        else f"{cycle.name}: no due date."
    )
    return 0
