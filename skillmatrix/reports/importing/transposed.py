"""Transposed sheets: competencies in rows, people in columns.

The label column (under "Skill", "Competency", "Category", or an empty corner) names the
competencies. A row with text in the label column only is a group row: its text is the
category of the rows below; a run of two group rows is a group and a sub-group (the next
single group row replaces the sub-group, the next run of two both). A category column
written once per group (or merged) is filled down. One name under two groups stays two
competencies ("Linux / Running", "Windows / Running"). Rows whose label is a person field
(Email, Team, Role, Seniority) give the people's attributes; rows and columns with a known
non-rating heading (description, link, risk, shift, total, ...) are skipped and listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import SUMMARY_ROWS, Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.headers import field_of, is_extra, norm
from skillmatrix.reports.importing.mapping import SKIP, ColumnMapping
from skillmatrix.reports.importing.source import SheetSource

Row = tuple[Any, ...]
PERSON = "person"
LABELS = ("competency", "category", "description", "note")
ATTRIBUTES = ("email", "team", "role", "seniority")


@dataclass
class _Line:
    number: int
    name: str
    path: tuple[str, ...]
    description: str
    row: Row


def parse_transposed(
    sheet: SheetSource,
    header: Header,
    top: list[Row],
    out: Collector,
    *,
    mapping: ColumnMapping | None = None,
) -> None:
    """Read a transposed sheet into ``out``."""
    mapping = dict(mapping or {})
    hrow = header.row
    out.parsed.header_row = hrow
    label_col, extra, people = _columns(header, mapping, out)
    if not people:
        out.problem("", "no column names a person; map one")
        return
    out.decide(f"competencies in rows, people in columns: {header.why or 'header row'}")
    lines, attributes = _lines(sheet, hrow, label_col, extra, people, out)
    _qualify(lines)
    persons: dict[int, int] = {}
    for col, name in people.items():
        attrs = {f: v.text(row[col]) if col < len(row) else "" for f, row in attributes.items()}
        seniority = None
        try:
            seniority = v.seniority(attrs.get("seniority") or None)
        except v.CellError as exc:
            out.problem(f"{get_column_letter(col + 1)}{hrow}", str(exc))
        where = f"{get_column_letter(col + 1)}{hrow}"
        if out.find_person(name, attrs.get("email", "")) is not None:
            out.problem(where, f"{name} appears twice in the header row; keep one")
            continue
        persons[col] = out.add_person(
            where, name, attrs.get("email", ""), attrs.get("team", ""), attrs.get("role", ""),
            seniority, hrow,
        )  # fmt: skip
    counts: Counter[object] = Counter()
    for line in lines:
        for col in persons:
            value = line.row[col] if col < len(line.row) else None
            if value is not None and not v.is_formula(value):
                counts[value] += 1
    legend = [str(x) for row in top[: max(0, hrow - 1)] for x in row if isinstance(x, str)]
    read = out.use_values(counts, legend=legend).read
    for line in lines:
        where = f"{get_column_letter(label_col + 1)}{line.number}"
        comp = out.find_competency(line.name)
        if comp is not None:
            out.problem(where, f"competency {line.name!r} is listed twice; keep one")
            continue
        comp = out.add_competency(
            where, line.name, category=" / ".join(line.path), description=line.description
        )
        for col, person in persons.items():
            value = line.row[col] if col < len(line.row) else None
            if value is None:
                continue
            try:
                level, na = read(value)
            except v.CellError as exc:
                out.problem(f"{get_column_letter(col + 1)}{line.number}", str(exc))
                continue
            if level is None and not na:
                continue
            out.parsed.ratings.add(person, comp, level, na, line.number, col + 1)
    out.parsed.columns.sort(key=lambda c: c.index)


def _columns(
    header: Header, mapping: dict[int, str], out: Collector
) -> tuple[int, dict[str, int], dict[int, str]]:
    """(label column, label field -> column, people column -> name)."""
    cells = header.cells
    texts = [(c, v.text(x)) for c, x in enumerate(cells) if v.text(x)]
    fields = {f: c for f, c in header.fields.items() if f in LABELS}
    for col, chosen in mapping.items():  # the user's corrections move a label column
        if chosen in LABELS:
            fields = {f: c for f, c in fields.items() if c != col}
            fields[chosen] = col
        elif chosen in (SKIP, PERSON):
            fields = {f: c for f, c in fields.items() if c != col}
    if "competency" in fields:
        label_col = fields.pop("competency")
    elif "category" in fields and not any(c < fields["category"] for c, _ in texts):
        label_col = fields.pop("category")
    else:
        label_col = max(0, texts[0][0] - 1) if texts else 0
    if mapping.get(label_col) in (SKIP, PERSON):
        out.problem("", "the competency names column cannot be skipped; map another one first")
    people: dict[int, str] = {}
    for col, text in texts:
        role = mapping.get(col)
        mine = "set by you" if role is not None else ""
        if col == label_col and mapping.get(col) not in (SKIP, PERSON):
            out.column(col, text, "competency", mine or "names the competencies (rows)")
            continue
        if col in fields.values() and role in (None, *LABELS):
            field = next(f for f, c in fields.items() if c == col)
            out.column(col, text, field, mine)
            continue
        if role == SKIP:
            out.parsed.skipped_columns.append(f"{text} (skipped)")
            out.column(col, text, SKIP, mine)
            continue
        if role is None and (
            field_of(text) is not None or is_extra(text) or norm(text) in SUMMARY_ROWS
        ):
            out.parsed.skipped_columns.append(text)
            out.column(col, text, SKIP, "not a person")
            continue
        people[col] = text
        known = norm(text) in out.known_people
        out.column(col, text, PERSON, mine or ("existing person" if known else "new person"))
    return label_col, fields, people


def _lines(
    sheet: SheetSource,
    hrow: int,
    label_col: int,
    extra: dict[str, int],
    people: dict[int, str],
    out: Collector,
) -> tuple[list[_Line], dict[str, Row]]:
    """The competency rows with their group path, and the person attribute rows."""
    lines: list[_Line] = []
    attributes: dict[str, Row] = {}
    path: list[str] = []
    run: list[str] = []
    depth = 0
    category = ""
    cat_col = extra.get("category")
    for number, row in enumerate(islice(sheet.rows(), hrow, None), start=hrow + 1):

        def cell(col: int | None, row: Row = row) -> Any:
            return row[col] if col is not None and col < len(row) else None

        label = v.text(cell(label_col))
        if cat_col is not None and v.text(cell(cat_col)) and not v.is_formula(cell(cat_col)):
            category = v.text(cell(cat_col))
        rated = any(cell(c) is not None and v.text(cell(c)) for c in people)
        if not label:
            if rated and not all(v.is_formula(cell(c)) for c in people if cell(c) is not None):
                out.problem(
                    f"{get_column_letter(label_col + 1)}{number}",
                    "this row has ratings but no competency name",
                )
            continue
        field = field_of(label)
        if field in ATTRIBUTES:
            attributes[field] = row
            out.decide(f"row {number} ({label}) gives the people's {field}")
            continue
        if norm(label) in SUMMARY_ROWS or (not rated and is_extra(label)) or (field and not rated):
            out.parsed.skipped_columns.append(f"row {number} ({label})")
            continue
        if not rated and not any(v.text(cell(c)) for c in extra.values()):
            run.append(label)
            continue
        if run:
            depth = depth or len(run)
            path = run if len(run) >= depth else path[: depth - len(run)] + run
            run = []
        where = [category] if category else []
        description = v.text(cell(extra.get("description")))
        lines.append(_Line(number, label, tuple(where + path), description, row))
    return lines, attributes


def _qualify(lines: list[_Line]) -> None:
    """A name under two groups becomes "Group / Name" in each (never merged)."""
    seen: dict[str, set[tuple[str, ...]]] = {}
    for line in lines:
        seen.setdefault(norm(line.name), set()).add(line.path)
    for line in lines:
        if len(seen[norm(line.name)]) > 1 and line.path:
            line.name = f"{line.path[-1]} / {line.name}"
            line.path = line.path[:-1] or line.path
