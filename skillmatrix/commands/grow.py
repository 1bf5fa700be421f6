"""``skillmatrix build-or-hire``: close each gap from within, or hire, by the horizon."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.growth import NEVER
from skillmatrix.services.growth import build_or_hire


def _cycles(value: float) -> float | None:
    return None if value >= NEVER else round(value, 1)


def run_build_or_hire(args: argparse.Namespace) -> int:
    """``skillmatrix build-or-hire``: each gap's internal route and the hires, as text or JSON."""
    db = open_db(args, create=False)
    snap, _model, plans, hires = build_or_hire(
        db, cycle=args.cycle, team=args.team, horizon=args.horizon
    )
    data: dict[str, Any] = {
        "cycle": snap.cycle.name if snap.cycle else None,
        "team": snap.team,
        "horizon": args.horizon,
        "gaps": [
            {
                "team": p.team,
                "competency": p.competency.name,
                "needed": p.needed,
                "cycles": _cycles(p.cycles),
                "cycles_range": [_cycles(p.cycles_low), _cycles(p.cycles_high)],
                "verdict": p.verdict,
                "candidates": [
                    {
                        "person": c.person.name,
                        "level": None if c.level != c.level else int(c.level),
                        "cycles": _cycles(c.cycles),
                    }
                    for c in p.candidates
                ],
            }
            for p in plans
        ],
        "hires": [
            {
                "team": h.team,
                "role": h.hire.role,
                "seniority": h.hire.seniority.value,
                "closes": [c.name for c in h.hire.closes],
                "misses_horizon": [c.name for c in h.misses],
            }
            for h in hires
        ],
    }
    if args.json:
        print_json(data)
    else:
        sys.stdout.write(render_text(data, top=args.top))
    return 0


def _when(value: float | None) -> str:
    return "not within sight" if value is None else f"~{value:g} cycles"


def render_text(data: dict[str, Any], *, top: int = 15) -> str:
    """The build-or-hire figures as the terminal shows them, at most ``top`` gaps."""
    scope = data["team"] or "all teams (each judged on its own)"
    lines = [
        f"Build or hire: {scope}, cycle {data['cycle'] or '(none)'}, "
        f"horizon {data['horizon']} cycles",
        "",
    ]
    gaps = data["gaps"]
    if not gaps:
        return "\n".join([*lines, "No coverage gaps: nothing to build or hire for.", ""])
    grow = [g for g in gaps if g["verdict"] == "grow"]
    lines.append(
        f"{len(gaps)} gaps: {len(grow)} likely closed from within by the horizon, "
        f"{len(gaps) - len(grow)} not."
    )
    for g in gaps[:top]:
        team = f" [{g['team']}]" if g["team"] and not data["team"] else ""
        who = ", ".join(c["person"] for c in g["candidates"]) or "nobody to develop"
        low, high = g["cycles_range"]
        span = "" if g["cycles"] is None else f" (80%: {_when(low)} to {_when(high)})"
        lines.append(
            f"  {g['verdict'].upper():<4} {g['competency']}{team}: needs {g['needed']} more, "
            f"{_when(g['cycles'])}{span}; best placed: {who}"
        )
    if len(gaps) > top:
        lines.append(f"  ... and {len(gaps) - top} more (--top N, or --json for all)")
    lines.append("")
    if not data["hires"]:
        lines.append("No hire needed: growth from within closes every gap by the horizon.")
    for h in data["hires"]:
        team = f"for {h['team']}, " if h["team"] else ""
        closes = ", ".join(h["closes"]) or "none outright"
        lines.append(
            f"Hire {team}a {h['seniority']} {h['role']}: growth from within misses the "
            f"{data['horizon']}-cycle horizon for {len(h['misses_horizon'])} gap(s); "
            f"this hire closes {closes}."
        )
    lines.append("")
    return "\n".join(lines)
