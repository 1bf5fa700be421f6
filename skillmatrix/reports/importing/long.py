"""Long sheets: one row per rating (person, competency, level, and optional columns).

The person is a name, an e-mail or an id (``employee_id``); the competency a name or an id
(``skill_id``). Ids are resolved by the lookup files beside the file when they exist
(people.csv / employees.csv, skills.csv / competencies.csv, with an id and a name column);
an id nobody resolves names the person as it is. Optional columns: email, team, role,
seniority (of the person), category (of the competency), interest (0-3), note, date, and
an assessment type whose "self" rows go to the person's self-ratings. Levels are read
through the one value mapping inferred from the whole level column. The same person and
competency twice is a problem; a row with neither level, n/a, interest nor note is
skipped. A column mapping (see :mod:`.mapping`) can correct what a column holds.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.lookups import Lookups, find_lookups
from skillmatrix.reports.importing.mapping import LONG_ROLES, SKIP, ColumnMapping, assign_fields
from skillmatrix.reports.importing.records import ImportedRating
from skillmatrix.reports.importing.source import SheetSource

SELF = frozenset(
    {"self", "self assessment", "self-assessment", "self rating", "self-rating", "own", "employee"}
)
MANAGER = frozenset(
    {"manager", "line manager", "lead", "supervisor", "manager assessment", "assessor",
     "manager rating", "team lead", "mgr"}
)  # fmt: skip


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
    out.decide(f"one row per rating: {header.why or 'header row'}")
    lookups = (
        find_lookups(out.parsed.path) if ("id" in cols or "competency_id" in cols) else Lookups()
    )
    for line in lookups.described():
        out.decide(line)
    rows = [
        (number, row)
        for number, row in enumerate(islice(sheet.rows(), header.row, None), start=header.row + 1)
        if any(x is not None for x in row)
    ]
    level_col = cols.get("level")
    if level_col is not None:
        counts: Counter[object] = Counter(
            row[level_col] for _, row in rows if level_col < len(row) and row[level_col] is not None
        )
        out.use_values({k: n for k, n in counts.items() if not v.is_formula(k)})
    for number, row in rows:
        _row(number, row, cols, lookups, out)


def _row(
    number: int, row: tuple[Any, ...], cols: dict[str, int], lookups: Lookups, out: Collector
) -> None:
    def get(field: str) -> Any:
        col = cols.get(field)
        return row[col] if col is not None and col < len(row) else None

    def at(field: str) -> str:
        return f"{get_column_letter(cols[field] + 1)}{number}"

    name, email, key = v.text(get("name")), v.text(get("email")), v.text(get("id"))
    comp_name = v.text(get("competency"))
    comp_id = v.text(get("competency_id"))
    category = v.text(get("category"))
    team = v.text(get("team"))
    if key and not name:
        found = lookups.people.get(key)
        name = found.name if found else key
        email = email or (found.email if found else "")
        team = team or (found.team if found else "")
    if comp_id and not comp_name:
        skill = lookups.skills.get(comp_id)
        comp_name = skill.name if skill else comp_id
        category = category or (skill.category if skill else "")
    if not (name or email):
        if comp_name or get("level") is not None:
            out.problem(f"A{number}", "no person on this row")
        return
    if not comp_name:
        out.problem(
            at("competency" if "competency" in cols else "competency_id"),
            "no competency on this row",
        )
        return
    try:
        level, na = out.values.read(get("level"))
    except v.CellError as exc:
        out.problem(at("level"), str(exc))
        return
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
        return
    self_rating = False
    if "source" in cols:
        kind = " ".join(v.text(get("source")).casefold().replace("_", " ").split())
        if kind in SELF:
            self_rating = True
        elif kind and kind not in MANAGER:
            out.problem(
                at("source"),
                f"{v.text(get('source'))!r} is not an assessment type this app keeps "
                "(self or manager); remove these rows or map the column to skip",
            )
            return
    if "note" in cols:
        note = v.text(get("note")) or None
    if level is None and not na and interest is None and not note:
        return
    where = at("name") if "name" in cols else at("email") if "email" in cols else at("id")
    person = out.add_person(where, name, email, team, v.text(get("role")), seniority, number, key)
    comp_at = at("competency" if "competency" in cols else "competency_id")
    comp = out.add_competency(comp_at, comp_name, category=category)
    col = cols.get("level", cols.get("interest", 0)) + 1
    rating = ImportedRating(
        person, comp, level, na, interest, note, rated_on, number, col, self_rating
    )
    out.add_rating(comp_at, rating, source="self" if self_rating else "")


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
            out.parsed.skipped_columns.append(text)
            out.column(col, text, SKIP, "set by you" if role == SKIP else "not used")
    missing = [
        need
        for need, fields in (
            ("the person's name, email or id", ("name", "email", "id")),
            ("the competency", ("competency", "competency_id")),
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
