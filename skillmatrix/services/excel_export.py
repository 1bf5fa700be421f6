"""Excel output use cases: the quarterly report and the self-assessment forms.

Writing the files is :mod:`skillmatrix.reports` (imported only when called, so the app
starts without openpyxl); this module loads the snapshots they show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from skillmatrix.core.errors import ValidationError
from skillmatrix.services.cycles import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import repo_meta
from skillmatrix.store.database import Database

if TYPE_CHECKING:
    from skillmatrix.core.snapshot import Snapshot
    from skillmatrix.reports.export.decisions import DecisionInputs

#: Earlier cycles shown on the report's Trend sheet.
TREND_CYCLES = 4
#: Earlier cycles the report's build-or-hire growth model learns from (the whole
#: department's: more history than one team has).
GROWTH_CYCLES = 8


def export_report(
    db: Database,
    path: str | Path,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
    compare_to: str | int | None = None,
    anonymize: bool = False,
    k: int = 5,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the Excel report of a cycle (default the latest) for a team (default all).

    ``compare_to`` defaults to the cycle before; the Trend sheet also shows up to
    :data:`TREND_CYCLES` earlier cycles. With ``anonymize``, names become pseudonyms keyed
    with the database's own secret: the same person keeps the same pseudonym in every
    report of this database (even after a rename), and nobody without the database can
    tell who is who; rows are in pseudonym order and team, role and seniority are shown
    only as precisely as at least ``k`` people share them.

    Raises:
        ValidationError: there is no cycle yet.
        NotFoundError: unknown cycle or team.
        ReportError, ReportCancelled: see ``skillmatrix.reports.write_report``.
    """
    from skillmatrix.reports import write_report

    current = load_snapshot(db, cycle=cycle, team=team)
    if current.cycle is None:
        raise ValidationError("there is no assessment cycle yet: start one to get a report")
    ids = [c.id for c in list_cycles(db)]
    earlier = ids[: ids.index(current.cycle.id)]
    if compare_to is None and earlier:
        compare_to = earlier[-1]
    previous = load_snapshot(db, cycle=compare_to, team=team) if compare_to is not None else None
    history = [load_snapshot(db, cycle=c, team=team) for c in earlier[-TREND_CYCLES:]]
    if previous is not None:
        shown = previous.cycle.id if previous.cycle else None  # loaded by cycle: never None
        history = [s for s in history if s.cycle and s.cycle.id != shown]
        history.append(previous)
    decisions = decision_inputs(db, current, earlier)
    key = None
    if anonymize:
        with db.session() as s:
            key = repo_meta.report_secret(s)
    return write_report(
        path,
        current,
        previous=previous,
        history=history,
        anonymize=anonymize,
        k=k,
        pseudonym_key=key,
        progress=progress,
        cancelled=cancelled,
        decisions=decisions,
    )


def decision_inputs(db: Database, current: Snapshot, earlier: list[int]) -> DecisionInputs:
    """What the Risk, Build or hire and Calibration sheets need beyond the snapshots: the
    stored leave calendar, a growth model learnt from every cycle of the department up to
    ``current``, and who gave each rating (with the self ratings)."""
    from skillmatrix.core.growth import GrowthModel
    from skillmatrix.reports.export.decisions import DecisionInputs, RaterInputs
    from skillmatrix.services.calibration import rater_inputs
    from skillmatrix.services.risk import stored_calendar

    assert current.cycle is not None
    history = [load_snapshot(db, cycle=c) for c in earlier[-GROWTH_CYCLES:]]
    everyone = current if current.team is None else load_snapshot(db, cycle=current.cycle.id)
    raters, names, own = rater_inputs(db, current)
    return DecisionInputs(
        leaves=stored_calendar(db),
        growth=GrowthModel([*history, everyone]),
        raters=RaterInputs(tuple(p.id for p in current.people), raters, tuple(names), own),
    )


def write_self_assessment_forms(
    db: Database,
    directory: str | Path,
    *,
    cycle: str | int | None = None,
    team: str | int | None = None,
) -> list[Path]:
    """One self-assessment workbook per (active) person of a team, for a cycle.

    Raises:
        ValidationError: there is no cycle yet.
        ReportError: the folder is missing or a file cannot be written.
    """
    from skillmatrix.reports import write_forms

    snap = load_snapshot(db, cycle=cycle, team=team)
    if snap.cycle is None:
        raise ValidationError("there is no assessment cycle yet: start one to send forms")
    written = write_forms(directory, snap, cycle_name=snap.cycle.name, scale=db.scale)
    from skillmatrix.services.review import record_step  # the forms went out: say so

    record_step(
        db, cycle_id=snap.cycle.id, person_ids=[p.id for p in snap.people], step="form_sent_on"
    )
    return written
