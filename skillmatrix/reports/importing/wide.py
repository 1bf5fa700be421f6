"""Wide sheets: people in rows, competencies in columns, a level in each cell.

Columns that name a person attribute (email, team, role, seniority) are read; columns with
a known non-skill header (availability, score, manager, ...) are skipped. A column whose
header is not a known competency is decided by its cells: formulas only (a computed
"Score") or text that is never a level nor a number (a "Location") means it is not a
skill; otherwise it is a new competency and every cell that is not a level is a problem
(so a column of out-of-range numbers is reported, never skipped). The row above the
header, when it has text above the competency columns, gives their categories (merged or
written once per group: filled to the right). A column mapping (see
:mod:`skillmatrix.reports.importing.mapping`) overrides any of these decisions per column.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import SUMMARY_ROWS, Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.headers import field_of, is_extra, norm
from skillmatrix.reports.importing.mapping import (
    PERSON_ROLES,
    SKIP,
    ColumnMapping,
    assign_fields,
    competency_of,
    competency_role,
)
from skillmatrix.reports.importing.records import ImportedRating
from skillmatrix.reports.importing.source import SheetSource

PERSON_FIELDS = PERSON_ROLES


def parse_wide(
    sheet: SheetSource,
    header: Header,
    top: list[tuple[Any, ...]],
    out: Collector,
    *,
    trust_headers: bool = False,
    mapping: ColumnMapping | None = None,
) -> None:
    """Read a wide sheet into ``out``.

    Args:
        sheet: the sheet.
        header: its header row (layout "wide").
        top: the sheet's first rows as already read (for the category row).
        out: where people, competencies, ratings and problems go.
        trust_headers: every non-person column is a competency (this app's Matrix sheet).
        mapping: the user's corrections, column -> role (see ``importing.mapping``); a
            mapped competency column is always read as levels, never decided by its cells.
    """
    mapping = dict(mapping or {})
    hrow = header.row
    out.parsed.header_row = hrow
    person_cols, displaced, clashes = assign_fields(header.fields, mapping, PERSON_FIELDS)
    for col, reason in clashes:
        out.problem(f"{get_column_letter(col + 1)}{hrow}", reason)
    if "name" not in person_cols and "email" not in person_cols:
        out.problem("", "no column holds the people's names or e-mail addresses; map one")
        return
    category_row = top[hrow - 2] if hrow >= 2 else ()
    names, unknown = _read_header(header, person_cols, displaced, mapping, out, trust_headers)
    categories = _categories(category_row, min([*names, *unknown], default=0))
    known: dict[int, int] = {}  # column -> competency index
    for col, name in names.items():
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
    out.parsed.columns.sort(key=lambda c: c.index)


def _read_header(
    header: Header,
    person_cols: dict[str, int],
    displaced: dict[int, int],
    mapping: dict[int, str],
    out: Collector,
    trust_headers: bool,
) -> tuple[dict[int, str], dict[int, str]]:
    """(column -> competency name, column -> header still to decide from its cells)."""
    hrow = header.row
    fields_at = {c: f for f, c in person_cols.items()}
    known: dict[int, str] = {}
    unknown: dict[int, str] = {}
    seen: dict[str, int] = {}
    for col, cell in enumerate(header.cells):
        text = v.text(cell)
        if not text:
            continue
        role = mapping.get(col)
        mine = "set by you" if role is not None else ""
        where = f"{get_column_letter(col + 1)}{hrow}"
        if col in fields_at:
            out.column(col, text, fields_at[col], mine)
            continue
        if col in displaced:
            why = f"replaced by column {get_column_letter(displaced[col] + 1)}"
            out.parsed.skipped_columns.append(f"{text} ({why})")
            out.column(col, text, SKIP, why)
            continue
        if role == SKIP or role in PERSON_FIELDS:  # a person field mapped twice is a problem
            out.parsed.skipped_columns.append(f"{text} (skipped)")
            out.column(col, text, SKIP, mine)
            continue
        name = competency_of(role) if role is not None else text
        if name is None:
            out.problem(where, f"a column of a wide sheet cannot be mapped to {role!r}")
            continue
        if norm(name) in seen:
            first = get_column_letter(seen[norm(name)] + 1)
            out.problem(where, f"column {name!r} appears twice (also column {first}); keep one")
            out.column(col, text, SKIP, f"same as column {first}")
            continue
        seen[norm(name)] = col
        if role is None and not trust_headers and not out.is_known_competency(name):
            if field_of(name) is not None or is_extra(name):
                out.parsed.skipped_columns.append(name)
                out.column(col, text, SKIP, "not a skill")
                continue
            unknown[col] = name
        else:
            known[col] = name
            why = "existing competency" if out.is_known_competency(name) else "new competency"
            out.column(col, text, competency_role(name), mine or why)
    return known, unknown


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
            out.column(col, name, SKIP, why)
            continue
        out.column(col, name, competency_role(name), "new competency")
        comp = out.add_competency(
            f"{get_column_letter(col + 1)}{hrow}", name, category=categories.get(col, "")
        )
        for person, number, value in cells:
            _rate(out, person, comp, value, number, col)
