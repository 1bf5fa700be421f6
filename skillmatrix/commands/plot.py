"""``skillmatrix plot``: save one chart of a cycle as PNG, SVG or PDF.

    skillmatrix plot {heatmap,coverage,gaps,profile,trend,teams} [--db D] [--cycle C]
        [--team T] [--person P] -o FILE.png|svg|pdf

``profile`` needs ``--person`` (name or email); ``trend`` uses every cycle, oldest
first; ``teams`` compares every team of the cycle (``--team`` does not apply to it).
Problems are reported as one line by the command line (exit code 1).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from skillmatrix.commands.common import open_db
from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.snapshot import Snapshot

SUFFIXES = (".png", ".svg", ".pdf")


def check_output(output: str) -> Path:
    """The output path; ValidationError naming the suffix when it is not PNG, SVG or PDF."""
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        shown = repr(path.suffix) if path.suffix else "a file without a suffix"
        raise ValidationError(f"cannot save a chart as {shown}: use {', '.join(SUFFIXES)}")
    return path


def _profile_person(db: Any, snap: Snapshot, who: str | None) -> int:
    from skillmatrix.services.people import find_person

    if not who:
        raise ValidationError("plot profile needs --person NAME or EMAIL")
    person = find_person(db, who)
    if person.id not in snap._person_index:
        scope = f"team {snap.team}" if snap.team else "this cycle's people"
        raise NotFoundError(f"{person.name} is not among {scope}")
    return person.id


def build_figure(db: Any, args: argparse.Namespace) -> Any:
    """The Figure ``args.kind`` asks for (imports matplotlib)."""
    from skillmatrix import plots
    from skillmatrix.services.cycles import list_cycles
    from skillmatrix.services.snapshots import load_snapshot

    kind = args.kind
    if kind == "trend":
        cycles = list_cycles(db)
        if not cycles:
            raise ValidationError("the trend needs at least one cycle; start one first")
        snaps = [load_snapshot(db, cycle=c.id, team=args.team) for c in cycles]
        return plots.trend_chart(snaps)
    team = None if kind == "teams" else args.team
    snap = load_snapshot(db, cycle=args.cycle, team=team)
    if kind == "heatmap":
        return plots.heatmap(snap)
    if kind == "coverage":
        return plots.coverage_chart(snap)
    if kind == "gaps":
        return plots.gap_heatmap(snap)
    if kind == "profile":
        return plots.person_profile(snap, _profile_person(db, snap, args.person))
    if kind == "teams":
        return plots.team_comparison(snap)
    raise ValidationError(f"unknown chart {kind!r}")


def run_plot(args: argparse.Namespace) -> int:
    """Save the chart and print where it went."""
    path = check_output(args.output)
    if args.kind == "profile" and not args.person:
        raise ValidationError("plot profile needs --person NAME or EMAIL")
    db = open_db(args, create=False)
    try:
        figure = build_figure(db, args)
        from skillmatrix.plots import save_figure

        try:
            saved = save_figure(figure, path)
        except OSError as exc:
            raise ValidationError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        db.close()
    print(saved)
    return 0
