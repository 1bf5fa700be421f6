"""Returned self-assessment forms (see :mod:`skillmatrix.reports.forms`)."""

from __future__ import annotations

from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.core.model import Source
from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import Collector
from skillmatrix.reports.importing.headers import norm
from skillmatrix.reports.importing.records import ImportedRating
from skillmatrix.reports.importing.source import SheetSource

_COLUMNS = {
    "competency": "competency",
    "your level": "level",
    "interest (0-3)": "interest",
    "interest": "interest",
    "note": "note",
    "category": "category",
}


def parse_form(sheet: SheetSource, meta: dict[str, str], out: Collector) -> None:
    """Read a returned form: one person's self-ratings (source "self")."""
    parsed = out.parsed
    parsed.source = Source.SELF
    parsed.cycle_name = meta.get("cycle") or None
    try:
        version = int(meta.get("version", "0"))
    except ValueError:
        version = 0
    if version > 1:
        out.problem("", f"this form is version {version}; update SkillMatrix to read it")
        return
    rows = sheet.rows()
    top = list(islice(rows, 60))
    header_row, cols = _header(top)
    if header_row is None or "competency" not in cols or "level" not in cols:
        out.problem("", "the form's header row (Competency … Your level) was changed or removed")
        return
    name, email = meta.get("person name", ""), meta.get("person email", "")
    if not (name or email):
        out.problem("", "the form does not say whose it is (hidden SkillMatrix sheet damaged)")
        return
    person = out.add_person("", name, email)
    parsed.value_mapping = out.values  # the database's own scale; counted as read
    all_rows = top[header_row:] + list(rows)
    for number, row in enumerate(all_rows, start=header_row + 1):

        def get(field: str, row: tuple[Any, ...] = row) -> Any:
            col = cols.get(field)
            return row[col] if col is not None and col < len(row) else None

        def at(field: str, number: int = number) -> str:
            return f"{get_column_letter(cols[field] + 1)}{number}"

        comp_name = v.text(get("competency"))
        if not comp_name:
            continue
        try:
            level, na = v.level(get("level"), out.scale)
        except v.CellError as exc:
            out.problem(at("level"), str(exc))
            continue
        try:
            interest = v.interest(get("interest")) if "interest" in cols else None
        except v.CellError as exc:
            out.problem(at("interest"), str(exc))
            continue
        note = v.text(get("note")) or None if "note" in cols else None
        if level is None and not na and interest is None and not note:
            continue
        if level is not None or na:
            out.values.tally({get("level"): 1})
        comp = out.add_competency(at("competency"), comp_name, category=v.text(get("category")))
        out.add_rating(
            at("competency"),
            ImportedRating(
                person, comp, level, na, interest, note, None, number, cols["level"] + 1
            ),
        )


def _header(rows: list[tuple[Any, ...]]) -> tuple[int | None, dict[str, int]]:
    for number, row in enumerate(rows, start=1):
        cols: dict[str, int] = {}
        for col, value in enumerate(row):
            field = _COLUMNS.get(norm(value))
            if field is not None:
                cols.setdefault(field, col)
        if "competency" in cols and "level" in cols:
            return number, cols
    return None, {}
