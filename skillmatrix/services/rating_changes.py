"""What a rating edit changed and what undo puts back: plain records, importable without
SQLAlchemy (the grid and the charts pass them around from the first screen on)."""

from __future__ import annotations

from dataclasses import dataclass

from skillmatrix.core.model import Rating, Source


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
    """One cell to put back as ``rating`` (None: no row)."""

    cycle_id: int
    source: Source | str
    person_id: int
    competency_id: int
    rating: Rating | None
