"""``skillmatrix department``: every team's coverage of every competency, counts only."""

from __future__ import annotations

import argparse
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.model import Source
from skillmatrix.services.department import CoverageRow, department_coverage


def row_json(row: CoverageRow) -> dict[str, Any]:
    """The documented shape (README): one team's coverage of one competency."""
    return {
        "team": row.team,
        "competency": row.competency,
        "category": row.category,
        "people": row.people,
        "rated": row.rated,
        "at_level": row.at_level,
        "min_level": row.min_level,
        "required": row.required,
        "covered": row.covered,
        "mean_level": None if row.mean_level is None else round(row.mean_level, 2),
    }


def run_department(args: argparse.Namespace) -> int:
    """``skillmatrix department``: every team's coverage counts, as text or JSON."""
    db = open_db(args, create=False)
    source = Source.SELF if args.self else Source.MANAGER
    result = department_coverage(db, cycle=args.cycle, source=source)
    if args.json:
        print_json([row_json(r) for r in result.rows])
        return 0
    if result.cycle is None:
        print("No cycles yet: start one with 'skillmatrix cycle start'.")
        return 0
    what = "self-assessments" if source is Source.SELF else "manager ratings"
    print(f"{result.cycle.name}, {what}: people at the rule's level / needed")
    width = max((len(r.competency) for r in result.rows), default=10)
    for team in result.teams:
        rows = [r for r in result.rows if r.team == team]
        met = sum(r.covered for r in rows)
        print(
            f"{team or '(no team)'}: {rows[0].people} people, "
            f"{met} of {len(rows)} competencies covered"
        )
        for r in rows:
            mark = "" if r.covered else "  below the rule"
            print(
                f"  {r.competency:<{width}}  {r.at_level}/{r.required} at {r.min_level}+"
                f"  ({r.rated} rated){mark}"
            )
    return 0
