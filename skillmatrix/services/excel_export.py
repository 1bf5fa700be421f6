"""Excel output use cases: the quarterly report and the self-assessment forms.

Writing the files is :mod:`skillmatrix.reports` (imported only when called, so the app
starts without openpyxl); this module loads the snapshots they show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from skillmatrix.core.errors import ReadOnlyError, ValidationError
from skillmatrix.services.cycles import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import repo_meta
from skillmatrix.store.database import Database

if TYPE_CHECKING:
    from skillmatrix.core.snapshot import Snapshot
    from skillmatrix.reports.export.decisions import DecisionInputs
    from skillmatrix.reports.export.review_section import ReviewInputs

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
    evidence: bool = False,
    stale_after: int | None = None,
) -> Path:
    """Write the Excel report of a cycle (default the latest) for a team (default all).

    ``compare_to`` defaults to the cycle before; the Trend sheet also shows up to
    :data:`TREND_CYCLES` earlier cycles. With ``anonymize``, names become pseudonyms keyed
    with the database's own secret: the same person keeps the same pseudonym in every
    report of this database (even after a rename), and nobody without the database can
    tell who is who; rows are in pseudonym order and team, role and seniority are shown
    only as precisely as at least ``k`` people share them. The Summary shows the cycle's
    review progress and how much coverage rests on ratings not confirmed within
    ``stale_after`` cycles (default 2).

    The Plans sheet lists the people's growth goals; the evidence behind the ratings goes
    into an Evidence sheet only with ``evidence`` (privacy by default), never anonymised.

    Raises:
        ValidationError: there is no cycle yet; ``evidence`` with ``anonymize``.
        NotFoundError: unknown cycle or team.
        ReportError, ReportCancelled: see ``skillmatrix.reports.write_report``.
    """
    from skillmatrix.reports import write_report

    if evidence and anonymize:
        raise ValidationError(
            "evidence cannot go into an anonymised report: it is free text that may name people"
        )
    from skillmatrix.reports.export.picture_worker import PictureWorker

    # Started first: the child imports matplotlib while the database is read.
    worker = PictureWorker.start()
    try:
        current = load_snapshot(db, cycle=cycle, team=team)
        if current.cycle is None:
            raise ValidationError("there is no assessment cycle yet: start one to get a report")
        ids = [c.id for c in list_cycles(db)]
        earlier = ids[: ids.index(current.cycle.id)]
        if compare_to is None and earlier:
            compare_to = earlier[-1]
        previous = (
            load_snapshot(db, cycle=compare_to, team=team) if compare_to is not None else None
        )
        history = [load_snapshot(db, cycle=c, team=team) for c in earlier[-TREND_CYCLES:]]
        if previous is not None:
            shown = previous.cycle.id if previous.cycle else None  # loaded by cycle: never None
            history = [s for s in history if s.cycle and s.cycle.id != shown]
            history.append(previous)
        decisions = decision_inputs(db, current, earlier)
        review = review_inputs(db, current, stale_after)
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
            plans=plan_rows(db, current),
            evidence=evidence_rows(db, current) if evidence else None,
            review=review,
            picture_worker=worker if worker is not None else False,  # none: draw here
        )
    finally:
        if worker is not None:
            worker.close()


def review_inputs(db: Database, current: Snapshot, stale_after: int | None) -> ReviewInputs:
    """The reported cycle's review progress.

    States per team, overdue people, and open self/manager disagreements (one more snapshot
    read: the self ratings).
    """
    import datetime as dt

    from skillmatrix.core.model import Source
    from skillmatrix.core.review import person_reviews, team_reviews
    from skillmatrix.core.trust import STALE_AFTER, open_disagreements
    from skillmatrix.reports.export.review_section import ReviewInputs
    from skillmatrix.store import repo_reviews

    cycle = current.cycle
    assert cycle is not None
    own = load_snapshot(db, cycle=cycle.id, team=current.team, source=Source.SELF)
    with db.session() as s:
        stored = repo_reviews.stored_reviews(s, cycle.id)
    people = person_reviews(current, own, stored, due=cycle.due, today=dt.date.today())
    overdue: dict[str | None, list[str]] = {}
    for r in people:
        if r.overdue:
            overdue.setdefault(r.person.team or None, []).append(r.person.name)
    settled = {pid for pid, rec in stored.items() if rec.agreed_on is not None}
    return ReviewInputs(
        due=cycle.due,
        teams=team_reviews(people),
        overdue={team: sorted(names) for team, names in overdue.items()},
        open_disagreements=open_disagreements(current, own, settled),
        stale_after=stale_after if stale_after is not None else STALE_AFTER,
    )


def plan_rows(db: Database, current: Snapshot) -> list[object]:
    """The growth goals of ``current``'s people with their progress, for the Plans sheet."""
    from skillmatrix.reports.export.plan_sheet import PlanAction, PlanRow
    from skillmatrix.services.growth_plans import list_goals, with_progress

    rows: list[object] = []
    for gpr in with_progress(db, list_goals(db, person_ids=[p.id for p in current.people])):
        g = gpr.goal
        actions = tuple(PlanAction(a.kind, a.text, a.mentor_id, a.mentor or "", a.done)
                        for a in g.actions)  # fmt: skip
        rows.append(PlanRow(
            person_id=g.person_id, person=g.person, competency_id=g.competency_id,
            competency=g.competency, target=g.target_level, by_cycle=g.by_cycle or "",
            actions=actions, status=g.status, progress=gpr.progress.text(g.target_level),
        ))  # fmt: skip
    return rows


def evidence_rows(db: Database, current: Snapshot) -> list[object]:
    """The evidence behind ``current``'s ratings, for the Evidence sheet.

    Its cycle's and the earlier cycles' (a rating carried forward keeps what backed it).
    """
    from skillmatrix.reports.export.evidence_sheet import EvidenceRow
    from skillmatrix.services.evidence import evidence_until

    assert current.cycle is not None
    return [
        EvidenceRow(
            e.person_id, e.competency_id, e.url, e.text, e.added_by, e.added_at.date(), cycle
        )
        for cycle, e in evidence_until(db, until_cycle_id=current.cycle.id)
    ]


def decision_inputs(db: Database, current: Snapshot, earlier: list[int]) -> DecisionInputs:
    """What the Risk, Build or hire and Calibration sheets need beyond the snapshots.

    The stored leave calendar, a growth model learnt from every cycle of the department up
    to ``current``, and who gave each rating (with the self ratings).
    """
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
    if snap.cycle.closed:  # refused before any file is written (recording "sent" would be)
        raise ReadOnlyError(f"cycle {snap.cycle.name} is closed; reopen it to send forms")
    written = write_forms(directory, snap, cycle_name=snap.cycle.name, scale=db.scale)
    from skillmatrix.services.review import record_step  # the forms went out: say so

    record_step(
        db, cycle_id=snap.cycle.id, person_ids=[p.id for p in snap.people], step="form_sent_on"
    )
    return written
