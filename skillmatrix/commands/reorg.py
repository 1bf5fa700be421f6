"""``skillmatrix reorg``: simulate moving people between teams (or splitting a team).

The moves are applied only when asked.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.reorg import TeamPicture, simulate
from skillmatrix.services.snapshots import load_snapshot


def _moves(snap: Any, specs: list[str]) -> dict[int, str]:
    """``--move "Ann Lee=Platform"`` (name or email) as person id -> team."""
    by_key = {p.name.casefold(): p for p in snap.people} | {
        p.email.casefold(): p for p in snap.people if p.email
    }
    moves: dict[int, str] = {}
    for spec in specs:
        who, sep, team = spec.partition("=")
        if not sep or not who.strip() or not team.strip():
            raise ValidationError(f"--move {spec!r}: write PERSON=TEAM, e.g. 'Ann Lee=Platform'")
        person = by_key.get(who.strip().casefold())
        if person is None:
            raise ValidationError(f"--move {spec!r}: no active person named {who.strip()!r}")
        moves[person.id] = team.strip()
    return moves


def _picture(p: TeamPicture | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "people": p.people,
        "ok": p.ok,
        "below_rule": list(p.below_rule),
        "single_points_of_failure": list(p.single_points),
        "gap_to_target": round(p.gap_to_target, 1),
        "hire": p.hire,
    }


def run_reorg(args: argparse.Namespace) -> int:
    """``skillmatrix reorg``: simulate the moves and, when asked, apply them."""
    db = open_db(args, create=False)
    snap = load_snapshot(db, cycle=args.cycle)
    moves = _moves(snap, args.move or [])
    changes = simulate(snap, moves)
    data = {
        "cycle": snap.cycle.name if snap.cycle else None,
        "moves": [
            {"person": p.name, "from": p.team or None, "to": moves[p.id]}
            for p in snap.people
            if p.id in moves
        ],
        "teams": [
            {"team": c.team, "before": _picture(c.before), "after": _picture(c.after)}
            for c in changes
        ],
        "applied": False,
    }
    if args.apply and moves:
        from skillmatrix.services.people import move_people

        move_people(db, moves)
        data["applied"] = True
    if args.json:
        print_json(data)
    else:
        sys.stdout.write(render_text(data))
    return 0


def _line(p: dict[str, Any] | None) -> str:
    if p is None:
        return "(nobody)"
    spof = len(p["single_points_of_failure"])
    return (
        f"{p['people']} people, {len(p['below_rule'])} below rule, {spof} single points, "
        f"gap {p['gap_to_target']:g}, hire: {p['hire'] or 'none needed'}"
    )


def render_text(data: dict[str, Any]) -> str:
    """The reorg simulation as the terminal shows it: the moves, then each team before and after."""
    lines = [f"Reorg simulation, cycle {data['cycle'] or '(none)'}"]
    for m in data["moves"]:
        lines.append(f"  move {m['person']}: {m['from'] or '(no team)'} -> {m['to']}")
    if not data["moves"]:
        lines.append("  no moves (--move PERSON=TEAM): every team as it is today")
    lines.append("")
    for t in data["teams"]:
        lines.append(f"{t['team']}")
        lines.append(f"  before: {_line(t['before'])}")
        lines.append(f"  after:  {_line(t['after'])}")
        before = set(t["before"]["below_rule"]) if t["before"] else set()
        after = set(t["after"]["below_rule"]) if t["after"] else set()
        if after - before:
            lines.append(f"  newly below rule: {', '.join(sorted(after - before))}")
        if before - after:
            lines.append(f"  fixed: {', '.join(sorted(before - after))}")
    lines.append("")
    lines.append(
        "Applied: the moves are saved."
        if data["applied"]
        else "Nothing was written (--apply saves the moves)."
    )
    lines.append("")
    return "\n".join(lines)
