"""Wide sheets: people in rows, competencies in columns, a level in each cell.

Columns that name a person attribute (email, team, role, seniority) are read; columns with
a known non-skill header (availability, score, manager, ...) are skipped. A column whose
header is not a known competency is decided by its cells: formulas only (a computed
"Score") or text that is never a level nor a number (a "Location") means it is not a
skill; otherwise it is a new competency and every cell that is not a level is a problem
(so a column of out-of-range numbers is reported, never skipped). The row above the
header, when it has text above the competency columns, gives their categories (merged or
written once per group: filled to the right).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import SUMMARY_ROWS, Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.headers import field_of, is_extra, norm
from skillmatrix.reports.importing.records import ImportedRating
from skillmatrix.reports.importing.source import SheetSource

PERSON_FIELDS = ("name", "email", "team", "role", "seniority")


def parse_wide(
    sheet: SheetSource,
    header: Header,
    top: list[tuple[Any, ...]],
    out: Collector,
    *,
    trust_headers: bool = False,
) -> None:
    """Read a wide sheet into ``out``.

    Args:
        sheet: the sheet.
        header: its header row (layout "wide").
        top: the sheet's first rows as already read (for the category row).
        out: where people, competencies, ratings and problems go.
        trust_headers: every non-person column is a competency (this app's Matrix sheet).
    """
    hrow = header.row
    person_cols = {f: header.fields[f] for f in PERSON_FIELDS if f in header.fields}
    category_row = top[hrow - 2] if hrow >= 2 else ()
    known: dict[int, int] = {}  # column -> competency index
    unknown: dict[int, str] = {}  # column -> header text, decided after reading the cells
    seen: dict[str, int] = {}
    for col, cell in enumerate(header.cells):
        name = v.text(cell)
        if not name or col in person_cols.values():
            continue
        where = f"{get_column_letter(col + 1)}{hrow}"
        if norm(name) in seen:
            first = get_column_letter(seen[norm(name)] + 1)
            out.problem(where, f"column {name!r} appears twice (also column {first}); keep one")
            continue
        seen[norm(name)] = col
        if not trust_headers and not out.is_known_competency(name):
            if field_of(name) is not None or is_extra(name):
                out.parsed.skipped_columns.append(name)
                continue
            unknown[col] = name
        else:
            known[col] = -1
    categories = _categories(category_row, min([*known, *unknown], default=0))
    for col in known:
        name = v.text(header.cells[col])
        known[col] = out.add_competency(
            f"{get_column_letter(col + 1)}{hrow}", name, category=categories.get(col, "")
        )
    held: dict[int, list[tuple[int, int, Any]]] = {col: [] for col in unknown}
    rows = islice(sheet.rows(), hrow, None)
    seen_people: dict[int, int] = {}
    for number, row in enumerate(rows, start=hrow + 1):
        person = _person(row, number, person_cols, out, seen_people)
        if person is None:
            _orphan(row, number, known, out)
            continue
        for col, comp in known.items():
            value = row[col] if col < len(row) else None
            if value is not None:
                _rate(out, person, comp, value, number, col)
        for col in unknown:
            value = row[col] if col < len(row) else None
            if value is not None:
                held[col].append((person, number, value))
    _decide(unknown, held, categories, hrow, out)


def _categories(row: tuple[Any, ...], first_col: int) -> dict[int, str]:
    out: dict[int, str] = {}
    current = ""
    for col in range(first_col, len(row)):
        text = v.text(row[col])
        if text and not v.is_formula(row[col]):
            current = text
        if current:
            out[col] = current
    return out


def _person(
    row: tuple[Any, ...], number: int, cols: dict[str, int], out: Collector, seen: dict[int, int]
) -> int | None:
    def get(field: str) -> Any:
        col = cols.get(field)
        return row[col] if col is not None and col < len(row) else None

    name, email = v.text(get("name")), v.text(get("email"))
    if v.is_formula(get("name")):
        name = ""
    if not name and not email:
        return None
    if norm(name) in SUMMARY_ROWS and not email:
        return None
    where = f"{get_column_letter(cols.get('name', cols.get('email', 0)) + 1)}{number}"
    try:
        seniority = v.seniority(get("seniority"))
    except v.CellError as exc:
        out.problem(f"{get_column_letter(cols['seniority'] + 1)}{number}", str(exc))
        seniority = None
    existing = out.find_person(name, email)
    if existing is not None:
        out.problem(where, f"{name or email} appears twice (also row {seen.get(existing, 0)})")
        return None
    index = out.add_person(
        where, name, email, v.text(get("team")), v.text(get("role")), seniority, number
    )
    seen[index] = number
    return index


def _orphan(row: tuple[Any, ...], number: int, known: dict[int, int], out: Collector) -> None:
    """A row without a person: fine if empty or computed, a problem if it holds levels."""
    for col in known:
        value = row[col] if col < len(row) else None
        if value is not None and not v.is_formula(value) and v.text(value):
            out.problem(f"A{number}", "this row has ratings but no person name")
            return


def _rate(out: Collector, person: int, comp: int, value: Any, number: int, col: int) -> None:
    try:
        level, na = v.level(value, out.scale)
    except v.CellError as exc:
        out.problem(f"{get_column_letter(col + 1)}{number}", str(exc))
        return
    if level is None and not na:
        return
    out.add_rating(
        "", ImportedRating(person, comp, level, na, row=number, column=col + 1), check=False
    )


def _decide(
    unknown: dict[int, str],
    held: dict[int, list[tuple[int, int, Any]]],
    categories: dict[int, str],
    hrow: int,
    out: Collector,
) -> None:
    """Turn each undecided column into a new competency, or skip it as not a skill."""
    for col, name in unknown.items():
        cells = held[col]
        formulas = sum(1 for _, _, value in cells if v.is_formula(value))
        readable = numeric = 0
        for _, _, value in cells:
            numeric += v.is_number(value)
            try:
                v.level(value, out.scale)
                readable += 1
            except v.CellError:
                pass
        if cells and (formulas == len(cells) or (readable == 0 and numeric == 0)):
            why = "formulas" if formulas == len(cells) else "text, not levels"
            out.parsed.skipped_columns.append(f"{name} ({why})")
            continue
        comp = out.add_competency(
            f"{get_column_letter(col + 1)}{hrow}", name, category=categories.get(col, "")
        )
        for person, number, value in cells:
            _rate(out, person, comp, value, number, col)
