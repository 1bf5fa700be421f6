"""``skillmatrix cycle list|start|close|reopen``: the assessment cycles of a database."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.errors import DatabaseError
from skillmatrix.core.model import Cycle
from skillmatrix.paths import database_target


def cycle_json(cycle: Cycle, latest: bool) -> dict[str, Any]:
    """A cycle as JSON-ready data; ``latest`` marks the latest cycle."""
    return {
        "name": cycle.name,
        "starts_on": cycle.starts_on.isoformat() if cycle.starts_on else None,
        "ends_on": cycle.ends_on.isoformat() if cycle.ends_on else None,
        "closed": cycle.closed,
        "latest": latest,
    }


def _existing_db(args: argparse.Namespace) -> Any:
    """The database, refusing to create one for a command that only reads or changes."""
    from skillmatrix.services.database import new_file

    target = database_target(getattr(args, "db", None))
    missing = new_file(target)
    if missing is not None:
        raise DatabaseError(
            f"{missing}: no database there yet (create it with 'skillmatrix init --db {missing}')"
        )
    return open_db(args)


def run_cycle(args: argparse.Namespace) -> int:
    """``skillmatrix cycle``: list, start, close, reopen or show the status of cycles."""
    from skillmatrix.services import cycles

    action = args.cycle_action or "list"
    if action == "start":
        from skillmatrix.services.database import discarded_on_failure

        # Starting a cycle may begin a new database; a refused start leaves no file.
        with discarded_on_failure(database_target(getattr(args, "db", None))) as fresh:
            db = open_db(args, announce=False)
            try:
                previous = cycles.latest_cycle(db)
                cycle = cycles.start_cycle(
                    db,
                    name=args.name,
                    carry_forward=args.carry_forward,
                    close_previous=args.close_previous,
                    due=args.due,  # one transaction: a refused due date starts nothing
                )
            finally:
                db.close()
        if fresh is not None:  # announced once it is kept (stdout stays as before)
            print(f"Created a new SkillMatrix database: {fresh}", file=sys.stderr)
        done = [f"Started cycle {cycle.name}"]
        if previous is not None and args.carry_forward:
            done.append(f"with {previous.name}'s ratings carried forward")
        if previous is not None and args.close_previous:
            done.append(f"{previous.name} closed")
        print(", ".join(done) + ".")
        return 0
    db = _existing_db(args)
    try:
        if action == "list":
            return _list(cycles.list_cycles(db), args.json if "json" in args else False)
        if action == "status":
            from skillmatrix.commands.cycle_status import run_status

            return run_status(db, args)
        if action == "due":
            from skillmatrix.commands.cycle_status import run_due

            return run_due(db, args)
        change = cycles.close_cycle if action == "close" else cycles.reopen_cycle
        cycle = change(db, args.name)
    finally:
        db.close()
    print(f"Cycle {cycle.name} is {'closed' if cycle.closed else 'open'}.")
    return 0


def _list(found: list[Cycle], as_json: bool) -> int:
    latest = found[-1].id if found else None
    if as_json:
        print_json([cycle_json(c, c.id == latest) for c in found])
        return 0
    if not found:
        print("No cycles yet: start one with 'skillmatrix cycle start'.")
        return 0
    width = max(len(c.name) for c in found)
    for c in found:
        span = f"{c.starts_on or '?'} to {c.ends_on or 'open-ended'}"
        state = "closed" if c.closed else "open"
        mark = "  (latest)" if c.id == latest else ""
        print(f"{c.name:<{width}}  {span:<24}  {state}{mark}")
    return 0
