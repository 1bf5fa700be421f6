"""``skillmatrix plan``: one person's growth plan, each goal with its actions and progress."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from skillmatrix.commands.common import open_db, print_json


def plan_data(db: Any, person: str) -> dict[str, Any]:
    """The JSON of ``plan``: ``person``, ``goals`` (each with ``actions``)."""
    from skillmatrix.services import growth_plans as gp
    from skillmatrix.services.people import find_person

    who = find_person(db, person)
    goals = gp.with_progress(db, gp.list_goals(db, person_id=who.id))
    return {
        "person": who.name,
        "goals": [
            {
                "competency": g.goal.competency,
                "target": g.goal.target_level,
                "by": g.goal.by_cycle,
                "status": g.goal.status,
                "progress": g.progress.text(g.goal.target_level),
                "actions": [
                    {"kind": a.kind, "mentor": a.mentor, "text": a.text, "status": a.status}
                    for a in g.goal.actions
                ],
            }
            for g in goals
        ],
    }


def render_text(data: dict[str, Any]) -> str:
    """A growth plan as the terminal shows it: each goal with its actions."""
    lines = [f"Growth plan: {data['person']}", ""]
    if not data["goals"]:
        return "\n".join([*lines, "No growth goals yet.", ""])
    for g in data["goals"]:
        by = f" by {g['by']}" if g["by"] else ""
        lines.append(f"{g['competency']}: reach {g['target']}{by} ({g['status']}); {g['progress']}")
        for a in g["actions"]:
            detail = ", ".join(x for x in (a["mentor"] or "", a["text"]) if x)
            mark = "x" if a["status"] == "done" else " "
            lines.append(f"  [{mark}] {a['kind']}" + (f": {detail}" if detail else ""))
        if not g["actions"]:
            lines.append("  (no actions yet)")
    lines.append("")
    return "\n".join(lines)


def run_plan(args: argparse.Namespace) -> int:
    """``skillmatrix plan``: a person's growth plan, as text or JSON."""
    db = open_db(args, create=False)
    data = plan_data(db, args.person)
    if args.json:
        print_json(data)
    else:
        sys.stdout.write(render_text(data))
    return 0
