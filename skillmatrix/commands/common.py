"""Helpers shared by the headless commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.paths import database_target


def open_db(args: argparse.Namespace, *, create: bool = True) -> Any:
    """The command's database. Reading commands pass ``create=False``: a missing, empty
    or table-less file is refused untouched. A database made here is announced on stderr
    (stdout may be JSON)."""
    from skillmatrix.services.database import open_database

    db = open_database(database_target(getattr(args, "db", None)), create=create)
    if db.created:
        print(f"Created a new SkillMatrix database: {db.name}", file=sys.stderr)
    return db


def previous_snapshot(db: Any, snap: Snapshot, compare_to: str | None = None) -> Snapshot | None:
    """The snapshot to compare with: ``compare_to`` if named, else the cycle before ``snap``'s."""
    from skillmatrix.services.cycles import list_cycles
    from skillmatrix.services.snapshots import load_snapshot

    if compare_to:
        return load_snapshot(db, cycle=compare_to, team=snap.team)
    if snap.cycle is None:
        return None
    earlier = [c for c in list_cycles(db) if c.id != snap.cycle.id and _before(c, snap.cycle)]
    if not earlier:
        return None
    return load_snapshot(db, cycle=earlier[-1].id, team=snap.team)


def _before(a: Any, b: Any) -> bool:
    if a.starts_on and b.starts_on:
        return a.starts_on < b.starts_on
    return a.id < b.id
