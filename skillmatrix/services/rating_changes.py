"""What a rating edit changed and what undo puts back.

Plain records, importable without SQLAlchemy (the grid and the charts pass them around from
the first screen on).
"""

from __future__ import annotations

from dataclasses import dataclass

from skillmatrix.core.model import Rating, Source
from skillmatrix.services.unset import UNSET, Unset


@dataclass(frozen=True, slots=True)
class RatingChange:
    """One cell before and after a change (``None`` = no rating row)."""

    cycle_id: int
    person_id: int
    competency_id: int
    source: Source
    before: Rating | None
    after: Rating | None

    @property
    def changed(self) -> bool:
        """False when the call left the cell exactly as it was (nothing to undo)."""
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class Restore:
    """One cell to put back as ``rating`` (None: no row).

    ``expect`` makes it a compare-and-set: the cell must still hold these values (level,
    n/a, interest, note; None = no row), or nothing is restored. ``UNSET`` skips the check.
    """

    cycle_id: int
    source: Source | str
    person_id: int
    competency_id: int
    rating: Rating | None
    expect: Rating | Unset | None = UNSET


def same_values(a: Rating | None, b: Rating | None) -> bool:
    """True when two cells hold the same level, n/a, interest and note (who and when aside)."""
    if a is None or b is None:
        return a is b
    return (a.level, a.not_applicable, a.interest, a.note) == (
        b.level,
        b.not_applicable,
        b.interest,
        b.note,
    )
