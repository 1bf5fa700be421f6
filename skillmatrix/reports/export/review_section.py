"""What the Summary sheet's review block shows.

How far the quarter's reviews are, per team, and how much of the coverage rests on ratings
nobody has confirmed lately.

The review facts are read by the service that exports (cycle status, self ratings, who is
agreed) and handed in as plain data; trusted coverage is computed from the reported
snapshot itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from skillmatrix.core.review import TeamReview
from skillmatrix.core.trust import stale_share, stale_text

#: Overdue people named per team at most (the rest are counted).
OVERDUE_NAMES = 12


@dataclass(frozen=True, slots=True)
class ReviewInputs:
    """Review progress of the reported cycle, read from the database.

    Attributes:
        due: the cycle's due date (None: none set).
        teams: per team: people, reviewed, overdue (``core.review.team_reviews``).
        overdue: per team, the names of the people whose review is overdue.
        open_disagreements: per team, self/manager cells 2+ levels apart, not yet agreed.
        stale_after: ratings not confirmed within this many cycles are stale.
    """

    due: dt.date | None
    teams: list[TeamReview]
    overdue: dict[str | None, list[str]] = field(default_factory=dict)
    open_disagreements: dict[str | None, int] = field(default_factory=dict)
    stale_after: int = 2

    @property
    def people(self) -> int:
        """People in scope."""
        return sum(t.people for t in self.teams)

    @property
    def reviewed(self) -> int:
        """People whose review is done."""
        return sum(t.reviewed for t in self.teams)


__all__ = ["ReviewInputs", "progress_text", "stale_share", "stale_text"]


def progress_text(reviewed: int, people: int) -> str:
    """The progress as text: "reviewed X of Y"."""
    return f"reviewed {reviewed} of {people}"
