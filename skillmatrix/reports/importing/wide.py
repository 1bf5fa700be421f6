"""Wide sheets: people in rows, competencies in columns, a rating in each cell.

Columns that name a person attribute (email, id, team, role, seniority) are read; an id
column (``#``, No., ID) identifies people, is never a competency, and tells apart two rows
with the same name. Columns with a known non-skill header (availability, score, link,
risk, shift, ...) are skipped and listed. A column whose header is not a known competency
is decided by its cells: formulas only (a computed "Score"), or values that are mostly
not ratings on any scale (a "Location", dates, links), means it is not a skill; otherwise
it is a competency and every cell the file's value mapping cannot place is a problem (so a
column of x/o marks or of out-of-range numbers is read or reported, never dropped).

The rows above the header, when they have text only above the competency columns, give
their categories (merged or written once per group: filled to the right), two such rows a
group and sub-group. One competency name under two groups stays two competencies,
"Linux / Running" and "Windows / Running". The value mapping is inferred once from all
rating cells (see :mod:`.scalemap`) before any cell is read as a level. A column mapping
(see :mod:`.mapping`) overrides any of the column decisions.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.cellcodes import CodedRows
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
from skillmatrix.reports.importing.scalemap import rating_share
from skillmatrix.reports.importing.source import SheetSource

PERSON_FIELDS = PERSON_ROLES
Row = tuple[Any, ...]


def parse_wide(
    sheet: SheetSource,
    header: Header,
    top: list[Row],
    out: Collector,
    *,
    trust_headers: bool = False,
    mapping: ColumnMapping | None = None,
) -> None:
    """Read a wide sheet into ``out``.

    Args:
        sheet: the sheet.
        header: its header row (layout "wide").
        top: the sheet's first rows as already read (for the category rows and legend).
        out: where people, competencies, ratings and problems go.
        trust_headers: every non-person column is a competency, on the database's own
            scale (this app's Matrix sheet).
        mapping: the user's corrections, column -> role (see ``importing.mapping``); a
            mapped competency column is always read as levels, never decided by its cells.
    """
    mapping = dict(mapping or {})
    hrow = header.row
    out.parsed.header_row = hrow
    person_cols, displaced, clashes = assign_fields(header.fields, mapping, PERSON_FIELDS)
    for col, reason in clashes:
        out.problem(f"{get_column_letter(col + 1)}{hrow}", reason)
    if not any(f in person_cols for f in ("name", "email", "id")):
        out.problem("", "no column holds the people's names or e-mail addresses; map one")
        return
    who = person_cols.get("name", person_cols.get("email", person_cols.get("id", 0)))
    out.decide(f"people in rows, competencies in columns: {header.why or 'header row'}")
    groups = _group_rows(top, hrow, who)
    names, unknown = _read_header(header, person_cols, displaced, mapping, out, trust_headers)
    first = min([*names, *unknown], default=0)
    paths = _paths(groups, first)
    # Between the count and the read, each row's cells of these columns are kept as
    # codes (people's names are read already): 2 bytes a cell, not the row's tuple.
    rows = CodedRows(sorted({*names, *unknown}))
    seen_people: dict[int, int] = {}
    team = ""
    for number, row in enumerate(islice(sheet.rows(), hrow, None), start=hrow + 1):
        group = _team_row(row, who, person_cols)
        if group:
            team = group
            continue
        person = _person(row, number, person_cols, out, seen_people, team)
        if person is None:
            rows.add(-1, number, row)  # checked for levels once the skills are known
            continue
        if person < 0:  # a second row of someone already read: reported
            continue
        rows.add(person, number, row)
    counts = rows.counts()
    decided = _decide(unknown, counts, out)
    columns = {**names, **decided}
    comps = _competencies(columns, paths, hrow, out)
    values = rows.values
    at = [(rows.position[col], col, comp) for col, comp in comps.items()]
    for person, number, codes in rows:
        if person < 0:
            _orphan([values[codes[j]] for j, _, _ in at], number, out)
    total: Counter[object] = Counter()
    for col in comps:
        total.update({k: n for k, n in counts[col].items() if not v.is_formula(k)})
    if trust_headers:
        out.parsed.value_mapping = out.values
        out.values.tally(total)
    else:
        out.use_values(total, legend=_legend(top, hrow))
    read = out.values.read
    add = out.parsed.ratings.add
    for person, number, codes in rows:
        if person < 0:
            continue
        for j, col, comp in at:
            code = codes[j]
            if not code:
                continue
            try:
                level, na = read(values[code])
            except v.CellError as exc:
                out.problem(f"{get_column_letter(col + 1)}{number}", str(exc))
                continue
            if level is None and not na:
                continue
            add(person, comp, level, na, number, col + 1)
    out.parsed.columns.sort(key=lambda c: c.index)


def _legend(top: list[Row], hrow: int) -> list[str]:
    return [str(x) for row in top[: max(0, hrow - 1)] for x in row if isinstance(x, str)]


def _group_rows(top: list[Row], hrow: int, who: int) -> list[Row]:
    """Up to two rows right above the header with text only right of the people column."""
    found: list[Row] = []
    for index in (hrow - 2, hrow - 3):
        if index < 0:
            break
        row = top[index]
        cells = [(c, x) for c, x in enumerate(row) if x is not None and v.text(x)]
        if not cells or any(c <= who for c, _ in cells) or any(v.is_formula(x) for _, x in cells):
            break
        if len(cells) == 1 and len([x for x in row if x is not None]) == 1 and index == hrow - 3:
            break  # a lone title two rows up is a title, not a group row
        found.insert(0, row)
    return found


def _paths(groups: list[Row], first_col: int) -> dict[int, tuple[str, ...]]:
    """Column -> (group, sub-group); a sub-group never runs on past its group's end."""
    filled: list[dict[int, str]] = []
    for depth, row in enumerate(groups):
        starts = (
            {c for c in range(first_col, len(groups[depth - 1])) if v.text(groups[depth - 1][c])}
            if depth
            else set()
        )
        filled.append(_fill_right(row, first_col, starts))
    width = max((max(f, default=-1) + 1 for f in filled), default=0)
    out: dict[int, tuple[str, ...]] = {}
    for col in range(first_col, width):
        path = tuple(f[col] for f in filled if col in f)
        if path:
            out[col] = path
    return out


def _fill_right(row: Row, first_col: int, resets: set[int] | None = None) -> dict[int, str]:
    out: dict[int, str] = {}
    current = ""
    for col in range(first_col, len(row)):
        if resets and col in resets:
            current = ""
        text = v.text(row[col])
        if text and not v.is_formula(row[col]):
            current = text
        if current:
            out[col] = current
    return out


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
    has_name = "name" in person_cols or "email" in person_cols
    for col, cell in enumerate(header.cells):
        text = v.text(cell)
        if not text:
            continue
        role = mapping.get(col)
        mine = "set by you" if role is not None else ""
        if col in fields_at:
            field = fields_at[col]
            why = mine or ("identifies the person, not a competency" if field == "id" else "")
            if field == "id" and not has_name:
                why = mine or "the only column naming the people"
            out.column(col, text, field, why)
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
            where = f"{get_column_letter(col + 1)}{hrow}"
            out.problem(where, f"a column of a wide sheet cannot be mapped to {role!r}")
            continue
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


def _competencies(
    columns: dict[int, str], paths: dict[int, tuple[str, ...]], hrow: int, out: Collector
) -> dict[int, int]:
    """Column -> competency index; a name under two groups is qualified by its group."""
    by_name: dict[str, list[int]] = {}
    for col in sorted(columns):
        by_name.setdefault(norm(columns[col]), []).append(col)
    result: dict[int, int] = {}
    for col in sorted(columns):
        name = columns[col]
        path = paths.get(col, ())
        same = by_name[norm(name)]
        where = f"{get_column_letter(col + 1)}{hrow}"
        if len(same) > 1:
            groups = [paths.get(c, ())[-1:] for c in same]
            if len(set(groups)) < len(groups):
                first = get_column_letter(same[0] + 1)
                if col != same[0]:
                    out.problem(
                        where, f"column {name!r} appears twice (also column {first}); keep one"
                    )
                    _relabel(out, col, SKIP, f"same as column {first}")
                    continue
            else:
                name = f"{path[-1]} / {name}"
                _relabel(out, col, competency_role(name), "same name under another group")
        category = " / ".join(path[:-1] if len(path) > 1 and len(same) > 1 else path)
        result[col] = out.add_competency(where, name, category=category)
    return result


def _relabel(out: Collector, col: int, role: str, why: str) -> None:
    for n, column in enumerate(out.parsed.columns):
        if column.index == col:
            out.parsed.columns[n] = type(column)(column.index, column.header, role, why)


def _team_row(row: Row, who: int, cols: dict[str, int]) -> str:
    """A group row of people (text in the people column only): the team it names."""
    if who >= len(row) or not isinstance(row[who], str) or not row[who].strip():
        return ""
    if any(
        x is not None and (not isinstance(x, str) or x.strip())
        for c, x in enumerate(row)
        if c != who
    ):
        return ""
    from skillmatrix.reports.importing.names import person_like

    text: str = row[who].strip()
    if "team" in cols or person_like(text) >= 1.0 or "@" in text or "id" in cols:
        return ""
    return text


def _person(
    row: Row,
    number: int,
    cols: dict[str, int],
    out: Collector,
    seen: dict[int, int],
    team: str = "",
) -> int | None:
    """The person on this row: an index, None for no one, -1 for a repeated person."""

    def get(field: str) -> Any:
        col = cols.get(field)
        return row[col] if col is not None and col < len(row) else None

    name, email, key = v.text(get("name")), v.text(get("email")), v.text(get("id"))
    if v.is_formula(get("name")):
        name = ""
    if "name" not in cols and "email" not in cols:
        name = key  # the id is all the file says about who this is
    if not name and not email:
        return None
    if norm(name) in SUMMARY_ROWS and not email:
        return None
    where = (
        f"{get_column_letter(cols.get('name', cols.get('email', cols.get('id', 0))) + 1)}{number}"
    )
    try:
        seniority = v.seniority(get("seniority"))
    except v.CellError as exc:
        out.problem(f"{get_column_letter(cols['seniority'] + 1)}{number}", str(exc))
        seniority = None
    existing = out.find_person(name, email, key)
    if existing is not None:
        out.problem(where, f"{name or email} appears twice (also row {seen.get(existing, 0)})")
        return -1
    index = out.add_person(
        where, name, email, v.text(get("team")) or team, v.text(get("role")), seniority, number, key
    )
    seen[index] = number
    return index


def _orphan(cells: list[Any], number: int, out: Collector) -> None:
    """Check a row without a person (``cells``: its competency cells).

    Fine if empty or computed, a problem if it holds levels.
    """
    for value in cells:
        if value is not None and not v.is_formula(value) and v.text(value):
            out.problem(f"A{number}", "this row has ratings but no person name")
            return


def _decide(
    unknown: dict[int, str], counts: dict[int, Counter[object]], out: Collector
) -> dict[int, str]:
    """The undecided columns that hold ratings (the others are skipped and listed)."""
    kept: dict[int, str] = {}
    for col, name in unknown.items():
        cells = counts[col]
        total = sum(cells.values())
        formulas = sum(n for value, n in cells.items() if v.is_formula(value))
        share, _ = rating_share(cells, out.scale)
        if total and (formulas == total or share < 0.5):
            why = "formulas" if formulas == total else _kind(cells)
            out.parsed.skipped_columns.append(f"{name} ({why})")
            out.column(col, name, SKIP, why)
            continue
        out.column(col, name, competency_role(name), "new competency")
        kept[col] = name
    return kept


def _kind(cells: Counter[object]) -> str:
    """What a column that is not ratings holds, in a few words."""
    import datetime as dt

    values = [x for x in cells if x is not None]
    if values and all(isinstance(x, dt.date | dt.datetime | dt.time) for x in values):
        return "dates"
    texts = [str(x).strip().casefold() for x in values]
    if texts and all(t.startswith(("http://", "https://", "www.")) for t in texts):
        return "links"
    if texts and all("@" in t and " " not in t for t in texts):
        return "e-mail addresses"
    return "text, not levels"
