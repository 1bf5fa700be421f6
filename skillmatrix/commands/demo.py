"""``skillmatrix demo``: fill a database with a realistic demo organisation."""

from __future__ import annotations

import argparse
import sys
import time

from skillmatrix.commands.common import open_db


def run_demo(args: argparse.Namespace) -> int:
    """``skillmatrix demo``: fill a database with a generated organisation and its ratings."""
    from skillmatrix.services.demo import create_demo

    started = time.perf_counter()
    db = open_db(args)
    result = create_demo(
        db,
        people=args.people,
        teams=args.teams,
        cycles=args.cycles,
        seed=args.seed,
        force=args.force,
    )
    assert result is not None  # no cancel callback on the command line
    print(
        f"Created a demo organisation in {db.name}: {result.people:,} people in "
        f"{result.teams} teams, cycles {', '.join(result.cycles)}, "
        f"{result.ratings:,} ratings ({time.perf_counter() - started:.1f} s).",
        file=sys.stdout,
    )
    return 0
