"""The quarterly Excel report.

The workbook is written in openpyxl's write-only mode (rows are streamed to disk), which
keeps 5,000 people x 300 competencies within tens of MiB; colours that depend on values
are conditional formats rather than per-cell fills. The file is first written next to the
destination under a temporary name and renamed over it only when complete, so a cancelled
or failed export never leaves a half-written report behind (see ``reports.atomic``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from skillmatrix import __version__
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.reports.atomic import new_part, os_error_text, publish, save_workbook
from skillmatrix.reports.errors import ReportCancelled, ReportError
from skillmatrix.reports.export.context import ReportData, Ticker, build_report_data
from skillmatrix.reports.export.decisions import DecisionInputs
from skillmatrix.reports.export.picture_worker import PictureJob, PictureWorker
from skillmatrix.reports.export.review_section import ReviewInputs

__all__ = ["write_report"]

SHEETS = (
    "Summary",
    "Matrix",
    "Coverage",
    "Coverage chart",
    "Gaps",
    "Gap details",
    "Trend",
    "Growth",
    "Risk",
    "Build or hire",
    "Calibration",
    "Plans",
)
#: Written only when the user chooses to include evidence (privacy by default).
EVIDENCE_SHEET = "Evidence"


def write_report(
    path: str | Path,
    current: Snapshot,
    *,
    previous: Snapshot | None = None,
    history: Sequence[Snapshot] = (),
    anonymize: bool = False,
    pseudonym_key: bytes | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    generated_on: date | None = None,
    paper: str | None = None,
    k: int = 5,
    decisions: DecisionInputs | None = None,
    plans: Sequence[object] | None = None,
    evidence: Sequence[object] | None = None,
    review: ReviewInputs | None = None,
    picture_worker: PictureWorker | bool = True,
) -> Path:
    """Write the Excel report for ``current`` to ``path``.

    Args:
        path: destination .xlsx file; replaced atomically when the report is complete.
        current: the cycle reported on (its ``team`` is the scope; None = all teams).
        previous: the cycle to compare with (Trend sheet, changes on the Summary).
        history: earlier cycles, oldest first, shown as extra columns on the Trend sheet.
        anonymize: replace names with stable pseudonyms; drop e-mails and notes.
        pseudonym_key: the secret the pseudonyms are keyed with (required with
            ``anonymize``; the database's ``report_secret``, see
            ``skillmatrix.reports.anonymize``). It is not written into the report.
        progress: called with (fraction 0..1, stage label) as the export advances.
        cancelled: polled regularly; when it returns True the export stops.
        generated_on: the date printed on the report (default: today).
        k: with ``anonymize``, team, role and seniority are shown only as precisely as at
            least ``k`` people share them (1: as they are); see ``reports.kanonymity``.
        paper: "A4" or "Letter"; None for the paper of the user's locale (A4 outside the
            US, Canada and the other Letter countries).
        decisions: what the Risk, Build or hire and Calibration sheets need beyond the
            snapshots (leave calendar, growth model, raters); without it they use the
            history given and the Calibration sheet says nobody is rated by name.
        plans: the growth goals of the Plans sheet (``plan_sheet.PlanRow``); None: the
            sheet says they were not included.
        evidence: the evidence behind the ratings (``evidence_sheet.EvidenceRow``) for an
            Evidence sheet; None (the default): no Evidence sheet. Never with ``anonymize``.
        review: the cycle's review progress for the Summary sheet (None: not shown).
        picture_worker: who draws the Charts sheet's pictures: True (a child process
            started here, drawing while the sheets are written), a worker the caller
            started earlier (see ``picture_worker.PictureWorker.start``; handed over: it
            is closed here), or False (this process, after the sheets).

    Returns:
        The path written.

    Raises:
        ReportCancelled: ``cancelled`` returned True; nothing was written.
        ReportError: the file could not be written (the message names it and says why).
        ValueError: ``anonymize`` without a usable ``pseudonym_key``; an unknown ``paper``.
    """
    from skillmatrix.reports.export.paper import paper_named

    path = Path(path)
    worker = PictureWorker.start() if picture_worker is True else picture_worker or None
    tick = Ticker(progress, cancelled)
    try:
        if anonymize and evidence is not None:
            raise ValueError(
                "evidence is free text that may name people: not in an anonymised report"
            )
        tick.stage(0.0, 0.05, "Analysing")
        data = build_report_data(
            current,
            previous=previous,
            history=list(history),
            anonymize=anonymize,
            pseudonym_key=pseudonym_key,
            generated_on=generated_on or date.today(),
            paper=paper_named(paper),
            k=k,
            decisions=decisions,
            plans=plans,
            evidence=evidence,
            review=review,
        )
        if worker is not None and not worker.submit(_picture_inputs(data)):
            worker = None
        _write(path, data, tick, worker)
    finally:
        if worker is not None:
            worker.close()
    tick.done()
    return path


def _write(path: Path, data: ReportData, tick: Ticker, worker: PictureWorker | None) -> None:
    from openpyxl import Workbook

    from skillmatrix.reports.dimension import track_workbook
    from skillmatrix.reports.styles import register_styles

    if not path.parent.is_dir():
        raise ReportError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        tmp = new_part(path)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {os_error_text(exc)}") from None
    wb = Workbook(write_only=True)
    track_workbook(wb)  # every sheet gets its <dimension> (a reader need not scan it)
    try:
        register_styles(wb)
        _properties(wb, data)
        _fill(wb, data, tick, worker)
        tick.stage(0.9, 0.1, "Saving")
        save_workbook(wb, tmp)
        tick.step(1.0)
        publish(tmp, path)
    except ReportCancelled:
        _discard(wb, tmp)
        raise
    except OSError as exc:
        _discard(wb, tmp)
        hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
        raise ReportError(f"cannot write {path}: {os_error_text(exc)}{hint}") from None
    except BaseException:
        _discard(wb, tmp)
        raise


def _picture_inputs(data: ReportData) -> PictureJob:
    """What ``charts.render_pictures`` draws the Charts sheet from.

    The current cycle, every cycle oldest first, the page's figure size, the people as
    labelled and the figures (read now, so the worker draws the list this process would).
    """
    from skillmatrix.reports.export import charts

    cycles = [*data.history]
    if data.previous is not None and data.previous not in cycles:
        cycles.append(data.previous)
    return PictureJob(
        data.current,
        [*cycles, data.current],
        charts.page_figsize(data.paper),
        data.people_view(),
        tuple(charts.FIGURES),
    )


def _fill(wb: object, data: ReportData, tick: Ticker, worker: PictureWorker | None) -> None:
    from skillmatrix.reports.export.charts import write_charts
    from skillmatrix.reports.export.coverage import write_coverage
    from skillmatrix.reports.export.coverage_chart import write_coverage_chart
    from skillmatrix.reports.export.gaps import write_gap_summary, write_gaps
    from skillmatrix.reports.export.growth import write_growth
    from skillmatrix.reports.export.matrix import write_matrix
    from skillmatrix.reports.export.summary import write_summary
    from skillmatrix.reports.meta import META_SHEET, TARGETS_SHEET, write_meta_rows

    sheets = {name: wb.create_sheet(name) for name in SHEETS}  # type: ignore[attr-defined]
    if data.evidence is not None:
        sheets[EVIDENCE_SHEET] = wb.create_sheet(EVIDENCE_SHEET)  # type: ignore[attr-defined]
    targets = wb.create_sheet(TARGETS_SHEET)  # type: ignore[attr-defined]
    meta = wb.create_sheet(META_SHEET)  # type: ignore[attr-defined]
    tick.stage(0.05, 0.03, "Summary")
    write_summary(sheets["Summary"], data)
    tick.stage(0.08, 0.5, "Matrix")
    write_matrix(sheets["Matrix"], targets, data, tick)
    tick.stage(0.58, 0.02, "Coverage")
    write_coverage(sheets["Coverage"], data)
    write_coverage_chart(sheets["Coverage chart"], sheets["Coverage"], data)
    tick.stage(0.6, 0.12, "Gaps")
    write_gap_summary(sheets["Gaps"], data, tick)
    write_gaps(sheets["Gap details"], data, tick)
    tick.stage(0.72, 0.02, "Trend")
    from skillmatrix.reports.export.trend import write_trend

    write_trend(sheets["Trend"], data)
    tick.stage(0.74, 0.04, "Growth")
    write_growth(sheets["Growth"], data)
    _write_decisions(sheets, data)
    tick.stage(0.78, 0.12, "Charts")
    # The worker has been drawing while the sheets were written; without it (or when it
    # failed, which it has logged) the same pictures are drawn here.
    pictures = worker.pictures() if worker is not None else None
    if pictures is None:
        pictures = _picture_inputs(data).render()
    tick.step(0.9)
    if pictures:
        at = len(SHEETS) + (EVIDENCE_SHEET in sheets)
        charts = wb.create_sheet("Charts", index=at)  # type: ignore[attr-defined]
        title = f"Charts · {data.scope} · {data.cycle_name}"
        write_charts(charts, pictures, title, data.paper)
    meta.sheet_state = "hidden"
    write_meta_rows(meta, _meta_values(data))


def _write_decisions(sheets: dict[str, object], data: ReportData) -> None:
    from skillmatrix.reports.export.build_hire_sheet import write_build_or_hire
    from skillmatrix.reports.export.calibration_sheet import write_calibration
    from skillmatrix.reports.export.risk_sheet import write_risk

    write_risk(sheets["Risk"], data)
    write_build_or_hire(sheets["Build or hire"], data)
    write_calibration(sheets["Calibration"], data)
    from skillmatrix.reports.export.plan_sheet import write_plans

    write_plans(sheets["Plans"], data)
    if EVIDENCE_SHEET in sheets:
        from skillmatrix.reports.export.evidence_sheet import write_evidence

        write_evidence(sheets[EVIDENCE_SHEET], data)


def _meta_values(data: ReportData) -> dict[str, object]:
    from skillmatrix.reports import meta as m

    return {
        "kind": m.KIND_REPORT,
        "version": m.REPORT_VERSION,
        "app version": __version__,
        "cycle": data.cycle_name,
        "compared with": data.previous_name,
        "team": data.current.team or "",
        "generated on": data.generated_on.isoformat(),
        "anonymized": "yes" if data.anonymized else "no",
        "k-anonymity": data.k_anonymity.k if data.k_anonymity else "",
        "matrix sheet": m.MATRIX_SHEET,
        "matrix header row": m.MATRIX_HEADER_ROW,
    }


def _properties(wb: object, data: ReportData) -> None:
    props = wb.properties  # type: ignore[attr-defined]
    props.title = f"Skills report · {data.scope} · {data.cycle_name}"
    props.subject = "Team skills matrix: coverage, gaps, trend and growth"
    props.creator = "SkillMatrix"
    props.lastModifiedBy = "SkillMatrix"
    props.keywords = "skills matrix, competencies, coverage"
    props.description = f"Generated by SkillMatrix {__version__}"
    now = datetime.now().replace(microsecond=0)
    props.created = now
    props.modified = now


def _discard(wb: object, tmp: Path) -> None:
    """Remove the partial report and the per-sheet temporary files openpyxl streams into.

    Write-only sheets stream rows to their own temporary files, which openpyxl removes
    only when the workbook is saved; an abandoned export must remove them itself.
    """
    for ws in getattr(wb, "_sheets", []):
        rows = getattr(ws, "_rows", None)
        if rows is not None:
            with suppress(Exception):
                rows.close()
            ws._rows = None
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with suppress(Exception):
                writer.close()
            with suppress(Exception):
                writer.cleanup()
    tmp.unlink(missing_ok=True)
