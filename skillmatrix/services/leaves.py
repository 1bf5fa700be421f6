"""The leave calendar (planned absences) the risk projection reads.

One user action, one transaction. Entered in the Team view or imported from CSV there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.risk import Leave
from skillmatrix.store import repo_leaves
from skillmatrix.store import repo_people as people_repo
from skillmatrix.store.database import Database

#: The kinds the Team view offers (any other short text is kept as typed).
KINDS = ("parental leave", "notice period", "sabbatical")
MAX_KIND = 40


def _check(leave: Leave) -> Leave:
    kind = " ".join(leave.reason.split())
    if leave.end < leave.start:
        raise ValidationError(f"the leave ends ({leave.end}) before it starts ({leave.start})")
    if len(kind) > MAX_KIND:
        raise ValidationError(f"leave kind: at most {MAX_KIND} characters ({kind[:20]!r}…)")
    return Leave(leave.person_id, leave.start, leave.end, kind, id=leave.id)


def list_leaves(db: Database, *, ending_after: dt.date | None = None) -> list[Leave]:
    """The stored calendar, by start date (only leaves not over by ``ending_after``)."""
    with db.reading() as s:
        return repo_leaves.list_leaves(s, ending_after=ending_after)


def add_leaves(db: Database, leaves: Sequence[Leave]) -> list[Leave]:
    """Store ``leaves`` in one transaction (with their ids when given: undo of a removal).

    Raises:
        ValidationError: an end before its start, a kind too long.
        NotFoundError: an unknown person.
    """
    checked = [_check(lv) for lv in leaves]
    with db.session() as s:
        for lv in checked:
            people_repo.person_row(s, lv.person_id)
        return repo_leaves.insert(s, checked)


def add_leave(db: Database, *, person_id: int, start: dt.date, end: dt.date, kind: str) -> Leave:
    """Store one leave (see :func:`add_leaves`)."""
    return add_leaves(db, [Leave(person_id, start, end, kind)])[0]


def remove_leaves(db: Database, ids: Sequence[int]) -> list[Leave]:
    """Delete the leaves with ``ids`` in one transaction; returns them (for undo)."""
    with db.session() as s:
        return repo_leaves.remove(s, ids)


def import_leaves(db: Database, path: str | Path) -> list[Leave]:
    """Add every leave of a CSV calendar (person, from, to[, kind]) in one transaction.

    Either all rows are stored or none.

    Raises:
        ValidationError: the file's first problem, naming the file, row and field.
    """
    from skillmatrix.reports.leave_calendar import read_leave_calendar

    path = Path(path)
    with db.reading() as s:
        everyone = people_repo.list_people(s, include_inactive=True)
    leaves = read_leave_calendar(path, everyone)
    if not leaves:
        raise ValidationError(f"{path.name}: no leave rows under the headings")
    return add_leaves(db, leaves)
