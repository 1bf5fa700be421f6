"""Long sheets: one row per rating (person, competency, level, and optional columns).

Optional columns: email, team, role, seniority (of the person), category (of the
competency), interest (0-3), note and date. The same person and competency twice is a
problem; a row with neither level, n/a, interest nor note is skipped. A column mapping
(see :mod:`skillmatrix.reports.importing.mapping`) can correct what a column holds.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.mapping import LONG_ROLES, SKIP, ColumnMapping, assign_fields
from skillmatrix.reports.importing.records import ImportedRating
from skillmatrix.reports.importing.source import SheetSource


def parse_long(
    sheet: SheetSource, header: Header, out: Collector, *, mapping: ColumnMapping | None = None
) -> None:
    """Read a long sheet into ``out``.

    Args:
        sheet: the sheet.
        header: its header row (layout "long").
        out: where people, competencies, ratings and problems go.
        mapping: the user's corrections, column -> role (see ``importing.mapping``).
    """
    cols = _columns(header, dict(mapping or {}), out)
    if cols is None:
        return

    for number, row in enumerate(islice(sheet.rows(), header.row, None), start=header.row + 1):

        def get(field: str, row: tuple[Any, ...] = row) -> Any:
            col = cols.get(field)
            return row[col] if col is not None and col < len(row) else None

        def at(field: str, number: int = number) -> str:
            return f"{get_column_letter(cols[field] + 1)}{number}"

        name, email, comp_name = (
            v.text(get("name")),
            v.text(get("email")),
            v.text(get("competency")),
        )
        if not any(x is not None for x in row):
            continue
        if not (name or email):
            if comp_name or get("level") is not None:
                out.problem(f"A{number}", "no person on this row")
            continue
        if not comp_name:
            out.problem(at("competency"), "no competency on this row")
            continue
        try:
            level, na = v.level(get("level"), out.scale)
        except v.CellError as exc:
            out.problem(at("level"), str(exc))
            continue
        interest = note = rated_on = seniority = None
        try:
            if "interest" in cols:
                interest = v.interest(get("interest"))
            if "date" in cols:
                rated_on = v.date(get("date"))
            if "seniority" in cols:
                seniority = v.seniority(get("seniority"))
        except v.CellError as exc:
            field = next(
                f for f in ("interest", "date", "seniority") if f in cols and _fails(f, get(f))
            )
            out.problem(at(field), str(exc))
            continue
        if "note" in cols:
            note = v.text(get("note")) or None
        if level is None and not na and interest is None and not note:
            continue
        where = at("name") if "name" in cols else at("email")
        person = out.add_person(
            where, name, email, v.text(get("team")), v.text(get("role")), seniority, number
        )
        comp = out.add_competency(at("competency"), comp_name, category=v.text(get("category")))
        col = cols.get("level", cols.get("interest", 0)) + 1
        rating = ImportedRating(person, comp, level, na, interest, note, rated_on, number, col)
        out.add_rating(at("competency"), rating)


def _columns(header: Header, mapping: dict[int, str], out: Collector) -> dict[str, int] | None:
    """Field -> column with the mapping applied; None (and a problem) when one is missing."""
    hrow = header.row
    out.parsed.header_row = hrow
    cols, displaced, clashes = assign_fields(header.fields, mapping, LONG_ROLES)
    for col, reason in clashes:
        out.problem(f"{get_column_letter(col + 1)}{hrow}", reason)
    at = {c: f for f, c in cols.items()}
    for col, cell in enumerate(header.cells):
        text, role = v.text(cell), mapping.get(col)
        if not text:
            continue
        if role is not None and role != SKIP and role not in LONG_ROLES:
            where = f"{get_column_letter(col + 1)}{hrow}"
            out.problem(where, f"a column of a long sheet cannot be mapped to {role!r}")
        if col in at:
            out.column(col, text, at[col], "set by you" if role is not None else "")
        elif col in displaced:
            out.column(
                col, text, SKIP, f"replaced by column {get_column_letter(displaced[col] + 1)}"
            )
        else:
            out.column(col, text, SKIP, "set by you" if role == SKIP else "not used")
    missing = [
        need
        for need, fields in (
            ("the person's name or email", ("name", "email")),
            ("the competency", ("competency",)),
            ("the level or interest", ("level", "interest")),
        )
        if not any(f in cols for f in fields)
    ]
    if missing:
        out.problem("", f"no column holds {' or '.join(missing)}; map one")
        return None
    return cols


def _fails(field: str, value: Any) -> bool:
    parse = {"interest": v.interest, "date": v.date, "seniority": v.seniority}[field]
    try:
        parse(value)
    except v.CellError:
        return True
    return False
