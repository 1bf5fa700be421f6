"""``skillmatrix export``, ``import`` and ``forms``: the Excel side of the app."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from skillmatrix.commands.common import open_db
from skillmatrix.core.errors import ImportProblem, ValidationError

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
    from skillmatrix.services.excel import export_report

    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise ValidationError(f"{output}: the report is an Excel workbook, name it *.xlsx")
    db = open_db(args)
    started = time.perf_counter()
    path = export_report(
        db,
        output,
        cycle=args.cycle,
        team=args.team,
        compare_to=args.compare_to,
        anonymize=args.anonymize,
        progress=_stderr_progress(sys.stderr.isatty()),
    )
    print(f"Wrote {path} ({time.perf_counter() - started:.1f} s)")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from skillmatrix.reports.importing.scalemap import parse_override
    from skillmatrix.services.excel import import_file

    spec = getattr(args, "value_map", None)
    values = parse_override(spec) if spec else None
    db = open_db(args)
    result = import_file(
        db,
        args.file,
        cycle=args.cycle,
        dry_run=args.dry_run,
        strict=args.strict,
        sheet=getattr(args, "sheet", None),
        values=values,
    )
    print(
        f"{result.path.name}: {result.layout} layout"
        + (f", sheet {result.sheet!r}" if result.sheet else "")
        + f", {result.source.value} ratings"
        + (f" for {result.cycle}" if result.cycle else "")
    )
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
    return 0


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
    from skillmatrix.services.excel import write_self_assessment_forms

    try:
        Path(args.output).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"cannot create {args.output}: {exc.strerror or exc}") from None
    db = open_db(args)
    paths = write_self_assessment_forms(db, args.output, cycle=args.cycle, team=args.team)
    print(f"Wrote {len(paths)} self-assessment forms to {args.output}")
    return 0
