"""Candidate what-if: scorecards for a team's gaps and finalists compared.

A scorecard form is written for a team's gaps, filled scorecards are read back, and
finalists are compared by what each would close in that team (nothing is stored).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from skillmatrix.core import analytics
from skillmatrix.core.analytics import CoverageRow
from skillmatrix.core.candidates import Finalist, FinalistFit, compare, gap_competencies
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database


def team_gaps(
    db: Database, *, team: str | int, cycle: str | int | None = None
) -> tuple[Snapshot, list[CoverageRow]]:
    """The team's snapshot and the coverage rows a scorecard asks about.

    Below rule worst first, then single points of failure.

    Raises:
        NotFoundError: unknown team or cycle.
    """
    snap = load_snapshot(db, cycle=cycle, team=team)
    by_id = {r.competency.id: r for r in analytics.coverage(snap)}
    return snap, [by_id[c.id] for c in gap_competencies(snap)]


def write_team_scorecard(
    db: Database, path: str | Path, *, team: str | int, cycle: str | int | None = None
) -> tuple[Path, int]:
    """Write the blank scorecard for ``team``; returns (path, competencies asked).

    Raises:
        ValidationError: the team has no gap to interview for.
        ReportError: the file cannot be written.
    """
    from skillmatrix.reports.scorecard import write_scorecard

    snap, rows = team_gaps(db, team=team, cycle=cycle)
    if not rows:
        raise ValidationError(
            f"team {snap.team!r} has no coverage gap or single point of failure to interview for"
        )
    return write_scorecard(path, rows, team=snap.team or str(team), scale=db.scale), len(rows)


def read_scorecards(db: Database, paths: Sequence[str | Path]) -> list[tuple[str, Finalist]]:
    """(team, finalist) of each filled scorecard, in the order given.

    Raises:
        ImportProblem: the first file that is not a usable scorecard (names file and cell).
    """
    from skillmatrix.reports.scorecard import read_scorecard

    return [read_scorecard(Path(p), db.scale) for p in paths]


def compare_finalists(
    db: Database,
    finalists: Sequence[Finalist],
    *,
    team: str | int,
    cycle: str | int | None = None,
) -> tuple[Snapshot, list[FinalistFit]]:
    """Each finalist's fit in ``team``, best first.

    Raises:
        NotFoundError: unknown team or cycle.
    """
    snap = load_snapshot(db, cycle=cycle, team=team)
    return snap, compare(snap, finalists)
