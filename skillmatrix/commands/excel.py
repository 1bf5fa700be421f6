"""``skillmatrix export``, ``import`` and ``forms``: the Excel side of the app."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatrix.commands.common import open_db
from skillmatrix.core.errors import ImportProblem, ValidationError
from skillmatrix.paths import database_target

if TYPE_CHECKING:
    from skillmatrix.services.excel import ImportResult


def _stderr_progress(enabled: bool) -> Callable[[float, str], None]:
    last = [0.0]

    def progress(fraction: float, text: str = "") -> None:
        now = time.monotonic()
        if enabled and now - last[0] > 1.0:
            last[0] = now
            print(f"  {fraction:4.0%} {text}", file=sys.stderr)

    return progress


def run_export(args: argparse.Namespace) -> int:
    """``skillmatrix export``: write the Excel report (an .xlsx file)."""
    from skillmatrix.services.excel import export_report

    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise ValidationError(f"{output}: the report is an Excel workbook, name it *.xlsx")
    k = getattr(args, "k", None)
    if k is not None and not args.anonymize:
        raise ValidationError("--k applies to anonymised reports: add --anonymize")
    if getattr(args, "evidence", False) and args.anonymize:
        raise ValidationError(
            "--evidence cannot go with --anonymize: evidence is free text that may name people"
        )
    db = open_db(args, create=False)
    started = time.perf_counter()
    path = export_report(
        db,
        output,
        cycle=args.cycle,
        team=args.team,
        compare_to=args.compare_to,
        anonymize=args.anonymize,
        evidence=getattr(args, "evidence", False),
        stale_after=args.stale_after,
        **({} if k is None else {"k": k}),
        progress=_stderr_progress(sys.stderr.isatty()),
    )
    print(f"Wrote {path} ({time.perf_counter() - started:.1f} s)")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import into the database, creating it and its first cycle when there are none.

    A dry run into a database that does not exist yet runs against a scratch copy in a
    temporary folder, so it creates nothing; a failed import into a new path leaves no file.
    """
    from skillmatrix.services.database import discarded_on_failure, new_file, open_database

    target = database_target(getattr(args, "db", None))
    if args.dry_run and new_file(target) is not None:
        with tempfile.TemporaryDirectory(prefix="skillmatrix-dry-run-") as scratch:
            db = open_database(Path(scratch) / "new.db")
            try:
                result = _import(db, args)
            finally:
                db.close()
        _report_import(result, new_db=str(new_file(target)))
        return 0
    with discarded_on_failure(target) as fresh:
        db = open_db(args, announce=False)
        try:
            result = _import(db, args)
        finally:
            db.close()
        _report_import(result, new_db=str(fresh) if fresh is not None else None)
    return 0


def _import(db: Any, args: argparse.Namespace) -> Any:
    from skillmatrix.reports.importing.limits import ImportLimits
    from skillmatrix.reports.importing.scalemap import parse_override
    from skillmatrix.services.excel import import_file

    spec = getattr(args, "value_map", None)
    values = parse_override(spec) if spec else None

    defaults = ImportLimits()
    limits = ImportLimits(
        max_people=getattr(args, "max_people", None) or defaults.max_people,
        max_competencies=getattr(args, "max_competencies", None) or defaults.max_competencies,
    )
    return import_file(
        db,
        args.file,
        cycle=args.cycle,
        dry_run=args.dry_run,
        strict=args.strict,
        create_cycle=True,
        limits=limits,
        sheet=getattr(args, "sheet", None),
        values=values,
    )


def _report_import(result: ImportResult, *, new_db: str | None) -> None:
    """Print what the import did; ImportProblem (exit 1) when it was refused."""
    print(
        f"{result.path.name}: {result.layout} layout"
        + (f", sheet {result.sheet!r}" if result.sheet else "")
        + f", {result.source.value} ratings"
        + (f" for {result.cycle}" if result.cycle else "")
    )
    would = "would create" if result.dry_run or result.problems else "created"
    if new_db is not None:
        print(f"  {would} the database {new_db}")
    if result.cycle_created:
        print(f"  {would} cycle {result.cycle_created} (the database had no cycle)")
    _print_decisions(result)
    if result.skipped_columns:
        print(f"  skipped columns: {', '.join(result.skipped_columns)}")
    if result.people_created:
        print(f"  new people: {', '.join(result.people_created)}")
    if result.competencies_created:
        print(f"  new competencies: {', '.join(result.competencies_created)}")
    for name, close in result.close_matches.items():
        others = " or ".join(repr(c) for c in close)
        print(f"  note: new competency {name!r} is close to existing {others}")
    print(
        f"  ratings: {result.created} new, {result.changed} changed, "
        f"{result.unchanged} unchanged"
        + (f"; targets set: {result.targets_set}" if result.targets_set else "")
    )
    for warning in result.warnings:
        print(f"  warning: {warning}")
    if result.problems:
        for problem in result.problems:
            print(f"  problem: {problem}")
        raise ImportProblem(
            f"{result.path.name}: {len(result.problems)} problem(s) found; nothing was imported"
        )
    if result.dry_run:
        print("Dry run: nothing was changed.")
    else:
        print("Imported.")


def _print_decisions(result: ImportResult) -> None:
    """What each stage decided: table, orientation, columns, and the value mapping."""
    for line in result.decisions:
        print(f"  {line}")
    read = [c for c in result.columns if c.role != "skip"]
    if read and result.layout != "framework":
        roles = ", ".join(f"{c.letter} {c.header!r} = {_role(c.role)}" for c in read[:12])
        more = f" and {len(read) - 12} more" if len(read) > 12 else ""
        print(f"  columns read: {roles}{more}")
    if result.value_table:
        print("  values -> levels:")
        for rule in result.value_rules:
            print(f"    {rule}")
        width = max(10, *(len(a) for a, _, _ in result.value_table))
        lwidth = max(12, *(len(b) for _, b, _ in result.value_table))
        print(f"    {'file value':<{width}} -> {'level':<{lwidth}} -> cells")
        for value, level, count in result.value_table:
            print(f"    {value:<{width}} -> {level:<{lwidth}} -> {count}")


def _role(role: str) -> str:
    from skillmatrix.reports.importing.mapping import label

    return label(role)


def run_forms(args: argparse.Namespace) -> int:
    """``skillmatrix forms``: write a self-assessment form per person into a folder."""
    from skillmatrix.services.excel import write_self_assessment_forms

    try:
        Path(args.output).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"cannot create {args.output}: {exc.strerror or exc}") from None
    db = open_db(args, create=False)
    paths = write_self_assessment_forms(db, args.output, cycle=args.cycle, team=args.team)
    print(f"Wrote {len(paths)} self-assessment forms to {args.output}")
    return 0
