"""``skillmatrix calibrate``: compare raters and list the ratings to discuss."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.services.calibration import calibration


def _num(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def run_calibrate(args: argparse.Namespace) -> int:
    """``skillmatrix calibrate``: print (or with --json dump) the rater calibration of a cycle."""
    db = open_db(args, create=False)
    snap, cal = calibration(db, cycle=args.cycle, team=args.team)
    data: dict[str, Any] = {
        "cycle": snap.cycle.name if snap.cycle else None,
        "team": snap.team,
        "department_distribution": list(cal.department_distribution),
        "raters": [
            {
                "rater": r.rater,
                "ratings": r.ratings,
                "mean": _num(r.mean),
                "distribution": list(r.distribution),
                "shift": _num(r.shift),
                "self_minus_manager": _num(r.self_gap),
                "outliers": [
                    {
                        "competency": o.competency.name,
                        "rater_mean": _num(o.rater_mean),
                        "others_mean": _num(o.others_mean),
                        "ratings": o.ratings,
                    }
                    for o in r.outliers
                ],
            }
            for r in cal.raters
        ],
        "discuss": [
            {
                "person": d.person.name,
                "competency": d.competency.name,
                "rater": d.rater,
                "level": d.level,
                "self": d.self_level,
                "reason": d.reason,
            }
            for d in cal.discuss
        ],
    }
    if args.json:
        print_json(data)
        return 0
    sys.stdout.write(render_text(data, top=args.top))
    return 0


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def render_text(data: dict[str, Any], *, top: int = 20) -> str:
    """The calibration as the terminal shows it, listing at most ``top`` ratings to discuss."""
    lines = [f"Rater calibration: {data['team'] or 'all teams'}, cycle {data['cycle'] or '(none)'}"]
    if not data["raters"]:
        return "\n".join([*lines, "Nothing is rated yet: nobody to calibrate.", ""])
    lines += [
        "",
        "Rater (ratings): mean, shift vs other raters on the same competencies, self minus manager",
    ]
    for r in data["raters"]:
        lines.append(
            f"  {r['rater']} ({r['ratings']}): mean {r['mean']:.2f}, shift {_signed(r['shift'])}, "
            f"self-manager {_signed(r['self_minus_manager'])}"
        )
        for o in r["outliers"]:
            lines.append(
                f"      outlier in {o['competency']}: {o['rater_mean']:.1f} vs "
                f"{o['others_mean']:.1f} from the others ({o['ratings']} ratings)"
            )
    talks = data["discuss"]
    lines += ["", f"Ratings to discuss: {len(talks)}"]
    for d in talks[:top]:
        own = "no self rating" if d["self"] is None else f"self {d['self']}"
        lines.append(
            f"  {d['person']} · {d['competency']}: {d['level']} by {d['rater']}, {own} "
            f"({d['reason']})"
        )
    if len(talks) > top:
        lines.append(f"  ... and {len(talks) - top} more (--top N, or --json for all)")
    lines.append("")
    return "\n".join(lines)
