"""``skillmatrix profile``: one person's one-page profile for the 1:1, as PDF."""

from __future__ import annotations

import argparse

from skillmatrix.commands.common import open_db


def run_profile(args: argparse.Namespace) -> int:
    """``skillmatrix profile``: write a person's one-page profile as PDF."""
    from skillmatrix.services.profile import write_profile

    db = open_db(args, create=False)
    path = write_profile(db, args.person, args.out, cycle=args.cycle, paper=args.paper)
    print(f"Wrote {path}")
    return 0
