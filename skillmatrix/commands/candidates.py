"""``skillmatrix scorecard`` and ``skillmatrix candidates``.

The scorecard is an interview form for a team's gaps; candidates compares finalists by what
each would close in the team.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from skillmatrix.commands.common import open_db, print_json
from skillmatrix.core.candidates import FinalistFit
from skillmatrix.core.errors import ValidationError


def run_scorecard(args: argparse.Namespace) -> int:
    """``skillmatrix scorecard``: write a blank interview scorecard for a team's gaps."""
    from skillmatrix.services.candidates import write_team_scorecard

    db = open_db(args)
    path, asked = write_team_scorecard(db, args.out, team=args.team, cycle=args.cycle)
    print(f"Wrote {path}: {asked} competencies to score for {args.team}")
    return 0


def fit_data(fit: FinalistFit, names: dict[int, str]) -> dict[str, Any]:
    """One finalist's fit as JSON-ready data, competency names resolved by ``names``."""
    return {
        "finalist": fit.finalist.name,
        "closes": [c.name for c in fit.closes],
        "narrows": [c.name for c in fit.narrows],
        "relieves": [c.name for c in fit.relieves],
        "scores": {names.get(cid, str(cid)): lv for cid, lv in fit.finalist.scores.items()},
    }


def run_candidates(args: argparse.Namespace) -> int:
    """``skillmatrix candidates``: read filled scorecards and compare the finalists."""
    from skillmatrix.services.candidates import compare_finalists, read_scorecards

    db = open_db(args)
    read = read_scorecards(db, args.scorecards)
    for path, (team, finalist) in zip(args.scorecards, read, strict=True):
        if team and args.team and team.casefold() != args.team.casefold():
            raise ValidationError(
                f"{path}: is {finalist.name}'s scorecard for team {team!r}, not {args.team!r}"
            )
    team = args.team or read[0][0]
    snap, fits = compare_finalists(db, [f for _t, f in read], team=team, cycle=args.cycle)
    names = {c.id: c.name for c in snap.competencies}
    data: dict[str, Any] = {
        "team": snap.team,
        "cycle": snap.cycle.name if snap.cycle else None,
        "finalists": [fit_data(f, names) for f in fits],
        "best": fits[0].finalist.name if fits else None,
    }
    if args.json:
        print_json(data)
        return 0
    lines = [f"Finalists for {data['team']}, cycle {data['cycle'] or '(none)'}, best first", ""]
    for f in data["finalists"]:
        lines.append(
            f"  {f['finalist']}: closes {len(f['closes'])} ({', '.join(f['closes']) or 'none'}); "
            f"narrows {len(f['narrows'])}; relieves {len(f['relieves'])} single point(s)"
        )
    sys.stdout.write("\n".join([*lines, ""]))
    return 0
