"""Long sheets: one row per rating (person, competency, level, and optional columns).

Optional columns: email, team, role, seniority (of the person), category (of the
competency), interest (0-3), note and date. The same person and competency twice is a
problem; a row with neither level, n/a, interest nor note is skipped.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.records import ImportedRating
from skillmatrix.reports.importing.source import SheetSource


def parse_long(sheet: SheetSource, header: Header, out: Collector) -> None:
    """Read a long sheet into ``out``."""
    cols = header.fields

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


def _fails(field: str, value: Any) -> bool:
    parse = {"interest": v.interest, "date": v.date, "seniority": v.seniority}[field]
    try:
        parse(value)
    except v.CellError:
        return True
    return False
