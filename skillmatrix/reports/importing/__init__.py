"""Reading spreadsheets managers already keep (and files this app wrote) into plain records.

:func:`read_import` recognises five layouts (this app's Matrix sheet, wide, long, framework,
returned self-assessment form), checks every cell and returns a :class:`ParsedImport`; it
writes nothing. Problems with individual cells are collected (all of them, with sheet and
cell); a file that cannot be read at all raises :class:`ImportProblem` with a one-line
message naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import islice
from pathlib import Path

from skillmatrix.core.errors import ImportProblem
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.scale import Scale
from skillmatrix.reports import meta as m
from skillmatrix.reports.importing.common import Collector
from skillmatrix.reports.importing.detect import SCAN_ROWS, Header, classify, find_header
from skillmatrix.reports.importing.framework_file import TEXT_SUFFIXES
from skillmatrix.reports.importing.headers import norm
from skillmatrix.reports.importing.limits import (
    DEFAULT_LIMITS,
    ImportLimits,
    ImportTooLarge,
    check_people_rows,
)
from skillmatrix.reports.importing.mapping import ColumnMapping
from skillmatrix.reports.importing.records import ParsedImport
from skillmatrix.reports.importing.scalemap import Override
from skillmatrix.reports.importing.source import Book, SheetSource, open_book

__all__ = [
    "ColumnMapping",
    "ImportLimits",
    "ImportTooLarge",
    "Override",
    "ParsedImport",
    "read_import",
]

HELP = (
    "expected a header row with a Name column and one column per competency, or "
    "Name | Competency | Level rows, or Category | Competency | Junior … Principal targets"
)


def read_import(
    path: str | Path,
    *,
    scale: Scale,
    known_people: Iterable[str] = (),
    known_competencies: Iterable[str] = (),
    sheet: str | None = None,
    strict: bool = False,
    mapping: ColumnMapping | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
    values: Override | None = None,
) -> ParsedImport:
    """Parse a spreadsheet into plain records (nothing is written anywhere).

    Args:
        path: an .xlsx workbook or a .csv file.
        scale: the proficiency scale levels are read against (numbers or labels).
        known_people: names and e-mail addresses of the people the app has.
        known_competencies: names of the competencies the app has.
        sheet: the sheet to read (default: the one this app wrote, else the first sheet
            with a recognisable layout).
        strict: unknown people and competencies are problems instead of "to be created".
        mapping: corrections to how columns were recognised, ``{0-based column: role}``
            (wide, matrix and long layouts; ignored for framework sheets and forms). Columns
            left out are recognised as usual; see :mod:`skillmatrix.reports.importing.mapping`.
            The indexes refer to the sheet read: pass ``sheet`` too for a workbook whose
            chosen sheet could change.
        limits: the most people and competencies the file may hold (checked before the
            rows are read where the sheet's size is known, else while they stream).
        values: corrections to how values are read as levels (``--map``), see
            :func:`skillmatrix.reports.importing.scalemap.parse_override`.

    Returns:
        The records and every problem found (``parsed.ok`` is False when there are any).

    Raises:
        ImportProblem: the file cannot be used at all (empty, not a spreadsheet, encrypted,
            damaged, too large, no recognisable layout); the message names the file.
        ImportTooLarge: the file holds more than ``limits`` allow (says which and how to
            lift it).
    """
    path = Path(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _framework_text(path, scale)
    book = open_book(path, limits)
    try:
        known_comps = {norm(c) for c in known_competencies if c}
        parsed = _read(
            book, scale, list(known_people), known_comps, sheet, strict, mapping, limits, values
        )
        parsed.sheets = [s.name for s in book.sheets if not s.hidden and s.name != m.META_SHEET]
        return parsed
    finally:
        book.close()


def _read(
    book: Book,
    scale: Scale,
    known_people: list[str],
    known_comps: set[str],
    sheet_name: str | None,
    strict: bool,
    mapping: ColumnMapping | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
    values: Override | None = None,
) -> ParsedImport:
    kind = book.meta.get("kind", "")
    name = book.path.name
    if kind == m.KIND_FORM and sheet_name is None:
        from skillmatrix.reports.importing.form import parse_form

        src = book.sheet(m.FORM_SHEET)
        out = _collector(book, src, "form", scale, known_people, known_comps, strict, limits)
        parse_form(src, book.meta, out)
        return _finish(out)
    if kind == m.KIND_REPORT and sheet_name in (None, m.MATRIX_SHEET):
        if book.meta.get("anonymized") == "yes":
            raise ImportProblem(
                f"{name}: is an anonymised report; its names are pseudonyms and cannot be "
                "imported (export it again without anonymising)"
            )
        src = book.sheet(m.MATRIX_SHEET)
        top = list(islice(src.rows(), SCAN_ROWS))
        header = (
            classify(top[m.MATRIX_HEADER_ROW - 1], m.MATRIX_HEADER_ROW, known_comps)
            if (len(top) >= m.MATRIX_HEADER_ROW)
            else None
        )
        if header is None or header.layout != "wide":
            raise ImportProblem(f"{name}: the Matrix sheet's header row (row 4) was changed")
        _check_rows(book, src, header, limits)
        out = _collector(book, src, "matrix", scale, known_people, known_comps, strict, limits)
        out.parsed.cycle_name = book.meta.get("cycle") or None
        out.decide(
            f"SkillMatrix report: sheet {m.MATRIX_SHEET!r} read (other sheets: its analysis, "
            "not imported)"
        )
        from skillmatrix.reports.importing.wide import parse_wide

        parse_wide(src, header, top, out, trust_headers=True, mapping=mapping)
        _add_samples(out.parsed, top)
        return _finish(out)
    candidates = (
        [book.sheet(sheet_name)]
        if sheet_name
        else [s for s in book.sheets if not s.hidden and s.name != m.META_SHEET]
    )
    people = {norm(p) for p in known_people if p}
    found: list[tuple[SheetSource, Header, list[tuple[object, ...]]]] = []
    for src in candidates:
        top = list(islice(src.rows(), SCAN_ROWS))
        header = find_header(top, known_comps, people)
        if header is not None:
            found.append((src, header, top))
            if header.layout in RATINGS:
                break
    if found:
        src, header, top = next((f for f in found if f[1].layout in RATINGS), found[0])
        _check_rows(book, src, header, limits)
        out = _collector(book, src, header.layout, scale, known_people, known_comps, strict, limits)
        out.override = values
        out.parsed.header_row = header.row
        if len(candidates) > 1:
            others = [c.name for c in candidates if c is not src]
            out.decide(
                f"sheet {src.name!r} read: it holds the {header.layout} table "
                f"(other sheets: {', '.join(repr(o) for o in others)})"
            )
        out.decide(f"table found: header in row {header.row}" + _span(header))
        _parse(src, header, top, out, mapping)
        _add_samples(out.parsed, top)
        return _finish(out)
    if all(
        not any(v is not None for row in islice(s.rows(), SCAN_ROWS) for v in row)
        for s in candidates
    ):
        raise ImportProblem(f"{name}: has no data")
    for src in candidates:
        if _unattributed(list(islice(src.rows(), SCAN_ROWS))):
            raise ImportProblem(
                f"{name}: sheet {src.name!r} has ratings but nobody to attribute them to "
                "(no column or row names the people: add a Name column)"
            )
    for src in candidates:
        frameworks = _frameworks(src, book, scale)
        if frameworks:
            parsed = ParsedImport(path=book.path, sheet=src.name, layout="framework")
            parsed.frameworks = frameworks
            parsed.role = frameworks[0].name
            parsed.decisions.append(_framework_decision(frameworks))
            return parsed
    where = f"sheet {candidates[0].name!r}" if len(candidates) == 1 else "any sheet"
    raise ImportProblem(f"{name}: no header row found in {where} ({HELP})")


RATINGS = ("wide", "transposed", "long")


def _frameworks(src: SheetSource, book: Book, scale: Scale) -> list[Framework]:
    from skillmatrix.core.errors import FrameworkError
    from skillmatrix.reports.importing.framework_file import frameworks_from_rows

    rows = list(islice(src.rows(), 5_000))
    name = book.path.stem if len(book.sheets) == 1 else src.name
    try:
        return frameworks_from_rows(rows, name, scale, book.path)
    except FrameworkError as exc:
        raise ImportProblem(str(exc)) from None


def _framework_text(path: Path, scale: Scale) -> ParsedImport:
    """A Markdown or YAML framework: read by the framework engine, or refused in one line."""
    from skillmatrix.core.errors import FrameworkError
    from skillmatrix.reports.importing.framework_file import load_framework_files

    try:
        frameworks = load_framework_files(path, scale)
    except FrameworkError as exc:
        raise ImportProblem(str(exc)) from None
    parsed = ParsedImport(path=path, sheet=path.name, layout="framework")
    parsed.frameworks, parsed.role = frameworks, frameworks[0].name
    parsed.sheets = [path.name]
    parsed.decisions.append(_framework_decision(frameworks))
    return parsed


def _framework_decision(frameworks: list[Framework]) -> str:
    names = ", ".join(f"{f.name!r} ({len(f.competencies)} competencies)" for f in frameworks)
    return f"framework table: {names}"


def _span(header: Header) -> str:
    from openpyxl.utils import get_column_letter

    cols = [c for c, x in enumerate(header.cells) if x is not None and str(x).strip()]
    if not cols:
        return ""
    return f", columns {get_column_letter(cols[0] + 1)}-{get_column_letter(cols[-1] + 1)}"


def _unattributed(rows: list[tuple[object, ...]]) -> bool:
    """A header naming competencies and levels, with no one they belong to."""
    from skillmatrix.reports.importing.headers import field_of

    for row in rows:
        fields = {field_of(x) for x in row if isinstance(x, str)}
        if "competency" in fields and ("level" in fields or "interest" in fields):
            return not fields & {"name", "email", "id"}
    return False


def _collector(
    book: Book,
    src: SheetSource,
    layout: str,
    scale: Scale,
    known_people: list[str],
    known_comps: set[str],
    strict: bool,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> Collector:
    parsed = ParsedImport(path=book.path, sheet=src.name, layout=layout)  # type: ignore[arg-type]
    return Collector(parsed, scale, known_people, known_comps, strict, limits=limits)


def _check_rows(book: Book, src: SheetSource, header: Header, limits: ImportLimits) -> None:
    """A sheet with one person per row is refused from its size before its rows are read."""
    size = src.size()
    if header.layout == "wide" and size is not None:
        check_people_rows(book.path.name, f"sheet {src.name!r}", size.rows, header.row, limits)


def _parse(
    src: SheetSource,
    header: Header,
    top: list[tuple[object, ...]],
    out: Collector,
    mapping: ColumnMapping | None,
) -> None:
    if header.layout == "transposed":
        from skillmatrix.reports.importing.transposed import parse_transposed

        parse_transposed(src, header, top, out, mapping=mapping)
    elif header.layout == "long":
        from skillmatrix.reports.importing.long import parse_long

        parse_long(src, header, out, mapping=mapping)
    elif header.layout == "framework":
        from skillmatrix.reports.importing.framework import parse_framework

        parse_framework(src, header, out)
    else:
        from skillmatrix.reports.importing.wide import parse_wide

        parse_wide(src, header, top, out, mapping=mapping)


def _add_samples(parsed: ParsedImport, top: list[tuple[object, ...]], count: int = 3) -> None:
    """Give each described column the first ``count`` values below the header row."""
    below = top[parsed.header_row :] if parsed.header_row else []
    for n, column in enumerate(parsed.columns):
        values = [row[column.index] for row in below if column.index < len(row)]
        texts = tuple(str(v).strip() for v in values if v is not None and str(v).strip())
        parsed.columns[n] = replace(column, samples=texts[:count])


def _finish(out: Collector) -> ParsedImport:
    parsed = out.parsed
    if not parsed.people and not parsed.competencies and not parsed.problems:
        parsed.problem("", "no data below the header row")
    return parsed
