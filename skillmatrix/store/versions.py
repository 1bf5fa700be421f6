"""Compare-and-set on a row's version for edits made from a loaded (maybe stale) record.

The models map ``version`` as the ORM's ``version_id_col``: every UPDATE or DELETE says
``WHERE id = ? AND version = <read in this transaction>``, sets ``version = version + 1``
and checks the row count (a miss raises ``StaleDataError``, turned into
``ChangedMeanwhileError``). :func:`claim` adds the check against the version the *user*
loaded, and bumps it so the UPDATE happens even when only child rows change.
"""

from __future__ import annotations

from typing import Protocol

from skillmatrix.core.errors import ChangedMeanwhileError


class Versioned(Protocol):
    version: int


def stale(what: str) -> ChangedMeanwhileError:
    """The refusal of a write whose row moved on since it was loaded."""
    return ChangedMeanwhileError(
        f"not saved: {what} was changed by another user since you loaded it;"
        " its stored values are shown again, apply yours again if still wanted"
    )


def check(row: Versioned, expected: int | None, what: str) -> None:
    """Refuse when ``row`` is no longer at the ``expected`` version (None: not checked)."""
    if expected is not None and row.version != expected:
        raise stale(what)


def claim(row: Versioned, expected: int | None, what: str) -> None:
    """:func:`check`, then bump the version: the flush's UPDATE is a compare-and-set on the
    version read here, so a write committed in between is refused too."""
    check(row, expected, what)
    row.version = row.version + 1
