"""Read a leave calendar (person, from, to[, reason]) from CSV for the risk projection.

Columns are found by their headings in any order and case: person (or name, employee,
email), from (start, begin), to (end, until), reason (type, note). Dates are ISO
(2027-01-31) or day/month/year. Every problem names the file, the row and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Person
from skillmatrix.core.risk import Leave
from skillmatrix.store.names import fold

MAX_ROWS = 100_000  # a calendar is a few rows per person; refuse a runaway file early

_HEADINGS = {
    "person": ("person", "name", "employee", "email", "who"),
    "from": ("from", "start", "begin", "starts", "first day"),
    "to": ("to", "end", "until", "ends", "last day"),
    "reason": ("reason", "type", "note", "kind"),
}


def _date(text: str, where: str) -> dt.date:
    text = text.strip()
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValidationError(f"{where}: {text!r} is not a date (use 2027-01-31)")


def read_leave_calendar(path: Path, people: Sequence[Person]) -> list[Leave]:
    """The leaves in ``path`` for ``people`` (matched by name or email, any case).

    Raises:
        ValidationError: unreadable file, missing columns, a bad date, an end before its
            start, or a person who is not in the database (one line naming file and row).
    """
    by_key = {fold(p.name): p for p in people} | {fold(p.email): p for p in people if p.email}
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(islice(csv.reader(f), MAX_ROWS + 2))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError(f"{path.name}: cannot read the leave calendar ({exc})") from None
    if not rows:
        raise ValidationError(f"{path.name}: the leave calendar is empty")
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(f"{path.name}: more than {MAX_ROWS:,} rows; not a leave calendar")
    header = [fold(h) for h in rows[0]]
    cols: dict[str, int] = {}
    for field, names in _HEADINGS.items():
        found = next((k for k, h in enumerate(header) if h in names), None)
        if found is not None:
            cols[field] = found
    missing = [f for f in ("person", "from", "to") if f not in cols]
    if missing:
        raise ValidationError(
            f"{path.name}: no {', '.join(missing)} column (expected person, from, to[, reason])"
        )
    leaves: list[Leave] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {f: row[k].strip() if k < len(row) else "" for f, k in cols.items()}
        where = f"{path.name} row {number}"
        person = by_key.get(fold(cell["person"]))
        if person is None:
            raise ValidationError(f"{where}: no person named {cell['person']!r}")
        start, end = _date(cell["from"], f"{where} from"), _date(cell["to"], f"{where} to")
        if end < start:
            raise ValidationError(f"{where}: the leave ends ({end}) before it starts ({start})")
        leaves.append(Leave(person.id, start, end, cell.get("reason", "")))
    return leaves
