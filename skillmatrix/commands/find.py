"""``skillmatrix find``: who knows a competency, across teams, freshest first."""

from __future__ import annotations

import argparse

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.scale import INTEREST_LABELS
from skillmatrix.services.finder import find_experts


def run_find(args: argparse.Namespace) -> int:
    """``skillmatrix find``: list the experts of a competency."""
    db = open_db(args, create=False)
    name, cycle, experts = find_experts(
        db, args.competency, min_level=args.min_level, interest=args.interest, cycle=args.cycle
    )
    if args.json:
        rows = [
            {
                "person": e.person,
                "team": e.team,
                "level": e.level,
                "interest": e.interest,
                "confirmed": e.confirmed.isoformat() if e.confirmed else None,
            }
            for e in experts
        ]
        print_json(rows)
        return 0
    scale = db.scale
    if not experts:
        print(f"Nobody in {cycle or 'any cycle'} matches {name} at that level.")
        return 0
    print(f"{name} in {cycle}: {len(experts)} {'person' if len(experts) == 1 else 'people'}")
    width = max(len(e.person) for e in experts)
    for e in experts:
        wish = INTEREST_LABELS.get(e.interest, "") if e.interest is not None else ""
        when = f"last confirmed {e.confirmed:%d %b %Y}" if e.confirmed else "date unknown"
        carried = ", carried forward into this cycle" if e.carried else ""
        print(
            f"  {e.person:<{width}}  {e.level} {scale.label(e.level):<12} "
            f"{(e.team or '(no team)'):<14} {wish:<15} {when}{carried}"
        )
    return 0
