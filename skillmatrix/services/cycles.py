"""Assessment cycles: quarters named like "2026-Q4", started, closed and reopened."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext

from sqlalchemy.orm import Session

from skillmatrix.core.errors import ChangedMeanwhileError, ValidationError
from skillmatrix.core.model import Cycle
from skillmatrix.services.reads import latest_cycle as latest_cycle
from skillmatrix.services.reads import list_cycles as list_cycles
from skillmatrix.services.unset import UNSET, Unset
from skillmatrix.store import models, repo_changes, repo_ratings, versions
from skillmatrix.store import repo_cycles as repo
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import by_name
from skillmatrix.store.names import clean_name
from skillmatrix.store.repo_changes import short_time

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def parse_quarter(name: str) -> tuple[int, int] | None:
    """(year, quarter) of a name like "2026-Q4", or None for any other name."""
    m = _QUARTER.match(name.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    start = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, after - dt.timedelta(days=1)


def next_cycle_name(latest: str | None, today: dt.date | None = None) -> str:
    """The name for the next cycle.

    The quarter after ``latest`` ("2026-Q4" -> "2027-Q1"), but never a quarter before
    today's: after a year without reviews the next cycle is the current quarter. With no
    previous cycle (or one not named like a quarter), the current quarter.
    """
    year, quarter = _quarter_of(today or dt.date.today())
    previous = parse_quarter(latest) if latest else None
    if previous is not None:
        py, pq = previous
        following = (py + 1, 1) if pq == 4 else (py, pq + 1)
        year, quarter = max(following, (year, quarter))
    return f"{year}-Q{quarter}"


def get_cycle(db: Database, name_or_id: str | int) -> Cycle:
    """A cycle by name (any case) or id.

    Raises:
        NotFoundError: no such cycle; the message lists the existing names.
    """
    with db.reading() as s:
        return repo.to_cycle(repo.cycle_row(s, name_or_id))


def start_cycle(
    db: Database,
    *,
    name: str | None = None,
    carry_forward: bool = True,
    close_previous: bool = False,
    starts_on: dt.date | None = None,
    today: dt.date | None = None,
    after: int | Unset | None = UNSET,
    due: dt.date | None = None,
) -> Cycle:
    """Start a new cycle, by default copying every rating of the latest one.

    Carrying forward makes the new quarter start from where the last one ended (both
    sources, with their original rated_by/rated_on), so managers only edit what changed.
    The copy is a single INSERT ... SELECT: 1.5M rows take seconds, not minutes. Starting,
    carrying forward and closing the previous cycle are one transaction.

    Args:
        db: the database.
        name: the cycle's name; default ``next_cycle_name`` after the latest cycle.
        carry_forward: copy the latest cycle's ratings into the new one.
        close_previous: close the latest cycle (read-only history) once copied.
        starts_on: first day; default the quarter's first day (or today for other names).
        today: the date to reckon from (tests); default today.
        after: the latest cycle's id as the caller loaded it (None: there was none): when
            another manager started a cycle since, nothing is started. Two managers
            pressing Start at once get one cycle.
        due: the day its reviews are due (None: the cycle's last day), stored in the same
            transaction.

    Raises:
        ValidationError: the name is empty or already used, or ``due`` is before the
            cycle starts.
        ChangedMeanwhileError: ``after`` is no longer the latest cycle (names who
            started the new one, and when).
    """
    # Carrying a whole cycle forward is one big INSERT ... SELECT: more time than an edit.
    with db.bulk() if carry_forward else nullcontext(), db.session() as s:
        return repo.to_cycle(
            add_cycle(
                s,
                name,
                carry_forward=carry_forward,
                close_previous=close_previous,
                starts_on=starts_on,
                today=today,
                after=after,
                who=db.identity,
                due=due,
            )
        )


def add_cycle(
    s: Session,
    name: str | None = None,
    *,
    carry_forward: bool = False,
    close_previous: bool = False,
    starts_on: dt.date | None = None,
    today: dt.date | None = None,
    after: int | Unset | None = UNSET,
    who: str = "",
    due: dt.date | None = None,
) -> models.Cycle:
    """``start_cycle`` inside a caller's transaction (an import that needs a cycle).

    Starts are serialised (PostgreSQL: an advisory lock; SQLite: the write lock), and the
    previous cycle is locked exclusively before it is copied and closed: ratings being
    written in it commit first (and are carried), later ones wait and then see it closed.
    """
    today = today or dt.date.today()
    repo.lock_cycle_starts(s)
    previous = repo.latest_cycle_row(s)
    if after is not UNSET and (previous.id if previous is not None else None) != after:
        if previous is None:
            raise ChangedMeanwhileError(
                "the cycle you loaded was deleted since; nothing was started"
            )
        raise ChangedMeanwhileError(
            f"not started: {previous.name} was started by {previous.created_by or 'someone else'}"
            f" at {short_time(previous.created_at)} since you loaded it; it is the current cycle"
        )
    if previous is not None and (carry_forward or close_previous):
        previous = repo.locked_cycle_row(s, previous.id, exclusive=True)
    name = (
        clean_name(name, "cycle")
        if name is not None
        else next_cycle_name(previous.name if previous else None, today)
    )
    if by_name(s, models.Cycle, name) is not None:
        raise ValidationError(f"a cycle named {name!r} already exists")
    quarter = parse_quarter(name)
    start, end = quarter_dates(*quarter) if quarter else (today, None)
    if starts_on is not None:
        start = starts_on
        end = end if end is not None and end >= starts_on else None
    if due is not None and due < start:
        raise ValidationError(f"due date {due:%d %b %Y} is before {name} starts ({start:%d %b %Y})")
    row = models.Cycle(
        name=name.upper() if quarter else name,
        starts_on=start,
        ends_on=end,
        due_on=due,
        created_by=who[:200],
    )
    s.add(row)
    s.flush()
    if carry_forward and previous is not None:
        repo_ratings.carry_forward(s, from_cycle=previous.id, to_cycle=row.id)
    started = {
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "due_on": row.due_on,
        "carried_from": previous.name if carry_forward and previous is not None else None,
    }
    repo_changes.record_cycle(s, who, "start", row, new=started)
    if close_previous and previous is not None and not previous.closed:
        previous.closed = True
        s.flush()
        repo_changes.record_cycle(s, who, "close", previous, "open", "closed")
    return row


def _set_closed(
    db: Database, cycle: str | int, closed: bool, expected_version: int | None
) -> Cycle:
    with db.session() as s:
        # Exclusive: ratings being written in it commit first; later ones see it closed.
        row = repo.locked_cycle_row(s, cycle, exclusive=True)
        versions.claim(row, expected_version, f"cycle {row.name!r}")
        was = bool(row.closed)
        row.closed = closed
        s.flush()
        if was != closed:
            state = {True: "closed", False: "open"}
            action = "close" if closed else "reopen"
            repo_changes.record_cycle(s, db.identity, action, row, state[was], state[closed])
        return repo.to_cycle(row)


def close_cycle(db: Database, cycle: str | int, *, expected_version: int | None = None) -> Cycle:
    """Close a cycle: its ratings become read-only (history).

    Raises:
        ChangedMeanwhileError: the cycle changed since ``expected_version`` (None: not
            checked).
    """
    return _set_closed(db, cycle, True, expected_version)


def reopen_cycle(db: Database, cycle: str | int, *, expected_version: int | None = None) -> Cycle:
    """Reopen a closed cycle so its ratings can be corrected.

    ``expected_version`` as in :func:`close_cycle`.
    """
    return _set_closed(db, cycle, False, expected_version)
