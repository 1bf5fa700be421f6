"""Compare-and-set on a row's version for edits made from a loaded (maybe stale) record.

The models map ``version`` as the ORM's ``version_id_col``: every UPDATE or DELETE says
``WHERE id = ? AND version = <read in this transaction>``, sets ``version = version + 1``
and checks the row count (a miss raises ``StaleDataError``, turned into
``ChangedMeanwhileError`` by :func:`raced`). :func:`claim` adds the check against the
version the *user* loaded, and bumps it so the UPDATE happens even when only child rows
change. A refusal names who changed the row and when, like a rating's ("changed by bob
at 14:05 since you loaded it"), from the change history every such edit writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from skillmatrix.core.errors import ChangedMeanwhileError
from skillmatrix.store import repo_changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: ``Session.info`` key: the rows checked in this transaction, (table, history key, what),
#: so a compare-and-set that misses at flush can still name the row and its last writer.
CHECKED = "skillmatrix_checked"


class Versioned(Protocol):
    """A row with a version column (compare-and-set on update)."""

    version: int


def stale(what: str, last: repo_changes.Writer | None = None) -> ChangedMeanwhileError:
    """The refusal of a write whose row moved on since it was loaded.

    ``last``: who changed it last and when (None: no history row says, so nobody is named).
    """
    if last is None:
        by = "changed by another user"
    else:
        who, when = last
        by = f"changed by {who or 'another user'} at {repo_changes.short_time(when)}"
    return ChangedMeanwhileError(
        f"not saved: {what} was {by} since you loaded it;"
        " its stored values are shown again, apply yours again if still wanted"
    )


def _session(row: object) -> Session | None:
    from sqlalchemy.orm import object_session

    return object_session(row)


def check(row: Versioned, expected: int | None, what: str) -> None:
    """Refuse when ``row`` is no longer at the ``expected`` version (None: not checked)."""
    s = _session(row)
    key = repo_changes.key_of(row)
    if s is not None:
        table = getattr(getattr(row, "__table__", None), "name", "")
        s.info.setdefault(CHECKED, []).append((table, key, what))
    if expected is not None and row.version != expected:
        raise stale(what, repo_changes.last_change_for(s, key) if s is not None else None)


def claim(row: Versioned, expected: int | None, what: str) -> None:
    """:func:`check`, then bump the version.

    The flush's UPDATE is a compare-and-set on the version read here, so a write committed
    in between is refused too.
    """
    check(row, expected, what)
    row.version = row.version + 1


def raced(s: Session, message: str) -> ChangedMeanwhileError | None:
    """The refusal of a flush whose compare-and-set missed, naming the row and its last writer.

    ``message`` is the ORM's, naming the table; the writer is read with ``s`` (a new
    transaction: the writer has committed). None when no checked row is of that table.
    """
    checked = s.info.get(CHECKED, [])
    found = next(((k, w) for table, k, w in checked if f"table '{table}'" in message), None)
    if found is None:
        return None
    key, what = found
    return stale(what, repo_changes.last_change_for(s, key))


@contextmanager
def naming_races(s: Session) -> Iterator[None]:
    """Around a unit of work, refuse a missed compare-and-set naming the row and its writer.

    Used outside the unit's transaction; see :func:`raced`. An unnamed one reaches
    ``store.errors.translate_errors`` as it is.
    """
    from sqlalchemy.orm.exc import StaleDataError

    try:
        yield
    except StaleDataError as exc:
        try:
            refusal = raced(s, str(exc))
        except Exception:  # the lookup is a courtesy: the generic refusal still holds
            refusal = None
        if refusal is None:
            raise
        raise refusal from None
