"""``skillmatrix plot``: save one chart of a cycle as PNG, SVG or PDF.

    skillmatrix plot CHART [--db D] [--cycle C] [--team T] [--person P] -o FILE.png|svg|pdf

CHART is any chart of :mod:`skillmatrix.plots.registry` (the list Insights and the report
use). ``profile`` needs ``--person`` (name or email); ``trend`` uses every cycle, oldest
first; ``teams`` compares every team of the cycle (``--team`` does not apply to it);
``agreement`` compares the cycle's self-assessments with the manager ratings.
Problems are reported as one line by the command line (exit code 1).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from skillmatrix.commands.common import open_db
from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import registry

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
    """The Figure ``args.kind`` asks for, drawn by the registry's builder (imports matplotlib).

    What it is drawn from follows the chart's ``needs``.
    """
    from skillmatrix.services.cycles import list_cycles
    from skillmatrix.services.snapshots import load_snapshot

    spec = registry.BY_KEY.get(args.kind)
    if spec is None:
        raise ValidationError(f"unknown chart {args.kind!r}")
    build = spec.builder()
    if spec.needs == "cycles":
        cycles = list_cycles(db)
        if not cycles:
            raise ValidationError("the trend needs at least one cycle; start one first")
        return build([load_snapshot(db, cycle=c.id, team=args.team) for c in cycles])
    team = None if spec.needs == "teams" else args.team
    snap = load_snapshot(db, cycle=args.cycle, team=team)
    if spec.needs == "person":
        return build(snap, _profile_person(db, snap, args.person))
    if spec.needs == "self_and_manager":
        own = load_snapshot(db, cycle=args.cycle, team=team, source="self")
        if not np.isfinite(own.levels).any():
            when = snap.cycle.name if snap.cycle else "this database"
            raise ValidationError(f"no self-assessments in {when} yet: nothing to compare")
        return build(snap, own)
    return build(snap)


def run_plot(args: argparse.Namespace) -> int:
    """Save the chart and print where it went."""
    path = check_output(args.output)
    if registry.BY_KEY[args.kind].needs == "person" and not args.person:
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
