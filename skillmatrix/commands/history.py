"""``skillmatrix history``: every change (ratings, people, framework, cycles), newest first."""

from __future__ import annotations

import argparse
import datetime as dt

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.errors import ValidationError
from skillmatrix.services.history import history


def run_history(args: argparse.Namespace) -> int:
    """``skillmatrix history``: the change history, newest first, optionally since a date."""
    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            raise ValidationError(
                f"--since {args.since!r} is not a date (use 2026-10-01)"
            ) from None
    db = open_db(args, create=False)
    entries = history(
        db,
        person=args.person,
        competency=args.competency,
        since=since,
        limit=args.limit,
        kind=args.kind,
    )
    if args.json:
        print_json(
            [
                {
                    "when": e.when.isoformat(timespec="seconds"),
                    "who": e.who,
                    "person": e.person,
                    "competency": e.competency,
                    "old": e.old,
                    "new": e.new,
                    "action": e.action,
                    "cycle": e.cycle,
                    "source": e.source.value if e.source is not None else "",
                    "kind": e.kind,
                }
                for e in entries
            ]
        )
        return 0
    if not entries:
        print("No changes recorded for that selection.")
        return 0
    for e in entries:
        who = e.who or "(unknown)"
        if e.source is None:  # a person, competency, target or cycle
            subject = e.person or e.competency or e.cycle
            cycle = f", {e.cycle}" if e.cycle and e.cycle != subject else ""
            print(
                f"{e.when:%Y-%m-%d %H:%M}  {who}: {subject} "
                f"{e.old or '-'} -> {e.new or '-'} ({e.action}{cycle})"
            )
            continue
        src = "" if e.source.value == "manager" else f" [{e.source.value}]"
        print(
            f"{e.when:%Y-%m-%d %H:%M}  {who}: {e.person} · {e.competency}{src} "
            f"{e.old} -> {e.new} ({e.action}, {e.cycle})"
        )
    return 0
